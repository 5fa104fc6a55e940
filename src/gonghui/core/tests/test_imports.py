"""The import engine on its own, with a small spec that keeps its rows in memory: reading
files of every kind, refusing bad ones, matching headers, checking rows."""

import gc
import io
import os
import re
import struct
import weakref
import zipfile

import pytest
import python_calamine
import xlsxwriter
from django.core.exceptions import ValidationError

from gonghui.core.cells import cell_text
from gonghui.core.imports import engine, services, storage
from gonghui.core.imports.reader import BadFile, open_table
from gonghui.core.imports.spec import ImportColumn, ImportSpec, RowError, get_spec, register
from gonghui.core.imports.template import template_bytes
from gonghui.core.models import ImportJob, ImportStatus

WRITTEN: list = []


def _weight(value) -> int:
    text = cell_text(value)  # a workbook gives 200.0 for a typed 200
    if not text:
        return 0
    if not text.isdigit():
        raise ValidationError(f"「{text}」不是整数")
    return int(text)


@register
class FruitSpec(ImportSpec):
    name = "test-fruits"
    title = "水果"
    natural_key = "code"
    batch_size = 2
    columns = [
        ImportColumn("code", "编号", synonyms=("水果编号",), example="F-001"),
        ImportColumn("kind", "种类", choices=(("apple", "苹果"), ("pear", "梨")), example="苹果"),
        ImportColumn("weight", "重量(克)", synonyms=("重量",), required=False, parse=_weight, example="150"),
        ImportColumn("note", "备注", required=False),
    ]

    def validate_row(self, values, state, seen):
        if values["kind"] == "pear" and values["weight"] > 1000:
            raise RowError("这么重的梨不可能")
        return values

    def write_batch(self, rows, state, job):
        WRITTEN.extend(rows)
        return len(rows), 0


HEADERS = ["编号", "种类", "重量(克)", "备注"]


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    WRITTEN.clear()


def xlsx(path, rows, *, sheet_name="水果"):
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet(sheet_name)
    for index, values in enumerate(rows):
        sheet.write_row(index, 0, values)
    workbook.close()
    return path


def validate(city, path) -> ImportJob:
    with open(path, "rb") as handle:
        job = services.job_create(spec_name="test-fruits", org=city.town_a, acting_user=None, chunks=[handle.read()], original_name=path.name)
    engine.validate_job(job.pk)
    job.refresh_from_db()
    return job


def run(job, mode) -> ImportJob:
    services.job_start(job=job, acting_user=None, mode=mode, enqueue=False)
    engine.import_job(job.pk)
    job.refresh_from_db()
    return job


def test_headers_are_found_below_a_title_row_in_any_order_and_blank_rows_are_skipped(city, tmp_path):
    path = xlsx(tmp_path / "f.xlsx", [["2013年水果清单"], [], [" 种 类 ", "水果编号", "重量", "产地"], ["梨", "F-1", 200, "慈溪"], [], ["apple", "F-2", "", ""]])
    job = validate(city, path)
    assert job.status == ImportStatus.VALIDATED, job.message
    assert (job.total_rows, job.valid_rows) == (2, 2) and job.unknown_headers == ["产地"]
    job = run(job, "all")
    assert job.status == ImportStatus.DONE
    assert WRITTEN == [{"code": "F-1", "kind": "pear", "weight": 200}, {"code": "F-2", "kind": "apple", "weight": 0}]


def test_every_error_of_every_row_is_collected_with_the_column_named(city, tmp_path):
    rows = [HEADERS, ["", "桃", "重", ""], ["F-3", "梨", "5000", ""], ["F-4", "苹果", "1", ""], ["F-4", "梨", "2", ""]]
    job = validate(city, xlsx(tmp_path / "f.xlsx", rows))
    assert (job.total_rows, job.valid_rows, job.invalid_rows) == (4, 1, 3)
    messages = {item["row"]: item["message"] for item in job.error_sample}
    assert messages[2] == "编号：不能为空；种类：「桃」不是可选的值(可选：苹果、梨)；重量(克)：「重」不是整数"
    assert messages[3] == "这么重的梨不可能"
    assert messages[5] == "编号：与第 4 行重复(同一文件中出现两次)"


def test_the_template_example_row_left_in_is_never_imported(city, tmp_path):
    job = validate(city, xlsx(tmp_path / "f.xlsx", [HEADERS, ["F-001", "苹果", "150", ""], ["F-9", "梨", "", ""]]))
    assert job.total_rows == 1
    run(job, "all")
    assert [r["code"] for r in WRITTEN] == ["F-9"]


