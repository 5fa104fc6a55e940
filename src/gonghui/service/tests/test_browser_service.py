"""The service centre in a real browser: a town station registers a phone case the caller
made some weeks ago, finds it on the overdue list, hands it down to a village point; the
point takes it on and concludes it with an amount recovered; the city's figures count the
case and the amount.

Screenshots go to /tmp/gonghui-shots/ for a person to look at."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone

from gonghui.core.roles import Role
from gonghui.service.models import Case
from gonghui.service.tests.conftest import mark_network
from gonghui.testing import TEST_PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/gonghui-shots")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"service-{name}.png"), full_page=True)


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


def figure(page, code):
    return page.locator(f'tr[data-code="{code}"] .figure-value').inner_text().strip()


def test_a_station_registers_a_phone_case_a_point_concludes_it_and_the_city_counts_it(city, browser_page, live_server):
    page = browser_page
    town = city.town_a
    village = next(v for v in city.villages if v.path.startswith(town.path) and v.kind == "village")
    city_clerk = make_user(Role.CLERK, city.federation, username="city-clerk")
    mark_network(city, city_clerk)
    town_clerk = make_user(Role.CLERK, town, username="xushan-station")
    point_clerk = make_user(Role.CLERK, village, username="yicun-point")
    today = timezone.localdate()
    received = today - datetime.timedelta(days=21)  # 15 working days: past the 7-day limit for wage arrears
    base = live_server.url

    # The city's figures before.
    sign_in(page, base, city_clerk.username)
    page.goto(f"{base}/service/figures/?year={today.year}")
    cases_before = int(figure(page, "service.cases"))
    assert figure(page, "service.amount_recovered") == "0.00"
    sign_out(page)

    # The town station registers the call.
    sign_in(page, base, town_clerk.username)
    page.locator("nav.navbar").get_by_role("link", name="职工服务").click()
    page.get_by_role("link", name="登记案件").click()
    page.get_by_label("来源渠道").select_option(label="来电")
    page.get_by_label("受理日期").fill(received.isoformat())
    page.get_by_label("案件类别").select_option(label="拖欠工资")
    page.get_by_label("反映人姓名").fill("周浒来")
    page.get_by_label("联系电话").fill("13905747788")
    page.get_by_label("涉及企业名称").fill("浒山某针织厂")
    page.get_by_label("涉及职工人数").fill("3")
    page.get_by_label("涉及金额(元)").fill("-1")
    page.get_by_label("反映内容").fill("三名职工反映上月工资未发")
    page.get_by_role("button", name="登记").click()
    assert "涉及金额不能为负数" in page.content()
    assert not Case.objects.exists()
    page.get_by_label("涉及金额(元)").fill("12000")
    page.get_by_role("button", name="登记").click()
    page.wait_for_url(re.compile(r"/service/cases/\d+/$"))
    case = Case.objects.get()
    assert page.locator("#case-status").inner_text() == "已登记"
    assert "13905747788" not in page.content()
    shot(page, "registered")

    # It is already past its time limit: the overdue list shows it.
    page.get_by_role("link", name="超期案件").click()
    rows = page.locator("table.list-table tbody")
    assert case.number in rows.inner_text()
    shot(page, "overdue")

    # Handed down to the village point.
    rows.get_by_role("link", name=case.number).click()
    page.get_by_role("link", name="交办").click()
    page.get_by_label("交办至(服务站/服务点)").select_option(label=f"{village.name}职工服务点(职工服务点)")
    page.get_by_label("交办意见").fill("请村服务点属地协调")
    page.get_by_role("button", name="交办").click()
    page.wait_for_url(re.compile(rf"/service/cases/{case.pk}/$"))
    assert page.locator("#case-status").inner_text() == "已交办"
    sign_out(page)

    # The point takes it on and concludes it with the wages recovered.
    sign_in(page, base, point_clerk.username)
    page.goto(f"{base}/service/")
    page.locator("table.list-table").get_by_role("link", name=case.number).click()
    page.get_by_role("link", name="受理办理").click()
    page.get_by_role("button", name="受理").click()
    page.wait_for_url(re.compile(rf"/service/cases/{case.pk}/$"))
    page.get_by_role("link", name="办结").click()
    page.get_by_label("办理结果").select_option(label="调解结案")
    page.get_by_label("挽回金额(元)").fill("9000")
    page.get_by_label("反映人满意度").select_option(label="满意")
    page.get_by_label("办结情况").fill("经村服务点调解，企业补发工资9000元")
    page.get_by_role("button", name="办结").click()
    page.wait_for_url(re.compile(rf"/service/cases/{case.pk}/$"))
    assert page.locator("#case-status").inner_text() == "已办结"
    assert "9000.00" in page.locator("#amount-recovered").inner_text()
    steps = page.locator("#case-steps").inner_text()
    assert all(word in steps for word in ("登记", "交办", "受理办理", "办结"))
    shot(page, "concluded")
    sign_out(page)

    # The town's overdue list no longer holds it; the city's figures count it.
    sign_in(page, base, town_clerk.username)
    page.goto(f"{base}/service/overdue/")
    assert case.number not in page.locator("table.list-table tbody").inner_text()
    sign_out(page)
    sign_in(page, base, city_clerk.username)
    page.goto(f"{base}/service/figures/?year={today.year}")
    if received.year == today.year:
        assert int(figure(page, "service.cases")) == cases_before + 1
        assert figure(page, "service.amount_involved") == "12000.00"
    assert figure(page, "service.amount_recovered") == "9000.00"
    shot(page, "figures")
