"""Cases: registration, the way down to a point and back up, conclusion, return visit, and
every kind of bad input refused with nothing half-saved."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.models import AuditEntry
from gonghui.service import selectors, services
from gonghui.service.models import Case, CaseStatus, CaseStep, CaseWorker
from gonghui.service.tests.conftest import case_data
from gonghui.service.workdays import add_working_days, working_days_between


def register(world, t="A", **extra):
    return services.case_register(acting_user=world.clerks[t], data=case_data(**extra), workers=[("周来电", None)])


def conclude(clerk, case, amount="5000"):
    return services.case_conclude(acting_user=clerk, case=case, outcome="resolved", amount_recovered=amount, conclusion="企业已补发工资",
                                  concluded_on=datetime.date(2012, 5, 15), satisfaction="satisfied")


def test_a_registered_case_gets_a_number_a_due_date_in_working_days_and_a_logged_first_step(world):
    case = register(world)
    assert case.number == f"FW2012{case.pk:06d}"
    assert case.status == CaseStatus.REGISTERED and case.org == world.town("A")
    # Received on a Monday with a 7-working-day limit: due the Wednesday of the next week.
    assert case.due_on == datetime.date(2012, 5, 16) == add_working_days(datetime.date(2012, 5, 7), 7)
    step = case.steps.get()
    assert (step.kind, step.actor, step.reason) == ("register", world.clerks["A"], "来电登记")
    assert str(case.reporter_phone) != "13905741234" and case.reporter_phone.reveal() == "13905741234"
    assert CaseWorker.objects.filter(case=case).count() == 1
    assert AuditEntry.objects.filter(object_type="service.case", object_id=str(case.pk)).exists()


def test_working_days_skip_weekends():
    friday = datetime.date(2012, 5, 11)
    assert add_working_days(friday, 1) == datetime.date(2012, 5, 14)
    assert working_days_between(friday, datetime.date(2012, 5, 14)) == 1
    assert working_days_between(friday, datetime.date(2012, 5, 25)) == 10
    assert working_days_between(friday, friday) == 0


def test_a_case_goes_down_to_a_point_is_handled_there_concluded_and_visited(world):
    case = register(world)
    case = services.case_assign(acting_user=world.clerks["A"], case=case, to_org=world.villages["A"], reason="属地处理")
    assert case.status == CaseStatus.ASSIGNED and case.org == world.villages["A"]
    point_clerk = world.village_clerks["A"]
    case = services.case_accept(acting_user=point_clerk, case=selectors.case_get(point_clerk, case.pk))
    case = conclude(point_clerk, case)
    assert case.status == CaseStatus.CONCLUDED and case.amount_recovered == Decimal("5000.00")
    case = services.case_visit(acting_user=world.clerks["A"], case=case, visited_on=datetime.date(2012, 5, 20), satisfaction="satisfied")
    assert case.status == CaseStatus.VISITED
    kinds = list(case.steps.values_list("kind", flat=True))
    assert kinds == ["register", "assign", "accept", "conclude", "visit"]
    assign = case.steps.get(kind="assign")
    assert (assign.from_org, assign.to_org, assign.reason) == (world.town("A"), world.villages["A"], "属地处理")


def test_a_case_referred_up_goes_to_the_level_above_which_sees_it_and_the_point_no_longer_does(world):
    case = register(world)
    case = services.case_assign(acting_user=world.clerks["A"], case=case, to_org=world.villages["A"])
    point_clerk = world.village_clerks["A"]
    with pytest.raises(ValidationError, match="理由"):
        services.case_refer(acting_user=point_clerk, case=case, reason=" ")
    case = services.case_refer(acting_user=point_clerk, case=case, reason="涉及跨村企业，需镇里协调")
    assert case.org == world.town("A") and case.status == CaseStatus.REGISTERED
    assert not selectors.cases(point_clerk).filter(pk=case.pk).exists()
    assert selectors.cases(world.clerks["A"]).filter(pk=case.pk).exists()


def test_a_case_cannot_be_assigned_outside_the_actors_subtree_or_to_a_node_not_in_the_network(world):
    case = register(world)
    with pytest.raises(ValidationError) as refused:
        services.case_assign(acting_user=world.clerks["A"], case=case, to_org=world.villages["B"])
    assert "下级" in str(refused.value)
    primary = next(p for p in world.city.primaries if p.path.startswith(world.town("A").path))
    with pytest.raises(ValidationError, match="不是职工服务站或服务点"):
        services.case_assign(acting_user=world.clerks["A"], case=case, to_org=primary)
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED and case.steps.count() == 1


def test_a_town_clerk_cannot_move_another_towns_case(world):
    case = register(world, "B")
    with pytest.raises(PermissionDenied):
        services.case_assign(acting_user=world.clerks["A"], case=case, to_org=world.villages["A"])
    with pytest.raises(PermissionDenied):
        conclude(world.clerks["A"], case)


@pytest.mark.parametrize("step", ["conclude", "accept", "visit"])
def test_a_status_jump_that_skips_a_step_is_refused_and_nothing_is_written(world, step):
    case = register(world)
    steps, audit = CaseStep.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        if step == "conclude":
            conclude(world.clerks["A"], case)
        elif step == "accept":
            services.case_accept(acting_user=world.clerks["A"], case=case)
        else:
            services.case_visit(acting_user=world.clerks["A"], case=case, visited_on=datetime.date(2012, 6, 1), satisfaction="satisfied")
    assert "须先" in str(refused.value) and "已登记" in str(refused.value)
    case.refresh_from_db()
    assert case.status == CaseStatus.REGISTERED and case.concluded_on is None
    assert (CaseStep.objects.count(), AuditEntry.objects.count()) == (steps, audit)


@pytest.mark.parametrize("field,value,message", [
    ("amount_involved", "-100", "涉及金额不能为负数"),
    ("amount_involved", "abc", "涉及金额应为数字"),
    ("workers_count", 0, "涉及职工人数至少为1"),
    ("reporter_name", "", "请填写反映人姓名"),
    ("reporter_phone", "12345", "联系电话应为"),
    ("channel", "fax", "请选择来源渠道"),
    ("received_on", datetime.date(2099, 1, 1), "不能晚于今天"),
    ("description", "  ", "请填写反映内容"),
])
def test_bad_input_at_registration_is_refused_naming_the_field_and_nothing_is_saved(world, field, value, message):
    with pytest.raises(ValidationError) as refused:
        register(world, **{field: value})
    assert field in refused.value.message_dict
    assert message in " ".join(refused.value.message_dict[field])
    assert not Case.objects.exists() and not CaseWorker.objects.exists()


def test_an_anonymous_case_needs_no_name_and_keeps_none(world):
    case = register(world, anonymous=True, reporter_name="不应保存", reporter_phone="")
    assert case.reporter_name == "" and case.reporter_display == "匿名"


def test_a_negative_amount_recovered_is_refused_and_the_case_stays_in_progress(world):
    case = register(world)
    case = services.case_assign(acting_user=world.clerks["A"], case=case, to_org=world.town("A"))
    case = services.case_accept(acting_user=world.clerks["A"], case=case)
    with pytest.raises(ValidationError) as refused:
        conclude(world.clerks["A"], case, amount="-1")
    assert "挽回金额不能为负数" in refused.value.message_dict["amount_recovered"][0]
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS and case.amount_recovered is None


def test_two_clerks_concluding_the_same_case_one_wins_the_other_is_refused(world):
    """Each clerk opened the case page while it was in progress; the second submit finds it concluded."""
    case = register(world)
    services.case_assign(acting_user=world.clerks["A"], case=case, to_org=world.villages["A"])
    services.case_accept(acting_user=world.village_clerks["A"], case=case)
    seen_by_point = selectors.case_get(world.village_clerks["A"], case.pk)
    seen_by_town = selectors.case_get(world.clerks["A"], case.pk)
    conclude(world.village_clerks["A"], seen_by_point, amount="5000")
    with pytest.raises(ValidationError, match="须先"):
        conclude(world.clerks["A"], seen_by_town, amount="9999")
    case.refresh_from_db()
    assert case.amount_recovered == Decimal("5000.00")
    assert case.steps.filter(kind="conclude").count() == 1


def test_the_overdue_list_shows_open_cases_past_their_limit_only(world):
    late = register(world, received_on=datetime.date(2012, 5, 7))
    fresh = register(world, received_on=datetime.date(2012, 5, 15))
    today = datetime.date(2012, 5, 18)
    overdue = list(selectors.overdue_cases(world.clerks["A"], today=today))
    assert overdue == [late]
    assert fresh not in overdue
    assert list(selectors.overdue_cases(world.clerks["B"], today=today)) == []


def test_a_changed_time_limit_applies_to_cases_registered_after(world):
    before = register(world)
    services.time_limit_set(acting_user=world.city_clerk, category="wage_arrears", working_days=3)
    after = register(world)
    assert before.due_on == datetime.date(2012, 5, 16) and after.due_on == datetime.date(2012, 5, 10)
    with pytest.raises(PermissionDenied):
        services.time_limit_set(acting_user=world.clerks["A"], category="wage_arrears", working_days=5)
    with pytest.raises(ValidationError, match="1至90"):
        services.time_limit_set(acting_user=world.city_clerk, category="wage_arrears", working_days=0)


def test_a_worker_named_must_be_a_member_of_the_actors_subtree(world):
    from gonghui.members import services as member_services
    from gonghui.testing import member_data

    primary_b = next(p for p in world.city.primaries if p.path.startswith(world.town("B").path))
    member_b = member_services.member_register(acting_user=world.clerks["B"], org=primary_b, data=member_data(7, name="观海会员"))
    with pytest.raises(ValidationError) as refused:
        services.case_register(acting_user=world.clerks["A"], data=case_data(), workers=[("观海会员", member_b)])
    assert "workers" in refused.value.message_dict
    assert not Case.objects.exists()