def test_the_template_has_dropdowns_from_the_choices_and_notes(city):
    content = template_bytes(get_spec("test-fruits"))
    workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    assert workbook.get_sheet_by_index(0).to_python()[0] == HEADERS
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert re.search(r'<dataValidation type="list"[^>]*sqref="B2:B1048576"', xml)
    assert "<formula1>'选项'!$A$2:$A$3</formula1>" in xml
    assert [r[0] for r in workbook.get_sheet_by_name("选项").to_python()] == ["种类", "苹果", "梨"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "utf-16"])
def test_csv_is_read_in_utf8_with_or_without_bom_gbk_and_utf16(city, tmp_path, encoding):
    separator = "\t" if encoding == "utf-16" else ","
    text = "\r\n".join(separator.join(r) for r in [HEADERS, ["F-1", "梨", "200", "全角　空格"], ["F-2", "苹果", "", "引号,逗号"]])
    if encoding != "utf-16":
        text = text.replace("引号,逗号", '"引号,逗号"')
    path = tmp_path / "f.csv"
    path.write_bytes(text.encode(encoding))
    job = run(validate(city, path), "all")
    assert job.status == ImportStatus.DONE, job.message
    assert [r["code"] for r in WRITTEN] == ["F-1", "F-2"] and WRITTEN[1]["note"] == "引号,逗号"


