"""In a real browser: the city sets the year's criteria sheet, scores a town's
harmonious-enterprise applications (a score above an item's maximum refused), awards the one
that passed (an award without a passing score refused), and the figures count them.
Screenshots go to /tmp/gonghui-shots/."""

import datetime
import re
from pathlib import Path

import pytest

from gonghui.core.roles import Role
from gonghui.harmony.models import HarmonyAward
from gonghui.testing import TEST_PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/gonghui-shots")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"harmony-{name}.png"), full_page=True)


def sign_in(page, base_url, username):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, page.locator(".alert").all_inner_texts()


def score(page, values):
    form = page.locator("#score-form")
    for label, value in values.items():
        form.get_by_label(re.compile(label)).fill(value)
    form.get_by_role("button", name="保存评分").click()
    page.wait_for_load_state()


def test_the_city_scores_a_towns_applications_and_awards_them(city, browser_page, live_server):
    from gonghui.harmony import services

    page = browser_page
    make_user(Role.CLERK, city.federation, username="city-clerk")
    town_clerk = make_user(Role.CLERK, city.town_a, username="town-a-clerk")
    firms = [e for e in city.enterprises if e.org.path.startswith(city.town_a.path)][:2]
    for firm in firms:
        services.application_create(acting_user=town_clerk, credit_code=firm.credit_code, year=2012, level="town", applied_on=datetime.date(2012, 3, 1))

    sign_in(page, live_server.url, "city-clerk")
    page.locator("nav.navbar").get_by_role("link", name="和谐企业", exact=True).click()
    page.get_by_role("link", name="评分标准").click()
    page.locator("select[name=year]").select_option("2012")
    page.get_by_role("button", name="查看").click()
    page.get_by_label("达标分数").fill("60")
    page.get_by_role("button", name="保存").click()
    for name, points in (("劳动关系", "60"), ("安全生产", "40")):
        page.get_by_label("评分项目").fill(name)
        page.get_by_label("满分").fill(points)
        page.get_by_role("button", name="增加").click()
        page.wait_for_load_state()
    assert page.locator("#items tbody tr").count() == 2
    shot(page, "criteria")

    page.goto(live_server.url + "/harmony/?year=2012")
    page.locator("table.list-table").get_by_role("link", name=firms[0].name).click()
    score(page, {"劳动关系": "65", "安全生产": "30"})
    assert "超过该项满分" in page.locator("#score-form").inner_text()
    score(page, {"劳动关系": "55", "安全生产": "35"})
    assert page.locator("#application-status").inner_text() == "已评分"
    assert "90.00" in page.locator("#total-score").inner_text()
    page.locator("#award-form").get_by_label("命名日期").fill("2012-12-01")
    page.locator("#award-form").get_by_role("button", name="命名").click()
    page.wait_for_load_state()
    assert "镇级和谐企业" in page.locator("#awards").inner_text()
    shot(page, "awarded")

    page.goto(live_server.url + "/harmony/?year=2012")
    page.locator("table.list-table").get_by_role("link", name=firms[1].name).click()
    score(page, {"劳动关系": "30", "安全生产": "20"})
    page.locator("#award-form").get_by_label("命名日期").fill("2012-12-01")
    page.locator("#award-form").get_by_role("button", name="命名").click()
    page.wait_for_load_state()
    assert "未达到达标分数" in page.locator("#award-form").inner_text()
    assert HarmonyAward.objects.count() == 1

    page.goto(live_server.url + "/harmony/figures/?year=2012")
    assert page.locator("#figures tr[data-code='harmony.town_awards'] .figure-value").inner_text() == "1"
    assert page.locator("#figures tr[data-code='harmony.sme_creation_rate'] .figure-value").inner_text() == "50.0%"
    shot(page, "figures")
