"""Importing enterprises from Excel/CSV: the first user of the core import engine."""

import io
import re
import zipfile

import pytest
import python_calamine
import xlsxwriter
from django.core.management import call_command

from gonghui.core.audit import verify
from gonghui.core.models import AuditEntry, ImportJob, ImportStatus
from gonghui.orgs.models import Enterprise, Formation
from gonghui.testing import credit_code, login_as

HEADERS = ["统一社会信用代码", "企业名称", "行业门类", "经济类型", "规模以上", "职工人数", "所在镇(街道)", "地址", "所属工会编码"]


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


def row(number, *, name=None, industry="制造业", ownership="私营", above="否", employees="35", town="浒山街道", address="示例路", org="C-01-002"):
    return [credit_code(number), f"导入企业{number}" if name is None else name, industry, ownership, above, employees, town, address, org]


def write_xlsx(path, headers, rows):
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("企业")
    sheet.write_row(0, 0, headers)
    for index, values in enumerate(rows, start=1):
        sheet.write_row(index, 0, values)
    workbook.close()
    return path


def upload(client, path, **extra):
    with open(path, "rb") as handle:
        response = client.post("/imports/enterprises/new/", {"file": handle, **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    job_id = int(re.search(r"/imports/jobs/(\d+)/", response["Location"]).group(1))
    return ImportJob.objects.get(pk=job_id)


def start(client, job, mode):
    response = client.post(f"/imports/jobs/{job.pk}/start/", {"mode": mode})
    assert response.status_code == 302
    job.refresh_from_db()
    return job


@pytest.fixture
def clerk(city, make_user, client):
    user = make_user("clerk", city.town_a)
    login_as(client, user)
    return user


def test_the_template_has_chinese_headers_dropdowns_an_example_and_notes(client, clerk):
    response = client.get("/imports/enterprises/template.xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    assert workbook.sheet_names[0] == "企业" and "说明" in workbook.sheet_names
    rows = workbook.get_sheet_by_name("企业").to_python()
    assert rows[0] == HEADERS
    assert len(rows) == 2 and rows[1][2] == "制造业"  # one example row
    notes = "\n".join(" ".join(str(c) for c in r) for r in workbook.get_sheet_by_name("说明").to_python())
    assert "统一社会信用代码" in notes and "所属工会编码" in notes and "必填" in notes
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    validations = re.findall(r'<dataValidation [^>]*type="list"[^>]*sqref="([A-Z]+)2:[A-Z]+1048576"[^>]*>\s*<formula1>([^<]+)</formula1>', sheet_xml)
    columns = {col: formula for col, formula in validations}
    assert set(columns) == {"C", "D", "E"}  # 行业门类, 经济类型, 规模以上
    assert "选项" in columns["C"]
    options = workbook.get_sheet_by_name("选项").to_python()
    assert options[0][0] == "行业门类" and "制造业" in [r[0] for r in options]


def test_a_good_file_imports_every_row_and_is_audited(client, clerk, city, tmp_path):
    path = write_xlsx(tmp_path / "企业.xlsx", HEADERS, [row(101), row(102, org="C-01"), row(103, org="C-01-001", above="是", employees="1,200")])
    job = upload(client, path)
    assert job.status == ImportStatus.VALIDATED
    assert (job.total_rows, job.valid_rows, job.invalid_rows) == (3, 3, 0)
    assert Enterprise.objects.count() == len(city.enterprises)  # validating writes nothing
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert "校验完成" in page and "全部无误才导入" in page
    job = start(client, job, "all")
    assert job.status == ImportStatus.DONE, job.message
    assert (job.created_count, job.updated_count) == (3, 0)
    imported = Enterprise.objects.get(credit_code=credit_code(103))
    assert imported.above_scale and imported.employee_count == 1200 and imported.formation == Formation.JOINT
    assert imported.address_town == city.town_a and imported.industry == "C" and imported.ownership == "private"
    assert Enterprise.objects.get(credit_code=credit_code(102)).formation == Formation.NONE
    entry = AuditEntry.objects.filter(action="import").get()
    assert entry.changes["created"] == 3 and entry.actor_id == clerk.pk
    assert verify() == []


def test_broken_rows_give_counts_and_an_error_workbook_naming_each_problem(client, clerk, city, tmp_path):
    taken_primary = city.primaries[0].code  # already has its single enterprise
    rows = [
        row(201),
        row(202, name=""),  # empty name
        [credit_code(203)[:-1] + ("0" if credit_code(203)[-1] != "0" else "1"), *row(203)[1:]],  # wrong check character
        row(204, industry="造船"),  # not a choice
        row(205, town="观海卫镇"),  # a town outside the clerk's scope
        row(206, org="C-02-002"),  # a union outside the scope
        row(207, org=taken_primary),  # a primary union that already has its enterprise
        row(201),  # duplicate of the first row
        row(208, employees="很多"),
        [city.enterprises[-1].credit_code, *row(209)[1:]],  # registered in town B: out of scope
        row(210),
    ]
    path = write_xlsx(tmp_path / "有错.xlsx", HEADERS, rows)
    job = upload(client, path)
    assert (job.total_rows, job.valid_rows, job.invalid_rows) == (11, 2, 9)
    response = client.get(f"/imports/jobs/{job.pk}/errors.xlsx")
    assert response.status_code == 200
    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.get_sheet_by_index(0).to_python()
    assert sheet[0][: len(HEADERS)] == HEADERS and sheet[0][len(HEADERS)] == "错误原因"
    reasons = {int(r[len(HEADERS) + 1]): r[len(HEADERS)] for r in sheet[1:]}
    assert "企业名称：不能为空" in reasons[3]
    assert "校验位错误" in reasons[4]
    assert "行业门类：「造船」不是可选的值" in reasons[5]
    assert "所在镇(街道)" in reasons[6] and "管辖范围" in reasons[6]
    assert "所属工会编码" in reasons[7] and "不在您的管辖范围内" in reasons[7]
    assert "已对应一家单建企业" in reasons[8]
    assert "与第 2 行重复" in reasons[9]
    assert "职工人数：「很多」不是整数" in reasons[10]
    assert "管辖范围以外" in reasons[11] and city.town_b.name not in reasons[11]
    assert sheet[1][1] == "" and sheet[1][0] == credit_code(202)  # the row as uploaded
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert "下载错误清单" in page and "不能为空" in page


def test_all_or_nothing_writes_nothing_when_any_row_is_bad(client, clerk, city, tmp_path):
    path = write_xlsx(tmp_path / "有错.xlsx", HEADERS, [row(301), row(302, name="")])
    job = upload(client, path)
    response = client.post(f"/imports/jobs/{job.pk}/start/", {"mode": "all"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED  # refused before anything was queued
    assert not Enterprise.objects.filter(credit_code=credit_code(301)).exists()


def test_all_or_nothing_rolls_back_when_the_database_changed_after_the_preview(client, clerk, city, tmp_path):
    path = write_xlsx(tmp_path / "企业.xlsx", HEADERS, [row(311), row(312, org="C-01-001")])
    job = upload(client, path)
    assert job.invalid_rows == 0
    # Before the clerk clicks 导入, the second row's union is cancelled.
    city.villages[0].status = "cancelled"
    city.villages[0].save()
    job = start(client, job, "all")
    assert job.status == ImportStatus.FAILED and "未写入任何数据" in job.message
    assert job.invalid_rows == 1
    assert not Enterprise.objects.filter(credit_code__in=[credit_code(311), credit_code(312)]).exists()
    assert not AuditEntry.objects.filter(action="import").exists()


def test_valid_rows_only_writes_the_good_rows(client, clerk, city, tmp_path):
    path = write_xlsx(tmp_path / "有错.xlsx", HEADERS, [row(401), row(402, name=""), row(403)])
    job = upload(client, path)
    job = start(client, job, "valid")
    assert job.status == ImportStatus.DONE
    assert (job.valid_rows, job.invalid_rows, job.created_count) == (2, 1, 2)
    assert set(Enterprise.objects.filter(credit_code__in=[credit_code(n) for n in (401, 402, 403)]).values_list("credit_code", flat=True)) == {credit_code(401), credit_code(403)}
    assert job.last_committed_row == 4


def test_reimport_creates_no_duplicates_and_updates_changed_rows(client, clerk, city, tmp_path):
    existing = city.enterprises[2]  # the joint-covered enterprise of town A
    rows = [row(501), row(502), [existing.credit_code, "改过名的企业", "建筑业", "国有", "是", "88", "C-01", "", "C-01-002"]]
    path = write_xlsx(tmp_path / "企业.xlsx", HEADERS, rows)
    job = start(client, upload(client, path), "all")
    assert (job.created_count, job.updated_count) == (2, 1)
    existing.refresh_from_db()
    assert (existing.name, existing.industry, existing.employee_count, existing.above_scale) == ("改过名的企业", "E", 88, True)
    count = Enterprise.objects.count()
    again = start(client, upload(client, path), "all")
    assert again.status == ImportStatus.DONE and (again.created_count, again.updated_count) == (0, 0)
    assert Enterprise.objects.count() == count
    rows[1] = row(502, employees="77")
    path = write_xlsx(tmp_path / "企业2.xlsx", HEADERS, rows)
    changed = start(client, upload(client, path), "valid")
    assert (changed.created_count, changed.updated_count) == (0, 1)
    assert Enterprise.objects.get(credit_code=credit_code(502)).employee_count == 77
    assert Enterprise.objects.count() == count


def test_a_file_without_the_address_column_keeps_addresses(client, clerk, city, tmp_path):
    enterprise = city.enterprises[2]
    Enterprise.objects.filter(pk=enterprise.pk).update(address="老地址")
    headers = [h for h in HEADERS if h != "地址"]
    values = [enterprise.credit_code, enterprise.name, "制造业", "私营", "否", "60", "浒山街道总工会", enterprise.org.code]
    job = start(client, upload(client, write_xlsx(tmp_path / "a.xlsx", headers, [values])), "all")
    assert job.status == ImportStatus.DONE
    enterprise.refresh_from_db()
    assert enterprise.address == "老地址" and enterprise.employee_count == 60


def test_headers_match_in_any_order_with_synonyms_spaces_and_full_width(client, clerk, tmp_path):
    headers = ["所属工会编码", " 企业名称 ", "信用代码", "行业门类", "经济类型", "规模以上", "职工人数", "所在镇（街道）", "备注"]
    values = ["C-01-002", "换了列序的企业", credit_code(601).lower(), "C", "private", "是", "10", "C-01", "无关的列"]
    job = upload(client, write_xlsx(tmp_path / "乱序.xlsx", headers, [values]))
    assert job.status == ImportStatus.VALIDATED and job.invalid_rows == 0, job.error_sample
    assert job.unknown_headers == ["备注"]
    job = start(client, job, "all")
    assert Enterprise.objects.get(credit_code=credit_code(601)).name == "换了列序的企业"


def test_a_gbk_csv_imports(client, clerk, tmp_path):
    lines = [",".join(HEADERS), ",".join(row(701, name="GBK企业")), ",".join(row(702))]
    path = tmp_path / "企业.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    job = start(client, upload(client, path), "all")
    assert job.status == ImportStatus.DONE, job.message
    assert Enterprise.objects.get(credit_code=credit_code(701)).name == "GBK企业"


def test_a_utf8_csv_with_bom_imports(client, clerk, tmp_path):
    lines = [",".join(HEADERS), ",".join(row(711, name="带BOM企业"))]
    path = tmp_path / "企业.csv"
    path.write_bytes("\ufeff".encode() + "\n".join(lines).encode())
    job = start(client, upload(client, path), "all")
    assert job.status == ImportStatus.DONE
    assert Enterprise.objects.get(credit_code=credit_code(711)).name == "带BOM企业"


def test_formulas_are_read_as_their_values_never_evaluated(client, clerk, tmp_path):
    path = tmp_path / "公式.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, HEADERS)
    sheet.write_row(1, 0, row(801))
    sheet.write_formula(1, 5, "=100+20", None, 120)  # 职工人数 with its cached result
    sheet.write_formula(1, 1, '=CONCATENATE("公式","企业")', None, "公式企业")
    workbook.close()
    job = start(client, upload(client, path), "all")
    enterprise = Enterprise.objects.get(credit_code=credit_code(801))
    assert enterprise.employee_count == 120 and enterprise.name == "公式企业"


@pytest.mark.parametrize("case", ["png", "encrypted", "bomb", "too_many_rows", "merged_header", "missing_header", "empty", "headers_only", "word"])
def test_bad_files_get_a_chinese_message_and_change_nothing(client, clerk, city, tmp_path, settings, case):
    path = tmp_path / "bad.xlsx"
    expected = {
        "png": "不是 Excel 表格", "encrypted": "密码", "bomb": "压缩炸弹", "too_many_rows": "超过单次导入上限",
        "merged_header": "合并单元格", "missing_header": "缺少必填列：企业名称", "empty": "是空的", "headers_only": "没有数据行", "word": "Word",
    }[case]
    if case == "png":
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)
    elif case == "encrypted":
        # An encrypted OOXML file is an OLE compound file holding an EncryptedPackage stream.
        header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
        directory = "EncryptedPackage".encode("utf-16-le") + b"\x00" * (128 - 32)
        path.write_bytes(header + directory + b"\x00" * 1024)
    elif case == "bomb":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("xl/workbook.xml", "<workbook/>")
            archive.writestr("xl/worksheets/sheet1.xml", b"\x00" * (64 * 1024 * 1024))
    elif case == "too_many_rows":
        settings.IMPORT_MAX_ROWS = 5
        write_xlsx(path, HEADERS, [row(900 + n) for n in range(10)])
    elif case == "merged_header":
        workbook = xlsxwriter.Workbook(str(path))
        sheet = workbook.add_worksheet()
        sheet.write_row(0, 0, HEADERS)
        sheet.merge_range(0, 1, 0, 2, "企业名称与行业")
        sheet.write_row(1, 0, row(950))
        workbook.close()
    elif case == "missing_header":
        write_xlsx(path, [h for h in HEADERS if h != "企业名称"], [[c for i, c in enumerate(row(951)) if i != 1]])
    elif case == "empty":
        workbook = xlsxwriter.Workbook(str(path))
        workbook.add_worksheet()
        workbook.close()
    elif case == "headers_only":
        write_xlsx(path, HEADERS, [])
    elif case == "word":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("word/document.xml", "<document/>")
    before = Enterprise.objects.count()
    job = upload(client, path)
    assert job.status == ImportStatus.REJECTED
    assert expected in job.message, job.message
    assert expected in client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert Enterprise.objects.count() == before
    assert client.post(f"/imports/jobs/{job.pk}/start/", {"mode": "valid"}).status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.REJECTED and Enterprise.objects.count() == before


def test_a_csv_over_the_row_limit_is_refused_while_streaming(client, clerk, settings, tmp_path):
    settings.IMPORT_MAX_ROWS = 3
    path = tmp_path / "多.csv"
    path.write_text("\n".join([",".join(HEADERS)] + [",".join(row(960 + n)) for n in range(5)]), encoding="utf-8")
    job = upload(client, path)
    assert job.status == ImportStatus.REJECTED and "超过单次导入上限 3 行" in job.message


def test_an_unsupported_extension_is_refused_at_upload(client, clerk, tmp_path):
    path = tmp_path / "企业.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n")
    with open(path, "rb") as handle:
        response = client.post("/imports/enterprises/new/", {"file": handle})
    assert response.status_code == 200 and "不支持的文件类型" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_second_click_on_import_imports_nothing_twice(client, clerk, tmp_path):
    job = upload(client, write_xlsx(tmp_path / "企业.xlsx", HEADERS, [row(1001)]))
    start(client, job, "all")
    response = client.post(f"/imports/jobs/{job.pk}/start/", {"mode": "valid"}, follow=True)
    assert "不会重复导入" in response.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.mode == "all"
    assert AuditEntry.objects.filter(action="import").count() == 1


def test_a_killed_valid_rows_import_resumes_after_the_last_committed_batch(client, clerk, tmp_path, monkeypatch):
    from gonghui.orgs.imports import EnterpriseImportSpec

    monkeypatch.setattr(EnterpriseImportSpec, "batch_size", 2)
    original = EnterpriseImportSpec.write_batch
    calls = []

    def dying_write(self, rows, state, job):
        calls.append(len(rows))
        if len(calls) == 2:
            raise RuntimeError("进程被杀")
        return original(self, rows, state, job)

    monkeypatch.setattr(EnterpriseImportSpec, "write_batch", dying_write)
    job = upload(client, write_xlsx(tmp_path / "企业.xlsx", HEADERS, [row(1100 + n) for n in range(5)]))
    job = start(client, job, "valid")
    assert job.status == ImportStatus.FAILED and job.last_committed_row == 3
    assert Enterprise.objects.filter(credit_code__in=[credit_code(1100 + n) for n in range(5)]).count() == 2  # one whole batch
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert "从第 4 行起" in page
    monkeypatch.setattr(EnterpriseImportSpec, "write_batch", original)
    client.post(f"/imports/jobs/{job.pk}/retry/")
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.message
    assert (job.created_count, job.updated_count) == (5, 0)
    assert Enterprise.objects.filter(credit_code__in=[credit_code(1100 + n) for n in range(5)]).count() == 5


def test_the_job_page_is_404_for_a_clerk_of_another_town(client, clerk, city, make_user, tmp_path):
    job = upload(client, write_xlsx(tmp_path / "企业.xlsx", HEADERS, [row(1201), row(1202, name="")]))
    other = make_user("clerk", city.town_b)
    login_as(client, other)
    for url in ["", "progress/", "errors.xlsx"]:
        assert client.get(f"/imports/jobs/{job.pk}/{url}").status_code == 404
    for url in ["start/", "retry/"]:
        assert client.post(f"/imports/jobs/{job.pk}/{url}", {"mode": "valid"}).status_code == 404
    assert job.original_name not in client.get("/imports/").content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.VALIDATED
    # The federation's leader sees it (in scope), but may neither import nor download the rows.
    leader = make_user("leader", city.federation)
    login_as(client, leader)
    page = client.get(f"/imports/jobs/{job.pk}/")
    assert page.status_code == 200 and "下载错误清单" not in page.content.decode()
    assert client.get(f"/imports/jobs/{job.pk}/errors.xlsx").status_code == 404
    assert job.original_name in client.get("/imports/").content.decode()


def test_the_progress_card_polls_while_running_and_reloads_when_done(client, clerk, tmp_path):
    job = upload(client, write_xlsx(tmp_path / "企业.xlsx", HEADERS, [row(1301)]))
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED, mode="all")
    card = client.get(f"/imports/jobs/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in card.content.decode() and "HX-Refresh" not in card
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.DONE)
    card = client.get(f"/imports/jobs/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert card["HX-Refresh"] == "true"


def test_a_clerk_may_choose_at_upload_to_import_the_valid_rows_directly_without_a_preview(client, clerk, city, tmp_path):
    form = client.get("/imports/enterprises/new/").content.decode()
    assert "直接导入无误的行" in form and 'value="preview"' in form
    job = upload(client, write_xlsx(tmp_path / "企业.xlsx", HEADERS, [row(1101), row(1102, name="")]), then="directly")
    assert (job.status, job.mode, job.invalid_rows, job.created_count) == (ImportStatus.DONE, "valid", 1, 1)
    assert Enterprise.objects.filter(credit_code=credit_code(1101)).exists()
    page = client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert "1 行有错误未导入" in page and "下载错误清单" in page and "只导入无误的行" in page


def test_an_unknown_choice_after_the_validation_is_refused_in_chinese_and_stores_nothing(client, clerk, tmp_path):
    with open(write_xlsx(tmp_path / "企业.xlsx", HEADERS, [row(1111)]), "rb") as handle:
        response = client.post("/imports/enterprises/new/", {"file": handle, "then": "<script>drop</script>"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "校验之后" in page and "选择一个有效的选项" in page and "<script>drop" not in page
    assert not ImportJob.objects.exists()


def test_the_enterprise_list_links_to_the_import(client, clerk):
    page = client.get("/orgs/enterprises/").content.decode()
    assert "/imports/enterprises/new/" in page and "/imports/enterprises/template.xlsx" in page


def test_the_command_line_imports_with_a_progress_line(city, tmp_path, capsys):
    path = write_xlsx(tmp_path / "企业.xlsx", HEADERS, [row(1401), row(1402), row(1403, name="")])
    call_command("import", "enterprises", str(path), union="C-01", mode="valid")
    out = capsys.readouterr().out
    # Only the valid rows: one pass reads, checks and writes, with no preview to stop at.
    assert "校验" not in out and "已导入 2 行" in out and "1 行有错误未导入" in out and "错误清单:" in out and "行/秒" in out
    assert Enterprise.objects.filter(credit_code__in=[credit_code(1401), credit_code(1402)]).count() == 2
    batch, closing = AuditEntry.objects.filter(action="import").order_by("seq")
    assert batch.changes["created"] == 2 and batch.actor_name == "命令行"
    assert closing.changes["invalid"] == 1 and "完成" in closing.summary


def test_the_command_line_all_or_nothing_exits_1_and_writes_nothing(city, make_user, tmp_path, capsys):
    clerk = make_user("clerk", city.town_a, username="clerk-a")
    path = write_xlsx(tmp_path / "企业.xlsx", HEADERS, [row(1501), row(1502, name="")])
    with pytest.raises(SystemExit) as exit_info:
        call_command("import", "enterprises", str(path), union="C-01", user="clerk-a")
    assert exit_info.value.code == 1
    assert "全部无误才导入" in capsys.readouterr().err
    assert not Enterprise.objects.filter(credit_code=credit_code(1501)).exists()
    assert ImportJob.objects.get().created_by == clerk


def test_the_command_line_refuses_a_user_outside_the_union(city, make_user, tmp_path):
    from django.core.management.base import CommandError

    make_user("clerk", city.town_b, username="clerk-b")
    path = write_xlsx(tmp_path / "企业.xlsx", HEADERS, [row(1601)])
    with pytest.raises(CommandError, match="无权"):
        call_command("import", "enterprises", str(path), union="C-01", user="clerk-b")
