"""Enrolment: the federation's year and rules, a unit's worker list by Excel through the import
engine, payment and certificates, joiners and leavers."""

import datetime
import io

import pytest
import xlsxwriter
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.imports import engine, services as import_services
from gonghui.mutualaid import services
from gonghui.mutualaid.models import RuleVersion, SchemeYear, UnitEnrolment, WorkerEnrolment
from gonghui.mutualaid.tests.builders import RULES, federation_clerk, money
from gonghui.testing import id_number, member_data

HEADERS = ["身份证号", "姓名", "参保年度", "参保日期"]


def workbook(rows) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADERS)
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, row)
    book.close()
    return out.getvalue()


def run(user, org, content: bytes, mode="all", start=True):
    job = import_services.job_create(spec_name="mutualaid-workers", org=org, acting_user=user, chunks=[content], original_name="参保名单.xlsx")
    engine.validate_job(job.pk)
    job.refresh_from_db()
    if job.valid_rows and start:
        import_services.job_start(job=job, acting_user=user, mode=mode, enqueue=False)
        engine.import_job(job.pk)
    job.refresh_from_db()
    return job


@pytest.fixture
def union_members(aid):
    from gonghui.members import services as member_services

    union = aid.city.primaries[1]
    return union, [member_services.member_register(acting_user=aid.clerks["A"], org=union, data=member_data(800 + n, name=f"周名单{n}")) for n in range(5)]


def test_only_the_federation_sets_the_year_and_bad_rules_are_refused_by_field(aid):
    with pytest.raises(PermissionDenied):
        services.scheme_year_create(acting_user=aid.clerks["A"], year=2013, data=RULES)
    with pytest.raises(ValidationError) as caught:
        services.scheme_year_create(acting_user=federation_clerk(aid.city), year=2013, data={**RULES, "hospital_cap": "30000", "bands": [("", None, "1.5")]})
    assert "bands" in caught.value.message_dict and "overall_cap" not in caught.value.message_dict
    with pytest.raises(ValidationError, match="已设定"):
        services.scheme_year_create(acting_user=federation_clerk(aid.city), year=2012, data=RULES)
    assert not SchemeYear.objects.filter(year=2013).exists() and RuleVersion.objects.count() == 1


def test_a_unit_enrols_its_workers_by_excel_and_reimporting_changes_nothing(aid, union_members):
    union, members = union_members
    rows = [[id_number(800 + n), f"周名单{n}", "2012", "2011-12-15"] for n in range(5)]
    job = run(aid.clerks["A"], union, workbook(rows))
    assert (job.status, job.created_count, job.invalid_rows) == ("done", 5, 0)
    unit = UnitEnrolment.objects.get(org=union, scheme_year=aid.year)
    workers = WorkerEnrolment.objects.filter(unit=unit)
    assert workers.count() == 5 and all(w.covered_from == datetime.date(2012, 1, 1) for w in workers)
    again = run(aid.clerks["A"], union, workbook(rows))
    assert (again.created_count, again.updated_count) == (0, 5) and workers.count() == 5


def test_every_bad_row_is_named_and_nothing_is_written_while_any_is_wrong(aid, union_members):
    union, members = union_members
    rows = [
        [id_number(800), "周名单0", "2012", "2011-12-15"],
        [id_number(801), "别人", "2012", "2011-12-15"],  # name does not match
        [id_number(900), "无此人", "2012", "2011-12-15"],  # not a member of the unit
        [id_number(500), "陈互助", "2012", "2011-12-15"],  # a member of another union
        [id_number(802), "周名单2", "2019", "2011-12-15"],  # no such scheme year
    ]
    job = run(aid.clerks["A"], union, workbook(rows), start=False)
    assert (job.valid_rows, job.invalid_rows) == (1, 4)
    with pytest.raises(ValidationError, match="有 4 行错误"):
        import_services.job_start(job=job, acting_user=aid.clerks["A"], mode="all", enqueue=False)
    messages = " ".join(str(e) for e in job.error_sample)
    assert "姓名与会员登记不一致" in messages and "不是" in messages and "2019年度" in messages
    assert not WorkerEnrolment.objects.filter(org=union).exists()


def test_a_worker_enrolled_elsewhere_this_year_is_refused(aid):
    with pytest.raises(ValidationError, match="已参加2012年度"):
        services.worker_enrol(acting_user=aid.clerks["A"], unit=aid.unit, member=aid.members[0], enrolled_on=datetime.date(2012, 3, 1))


def test_payment_is_for_the_unpaid_workers_at_the_years_contribution(aid, union_members):
    union, members = union_members
    unit = services.unit_enrol(acting_user=aid.clerks["A"], scheme_year=aid.year, org=union, enrolled_on=datetime.date(2011, 12, 1))
    for m in members[:3]:
        services.worker_enrol(acting_user=aid.clerks["A"], unit=unit, member=m, enrolled_on=datetime.date(2011, 12, 1))
    payment = services.contribution_pay(acting_user=aid.clerks["A"], unit=unit, paid_on=datetime.date(2011, 12, 10))
    assert (payment.workers, payment.amount) == (3, money(108))
    with pytest.raises(ValidationError, match="没有待缴费"):
        services.contribution_pay(acting_user=aid.clerks["A"], unit=unit, paid_on=datetime.date(2011, 12, 11))
    joiner = services.worker_enrol(acting_user=aid.clerks["A"], unit=unit, member=members[3], enrolled_on=datetime.date(2012, 5, 1))
    assert joiner.covered_from == datetime.date(2012, 7, 30)
    assert services.contribution_pay(acting_user=aid.clerks["A"], unit=unit, paid_on=datetime.date(2012, 5, 2)).workers == 1


def test_a_unit_is_enrolled_once_a_year_and_only_in_the_clerks_subtree(aid):
    with pytest.raises(ValidationError, match="已参加2012年度"):
        services.unit_enrol(acting_user=aid.clerks["A"], scheme_year=aid.year, org=aid.unit.org, enrolled_on=datetime.date(2012, 1, 1))
    town_b_union = aid.city.primaries[2]
    with pytest.raises(ValidationError, match="不在您的管辖范围内"):
        services.unit_enrol(acting_user=aid.clerks["A"], scheme_year=aid.year, org=town_b_union, enrolled_on=datetime.date(2012, 1, 1))


def test_a_leaver_cannot_leave_twice_or_before_enrolling(aid):
    worker = aid.workers[1]
    with pytest.raises(ValidationError, match="退保日期"):
        services.worker_leave(acting_user=aid.clerks["A"], worker=worker, left_on=datetime.date(2011, 1, 1))
    services.worker_leave(acting_user=aid.clerks["A"], worker=worker, left_on=datetime.date(2012, 6, 30))
    with pytest.raises(ValidationError, match="已于 2012-06-30 退保"):
        services.worker_leave(acting_user=aid.clerks["A"], worker=worker, left_on=datetime.date(2012, 7, 30))
