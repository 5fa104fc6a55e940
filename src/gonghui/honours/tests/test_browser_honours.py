"""In a real browser: the city's clerk proposes a city model worker, the reviewer approves,
the model worker's page opens and the figure counts. Screenshots go to /tmp/gonghui-shots/."""

import re
from pathlib import Path

import pytest

from gonghui.core.roles import Role
from gonghui.honours.models import Honour, HonourStatus
from gonghui.testing import TEST_PASSWORD, id_number, make_user, member_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/gonghui-shots")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"honours-{name}.png"), full_page=True)


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


def test_the_city_names_a_city_model_worker(city, browser_page, live_server):
    from gonghui.members import services as member_services

    page = browser_page
    clerk = make_user(Role.CLERK, city.federation, username="city-clerk")
    make_user(Role.REVIEWER, city.federation, username="city-reviewer")
    union = next(p for p in city.primaries if p.path.startswith(city.town_a.path))
    member_services.member_register(acting_user=clerk, org=union, data=member_data(31, name="罗浒劳"))

    sign_in(page, live_server.url, "city-clerk")
    page.locator("nav.navbar").get_by_role("link", name="荣誉", exact=True).click()
    page.get_by_role("link", name="录入(提名)荣誉").click()
    page.get_by_label("荣誉类别").select_option(label="劳动模范")
    page.get_by_label("级别").select_option(label="市级")
    page.get_by_label("年度").fill("2012")
    page.get_by_label("授予日期").fill("2012-04-28")
    page.get_by_label("授予机关").fill("慈溪市人民政府")
    page.get_by_label("获得者类型").select_option(label="个人")
    # A person outside the registry is refused, in Chinese, and nothing is saved.
    page.get_by_label("身份证号(个人)").fill("330282199001011234")
    page.get_by_role("button", name="保存").click()
    assert "不是您管辖范围内的在册会员" in page.content()
    assert not Honour.objects.exists()
    page.get_by_label("身份证号(个人)").fill(id_number(31))
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/honours/\d+/$"))
    assert page.locator("#honour-status").inner_text() == "待审核"
    assert "罗浒劳" in page.locator("#recipient").inner_text()
    shot(page, "proposed")
    sign_out(page)

    sign_in(page, live_server.url, "city-reviewer")
    page.goto(live_server.url + "/honours/?status=proposed")
    page.locator("table.list-table").get_by_role("link", name="罗浒劳").click()
    page.get_by_label("审核意见").fill("事迹突出，同意")
    page.get_by_role("button", name="批准授予").click()
    page.wait_for_load_state()
    assert page.locator("#honour-status").inner_text() == "已授予"
    assert Honour.objects.get().status == HonourStatus.AWARDED
    page.get_by_role("link", name="劳模档案").click()
    page.wait_for_url(re.compile(r"/honours/model-workers/\d+/$"))
    assert "市级劳动模范" in page.locator("#honours").inner_text()
    shot(page, "model-worker")

    page.goto(live_server.url + "/honours/figures/?year=2012")
    row = page.locator("#figures tr[data-code='honours.city_model_workers']")
    assert row.locator(".figure-value").inner_text() == "1"
    shot(page, "figures")
