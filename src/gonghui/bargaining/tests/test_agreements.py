"""Collective contracts and wage agreements: what they cover, how the rates move, and every
kind of bad input refused with nothing half-saved."""

import datetime
import io

import pytest
import xlsxwriter
from django.core.exceptions import ValidationError

from gonghui.bargaining import indicators, services
from gonghui.bargaining.models import Agreement, AgreementEnterprise, Coverage
from gonghui.core.imports import engine
from gonghui.core.imports import services as import_services
from gonghui.core.indicators import Period

D = datetime.date


def wage(number, coverage, **extra):
    data = {"number": number, "kind": "wage", "coverage": coverage, "employer_party": "企业方代表", "signed_on": D(2012, 3, 1),
            "expires_on": D(2015, 2, 28), "workers_covered": 100}
    data.update(extra)
    return data


def test_a_single_enterprise_agreement_covers_its_own_enterprise_and_counts_once(city, clerk_a):
    enterprise = city.enterprises[0]
    services.agreement_create(acting_user=clerk_a, data=wage("A-1", Coverage.SINGLE, enterprise=enterprise))
    services.agreement_create(acting_user=clerk_a, data=wage("A-2", Coverage.SINGLE, enterprise=enterprise, kind="contract"))
    year = Period.year(2012)
    assert indicators.contract_enterprises_single(city.town_a, year) == 1
    assert indicators.wage_agreement_enterprises(city.town_a, year) == 1
    assert indicators.workers_covered(city.town_a, year) == enterprise.employee_count
    assert indicators.contract_enterprises_single(city.town_b, year) == 0
    agreement = Agreement.objects.get(number="A-1")
    assert agreement.org == enterprise.org and list(agreement.covered.values_list("enterprise", flat=True)) == [enterprise.pk]


def test_the_establishment_rate_shows_its_base_and_the_uncovered_list(city, clerk_a, industry_union):
    union, enterprises = industry_union
    year = Period.year(2012)
    before = indicators.establishment_rate(city.town_a, year)
    assert (before.numerator, before.denominator) == (0, 43)  # two single, one joint in the village tree, forty in the industry union
    assert "已建工会企业" in before.base
    services.agreement_create(acting_user=clerk_a, data=wage("HY-1", Coverage.INDUSTRY, org=union), enterprises=enterprises)
    after = indicators.establishment_rate(city.town_a, year)
    assert (after.numerator, after.denominator) == (40, 43)
    assert str(after) == "93.0%"
    uncovered = set(indicators.uncovered_enterprises(city.town_a, D(2012, 12, 31)).values_list("name", flat=True))
    assert uncovered == {"浒山街企业1", "浒山街企业2", "测试企业3"}
    assert indicators.contract_joint_unions(city.town_a, year) == 1
    assert indicators.industry_agreements_new(city.federation, year) == 1
    # An agreement out of force at the period's end does not count.
    assert indicators.establishment_rate(city.town_a, Period.year(2016)).numerator == 0


def test_an_agreement_covering_another_towns_enterprise_is_refused_and_nothing_is_saved(city, clerk_a):
    town_b_enterprise = city.enterprises[-1]
    with pytest.raises(ValidationError) as refused:
        services.agreement_create(acting_user=clerk_a, data=wage("QY-1", Coverage.REGIONAL, org=city.town_a), enterprises=[city.enterprises[0], town_b_enterprise])
    assert "不在您的管辖范围内" in str(refused.value)
    assert not Agreement.objects.exists() and not AgreementEnterprise.objects.exists()


def test_an_expiry_before_signing_is_refused(city, clerk_a):
    with pytest.raises(ValidationError) as refused:
        services.agreement_create(acting_user=clerk_a, data=wage("A-3", Coverage.SINGLE, enterprise=city.enterprises[0], expires_on=D(2011, 1, 1)))
    assert "到期日期" in refused.value.message_dict["expires_on"][0]
    assert not Agreement.objects.exists()


