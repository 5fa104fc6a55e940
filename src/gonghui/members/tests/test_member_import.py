import io

import pytest
from django.core.exceptions import ValidationError
import xlsxwriter
from python_calamine import CalamineWorkbook

from gonghui.core.imports import engine, services as import_services
from gonghui.core.imports.storage import error_path
from gonghui.core.models import ImportJob
from gonghui.members import services
from gonghui.members.models import Member, MembershipPeriod
from gonghui.testing import id_number, member_data

HEADERS = ["姓名", "公民身份号码", "手机号码", "民族", "文化程度", "户籍类型", "入会日期", "所在工会编码"]


def workbook(rows, headers=HEADERS) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, headers)
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    return out.getvalue()


def run(user, org, content: bytes, mode="valid", name="会员.xlsx"):
    job = import_services.job_create(spec_name="members", org=org, acting_user=user, chunks=[content], original_name=name)
    engine.validate_job(job.pk)
    job.refresh_from_db()
    if job.valid_rows:
        import_services.job_start(job=job, acting_user=user, mode=mode, enqueue=False)
        engine.import_job(job.pk)
    job.refresh_from_db()
    return job


def good_row(seq, org_code, **extra):
    row = [f"会员{seq}", id_number(seq), f"1390000{seq:04d}", "汉", "高中/中专/技校", "农民工", "2012-03-0" + str(1 + seq % 9), org_code]
    return row


@pytest.fixture
def clerk(city, make_user):
    return make_user("clerk", city.town_a)


def test_a_clean_list_imports_and_reimporting_it_changes_nothing(city, clerk):
    code = city.primaries[0].code
    rows = [good_row(s, code) for s in range(1, 41)]
    job = run(clerk, city.town_a, workbook(rows))
    assert (job.status, job.created_count, job.invalid_rows) == ("done", 40, 0)
    member = Member.objects.get(name="会员7")
    assert member.id_number.reveal() == id_number(7) and member.household == "migrant" and member.ethnicity == "汉族"
    assert MembershipPeriod.objects.count() == 40
    again = run(clerk, city.town_a, workbook(rows))
    assert (again.created_count, again.updated_count) == (0, 40)
    assert Member.objects.count() == 40 and MembershipPeriod.objects.count() == 40


def test_a_changed_row_updates_the_member(city, clerk):
    code = city.primaries[0].code
    run(clerk, city.town_a, workbook([good_row(1, code)]))
    changed = good_row(1, code)
    changed[0] = "改名会员"
    run(clerk, city.town_a, workbook([changed]))
    assert list(Member.objects.values_list("name", flat=True)) == ["改名会员"]


def test_bad_rows_are_each_reported_in_the_error_workbook_and_only_good_rows_import(city, clerk):
    code = city.primaries[0].code
    wrong_check = id_number(3)[:17] + ("0" if id_number(3)[17] != "0" else "1")
    rows = [
        good_row(1, code),
        ["", id_number(2), "", "", "", "", "2012-01-01", code],                 # no name
        ["错校验位", wrong_check, "", "", "", "", "2012-01-01", code],
        ["错日期", "330282199902301234", "", "", "", "", "2012-01-01", code],
        ["重复", id_number(1), "", "", "", "", "2012-01-01", code],             # duplicate inside the file
        ["外镇", id_number(6), "", "", "", "", "2012-01-01", city.primaries[2].code],
        good_row(7, code),
    ]
    job = run(clerk, city.town_a, workbook(rows))
    assert (job.total_rows, job.valid_rows, job.invalid_rows) == (7, 2, 5)
    assert job.created_count == 2
    sheet = CalamineWorkbook.from_path(error_path(job)).get_sheet_by_index(0).to_python()
    header = sheet[0]
    reasons = " | ".join(str(r[header.index("错误原因")]) for r in sheet[1:])
    for fragment in ("不能为空", "校验位", "出生日期", "重复", "所在工会编码"):
        assert fragment in reasons


def test_all_or_nothing_imports_nothing_when_one_row_is_bad(city, clerk):
    code = city.primaries[0].code
    rows = [good_row(1, code), ["坏行", "123", "", "", "", "", "2012-01-01", code]]
    with pytest.raises(ValidationError) as refused:
        run(clerk, city.town_a, workbook(rows), mode="all")
    assert "全部无误" in refused.value.message_dict["mode"][0]
    assert Member.objects.count() == 0


def test_a_person_active_in_another_town_is_an_error_naming_the_union_masked(city, clerk, make_user):
    other = make_user("clerk", city.town_b)
    services.member_register(acting_user=other, org=city.primaries[2], data=member_data(5))
    job = run(clerk, city.town_a, workbook([good_row(5, city.primaries[0].code)]))
    assert job.invalid_rows == 1 and job.created_count == 0
    reasons = str(job.error_sample)
    assert city.primaries[2].name in reasons and id_number(5) not in reasons


def test_a_gbk_csv_with_lower_case_x_and_full_width_digits_imports(city, clerk):
    number = next(id_number(s) for s in range(200, 600) if id_number(s).endswith("X"))
    full_width = number[:17].translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}) + "x"
    text = "姓名,身份证号,入会日期\n李四," + full_width + ",2012/5/1\n"
    job = run(clerk, city.primaries[0], text.encode("gbk"), name="名单.csv")
    assert job.created_count == 1, job.error_sample
    assert Member.objects.get().id_number.reveal() == number


def test_the_import_page_of_another_towns_job_is_not_found(client, city, clerk, make_user):
    from gonghui.testing import login_as

    job = run(clerk, city.town_a, workbook([good_row(1, city.primaries[0].code)]))
    login_as(client, make_user("clerk", city.town_b))
    assert client.get(f"/imports/jobs/{job.pk}/").status_code == 404
    assert ImportJob.objects.filter(pk=job.pk).exists()
