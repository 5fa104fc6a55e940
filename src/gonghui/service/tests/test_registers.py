"""The network, lawyers, early warning and recuperation: what each refuses, and what their
figures count."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.indicators import Period
from gonghui.service import indicators, selectors, services
from gonghui.service.models import LawyerActivity, RecuperationCertificate, RecuperationGroup, RiskEnterprise, ServiceSite
from gonghui.service.tests.conftest import case_data

YEAR = Period.year(2012)
D = datetime.date


def test_the_network_is_counted_by_tier_and_a_tier_must_fit_the_level(world):
    assert indicators.stations(world.city.federation, YEAR) == 2
    assert indicators.points(world.city.federation, YEAR) == 4
    assert indicators.points(world.town("A"), YEAR) == 2
    assert indicators.points(world.city.federation, Period.year(2011)) == 0  # points set up in March 2012
    primary = world.city.primaries[0]
    with pytest.raises(ValidationError, match="职工服务站只能设在镇"):
        services.site_mark(acting_user=world.city_clerk, org=primary, data={"tier": "station", "name": "错站", "established_on": D(2012, 1, 1)})
    with pytest.raises(ValidationError, match="已经是服务网点"):
        services.site_mark(acting_user=world.city_clerk, org=world.villages["A"], data={"tier": "point", "name": "重复", "established_on": D(2012, 1, 1)})
    with pytest.raises(ValidationError, match="本级及下级"):
        services.site_mark(acting_user=world.clerks["A"], org=world.city.primaries[-1], data={"tier": "point", "name": "越界", "established_on": D(2012, 1, 1)})
    assert ServiceSite.objects.count() == 7


def test_a_town_clerk_sees_the_directory_of_their_town_only(world):
    names = set(selectors.sites(world.clerks["A"]).values_list("name", flat=True))
    assert any("浒山" in n for n in names) and not any("观海卫" in n for n in names)


def _pairing(world, t="A"):
    firm = services.firm_create(acting_user=world.city_clerk, data={"name": "慈溪某某律师事务所"}) if not hasattr(world, "firm") else world.firm
    world.firm = firm
    lawyer = services.lawyer_create(acting_user=world.city_clerk, firm=firm, data={"name": f"律师{t}", "license_number": f"1330220121000000{1 if t == 'A' else 2}"})
    assert lawyer in selectors.lawyers_for(world.clerks[t])  # a firm recorded above is offered below
    return services.pairing_create(acting_user=world.clerks[t], lawyer=lawyer, org=world.town(t), data={"started_on": D(2012, 1, 5)})


def test_lawyer_activities_make_the_reports_three_figures(world):
    pairing = _pairing(world)
    enterprises = [e for e in world.city.enterprises if e.org.path.startswith(world.town("A").path)]
    for enterprise in (enterprises[0], enterprises[0], enterprises[1]):
        services.activity_record(acting_user=world.clerks["A"], pairing=pairing, data={"kind": "rules_review", "held_on": D(2012, 3, 1), "enterprise": enterprise, "subject": "审查劳动规章", "attendees": 0})
    for kind in ("lecture", "consultation", "legal_aid"):
        services.activity_record(acting_user=world.clerks["A"], pairing=pairing, data={"kind": kind, "held_on": D(2012, 4, 1), "subject": "活动", "attendees": 30})
    root = world.city.federation
    assert indicators.lawyer_rules_reviewed(root, YEAR) == 2  # the same enterprise twice counts once
    assert indicators.lawyer_lectures(root, YEAR) == 2
    assert indicators.legal_aid(root, YEAR) == 1
    assert indicators.legal_aid(world.town("B"), YEAR) == 0


def test_a_rules_review_needs_an_enterprise_and_an_activity_must_fall_in_the_pairing(world):
    pairing = _pairing(world)
    with pytest.raises(ValidationError, match="须写明企业"):
        services.activity_record(acting_user=world.clerks["A"], pairing=pairing, data={"kind": "rules_review", "held_on": D(2012, 3, 1), "enterprise": None, "subject": "x", "attendees": 0})
    with pytest.raises(ValidationError, match="结对期内"):
        services.activity_record(acting_user=world.clerks["A"], pairing=pairing, data={"kind": "lecture", "held_on": D(2011, 3, 1), "subject": "x", "attendees": 0})
    with pytest.raises(PermissionDenied):
        services.activity_record(acting_user=world.clerks["B"], pairing=pairing, data={"kind": "lecture", "held_on": D(2012, 3, 1), "subject": "x", "attendees": 0})
    assert not LawyerActivity.objects.exists()


def test_an_enterprise_at_risk_is_watched_once_and_handled_until_lifted(world):
    enterprise = next(e for e in world.city.enterprises if e.org.path.startswith(world.town("A").path))
    data = {"sign": "wage_arrears", "level": 2, "identified_on": D(2012, 6, 1), "workers_affected": 40}
    warning = services.warning_create(acting_user=world.clerks["A"], enterprise=enterprise, data=data)
    with pytest.raises(ValidationError, match="已在预警监控中"):
        services.warning_create(acting_user=world.clerks["A"], enterprise=enterprise, data=data)
    services.warning_handle(acting_user=world.clerks["A"], warning=warning, data={"handled_on": D(2012, 6, 2), "action": "约谈业主", "level": 3})
    services.warning_handle(acting_user=world.clerks["A"], warning=warning, data={"handled_on": D(2012, 6, 9), "action": "工资已发放", "close": True})
    warning.refresh_from_db()
    assert (warning.level, warning.status, warning.closed_on) == (3, "closed", D(2012, 6, 9))
    with pytest.raises(ValidationError, match="已解除"):
        services.warning_handle(acting_user=world.clerks["A"], warning=warning, data={"handled_on": D(2012, 6, 10), "action": "再记"})
    assert warning.handlings.count() == 2
    assert indicators.risk_enterprises(world.city.federation, YEAR) == 1
    with pytest.raises(ValidationError, match="本级及下级"):
        services.warning_create(acting_user=world.clerks["B"], enterprise=enterprise, data={**data, "identified_on": D(2012, 7, 1)})
    assert RiskEnterprise.objects.count() == 1


def test_a_collective_incident_records_its_emergency_steps(world):
    incident = services.incident_create(acting_user=world.clerks["A"], org=world.villages["A"], data={"occurred_on": D(2012, 8, 1), "workers_count": 35, "cause": "欠薪聚集"})
    services.incident_step_add(acting_user=world.clerks["A"], incident=incident, data={"step": "启动应急预案，镇工会到场"})
    services.incident_step_add(acting_user=world.clerks["A"], incident=incident, data={"step": "协调垫付工资", "resolved_on": D(2012, 8, 2)})
    with pytest.raises(ValidationError, match="已平息"):
        services.incident_step_add(acting_user=world.clerks["A"], incident=incident, data={"step": "又一步"})
    assert incident.steps.count() == 2 and indicators.collective_incidents(world.city.federation, YEAR) == 1
    with pytest.raises(ValidationError, match="至少为1|不小于1"):
        services.incident_create(acting_user=world.clerks["A"], org=world.villages["A"], data={"occurred_on": D(2012, 8, 1), "workers_count": 0, "cause": "x"})


def test_a_recuperation_group_needs_its_permit_before_certificates_and_each_is_counted(world):
    group = services.group_create(acting_user=world.village_clerks["A"], org=world.villages["A"],
                                  data={"name": "一村劳模休养团", "destination": "杭州千岛湖", "start_on": D(2012, 9, 10), "end_on": D(2012, 9, 14)})
    with pytest.raises(ValidationError, match="须先领取许可证"):
        services.certificate_add(acting_user=world.village_clerks["A"], group=group, data={"name": "休养人甲", "issued_on": D(2012, 9, 1)})
    with pytest.raises(PermissionDenied):  # permits come from the town or the city
        services.permit_issue(acting_user=world.village_clerks["A"], group=group, data={"permit_number": "XY2012-001", "permit_issued_on": D(2012, 9, 1)})
    services.permit_issue(acting_user=world.clerks["A"], group=group, data={"permit_number": "XY2012-001", "permit_issued_on": D(2012, 9, 1)})
    with pytest.raises(ValidationError, match="已领取许可证|已被使用"):
        services.permit_issue(acting_user=world.clerks["A"], group=group, data={"permit_number": "XY2012-002", "permit_issued_on": D(2012, 9, 1)})
    for name in ("休养人甲", "休养人乙"):
        services.certificate_add(acting_user=world.village_clerks["A"], group=group, data={"name": name, "issued_on": D(2012, 9, 5)})
    assert list(RecuperationCertificate.objects.values_list("number", flat=True)) == ["XY2012-001-001", "XY2012-001-002"]
    root = world.city.federation
    assert (indicators.recuperation_groups(root, YEAR), indicators.recuperation_permits(root, YEAR), indicators.recuperation_certificates(root, YEAR)) == (1, 1, 2)
    with pytest.raises(ValidationError, match="返回日期不能早于出发日期"):
        services.group_create(acting_user=world.clerks["A"], org=world.town("A"), data={"name": "x", "destination": "y", "start_on": D(2012, 9, 10), "end_on": D(2012, 9, 1)})
    assert RecuperationGroup.objects.count() == 1


def test_case_figures_count_received_workers_amounts_recovery_handling_time_and_overdue(world):
    clerk = world.clerks["A"]
    first = services.case_register(acting_user=clerk, data=case_data(workers_count=3, amount_involved="10000", channel="visit"))
    services.case_register(acting_user=clerk, data=case_data(workers_count=1, amount_involved="2500.50", category="dismissal"))
    services.case_register(acting_user=world.clerks["B"], data=case_data(workers_count=5, amount_involved="1000"))
    services.case_assign(acting_user=clerk, case=first, to_org=world.villages["A"])
    services.case_accept(acting_user=world.village_clerks["A"], case=first)
    services.case_conclude(acting_user=world.village_clerks["A"], case=first, outcome="mediated", amount_recovered="6000", conclusion="调解",
                           concluded_on=D(2012, 5, 21))  # 10 working days after 7 May: past the 7-day limit
    root, town_a = world.city.federation, world.town("A")
    assert (indicators.cases(root, YEAR), indicators.workers_involved(root, YEAR), indicators.amount_involved(root, YEAR)) == (3, 9, Decimal("13500.50"))
    assert (indicators.cases(town_a, YEAR), indicators.workers_involved(town_a, YEAR)) == (2, 4)
    assert indicators.amount_recovered(root, YEAR) == Decimal("6000.00")
    assert indicators.handling_days_avg(root, YEAR) == Decimal("10.0")
    from gonghui.core.indicators import REGISTRY

    assert dict(REGISTRY["service.cases"].breakdown(root, YEAR))["来访"] == 1
    assert dict(REGISTRY["service.cases_by_town"].breakdown(root, YEAR)) == {town_a.name: 2, world.town("B").name: 1}
    overdue = indicators.cases_overdue(root, YEAR)
    assert (overdue.numerator, overdue.denominator) == (3, 3)  # one concluded late, two never concluded in 2012


def test_a_list_of_certificates_imports_from_excel_and_reimports_without_duplicates(world):
    import io

    import xlsxwriter

    from gonghui.core.imports import engine
    from gonghui.core.imports import services as import_services

    clerk = world.clerks["A"]
    group = services.group_create(acting_user=clerk, org=world.town("A"), data={"name": "浒山休养团", "destination": "千岛湖", "start_on": D(2012, 9, 10), "end_on": D(2012, 9, 14)})
    services.permit_issue(acting_user=clerk, group=group, data={"permit_number": "XY2012-0009", "permit_issued_on": D(2012, 9, 1)})

    def run(rows):
        out = io.BytesIO()
        book = xlsxwriter.Workbook(out, {"in_memory": True})
        sheet = book.add_worksheet()
        sheet.write_row(0, 0, ["许可证号", "休养证号", "姓名", "身份证号", "发证日期"])
        for i, row in enumerate(rows, start=1):
            sheet.write_row(i, 0, row)
        book.close()
        job = import_services.job_create(spec_name="recuperation-certificates", org=world.town("A"), acting_user=clerk, chunks=[out.getvalue()], original_name="休养证.xlsx")
        engine.validate_job(job.pk)
        job.refresh_from_db()
        if job.valid_rows:
            import_services.job_start(job=job, acting_user=clerk, mode="valid", enqueue=False)
            engine.import_job(job.pk)
        job.refresh_from_db()
        return job

    rows = [["XY2012-0009", f"XY2012-0009-{i:03d}", f"休养人{i}", "", "2012-09-05"] for i in range(1, 4)]
    bad = [["XY2099-0001", "XY2099-0001-001", "无团队", "", "2012-09-05"], ["XY2012-0009", "XX-1", "错号", "", "2012-09-05"],
           ["XY2012-0009", "XY2012-0009-009", "早发", "", "2012-08-01"]]
    job = run(rows + bad)
    assert (job.created_count, job.invalid_rows) == (3, 3)
    again = run(rows)
    assert (again.created_count, again.updated_count) == (0, 3)
    assert group.certificates.count() == 3
    assert indicators.recuperation_certificates(world.city.federation, YEAR) == 3
