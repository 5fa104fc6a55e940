"""An honour list from Excel, through the one import engine: every row checked as the form
checks it, a re-import updates and duplicates nothing, a bad row is reported in Chinese."""

import io

import pytest
import xlsxwriter

from gonghui.core.imports import engine, services as import_services
from gonghui.honours.models import Honour, HonourStatus, ModelWorker
from gonghui.testing import id_number

pytestmark = pytest.mark.django_db
HEADERS = ["证书编号", "荣誉类别", "级别", "年度", "授予日期", "授予机关", "获得者类型", "身份证号", "统一社会信用代码", "工会编码", "班组名称"]


def workbook(rows) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADERS)
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    return out.getvalue()


def run(user, org, content: bytes, mode="valid"):
    job = import_services.job_create(spec_name="honours", org=org, acting_user=user, chunks=[content], original_name="荣誉名单.xlsx")
    engine.validate_job(job.pk)
    job.refresh_from_db()
    if job.valid_rows:
        import_services.job_start(job=job, acting_user=user, mode=mode, enqueue=False)
        engine.import_job(job.pk)
    job.refresh_from_db()
    return job


def test_an_honour_list_imports_and_reimporting_it_adds_nothing(people):
    rows = [
        ["NB-2012-001", "五一劳动奖章", "宁波市级", "2012", "2012-04-26", "宁波市总工会", "个人", id_number(11), "", "", ""],
        ["NB-2012-002", "工人先锋号", "宁波市级", "2012", "2012-04-26", "宁波市总工会", "班组(团队)", "", "", people.union_a.code, "装配一班"],
        ["CX-2012-001", "劳动模范", "市级", "2012", "2012-04-28", "慈溪市人民政府", "个人", id_number(12), "", "", ""],
    ]
    job = run(people.clerk, people.city.federation, workbook(rows))
    assert (job.valid_rows, job.invalid_rows, job.created_count) == (3, 0, 3)
    assert Honour.objects.count() == 3
    assert Honour.objects.get(certificate_number="CX-2012-001").status == HonourStatus.PROPOSED
    assert not ModelWorker.objects.exists()
    again = run(people.clerk, people.city.federation, workbook(rows))
    assert (again.invalid_rows, again.created_count, again.updated_count) == (0, 0, 3) and Honour.objects.count() == 3


def test_a_row_outside_the_town_or_given_twice_is_reported_and_not_written(people):
    rows = [
        ["XS-2012-001", "劳动模范", "镇(街道)级", "2012", "2012-04-28", "浒山街道", "个人", id_number(12), "", "", ""],
        ["XS-2012-002", "劳动模范", "镇(街道)级", "2012", "2012-04-28", "浒山街道", "个人", id_number(11), "", "", ""],
        ["XS-2012-003", "劳动模范", "镇(街道)级", "2012", "2012-04-28", "浒山街道", "个人", id_number(11), "", "", ""],
    ]
    job = run(people.town_clerk, people.city.town_a, workbook(rows))
    assert (job.valid_rows, job.invalid_rows) == (1, 2)
    messages = str(job.error_sample)
    assert "不是您管辖范围内的在册会员" in messages and "同一荣誉" in messages
    assert list(Honour.objects.values_list("certificate_number", flat=True)) == ["XS-2012-002"]
