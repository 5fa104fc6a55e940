import datetime

import pytest

from gonghui.core.roles import Role
from gonghui.orgs.models import Level
from gonghui.testing import make_enterprise, make_org, make_user


@pytest.fixture
def clerk_a(city):
    return make_user(Role.CLERK, city.town_a, username="xushan-bargaining")


@pytest.fixture
def clerk_b(city):
    return make_user(Role.CLERK, city.town_b, username="guanhai-bargaining")


@pytest.fixture
def industry_union(city):
    """Town A's mould-making industry union with forty enterprises filed under it."""
    union = make_org(name="浒山街道模具行业工会", level=Level.JOINT, kind="industry", parent=city.town_a, code="C-01-003",
                     established_on=datetime.date(2008, 5, 1))
    enterprises = [make_enterprise(org=union, town=city.town_a, number=500 + n, name=f"浒山模具企业{n:02d}", formation="joint", employee_count=30 + n)
                   for n in range(40)]
    return union, enterprises