def test_a_binary_file_named_csv_is_refused(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(BadFile, match="不是文本表格"):
        open_table(str(path), "f.csv")


def test_a_zip_over_the_unzipped_limit_is_refused_from_its_directory(settings, tmp_path):
    settings.IMPORT_MAX_UNZIPPED_MB = 1
    path = xlsx(tmp_path / "f.xlsx", [HEADERS] + [[f"F-{n}", "梨", n, "x" * 40] for n in range(20000)])
    with pytest.raises(BadFile, match="超过上限 1 MB"):
        open_table(str(path), "f.xlsx")


def test_a_zip_whose_header_understates_a_member_is_refused_without_inflating_it_all(tmp_path):
    path = tmp_path / "f.xlsx"
    payload = bytes(range(256)) * 8192  # 2 MB, compresses modestly
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", payload)
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    entry = next(m.start() for m in re.finditer(rb"PK\x01\x02", data) if data[m.start() + 46 : m.start() + 46 + len(name)] == name)
    struct.pack_into("<I", data, entry + 24, 1000)  # claim 1,000 bytes uncompressed
    path.write_bytes(bytes(data))
    with pytest.raises(BadFile, match="压缩数据与声明不符"):
        open_table(str(path), "f.xlsx")


def test_a_spec_name_that_does_not_exist_is_a_key_error():
    with pytest.raises(KeyError):
        get_spec("no-such-import")


def test_the_register_refuses_a_natural_key_that_is_not_a_column():
    class Broken(ImportSpec):
        name = "broken"
        natural_key = "nothing"
        columns = [ImportColumn("code", "编号")]

    with pytest.raises(ValueError):
        register(Broken)


def test_a_job_that_was_already_claimed_is_not_run_again(city, tmp_path):
    job = validate(city, xlsx(tmp_path / "f.xlsx", [HEADERS, ["F-1", "梨", "", ""]]))
    assert engine.validate_job(job.pk) is None  # not waiting for validation any more
    run(job, "valid")
    assert engine.import_job(job.pk) is None
    assert len(WRITTEN) == 1


def test_progress_is_written_beside_the_upload_while_a_pass_runs(city, tmp_path):
    seen = []
    path = xlsx(tmp_path / "f.xlsx", [HEADERS] + [[f"F-{n}", "梨", "", ""] for n in range(50)])
    with open(path, "rb") as handle:
        job = services.job_create(spec_name="test-fruits", org=city.town_a, acting_user=None, chunks=[handle.read()], original_name="f.xlsx")
    engine.validate_job(job.pk, progress=seen.append)
    assert seen[-1]["processed"] == 50 and seen[-1]["fraction"] == 1.0


def upload(city, path) -> ImportJob:
    with open(path, "rb") as handle:
        return services.job_create(spec_name="test-fruits", org=city.town_a, acting_user=None, chunks=[handle.read()], original_name=path.name)


def import_directly(job) -> ImportJob:
    assert services.job_import_directly(job=job, acting_user=None, enqueue=False)
    engine.import_job(job.pk)
    job.refresh_from_db()
    return job


def test_a_job_imported_directly_checks_every_row_and_writes_the_valid_ones_in_one_pass(city, tmp_path):
    rows = [HEADERS + ["产地"], ["F-1", "梨", "200", "", "慈溪"], ["F-2", "桃", "", "", ""], ["F-3", "苹果", "", "", ""], ["F-1", "梨", "", "", ""]]
    job = import_directly(upload(city, xlsx(tmp_path / "f.xlsx", rows)))
    assert job.status == ImportStatus.DONE and job.mode == "valid"
    assert (job.total_rows, job.valid_rows, job.invalid_rows, job.created_count) == (4, 2, 2, 2)
    assert [r["code"] for r in WRITTEN] == ["F-1", "F-3"] and job.unknown_headers == ["产地"]
    assert "2 行有错误未导入" in job.message and {item["row"] for item in job.error_sample} == {3, 5}
    errors = python_calamine.CalamineWorkbook.from_path(storage.error_path(job)).get_sheet_by_index(0).to_python()
    assert [row[0] for row in errors[1:]] == ["F-2", "F-1"] and "与第 2 行重复" in errors[2][-2]
    # A second click on the same upload starts nothing.
    assert not services.job_import_directly(job=job, acting_user=None, enqueue=False)


def test_a_job_imported_directly_refuses_a_bad_file_or_one_without_rows_and_writes_nothing(city, tmp_path):
    fake = tmp_path / "f.xlsx"
    fake.write_bytes(b"not a workbook at all")
    job = import_directly(upload(city, fake))
    assert job.status == ImportStatus.REJECTED and job.message.startswith("文件内容不是 Excel")
    job = import_directly(upload(city, xlsx(tmp_path / "h.xlsx", [HEADERS])))
    assert (job.status, job.message) == (ImportStatus.REJECTED, "表格只有表头，没有数据行")
    assert WRITTEN == [] and not services.can_retry(job)


def test_a_csv_imported_directly_over_the_row_limit_is_refused_before_any_batch_is_written(city, tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 4  # batches of two: without reading it through first, two would be written
    path = tmp_path / "f.csv"
    path.write_text("\n".join([",".join(HEADERS)] + [f"F-{n},梨,," for n in range(5)]), encoding="utf-8")
    job = import_directly(upload(city, path))
    assert (job.status, WRITTEN) == (ImportStatus.REJECTED, [])
    assert "超过单次导入上限 4 行" in job.message and "未写入任何数据" in job.message


def test_a_pass_turns_the_automatic_garbage_collector_off_and_on_again_even_when_it_fails(city, tmp_path, monkeypatch):
    during = []
    monkeypatch.setattr(FruitSpec, "validate_row", lambda self, values, state, seen: during.append(gc.isenabled()) or values)
    job = validate(city, xlsx(tmp_path / "f.xlsx", [HEADERS, ["F-1", "梨", "", ""]]))
    assert job.status == ImportStatus.VALIDATED and during == [False] and gc.isenabled()

    def broken(self, rows, state, job):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(FruitSpec, "write_batch", broken)
    job = run(job, "valid")
    assert job.status == ImportStatus.FAILED and gc.isenabled()


def test_reference_cycles_made_during_a_pass_are_collected_at_its_progress_writes(city, tmp_path, monkeypatch):
    class Cycle:
        def __init__(self):
            self.me = self

    made, alive_before_each_row = [], []

    def validate_row(self, values, state, seen):
        alive_before_each_row.append(sum(ref() is not None for ref in made))
        made.append(weakref.ref(Cycle()))
        return values

    monkeypatch.setattr(FruitSpec, "validate_row", validate_row)
    monkeypatch.setattr(engine, "PROGRESS_EVERY", 0)  # a progress write after every row
    validate(city, xlsx(tmp_path / "f.xlsx", [HEADERS] + [[f"F-{n}", "梨", "", ""] for n in range(20)]))
    assert alive_before_each_row == [0] * 20


def test_uploads_past_the_retention_period_are_deleted_and_their_jobs_kept(city, tmp_path):
    """The stored upload holds whole ID numbers: after the retention period the file and the
    error workbook go, the job's counts stay, and a job left waiting can no longer be started."""
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    from gonghui.core.imports import storage

    done = run(validate(city, xlsx(tmp_path / "old.xlsx", [HEADERS, ["F-1", "梨", "1", ""], ["", "桃", "重", ""]])), "valid")
    waiting = validate(city, xlsx(tmp_path / "waiting.xlsx", [HEADERS, ["F-2", "梨", "1", ""]]))
    recent = validate(city, xlsx(tmp_path / "recent.xlsx", [HEADERS, ["F-3", "梨", "1", ""]]))
    long_ago = timezone.now() - datetime.timedelta(days=40)
    ImportJob.objects.filter(pk__in=[done.pk, waiting.pk]).update(created_at=long_ago)
    ImportJob.objects.filter(pk=done.pk).update(finished_at=long_ago)
    assert done.has_error_file and storage.job_dir(done).exists()

    call_command("imports_purge", days=30, stdout=io.StringIO())

    done.refresh_from_db(), waiting.refresh_from_db(), recent.refresh_from_db()
    assert not storage.job_dir(done).exists() and not storage.job_dir(waiting).exists()
    assert done.status == ImportStatus.DONE and (done.total_rows, done.invalid_rows) == (2, 1) and not done.has_error_file
    assert waiting.status == ImportStatus.REJECTED and "重新上传" in waiting.message
    assert recent.status == ImportStatus.VALIDATED and os.path.exists(storage.source_path(recent))
