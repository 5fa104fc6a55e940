"""Union funds: dues by union and year against what is due, refused when they cannot be
right, never twice for one union and year, imported from Excel through the engine and
re-imported without duplicates; the unions behind; performance audits with findings and
rectification; the figures, the collection rate with its base."""

import datetime
import io
from decimal import Decimal

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from gonghui.core.imports import engine
from gonghui.core.imports import services as import_services
from gonghui.core.indicators import Period, Ratio
from gonghui.core.models import AuditEntry
from gonghui.core.roles import Role
from gonghui.finance import indicators, services
from gonghui.finance.models import AuditStatus, DuesRecord, FindingStatus
from gonghui.testing import login_as

YEAR = Period.year(2012)


@pytest.fixture
def people(city, make_user):
    return {"a": make_user(Role.CLERK, city.town_a, username="clerk-a"), "b": make_user(Role.CLERK, city.town_b, username="clerk-b"),
            "city": make_user(Role.CLERK, city.federation, username="clerk-city")}


def unions_of(city, town):
    return [p for p in city.primaries if p.path.startswith(town.path)]


def record(user, org, **data):
    values = {"year": 2012, "payroll": "1000000", "rate": "2", "collected": "20000"}
    values.update(data)
    return services.dues_record(acting_user=user, org=org, data=values)


def test_due_is_two_percent_of_payroll_and_the_rate_comes_with_its_base(city, people):
    full, part = unions_of(city, city.town_a)
    assert record(people["a"], full).due == Decimal("20000.00")
    record(people["a"], part, payroll="500000", collected="4000")
    rate = indicators.collection_rate(city.town_a, YEAR)
    assert isinstance(rate, Ratio) and (rate.numerator, rate.denominator) == (Decimal("24000.00"), Decimal("30000.00"))
    assert rate.percent == Decimal("80.0") and "应收" in rate.base
    assert indicators.dues_due(city.federation, YEAR) == Decimal("30000.00")
    assert indicators.dues_collected(city.town_b, YEAR) == 0
    assert indicators.unions_behind(city.town_a, YEAR) == 1
    assert indicators.collection_rate(city.town_b, YEAR).percent is None


@pytest.mark.parametrize("field, value, words", [
    ("collected", "2000000", "超过工资总额"),
    ("collected", "45000", "超过应收"),
    ("collected", "-1", "不能为负数"),
    ("payroll", "abc", "不是金额"),
    ("rate", "0", "须大于 0"),
    ("year", "2099", "年度须为"),
])
def test_figures_that_cannot_be_right_are_refused_by_field(city, people, field, value, words):
    written = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        record(people["a"], unions_of(city, city.town_a)[0], **{field: value})
    assert words in " ".join(refused.value.message_dict[field])
    assert not DuesRecord.objects.exists() and AuditEntry.objects.count() == written


def test_a_union_has_one_dues_row_a_year_and_another_towns_union_is_refused(city, people):
    union = unions_of(city, city.town_a)[0]
    record(people["a"], union)
    with pytest.raises(ValidationError) as refused:
        record(people["a"], union, collected="10000")
    assert "已登记" in refused.value.message_dict["year"][0]
    with pytest.raises(ValidationError):
        record(people["a"], unions_of(city, city.town_b)[0])
    assert DuesRecord.objects.count() == 1


def test_a_correction_recomputes_due_and_is_audited(city, people):
    dues = record(people["a"], unions_of(city, city.town_a)[0], collected="10000")
    services.dues_update(acting_user=people["a"], dues=dues, data={"payroll": "800000", "rate": "2", "collected": "16000"})
    dues.refresh_from_db()
    assert (dues.due, dues.collected, dues.behind) == (Decimal("16000.00"), Decimal("16000.00"), False)
    assert AuditEntry.objects.filter(object_type="finance.duesrecord", action="update").exists()


def workbook(rows) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["工会编码", "年度", "工资总额(元)", "拨缴比例(%)", "实收(元)"])
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    return out.getvalue()


def run(user, org, content, mode="valid"):
    job = import_services.job_create(spec_name="dues", org=org, acting_user=user, chunks=[content], original_name="经费.xlsx")
    engine.validate_job(job.pk)
    job.refresh_from_db()
    if job.valid_rows:
        import_services.job_start(job=job, acting_user=user, mode=mode, enqueue=False)
        engine.import_job(job.pk)
    job.refresh_from_db()
    return job


