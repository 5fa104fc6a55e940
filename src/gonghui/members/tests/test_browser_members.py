"""Issue 3's "done when", in a real browser: a town clerk downloads the member template,
fills it, uploads it with three bad rows, reads the preview and the error workbook, imports
the good rows, fixes the file and imports it again without duplicates, finds a member by ID
number as people type it, transfers them to another union of the town and exports the list
with ID numbers masked.

Runs Debian's chromium against pytest-django's live server; screenshots go to
/tmp/gonghui-shots/members-*.png for a person to look at (Chinese glyphs, styling)."""

import re
from pathlib import Path

import pytest
import xlsxwriter
from django.utils import timezone
from python_calamine import CalamineWorkbook

from gonghui.core.roles import Role
from gonghui.core.validators import id_number_check_char
from gonghui.members.models import Member, MemberStatus
from gonghui.testing import TEST_PASSWORD, make_user
from gonghui.testing import id_number as generated_id_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/gonghui-shots")

# A few hundred rows keep the test under a minute; the 200,000- and 1,000,000-row files of
# the issue are the benchmark's (`make bench`, bench members_import), not a test's.
GOOD_ROWS = 300


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"members-{name}.png"), full_page=True)


def sign_in(page, base_url, username):
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(TEST_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, page.locator(".alert").all_inner_texts()


def id_number(seq: int) -> str:
    # Birth dates spread over twenty years, so the file is not three hundred twins.
    return generated_id_number(seq, birth=f"19{70 + seq % 20}{1 + seq % 12:02d}{10 + seq % 18:02d}")


def with_check_digit(first17: str) -> str:
    return first17 + id_number_check_char(first17)


def download(page, click, tmp_path) -> Path:
    with page.expect_download() as info:
        click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    return saved


def sheet_rows(path) -> list[list]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()


def member_file(path: Path, headers: list[str], rows: list[dict]) -> Path:
    """A filled-in template: the template's own headers, the cells typed as text (as the
    template's text format keeps them)."""
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("会员")
    sheet.write_row(0, 0, headers)
    for r, row in enumerate(rows, start=1):
        for c, header in enumerate(headers):
            sheet.write_string(r, c, row.get(header, ""))
    book.close()
    return path


def upload(page, base_url, path: Path, union_code: str, then: str = ""):
    """Excel导入 from the member list; the immediate task backend of the tests validates the
    file inside the upload request, so the job page opens on the outcome (the progress card
    is polled only while a pass runs, and then the page reloads itself). `then`: the label of
    what follows the validation, when not the preview."""
    page.goto(base_url + "/members/")
    page.get_by_role("link", name="Excel导入").click()
    page.wait_for_url(re.compile(r"/imports/members/new/$"))
    page.get_by_label("文件").set_input_files(str(path))
    page.get_by_label("导入到组织(编码)").fill(union_code)
    if then:
        page.get_by_label(then).check()
        shot(page, "upload-directly")
    page.get_by_role("button", name="上传并校验").click()
    page.wait_for_url(re.compile(r"/imports/jobs/\d+/$"))
    wait_until_settled(page)


def wait_until_settled(page):
    page.wait_for_function(
        "() => !document.querySelector('#job-progress[hx-get]')", timeout=45_000,
    )
    page.wait_for_load_state()


def search(page, text):
    """Type into the list's search box and press Enter: the table is redrawn in place."""
    box = page.get_by_label("搜索")
    box.fill(text)
    with page.expect_response(lambda r: "/members/?" in r.url and r.request.headers.get("hx-request") == "true") as answered:
        box.press("Enter")
    assert answered.value.status == 200
    page.wait_for_function("q => new URLSearchParams(location.search).get('q') === q", arg=text)


def counts(page) -> dict:
    cards = page.locator("[data-testid=counts] .card")
    pairs = [cards.nth(i).inner_text().split("\n") for i in range(cards.count())]
    return {label.strip(): int(value.replace(",", "")) for label, value in pairs}


def import_rows(page, mode_label):
    page.get_by_label(mode_label).check()
    page.get_by_role("button", name="导入").click()
    page.wait_for_url(re.compile(r"/imports/jobs/\d+/$"))
    wait_until_settled(page)
    assert page.get_by_test_id("job-status").inner_text() == "导入完成", page.locator("#job-progress").inner_text()


@pytest.fixture
def town_clerk(city):
    # Made before the browser starts: the records a test needs are all in place by then.
    return make_user(Role.CLERK, city.town_a, username="xushan-clerk")


def test_a_town_clerk_imports_fixes_reimports_finds_transfers_and_exports_members(city, town_clerk, browser_page, live_server, tmp_path):
    page = browser_page
    page.on("dialog", lambda dialog: dialog.accept())
    # The Content-Security-Policy refuses inline scripts; a page that still had one would
    # have a dead button, and Chromium says so on the console.
    refused = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    base = live_server.url
    union, other_union = [p for p in city.primaries if p.path.startswith(city.town_a.path)][:2]

    sign_in(page, base, town_clerk.username)
    page.locator("nav.navbar").get_by_role("link", name="会员", exact=True).click()
    page.wait_for_url(re.compile(r"/members/$"))
    shot(page, "empty-list")

    # The template: the Chinese headers, required ones included, plus the example row.
    template = download(page, page.get_by_role("link", name="下载导入模板").click, tmp_path)
    assert template.suffix == ".xlsx" and "会员导入模板" in template.name
    headers = [str(h) for h in sheet_rows(template)[0]]
    for needed in ("姓名", "身份证号", "手机号", "民族", "文化程度", "户籍类型", "入会日期", "所在工会编码"):
        assert needed in headers, headers
    sheet_names = CalamineWorkbook.from_path(str(template)).sheet_names
    assert "说明" in sheet_names

    # The clerk's file: three hundred good rows and three bad ones.
    good = [
        {"姓名": f"浒山会员{seq}", "身份证号": id_number(seq), "手机号": f"139{seq:08d}", "民族": "汉族", "文化程度": "高中/中专/技校",
         "户籍类型": "农民工" if seq % 3 else "城镇", "入会日期": f"2012-{1 + seq % 12:02d}-01"}
        for seq in range(1, GOOD_ROWS + 1)
    ]
    wrong_check = id_number(401)[:17] + ("1" if id_number(401)[17] != "1" else "2")
    no_such_day = with_check_digit("33028219850230402")  # 30 February
    bad = [
        {"姓名": "错校验位", "身份证号": wrong_check, "入会日期": "2012-05-01"},
        {"姓名": "错生日", "身份证号": no_such_day, "入会日期": "2012-05-01"},
        {"姓名": "重复的人", "身份证号": id_number(7), "入会日期": "2012-05-01"},
    ]
    rows = good[:100] + bad[:1] + good[100:200] + bad[1:] + good[200:]
    first_file = member_file(tmp_path / "浒山会员名单.xlsx", headers, rows)

    # The preview: counts, the bad rows named, the error workbook.
    upload(page, base, first_file, union.code)
    assert page.get_by_test_id("job-status").inner_text() == "校验完成，待导入", page.locator("#job-progress").inner_text()
    assert counts(page) == {"数据行": GOOD_ROWS + 3, "无误": GOOD_ROWS, "有错误": 3}
    preview = page.locator("body").inner_text()
    assert "校验位" in preview and "出生日期" in preview and "重复" in preview
    assert wrong_check not in preview  # the page shows the reason, not the number
    shot(page, "preview")
    errors = download(page, page.get_by_role("link", name="下载错误清单").click, tmp_path)
    error_rows = sheet_rows(errors)
    assert "错误原因" in error_rows[0]
    reasons = {row[error_rows[0].index("姓名")]: str(row[error_rows[0].index("错误原因")]) for row in error_rows[1:]}
    assert set(reasons) == {"错校验位", "错生日", "重复的人"}
    assert "校验位" in reasons["错校验位"]
    assert "出生日期" in reasons["错生日"] and "19850230" in reasons["错生日"]
    assert "重复" in reasons["重复的人"]

    # Only the good rows go in.
    import_rows(page, "只导入无误的行(错误行跳过)")
    assert counts(page)["新增"] == GOOD_ROWS
    shot(page, "imported")
    assert Member.objects.filter(org=union).count() == GOOD_ROWS

    # The fixed file: the three rows corrected, and two good rows changed since.
    fixed = [dict(row) for row in rows]
    by_name = {row["姓名"]: row for row in fixed}
    by_name["错校验位"]["身份证号"] = id_number(401)
    by_name["错生日"]["身份证号"] = with_check_digit("33028219850228402")
    by_name["重复的人"]["身份证号"] = id_number(403)
    by_name["浒山会员10"]["姓名"] = "浒山会员十"
    by_name["浒山会员20"]["手机号"] = "13700000020"
    second_file = member_file(tmp_path / "浒山会员名单-改正.xlsx", headers, fixed)
    upload(page, base, second_file, union.code)
    assert counts(page) == {"数据行": GOOD_ROWS + 3, "无误": GOOD_ROWS + 3, "有错误": 0}
    import_rows(page, "全部无误才导入(有一行错误则不导入任何数据)")
    after = counts(page)
    assert (after["新增"], after["更新"]) == (3, GOOD_ROWS)
    shot(page, "reimported")

    # No duplicates: one member per distinct good ID number, the changed rows updated.
    assert Member.objects.count() == GOOD_ROWS + 3
    assert Member.objects.values("id_number_index").distinct().count() == GOOD_ROWS + 3
    renamed = Member.objects.get(name="浒山会员十")
    assert renamed.id_number.reveal() == id_number(10)
    assert not Member.objects.filter(name="浒山会员10").exists()
    assert Member.objects.get(name="浒山会员20").mobile.reveal() == "13700000020"

    # Search by ID number as a clerk types it: lower-case x, spaces between the groups.
    seq = next(s for s in range(1, GOOD_ROWS + 1) if id_number(s).endswith("X"))
    number = id_number(seq)
    typed = f"{number[:6]} {number[6:14]} {number[14:17].lower()}{number[17].lower()}"
    page.goto(base + "/members/")
    # First the beginning of a name, then, on the same page, the ID number.
    search(page, "浒山会员2")
    assert "共 111 条" in page.locator("#list-table").inner_text()  # 2, 20-29, 200-299
    search(page, typed)
    assert "共 1 条" in page.locator("#list-table").inner_text()
    found = page.locator("#list-table tbody tr").inner_text()
    assert f"浒山会员{seq}" in found and number not in found
    shot(page, "search")
    page.locator("#list-table").get_by_role("link", name=f"浒山会员{seq}", exact=True).click()
    page.wait_for_url(re.compile(r"/members/\d+/$"))
    member = Member.objects.get(name=f"浒山会员{seq}")
    assert page.url.endswith(f"/members/{member.pk}/")
    assert page.locator("#reveal-id_number").inner_text() == member.id_number.masked

    # The transfer to the town's other union, and the history showing both.
    page.get_by_role("link", name="转会", exact=True).click()
    page.get_by_label("转入工会编码").fill(other_union.code)
    page.get_by_label("转会日期").fill(timezone.localdate().isoformat())
    page.get_by_label("转会原因").fill("调换工作单位")
    page.get_by_role("button", name="办理转会").click()
    page.wait_for_url(re.compile(rf"/members/{member.pk}/$"))
    assert other_union.name in page.locator(".alert").first.inner_text()
    history = page.locator("#periods").inner_text()
    assert union.name in history and other_union.name in history
    shot(page, "transferred")
    member.refresh_from_db()
    assert (member.org_id, member.status) == (other_union.pk, MemberStatus.ACTIVE)

    # The export of the list: every member, ID numbers and mobiles masked.
    page.goto(base + "/members/")
    exported = download(page, page.get_by_role("link", name="导出Excel").click, tmp_path)
    table = sheet_rows(exported)
    header, data = table[0], table[1:]
    assert len(data) == GOOD_ROWS + 3
    ids = [str(row[header.index("身份证号")]) for row in data]
    assert all(re.fullmatch(r"\d{6}\*{8}\d{3}[\dX]", value) for value in ids), ids[:5]
    whole = {m.id_number.reveal() for m in Member.objects.all()}
    flat = " ".join(str(cell) for row in table for cell in row)
    assert not [n for n in whole if n in flat]
    assert f"浒山会员{seq}" in {row[header.index("姓名")] for row in data}
    assert other_union.name in {row[header.index("所在工会")] for row in data}

    # The print button prints (wired by app.js, not an inline handler).
    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    page.get_by_role("button", name="打印").click()
    assert page.evaluate("() => window.printed") == 1

    # The export of a searched list holds what the search found, not the whole list.
    search(page, "浒山会员2")
    searched = sheet_rows(download(page, page.get_by_role("link", name="导出Excel").click, tmp_path))
    assert len(searched) - 1 == 111
    assert all(str(row[0]).startswith("浒山会员2") for row in searched[1:])
    assert not refused, refused


def test_a_town_clerk_imports_the_valid_rows_directly_and_gets_the_bad_ones_in_the_error_workbook(city, town_clerk, browser_page, live_server, tmp_path):
    page = browser_page
    union = next(p for p in city.primaries if p.path.startswith(city.town_a.path))
    sign_in(page, live_server.url, town_clerk.username)
    headers = ["姓名", "身份证号", "手机号", "入会日期"]
    rows = [{"姓名": f"直接会员{seq}", "身份证号": id_number(seq), "手机号": f"139{seq:08d}", "入会日期": "2012-06-01"} for seq in range(1, 21)]
    rows.insert(5, {"姓名": "错校验位", "身份证号": id_number(99)[:17] + ("1" if id_number(99)[17] != "1" else "2"), "入会日期": "2012-06-01"})
    upload(page, live_server.url, member_file(tmp_path / "直接导入.xlsx", headers, rows), union.code,
           then="直接导入无误的行，错误行列入错误清单(不预览；数据多时只读一遍，更快)")
    assert page.get_by_test_id("job-status").inner_text() == "导入完成", page.locator("#job-progress").inner_text()
    assert counts(page) == {"数据行": 21, "无误": 20, "有错误": 1, "新增": 20, "更新": 0}
    assert "1 行有错误未导入" in page.get_by_test_id("job-message").inner_text()
    shot(page, "imported-directly")
    errors = sheet_rows(download(page, page.get_by_role("link", name="下载错误清单").click, tmp_path))
    assert [row[0] for row in errors[1:]] == ["错校验位"]
    assert Member.objects.filter(org=union, name__startswith="直接会员").count() == 20
