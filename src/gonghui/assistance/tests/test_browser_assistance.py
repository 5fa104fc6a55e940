"""Help for a household in a real browser: a workplace union applies, the town visits, checks
the income, publishes the notice and archives the file; a Spring Festival programme pays the
household from the town fund into the card's payout account; the bank's list downloads; the
figures move. Screenshots go to /tmp/gonghui-shots/."""

import datetime
import io
import re
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from gonghui.assistance import services
from gonghui.assistance.models import FileStatus, Fund, Grant, HardshipFile
from gonghui.core.roles import Role
from gonghui.testing import TEST_PASSWORD, id_number, make_user, member_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/gonghui-shots")
TODAY = datetime.date.today()
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"assistance-{name}.png"), full_page=True)


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


def test_apply_archive_and_pay_a_household_from_the_town_fund(city, browser_page, live_server, tmp_path):
    from gonghui.cards import services as card_services
    from gonghui.members import services as member_services

    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())
    town = city.town_a
    union = next(p for p in city.primaries if p.path.startswith(town.path))
    clerk = make_user(Role.CLERK, town, username="xushan-clerk")
    reviewer = make_user(Role.REVIEWER, town, username="xushan-reviewer", can_reveal=True)
    workplace = make_user(Role.CLERK, union, username="factory-clerk")
    services.threshold_set(acting_user=reviewer, org=town, year=TODAY.year, per_capita_income="7200")
    member = member_services.member_register(acting_user=clerk, org=union, data=member_data(71, name="陈浒困", mobile="13700000071"))
    card = card_services.card_issue(acting_user=clerk, member=member)
    card_services.card_payout_set(acting_user=clerk, card=card, bank="慈溪农商银行", account="6228480012345670071")
    fund = services.fund_create(acting_user=clerk, code="XS-FUND", name="浒山街道帮扶资金", org=town, established_on=TODAY)
    services.fund_income(acting_user=clerk, fund=fund, kind="donation", amount="20000", on=TODAY, source="爱心企业")

    # The workplace union applies for the household.
    sign_in(page, live_server.url, workplace.username)
    page.locator("nav.navbar").get_by_role("link", name="困难帮扶", exact=True).click()
    page.get_by_role("link", name="建档申请").first.click()
    page.get_by_label("职工身份证号").fill(id_number(71))
    page.get_by_label("困难类别").select_option("deep")
    page.get_by_label("主要致困原因").select_option("unemployment")
    page.get_by_label("本人年收入(元)").fill("6000")
    page.get_by_label("申请日期").fill((TODAY - datetime.timedelta(days=20)).isoformat())
    page.locator("#id_family-0-name").fill("陈小困")
    page.locator("#id_family-0-relation").fill("子女")
    page.locator("#id_family-0-birth_year").fill(str(TODAY.year - 10))
    page.locator("#id_family-0-school_level").select_option("primary")
    page.locator("#id_family-1-name").fill("李浒妻")
    page.locator("#id_family-1-relation").fill("配偶")
    page.locator("#id_family-1-birth_year").fill("1982")
    page.locator("#id_family-1-annual_income").fill("3000")
    shot(page, "apply")
    page.get_by_role("button", name="提交申请").click()
    page.wait_for_url(re.compile(r"/assistance/files/\d+/$"))
    assert "3000.00 元(家庭 3 人" in page.locator("#per-capita").inner_text()
    page.get_by_role("button", name="单位审核通过").click()
    assert page.locator("#file-status").inner_text() == "单位已审核"
    file_url = page.url
    sign_out(page)

    # The town visits, uploads the income proof and checks the income.
    sign_in(page, live_server.url, clerk.username)
    page.goto(file_url)
    page.get_by_role("link", name="入户走访").click()
    page.get_by_label("走访日期").fill((TODAY - datetime.timedelta(days=15)).isoformat())
    page.get_by_label("走访记录").fill("夫妻一方失业，孩子上小学")
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="收入核实").click()
    assert "缺少证明材料：收入证明" in page.locator(".alert").first.inner_text()
    page.get_by_role("link", name="上传材料").click()
    page.get_by_label("材料类型").select_option("income")
    scan = tmp_path / "收入证明.pdf"
    scan.write_bytes(PDF)
    page.get_by_label("扫描件(PDF/JPG/PNG，不超过10MB)").set_input_files(str(scan))
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="收入核实").click()
    assert page.locator("#file-status").inner_text() == "收入已核实"
    sign_out(page)

    # The town reviewer publishes the notice (already over) and archives the file.
    sign_in(page, live_server.url, reviewer.username)
    page.goto(file_url)
    page.get_by_role("link", name="发布公示").click()
    page.get_by_label("公示开始").fill((TODAY - datetime.timedelta(days=10)).isoformat())
    page.get_by_label("公示结束").fill((TODAY - datetime.timedelta(days=8)).isoformat())
    page.get_by_label("公示地点").fill("厂务公开栏")
    page.get_by_role("button", name="保存").click()
    assert "不少于5天" in page.locator(".invalid-feedback").first.inner_text()
    page.get_by_label("公示结束").fill((TODAY - datetime.timedelta(days=3)).isoformat())
    page.get_by_role("button", name="保存").click()
    page.get_by_role("button", name="公示期满，建档").click()
    assert page.locator("#file-status").inner_text() == "已建档"
    assert "建档：" in page.locator("#steps").inner_text() and "未办理" not in page.locator("#steps").inner_text()
    shot(page, "archived")
    assert HardshipFile.objects.get().status == FileStatus.ARCHIVED
    sign_out(page)

    # The town clerk runs the Spring Festival programme and proposes the household.
    sign_in(page, live_server.url, clerk.username)
    page.goto(live_server.url + "/assistance/programmes/")
    page.get_by_role("link", name="创建帮扶活动").click()
    page.get_by_label("活动编号").fill("XS-SWN")
    page.get_by_label("活动名称").fill("浒山街道春节送温暖")
    page.get_by_label("类型").select_option("warmth_visit")
    page.get_by_label("预算(元)").fill("50000")
    page.get_by_label("每人补助上限(元)").fill("1000")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/assistance/programmes/\d+/$"))
    programme_url = page.url
    page.get_by_role("link", name="申报帮扶").click()
    page.get_by_label("受助职工身份证号").fill(id_number(71))
    page.get_by_label("支出基金编号").fill("XS-FUND")
    page.get_by_label("金额(元)").fill("1200")
    page.get_by_label("发放方式").select_option("card")
    page.get_by_role("button", name="提交申报").click()
    assert "超过本活动每人补助上限1000" in page.locator(".invalid-feedback").first.inner_text()
    page.get_by_label("金额(元)").fill("800")
    page.get_by_role("button", name="提交申报").click()
    page.wait_for_url(programme_url)
    sign_out(page)

    # The reviewer approves: the town fund pays; the bank's list downloads.
    sign_in(page, live_server.url, reviewer.username)
    page.goto(programme_url)
    page.locator("table.list-table tbody tr a").first.click()
    page.get_by_role("button", name="批准并从基金支出").click()
    assert page.locator("#grant-status").inner_text() == "已审批待发放"
    assert Fund.objects.get().balance == 19200
    page.goto(programme_url)
    with page.expect_download() as download:
        page.locator("#bank-list").click()
    rows = CalamineWorkbook.from_filelike(io.BytesIO(Path(download.value.path()).read_bytes())).get_sheet_by_index(0).to_python()
    assert rows[1][1] == "陈浒困" and rows[1][5] == "6228480012345670071" and float(rows[1][6]) == 800
    sign_out(page)

    # The clerk records the bank's payment; the figures move.
    sign_in(page, live_server.url, clerk.username)
    page.goto(programme_url)
    page.get_by_role("link", name="登记银行代发完成").click()
    page.get_by_role("button", name="登记代发完成").click()
    assert "已登记银行代发 1 笔" in page.locator(".alert").first.inner_text()
    assert Grant.objects.get().status == "paid"
    page.goto(live_server.url + f"/assistance/?year={TODAY.year}")
    assert page.locator('[data-code="assistance.warmth_visited"]').inner_text() == "1"
    assert page.locator('[data-code="assistance.archived_households"]').inner_text() == "1"
    shot(page, "figures")
