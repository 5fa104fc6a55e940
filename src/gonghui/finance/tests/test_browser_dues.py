"""In a real browser (Chromium): a town clerk downloads the dues template from 工会经费,
fills in the town's unions for 2012 with one union of another town and one impossible
figure, reads the preview, imports the good rows, sees the union behind in 欠缴工会, then
imports the corrected file again without duplicates. Screenshots: /tmp/gonghui-shots/dues-*.png."""

import re
from pathlib import Path

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from gonghui.core.roles import Role
from gonghui.finance.models import DuesRecord
from gonghui.testing import TEST_PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/gonghui-shots")


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"dues-{name}.png"), full_page=True)


def sign_in(page, base_url, username):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url


def dues_file(path, headers, rows):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("经费收缴")
    sheet.write_row(0, 0, headers)
    for r, row in enumerate(rows, start=1):
        for c, header in enumerate(headers):
            sheet.write_string(r, c, str(row.get(header, "")))
    book.close()
    return path


def upload(page, base, path):
    page.goto(base + "/finance/")
    page.get_by_role("link", name="Excel导入").click()
    page.wait_for_url(re.compile(r"/imports/dues/new/$"))
    page.get_by_label("文件").set_input_files(str(path))
    page.get_by_role("button", name="上传并校验").click()
    page.wait_for_url(re.compile(r"/imports/jobs/\d+/$"))
    page.wait_for_function("() => !document.querySelector('#job-progress[hx-get]')", timeout=45_000)


def counts(page):
    cards = page.locator("[data-testid=counts] .card")
    return {label.strip(): int(value.replace(",", "")) for label, value in (cards.nth(i).inner_text().split("\n") for i in range(cards.count()))}


def import_rows(page, mode_label):
    page.get_by_label(mode_label).check()
    page.get_by_role("button", name="导入").click()
    page.wait_for_url(re.compile(r"/imports/jobs/\d+/$"))
    page.wait_for_function("() => !document.querySelector('#job-progress[hx-get]')", timeout=45_000)
    assert page.get_by_test_id("job-status").inner_text() == "导入完成", page.locator("#job-progress").inner_text()


@pytest.fixture
def town_clerk(city):
    return make_user(Role.CLERK, city.town_a, username="xushan-finance")


def test_a_town_clerk_imports_the_towns_dues_fixes_the_file_and_reimports_without_duplicates(city, town_clerk, browser_page, live_server, tmp_path):
    page = browser_page
    base = live_server.url
    ours = [o for o in city.primaries + city.villages if o.path.startswith(city.town_a.path)]
    theirs = next(o for o in city.primaries if o.path.startswith(city.town_b.path))

    sign_in(page, base, town_clerk.username)
    page.locator("nav.navbar").get_by_role("link", name="工会经费").click()
    page.wait_for_url(re.compile(r"/finance/$"))
    with page.expect_download() as info:
        page.get_by_role("link", name="下载导入模板").click()
    template = tmp_path / info.value.suggested_filename
    info.value.save_as(template)
    headers = [str(h) for h in CalamineWorkbook.from_path(str(template)).get_sheet_by_index(0).to_python()[0]]
    for needed in ("工会编码", "年度", "工资总额(元)", "拨缴比例(%)", "实收(元)"):
        assert needed in headers, headers

    rows = [{"工会编码": org.code, "年度": "2012", "工资总额(元)": "1000000", "拨缴比例(%)": "2", "实收(元)": "20000"} for org in ours]
    rows[1]["实收(元)"] = "8000"  # behind
    rows.append({"工会编码": theirs.code, "年度": "2012", "工资总额(元)": "500000", "实收(元)": "10000"})
    rows.append({"工会编码": ours[0].code.replace("001", "009"), "年度": "2012", "工资总额(元)": "300000", "实收(元)": "9000000"})
    upload(page, base, dues_file(tmp_path / "浒山经费.xlsx", headers, rows))
    assert counts(page) == {"数据行": len(ours) + 2, "无误": len(ours), "有错误": 2}
    preview = page.locator("body").inner_text()
    assert "不在本次导入的范围内" in preview and "超过工资总额" in preview
    assert theirs.name not in preview
    shot(page, "preview")
    import_rows(page, "只导入无误的行(错误行跳过)")
    assert counts(page)["新增"] == len(ours)
    assert DuesRecord.objects.count() == len(ours)
    assert not DuesRecord.objects.filter(org=theirs).exists()

    page.goto(base + "/finance/behind/")
    behind = page.locator("#list-table").inner_text()
    assert ours[1].name in behind and ours[0].name not in behind
    shot(page, "behind")

    rows = rows[: len(ours)]
    rows[1]["实收(元)"] = "20000"
    upload(page, base, dues_file(tmp_path / "浒山经费-改正.xlsx", headers, rows))
    assert counts(page) == {"数据行": len(ours), "无误": len(ours), "有错误": 0}
    import_rows(page, "全部无误才导入(有一行错误则不导入任何数据)")
    assert (counts(page)["新增"], counts(page)["更新"]) == (0, len(ours))
    assert DuesRecord.objects.count() == len(ours) and not DuesRecord.objects.filter(collected__lt=20000).exists()
    page.goto(base + "/finance/behind/")
    assert "共 0 条" in page.locator("#list-table").inner_text()
    page.goto(base + "/finance/")
    shot(page, "list")
