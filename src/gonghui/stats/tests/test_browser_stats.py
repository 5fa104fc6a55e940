"""Statistics in a real browser: a city leader opens the dashboard (charts drawn), downloads
the 2012 report as Word and finds part one's figures in its sentences, opens a figure and
sees the records behind it, and sees the 2013 targets' progress per town; a town leader does
the same and sees the town alone.

Screenshots go to /tmp/gonghui-shots/ for a person to look at."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from gonghui.core.roles import Role
from gonghui.members import services as member_services
from gonghui.stats import services
from gonghui.testing import TEST_PASSWORD, make_user, member_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/gonghui-shots")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"stats-{name}.png"), full_page=True)


def sign_in(page, base_url, username):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, page.locator(".alert").all_inner_texts()


def sign_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_url(re.compile(r"/accounts/login/"))


def _leader_walk(page, base_url, tmp_path, *, name, recruited, own_names, other_names, towns_behind, towns_absent):
    # The home page is the level's dashboard; the charts are drawn (ECharts, under the CSP).
    page.goto(base_url + "/?year=2012")
    assert "2012年工作概况" in page.get_by_role("heading", level=1).inner_text()
    page.wait_for_selector("[data-chart][data-drawn='1']")
    assert page.locator("[data-chart] canvas").count() >= 2
    shot(page, f"{name}-dashboard")

    # The Word report of 2012, from the dashboard's button.
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("下载2012年工作报告")).click()
    saved = tmp_path / f"{name}.docx"
    download_info.value.save_as(saved)
    text = "\n".join(p.text for p in docx.Document(str(saved)).paragraphs)
    part_one = text[text.index("一、2012年"):text.index("二、2012年")]
    assert f"发展会员{recruited}人" in part_one

    # One figure, and the records behind it.
    page.locator(".card-figure", has_text="发展会员数").first.click()
    page.wait_for_url(re.compile(r"/stats/indicators/members\.recruited/"))
    assert page.locator("#figure-value").inner_text().startswith(str(recruited))
    records = page.locator("#records").inner_text()
    assert all(n in records for n in own_names) and not [n for n in other_names if n in records]
    shot(page, f"{name}-records")

    # The 2013 targets' progress, per town, those behind named.
    page.get_by_role("link", name="目标进度").first.click()
    page.wait_for_url(re.compile(r"/stats/progress/"))
    behind = page.locator("#behind").inner_text()
    assert all(t in behind for t in towns_behind) and not [t for t in towns_absent if t in page.content()]
    shot(page, f"{name}-progress")


def test_a_city_leader_and_a_town_leader_read_dashboard_report_records_and_progress(city, browser_page, live_server, tmp_path):
    page = browser_page
    clerk_a, clerk_b = make_user(Role.CLERK, city.town_a, username="xushan-clerk"), make_user(Role.CLERK, city.town_b, username="guanhai-clerk")
    for n, (clerk, union, person) in enumerate([(clerk_a, city.primaries[0], "周浒一"), (clerk_a, city.primaries[1], "周浒二"),
                                                (clerk_b, city.primaries[2], "吴观一")], start=1):
        member_services.member_register(acting_user=clerk, org=union, data=member_data(n, name=person, joined_on=datetime.date(2012, n, 10)))
        member_services.member_register(acting_user=clerk, org=union, data=member_data(n + 40, name=person + "新", joined_on=datetime.date(2013, 2, 1)))
    city_clerk = make_user(Role.CLERK, city.federation, username="city-clerk")
    for org, value in ((city.federation, 30), (city.town_a, 10), (city.town_b, 20)):
        services.target_set(acting_user=city_clerk, indicator_code="members.recruited", org=org, year=2013, value=Decimal(value))
    make_user(Role.LEADER, city.federation, username="city-leader")
    make_user(Role.LEADER, city.town_a, username="xushan-leader")

    sign_in(page, live_server.url, "city-leader")
    _leader_walk(page, live_server.url, tmp_path, name="city", recruited=3, own_names=["周浒一", "周浒二", "吴观一"], other_names=[],
                 towns_behind=[city.town_a.name, city.town_b.name], towns_absent=[])
    sign_out(page)

    sign_in(page, live_server.url, "xushan-leader")
    _leader_walk(page, live_server.url, tmp_path, name="town", recruited=2, own_names=["周浒一", "周浒二"], other_names=["吴观一"],
                 towns_behind=[city.town_a.name], towns_absent=[city.town_b.name])
