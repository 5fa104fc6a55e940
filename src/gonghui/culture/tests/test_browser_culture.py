"""In a real browser (Chromium): a town clerk opens 职工文化, records a film delivery to an
enterprise of the town by its credit code, is refused a place in another town with the
reason in Chinese, finds the delivery in the list, exports it and prints the list.
Screenshots go to /tmp/gonghui-shots/culture-*.png."""

import re
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from gonghui.core.roles import Role
from gonghui.culture.models import Delivery
from gonghui.testing import TEST_PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/gonghui-shots")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"culture-{name}.png"), full_page=True)


def sign_in(page, base_url, username):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url


@pytest.fixture
def town_clerk(city):
    return make_user(Role.CLERK, city.town_a, username="xushan-culture")


def fill_delivery(page, *, kind, title, place, day, quantity, audience):
    page.get_by_label("类别").select_option(label=kind)
    page.get_by_label("节目/影片/书目").fill(title)
    page.get_by_label("受送单位").fill(place)
    page.get_by_label("日期").fill(day)
    page.get_by_label("数量").fill(quantity)
    page.get_by_label("受惠职工(人次)").fill(audience)
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()


def test_a_town_clerk_records_a_film_delivery_is_refused_another_towns_place_and_exports_the_list(city, town_clerk, browser_page, live_server, tmp_path):
    page = browser_page
    refused_scripts = []
    page.on("console", lambda m: refused_scripts.append(m.text) if "Content Security Policy" in m.text else None)
    base = live_server.url
    ours = next(e for e in city.enterprises if e.org.path.startswith(city.town_a.path) and e.formation == "single")
    theirs = next(e for e in city.enterprises if e.org.path.startswith(city.town_b.path) and e.formation == "single")

    sign_in(page, base, town_clerk.username)
    page.locator("nav.navbar").get_by_role("link", name="职工文化").click()
    page.wait_for_url(re.compile(r"/culture/$"))
    page.get_by_role("link", name="登记送文化").click()
    page.wait_for_url(re.compile(r"/culture/deliveries/new/$"))

    # Another town's enterprise: refused, with the reason, and nothing saved.
    fill_delivery(page, kind="电影", title="《钱学森》", place=theirs.credit_code, day="2012-06-18", quantity="3", audience="420")
    assert "不存在或不在您的管辖范围内" in page.locator("body").inner_text()
    assert not Delivery.objects.exists()
    # A negative audience: refused by field.
    page.get_by_label("受送单位").fill(ours.credit_code.lower())
    page.get_by_label("受惠职工(人次)").fill("-5")
    page.get_by_role("button", name="保存").click()
    page.wait_for_load_state()
    assert "受惠职工不能为负数" in page.locator("body").inner_text()
    assert not Delivery.objects.exists()
    shot(page, "refused")

    page.get_by_label("受惠职工(人次)").fill("420")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/culture/deliveries/\d+/$"))
    assert "已登记送电影「《钱学森》」" in page.locator(".alert").first.inner_text()
    assert ours.name in page.locator("main").inner_text() and "3 场" in page.locator("main").inner_text()
    delivery = Delivery.objects.get()
    assert (delivery.kind, delivery.quantity, delivery.audience, delivery.enterprise_id) == ("film", 3, 420, ours.pk)
    shot(page, "detail")

    page.get_by_role("link", name="返回送文化列表").click()
    page.wait_for_url(re.compile(r"/culture/$"))
    table = page.locator("#list-table").inner_text()
    assert "《钱学森》" in table and ours.name in table and "3场" in table
    shot(page, "list")

    with page.expect_download() as info:
        page.get_by_role("link", name="导出Excel").click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    rows = CalamineWorkbook.from_path(str(saved)).get_sheet_by_index(0).to_python()
    assert rows[0][:4] == ["日期", "类别", "节目/影片/书目", "受送单位"]
    assert rows[1][1:4] == ["电影", "《钱学森》", ours.name]

    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name="打印").click()
    assert page.evaluate("() => window.printed") == 1
    assert not refused_scripts, refused_scripts