def test_an_enterprise_twice_in_the_same_agreement_is_refused(city, clerk_a):
    e = city.enterprises[0]
    with pytest.raises(ValidationError) as refused:
        services.agreement_create(acting_user=clerk_a, data=wage("QY-2", Coverage.REGIONAL, org=city.town_a), enterprises=[e, e])
    assert "重复" in str(refused.value)
    assert not Agreement.objects.exists()
    agreement = services.agreement_create(acting_user=clerk_a, data=wage("QY-3", Coverage.REGIONAL, org=city.town_a), enterprises=[e])
    with pytest.raises(ValidationError):
        services.agreement_cover(acting_user=clerk_a, agreement=agreement, enterprise=e)
    assert agreement.covered.count() == 1


def test_a_clerk_cannot_sign_for_another_towns_union_nor_a_joint_enterprise_alone(city, clerk_a):
    with pytest.raises(ValidationError):
        services.agreement_create(acting_user=clerk_a, data=wage("QY-4", Coverage.REGIONAL, org=city.town_b))
    joint = next(e for e in city.enterprises if e.formation == "joint")
    with pytest.raises(ValidationError) as refused:
        services.agreement_create(acting_user=clerk_a, data=wage("A-5", Coverage.SINGLE, enterprise=joint))
    assert "没有单建工会" in str(refused.value)


def test_filing_and_renewal_and_the_ninety_day_reminder(city, clerk_a):
    e = city.enterprises[0]
    old = services.agreement_create(acting_user=clerk_a, data=wage("A-6", Coverage.SINGLE, enterprise=e, signed_on=D(2009, 3, 1), expires_on=D(2012, 2, 29)))
    new = services.agreement_create(acting_user=clerk_a, data=wage("A-7", Coverage.SINGLE, enterprise=e, renews=old))
    with pytest.raises(ValidationError):
        services.agreement_file(acting_user=clerk_a, agreement=new, filed_on=D(2012, 1, 1), filing_number="X")
    services.agreement_file(acting_user=clerk_a, agreement=new, filed_on=D(2012, 3, 20), filing_number="慈劳备2012001")
    new.refresh_from_db()
    assert new.filed_on == D(2012, 3, 20) and list(old.renewals.all()) == [new]
    assert indicators.agreements_expiring(city.town_a, Period(D(2014, 12, 1), D(2014, 12, 31))) == 1
    assert indicators.agreements_expiring(city.town_a, Period(D(2014, 1, 1), D(2014, 1, 31))) == 0


def coverage_file(rows, headers=("协议编号", "统一社会信用代码", "企业名称")) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer)
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, headers)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


def run_import(user, org, content, mode="valid"):
    job = import_services.job_create(spec_name="bargaining-coverage", org=org, acting_user=user, chunks=[content], original_name="覆盖企业.xlsx")
    engine.validate_job(job.pk)
    job.refresh_from_db()
    if job.valid_rows and not (mode == "all" and job.invalid_rows):
        import_services.job_start(job=job, acting_user=user, mode=mode, enqueue=False)
        engine.import_job(job.pk)
    job.refresh_from_db()
    return job


def test_covered_enterprises_import_by_credit_code_refuses_strangers_and_repeats_and_reimports_idempotently(city, clerk_a, industry_union):
    union, enterprises = industry_union
    agreement = services.agreement_create(acting_user=clerk_a, data=wage("HY-2", Coverage.INDUSTRY, org=union))
    rows = [("HY-2", e.credit_code, e.name) for e in enterprises]
    stranger = city.enterprises[-1]  # town B's
    job = run_import(clerk_a, city.town_a, coverage_file(rows + [("HY-2", stranger.credit_code, ""), rows[0]]), mode="all")
    assert job.invalid_rows == 2 and job.status != "done"
    assert agreement.covered.count() == 0  # the file with bad rows writes nothing until they are fixed
    reasons = " ".join(str(e) for e in job.error_sample)
    assert "不在本次导入的范围内" in reasons and "重复" in reasons
    job = run_import(clerk_a, city.town_a, coverage_file(rows))
    assert (job.status, job.created_count) == ("done", 40)
    job = run_import(clerk_a, city.town_a, coverage_file(rows))
    assert (job.created_count, job.updated_count) == (0, 40)
    assert agreement.covered.count() == 40
    mixed = run_import(clerk_a, city.town_a, coverage_file([("HY-2", enterprises[0].credit_code, ""), ("NO-SUCH", enterprises[1].credit_code, "")]), mode="all")
    assert mixed.invalid_rows == 1 and "不存在" in str(mixed.error_sample)