def test_dues_import_by_union_code_and_year_refuses_bad_rows_and_reimports_without_duplicates(city, people):
    first, second = unions_of(city, city.town_a)
    other_town = unions_of(city, city.town_b)[0]
    rows = [
        [first.code, "2012年", "1000000", "2", "20000"],
        [second.code, 2012, 600000, "", 9000],
        [other_town.code, 2012, 100000, 2, 2000],  # not in town A
        [first.code, 2012, 1000000, 2, 1],  # the same union twice
        [city.villages[0].code, 2012, 300000, 2, 900000],  # collected > payroll
    ]
    checked = import_services.job_create(spec_name="dues", org=city.town_a, acting_user=people["a"], chunks=[workbook(rows)], original_name="经费.xlsx")
    engine.validate_job(checked.pk)
    checked.refresh_from_db()
    assert (checked.valid_rows, checked.invalid_rows) == (2, 3)
    with pytest.raises(ValidationError):  # all-or-nothing is refused while a row is wrong
        import_services.job_start(job=checked, acting_user=people["a"], mode="all", enqueue=False)
    assert not DuesRecord.objects.exists()  # checking wrote nothing
    job = run(people["a"], city.town_a, workbook(rows))
    assert (job.created_count, job.invalid_rows) == (2, 3)
    assert DuesRecord.objects.get(org=second).due == Decimal("12000.00")
    rows[1][4] = 12000
    again = run(people["a"], city.town_a, workbook(rows[:2]))
    assert (again.created_count, again.updated_count) == (0, 2)
    assert DuesRecord.objects.count() == 2 and DuesRecord.objects.get(org=second).collected == Decimal("12000.00")


def test_the_behind_list_shows_only_unions_that_paid_less(city, people):
    full, part = unions_of(city, city.town_a)
    record(people["a"], full)
    record(people["a"], part, collected="5000")
    client = login_as(Client(), people["a"])
    page = client.get(reverse("finance:dues-behind")).content.decode()
    assert part.name in page and full.name not in page and "欠缴" in page
    export = client.get(reverse("finance:dues-list") + "?export=xlsx")
    assert export.status_code == 200 and "spreadsheetml" in export["Content-Type"]


def test_an_audit_with_findings_closes_when_its_report_is_out_and_all_are_rectified(city, people):
    union = unions_of(city, city.town_a)[0]
    funds_audit = services.funds_audit_open(acting_user=people["a"], org=union, data={
        "fiscal_year": 2011, "started_on": datetime.date(2012, 4, 1), "auditors": "张三、李四", "funds_audited": "300000"})
    one = services.finding_add(acting_user=people["a"], funds_audit=funds_audit, description="票据不规范", amount="1200")
    two = services.finding_add(acting_user=people["a"], funds_audit=funds_audit, description="预算执行率低", amount=None)
    with pytest.raises(ValidationError):
        services.funds_audit_open(acting_user=people["a"], org=union, data={"fiscal_year": 2011, "started_on": datetime.date(2012, 5, 1), "auditors": "王五"})
    services.funds_audit_report(acting_user=people["a"], funds_audit=funds_audit, reported_on=datetime.date(2012, 5, 10), conclusion="基本规范")
    with pytest.raises(ValidationError) as refused:
        services.finding_rectify(acting_user=people["a"], finding=one, status=FindingStatus.RECTIFIED, measure="已更换票据", rectified_on=None)
    assert "整改完成日期" in refused.value.message_dict["rectified_on"][0]
    services.finding_rectify(acting_user=people["a"], finding=one, status=FindingStatus.RECTIFIED, measure="已更换票据", rectified_on=datetime.date(2012, 6, 1))
    funds_audit.refresh_from_db()
    assert funds_audit.status == AuditStatus.REPORTED
    assert indicators.findings_rectification_rate(city.federation, YEAR).percent == Decimal("50.0")
    services.finding_rectify(acting_user=people["a"], finding=two, status=FindingStatus.RECTIFIED, measure="已调整预算", rectified_on=datetime.date(2012, 6, 2))
    funds_audit.refresh_from_db()
    assert funds_audit.status == AuditStatus.CLOSED
    assert (indicators.audits(city.town_a, YEAR), indicators.audit_findings(city.town_a, YEAR), indicators.audits(city.town_b, YEAR)) == (1, 2, 0)


def test_the_audit_pages_open_for_the_union_and_refuse_a_finding_without_text(city, people):
    union = unions_of(city, city.town_a)[0]
    funds_audit = services.funds_audit_open(acting_user=people["a"], org=union, data={
        "fiscal_year": 2011, "started_on": datetime.date(2012, 4, 1), "auditors": "张三", "funds_audited": "0"})
    client = login_as(Client(), people["a"])
    url = reverse("finance:audit-detail", args=[funds_audit.pk])
    response = client.post(url, {"action": "finding", "finding-description": "", "finding-amount": "-5"})
    assert response.status_code == 200 and "此项不能为空" in response.content.decode()
    assert not funds_audit.findings.exists()
    assert client.post(url, {"action": "finding", "finding-description": "账务处理不及时", "finding-amount": "0"}).status_code == 302
    assert client.get(reverse("finance:audit-list")).status_code == 200
