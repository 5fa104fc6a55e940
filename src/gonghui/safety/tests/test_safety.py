"""Labour protection: inspectors in office by level, Ankang Cup honours, and enterprises under
classified management; refusals in Chinese, nothing half-saved, nothing of another town."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from gonghui.core.indicators import REGISTRY, Period
from gonghui.core.roles import Role
from gonghui.safety import indicators, services  # noqa: F401  (registers the figures)
from gonghui.safety.models import AnkangHonour, ClassifiedManagement, SafetyInspector
from gonghui.testing import id_number, login_as, member_data

pytestmark = pytest.mark.django_db
YEAR = Period.year(2012)
DAY = datetime.date(2012, 6, 1)


@pytest.fixture
def safety(city, make_user):
    from gonghui.members import services as member_services

    ns = type("Safety", (), {})()
    ns.city = city
    ns.clerk = make_user(Role.CLERK, city.federation, username="city-clerk")
    ns.town_clerk = make_user(Role.CLERK, city.town_a, username="town-a-clerk")
    union_a = next(p for p in city.primaries if p.path.startswith(city.town_a.path))
    union_b = next(p for p in city.primaries if p.path.startswith(city.town_b.path))
    ns.union_a = union_a
    member_services.member_register(acting_user=ns.clerk, org=union_a, data=member_data(21, name="施浒安"))
    member_services.member_register(acting_user=ns.clerk, org=union_b, data=member_data(22, name="俞观安"))
    ns.enterprise_a = next(e for e in city.enterprises if e.org.path.startswith(city.town_a.path))
    ns.enterprise_b = next(e for e in city.enterprises if e.org.path.startswith(city.town_b.path))
    return ns


def figure(code, org, period=YEAR):
    return REGISTRY[f"safety.{code}"].value(org, period)


def test_inspectors_are_counted_while_in_office_at_the_years_end(safety):
    inspector = services.inspector_appoint(acting_user=safety.clerk, id_number=id_number(21), level="city", appointed_on=DAY)
    services.inspector_appoint(acting_user=safety.clerk, id_number=id_number(21), level="ningbo", appointed_on=DAY)
    with pytest.raises(ValidationError, match="不能重复聘任"):
        services.inspector_appoint(acting_user=safety.clerk, id_number=id_number(21), level="city", appointed_on=DAY)
    root = safety.city.federation
    assert (figure("inspectors_city", root), figure("inspectors_ningbo", root), figure("inspectors_provincial", root)) == (1, 1, 0)
    services.inspector_end(acting_user=safety.clerk, inspector=inspector, ended_on=datetime.date(2013, 2, 1))
    assert figure("inspectors_city", root) == 1
    assert figure("inspectors_city", root, Period.year(2013)) == 0
    assert figure("inspectors_city", safety.city.town_b) == 0


def test_a_town_clerk_cannot_appoint_or_honour_someone_of_another_town(safety):
    with pytest.raises(ValidationError, match="不是您管辖范围内的在册会员"):
        services.inspector_appoint(acting_user=safety.town_clerk, id_number=id_number(22), level="city", appointed_on=DAY)
    with pytest.raises(ValidationError, match="不在您的管辖范围内"):
        services.ankang_record(acting_user=safety.town_clerk, data={"year": 2012, "level": "ningbo", "kind": "enterprise", "awarded_on": DAY,
                                                                   "credit_code": safety.enterprise_b.credit_code})
    assert not SafetyInspector.objects.exists() and not AnkangHonour.objects.exists()


def test_ankang_cup_honours_by_level_and_kind_and_never_twice(safety):
    base = {"year": 2012, "awarded_on": DAY}
    services.ankang_record(acting_user=safety.clerk, data={**base, "level": "national", "kind": "enterprise", "credit_code": safety.enterprise_a.credit_code})
    services.ankang_record(acting_user=safety.clerk, data={**base, "level": "ningbo", "kind": "team", "union_code": safety.union_a.code, "team_name": "冲压班"})
    services.ankang_record(acting_user=safety.clerk, data={**base, "level": "ningbo", "kind": "organiser", "union_code": safety.city.town_a.code})
    services.ankang_record(acting_user=safety.clerk, data={**base, "level": "ningbo", "kind": "individual", "id_number": id_number(21)})
    with pytest.raises(ValidationError, match="不能重复授予"):
        services.ankang_record(acting_user=safety.clerk, data={**base, "level": "ningbo", "kind": "team", "union_code": safety.union_a.code, "team_name": "冲压班"})
    root = safety.city.federation
    assert [figure(c, root) for c in ("ankang_national", "ankang_provincial", "ankang_ningbo_winners", "ankang_ningbo_teams",
                                      "ankang_ningbo_organisers", "ankang_ningbo_individuals")] == [1, 0, 0, 1, 1, 1]


def test_an_enterprise_is_classified_once_a_year_and_counted(safety):
    services.classification_record(acting_user=safety.town_clerk, credit_code=safety.enterprise_a.credit_code, year=2012, safety_class="B", assessed_on=DAY)
    with pytest.raises(ValidationError, match="不能重复评定"):
        services.classification_record(acting_user=safety.clerk, credit_code=safety.enterprise_a.credit_code, year=2012, safety_class="A", assessed_on=DAY)
    assert ClassifiedManagement.objects.count() == 1
    assert figure("classified_enterprises", safety.city.federation) == 1
    assert REGISTRY["safety.classified_enterprises"].breakdown(safety.city.federation, YEAR) == [("B类(基本规范)", 1)]


def test_the_lists_show_only_the_own_town_export_and_refuse_bad_input_in_chinese(safety, make_user):
    services.classification_record(acting_user=safety.clerk, credit_code=safety.enterprise_a.credit_code, year=2012, safety_class="C", assessed_on=DAY)
    leader_b = login_as(Client(), make_user(Role.LEADER, safety.city.town_b, username="town-b-leader"))
    assert safety.enterprise_a.name not in leader_b.get(reverse("safety:classified-list")).content.decode()
    assert leader_b.get(reverse("safety:classified-list") + "?export=xlsx").status_code == 200
    clerk = login_as(Client(), safety.clerk)
    response = clerk.post(reverse("safety:inspector-create"), {"id_number": "330282199001011234", "level": "city", "appointed_on": "2012-06-01"})
    assert "不是您管辖范围内的在册会员" in response.content.decode()
    assert not SafetyInspector.objects.exists()
