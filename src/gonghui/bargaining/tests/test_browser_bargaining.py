"""Issue 8's "done when", in a real browser: a town clerk reads the town's establishment rate
with its base, records an industry agreement, imports the forty enterprises it covers from
Excel, and sees the rate change and the list of enterprises still uncovered shrink.

Runs Debian's chromium against pytest-django's live server; screenshots go to
/tmp/gonghui-shots/bargaining-*.png for a person to look at."""

import datetime
import re
from pathlib import Path

import pytest
import xlsxwriter
from django.utils import timezone

from gonghui.bargaining.models import Agreement
from gonghui.core.roles import Role
from gonghui.testing import TEST_PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/gonghui-shots")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"bargaining-{name}.png"), full_page=True)


def sign_in(page, base_url, username):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, page.locator(".alert").all_inner_texts()


def rate(page) -> tuple[str, int, int, str]:
    return (page.get_by_test_id("rate-percent").inner_text(), int(page.get_by_test_id("rate-numerator").inner_text()),
            int(page.get_by_test_id("rate-denominator").inner_text()), page.get_by_test_id("rate-base").inner_text())


def uncovered_names(page) -> set[str]:
    return {row.locator("td").first.inner_text() for row in page.locator("#list-table tbody tr").all()}


@pytest.fixture
def town_clerk(city, industry_union):
    return make_user(Role.CLERK, city.town_a, username="xushan-clerk")


def test_a_town_clerk_imports_an_industry_agreements_forty_enterprises_and_sees_the_rate_move(city, industry_union, town_clerk, browser_page, live_server, tmp_path):
    page = browser_page
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    base = live_server.url
    union, enterprises = industry_union
    sign_in(page, base, town_clerk.username)

    # The town's establishment rate before: none of its 43 unionised enterprises covered.
    page.locator("nav.navbar").get_by_role("link", name="协商与民主管理").click()
    page.wait_for_url(re.compile(r"/bargaining/$"))
    shot(page, "overview-before")
    page.get_by_role("link", name="工资集体协商建制率").click()
    page.wait_for_url(re.compile(r"/bargaining/rates/establishment/"))
    percent, numerator, denominator, base_words = rate(page)
    assert (percent, numerator, denominator) == ("0.0%", 0, 43)
    assert "已建工会企业" in base_words
    assert "共 43 条" in page.locator("#list-table").inner_text()

    # The industry agreement, by the form.
    today = timezone.localdate()
    page.goto(base + "/bargaining/agreements/")
    page.get_by_role("link", name="登记协议").click()
    page.locator("#id_number").fill("CX-HY-2013-888")
    page.locator("#id_coverage").select_option(label="行业性")
    page.locator("#id_org_code").fill(union.code)
    page.locator("#id_employer_party").fill("浒山模具行业协会")
    page.locator("#id_signed_on").fill((today - datetime.timedelta(days=10)).isoformat())
    page.locator("#id_expires_on").fill((today + datetime.timedelta(days=3 * 365)).isoformat())
    page.locator("#id_workers_covered").fill("1980")
    page.locator("#id_wage_increase").fill("8.5")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/bargaining/agreements/\d+/$"))
    assert page.get_by_test_id("covered-count").inner_text() == "0"
    agreement = Agreement.objects.get(number="CX-HY-2013-888")

    # The forty enterprises, by Excel through the import engine.
    path = tmp_path / "模具行业协议覆盖企业.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("覆盖企业")
    sheet.write_row(0, 0, ["协议编号", "统一社会信用代码", "企业名称"])
    for r, e in enumerate(enterprises, start=1):
        sheet.write_row(r, 0, [agreement.number, e.credit_code, e.name])
    book.close()
    page.get_by_role("link", name="Excel导入覆盖企业").click()
    page.wait_for_url(re.compile(r"/imports/bargaining-coverage/new/$"))
    page.get_by_label("文件").set_input_files(str(path))
    page.get_by_label("导入到组织(编码)").fill(city.town_a.code)
    page.get_by_role("button", name="上传并校验").click()
    page.wait_for_url(re.compile(r"/imports/jobs/\d+/$"))
    page.wait_for_function("() => !document.querySelector('#job-progress[hx-get]')", timeout=45_000)
    assert page.get_by_test_id("job-status").inner_text() == "校验完成，待导入", page.locator("#job-progress").inner_text()
    page.get_by_label("全部无误才导入(有一行错误则不导入任何数据)").check()
    page.get_by_role("button", name="导入").click()
    page.wait_for_url(re.compile(r"/imports/jobs/\d+/$"))
    page.wait_for_function("() => !document.querySelector('#job-progress[hx-get]')", timeout=45_000)
    assert page.get_by_test_id("job-status").inner_text() == "导入完成"
    assert agreement.covered.count() == 40

    # The rate has moved, with its base, and the clerk's list holds only the three left.
    page.goto(base + f"/bargaining/agreements/{agreement.pk}/")
    assert page.get_by_test_id("covered-count").inner_text() == "40"
    shot(page, "agreement")
    page.goto(base + "/bargaining/")
    page.get_by_role("link", name="工资集体协商建制率").click()
    page.wait_for_url(re.compile(r"/bargaining/rates/establishment/"))
    percent, numerator, denominator, base_words = rate(page)
    assert (percent, numerator, denominator) == ("93.0%", 40, 43)
    assert "已建工会企业(单建+联建)" in base_words
    assert uncovered_names(page) == {"浒山街企业1", "浒山街企业2", "测试企业3"}
    assert "观海" not in page.locator("body").inner_text()
    shot(page, "rate-after")
    with page.expect_download() as info:
        page.get_by_role("link", name="导出Excel").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    assert not refused, refused
