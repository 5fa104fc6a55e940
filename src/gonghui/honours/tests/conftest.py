import datetime

import pytest

from gonghui.core.roles import Role
from gonghui.testing import member_data


@pytest.fixture
def people(city, make_user):
    """The federation's clerk and reviewer, town A's clerk, and a member in each town."""
    from gonghui.members import services as member_services

    clerk = make_user(Role.CLERK, city.federation, username="city-clerk")
    town_a, town_b = city.town_a, city.town_b
    union_a = next(p for p in city.primaries if p.path.startswith(town_a.path))
    union_b = next(p for p in city.primaries if p.path.startswith(town_b.path))
    ns = type("People", (), {})()
    ns.city, ns.clerk = city, clerk
    ns.reviewer = make_user(Role.REVIEWER, city.federation, username="city-reviewer")
    ns.town_clerk = make_user(Role.CLERK, town_a, username="town-a-clerk")
    ns.union_a, ns.union_b = union_a, union_b
    ns.member_a = member_services.member_register(acting_user=clerk, org=union_a, data=member_data(11, name="周浒模"))
    ns.member_b = member_services.member_register(acting_user=clerk, org=union_b, data=member_data(12, name="吴观模"))
    return ns


def honour_data(**extra) -> dict:
    data = {"kind": "model_worker", "level": "city", "year": 2012, "awarded_on": datetime.date(2012, 4, 28), "awarded_by": "慈溪市人民政府",
            "recipient_kind": "person", "id_number": "", "credit_code": "", "union_code": "", "team_name": "", "recommended_by_code": "",
            "certificate_number": "", "citation": ""}
    data.update(extra)
    return data
