"""The mutual-aid scheme in a real browser: the federation sets the year's rules, a unit
enrols its workers by Excel and pays, a hospital claim is entered and adjudicated with its
working shown, a reviewer approves it, the clerk records the payout, and the year's figures
move. Screenshots go to /tmp/gonghui-shots/ for a person to look at."""

import datetime
import re
from pathlib import Path

import pytest
import xlsxwriter
from django.utils import timezone

from gonghui.core.roles import Role
from gonghui.mutualaid.models import Claim, ClaimStatus, WorkerEnrolment
from gonghui.testing import TEST_PASSWORD, id_number, make_user, member_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/gonghui-shots")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"mutualaid-{name}.png"), full_page=True)


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


def figure(page, code) -> str:
    return page.locator(f'#figures tr[data-code="{code}"] td.text-end').inner_text()


@pytest.fixture
def people(city, settings, tmp_path):
    from gonghui.members import services

    settings.VAR_DIR = tmp_path
    union = next(p for p in city.primaries if p.path.startswith(city.town_a.path))
    users = {
        "federation": make_user(Role.CLERK, city.federation, username="city-aid-clerk"),
        "clerk": make_user(Role.CLERK, city.town_a, username="xushan-aid-clerk"),
        "reviewer": make_user(Role.REVIEWER, city.town_a, username="xushan-aid-reviewer"),
    }
    members = [services.member_register(acting_user=users["clerk"], org=union, data=member_data(900 + n, name=name))
               for n, name in enumerate(["陈浒互", "李浒助", "王浒保"])]
    return users, union, members


def test_rules_enrolment_by_excel_claim_adjudicated_approved_paid_and_figures(people, browser_page, live_server, tmp_path):
    users, union, members = people
    page = browser_page
    base = live_server.url
    today = timezone.localdate().isoformat()

    # The federation sets the year's rules.
    sign_in(page, base, users["federation"].username)
    page.locator("nav.navbar").get_by_role("link", name="医疗互助", exact=True).click()
    page.get_by_role("link", name="设定新年度").click()
    for field, value in {"year": "2012", "contribution": "36", "waiting_days": "90", "overall_cap": "20000", "serious_cap": "5000",
                         "hospital_deductible": "1000", "hospital_cap": "10000", "women_cap": "8000"}.items():
        page.locator(f"#id_{field}").fill(value)
    page.locator("#id_bands").fill("不分 10000 50\n不分 以上 60\n三级医院 以上 40")
    page.locator("#id_diseases").fill("特种重病 恶性肿瘤 3000\n女职工安康 乳腺癌 8000")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/mutualaid/years/2012/$"))
    assert "第1版" in page.locator("#version-1").inner_text() and "恶性肿瘤" in page.content()
    shot(page, "rules")
    sign_out(page)

    # A town clerk enrols the union's workers by Excel, pays, and prints the certificates.
    sign_in(page, base, users["clerk"].username)
    path = tmp_path / "参保名单.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["身份证号", "姓名", "参保年度", "参保日期"])
    for r, member in enumerate(members, start=1):
        sheet.write_row(r, 0, [id_number(900 + r - 1), member.name, "2012", "2011-12-20"])
    book.close()
    page.goto(base + "/mutualaid/units/")
    page.get_by_role("link", name="Excel导入参保名单").click()
    page.get_by_label("文件").set_input_files(str(path))
    page.get_by_label("导入到组织(编码)").fill(union.code)
    page.get_by_role("button", name="上传并校验").click()
    page.wait_for_url(re.compile(r"/imports/jobs/\d+/$"))
    page.wait_for_function("() => !document.querySelector('#job-progress[hx-get]')", timeout=45_000)
    page.get_by_label("全部无误才导入(有一行错误则不导入任何数据)").check()
    page.get_by_role("button", name="导入").click()
    page.wait_for_function("() => !document.querySelector('#job-progress[hx-get]')", timeout=45_000)
    page.wait_for_load_state()
    assert page.get_by_test_id("job-status").inner_text() == "导入完成", page.locator("#job-progress").inner_text()
    assert WorkerEnrolment.objects.filter(org=union).count() == 3
    page.goto(base + "/mutualaid/units/")
    page.locator("table.list-table tbody tr a").first.click()
    page.wait_for_url(re.compile(r"/mutualaid/units/\d+/$"))
    assert page.locator("#unpaid").inner_text() == "3"
    page.locator("#id_paid_on").fill("2011-12-25")
    page.get_by_role("button", name="登记缴费").click()
    page.wait_for_load_state()
    assert "已登记缴费 3 人 108.00 元" in page.content()
    page.get_by_role("link", name="打印参保证").click()
    assert page.locator(".certificate").count() == 3
    shot(page, "certificates")

    page.goto(base + "/mutualaid/?year=2012")
    assert figure(page, "mutualaid.workers") == "3" and figure(page, "mutualaid.hospital_amount") == "0.00"

    # A hospital claim: entered, adjudicated with its working shown.
    page.goto(base + "/mutualaid/claims/new/")
    page.locator("#id_year").fill("2012")
    page.locator("#id_certificate").fill(id_number(900))
    page.locator("#id_plan").select_option(label="住院医疗")
    page.locator("#id_diagnosis").fill("急性阑尾炎")
    page.locator("#id_hospital").fill("慈溪市人民医院")
    page.locator("#id_hospital_level").select_option(label="二级医院")
    page.locator("#id_started_on").fill("2012-05-03")
    page.locator("#id_ended_on").fill("2012-05-10")
    page.locator("#id_expenses").fill("床位费 1000\n手术费 3000\n药品费 2000")
    page.locator("#id_total_expense").fill("6500")
    page.get_by_role("button", name="受理并核算").click()
    assert "与医疗费用合计 6,500.00 元不符" in page.content()  # the form keeps what was typed
    page.locator("#id_total_expense").fill("6000")
    page.get_by_role("button", name="受理并核算").click()
    page.wait_for_url(re.compile(r"/mutualaid/claims/\d+/$"))
    working = page.locator("#working").inner_text()
    assert "起付线 1,000.00 元以下部分不予报销" in working and "5,000.00 × 50.0%" in working and "核定应付" in working
    assert page.locator("#computed").inner_text() == "2500.00"
    assert "急性阑尾炎" not in page.content()
    shot(page, "claim-working")
    claim_url = page.url
    sign_out(page)

    # The reviewer approves.
    sign_in(page, base, users["reviewer"].username)
    page.goto(claim_url)
    page.get_by_label("核准").check()
    page.get_by_role("button", name="提交审核").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("claim-status").inner_text() == "已核准"
    sign_out(page)

    # The clerk records the payout; the year's figures move.
    sign_in(page, base, users["clerk"].username)
    page.goto(claim_url)
    page.locator("#id_paid_on").fill(today)
    page.get_by_role("button", name="登记支付").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("claim-status").inner_text() == "已支付"
    claim = Claim.objects.get()
    assert (claim.status, claim.approved_amount, claim.paid_on) == (ClaimStatus.PAID, 2500, datetime.date.fromisoformat(today))
    page.goto(base + "/mutualaid/?year=2012")
    assert figure(page, "mutualaid.hospital_amount") == "2,500.00" and figure(page, "mutualaid.hospital_people") == "1"
    shot(page, "home")
