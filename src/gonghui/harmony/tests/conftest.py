import datetime

import pytest

from gonghui.core.roles import Role


@pytest.fixture
def harmony(city, make_user):
    """The federation's clerk, town A's clerk, the 2012 sheet (two items, pass 60 of 100),
    and an application by an SME of town A at town level."""
    from gonghui.harmony import services

    ns = type("Harmony", (), {})()
    ns.city = city
    ns.clerk = make_user(Role.CLERK, city.federation, username="city-clerk")
    ns.town_clerk = make_user(Role.CLERK, city.town_a, username="town-a-clerk")
    ns.sheet = services.sheet_create(acting_user=ns.clerk, year=2012, title="和谐企业创建评分标准", pass_score="60")
    ns.relations = services.item_add(acting_user=ns.clerk, sheet=ns.sheet, name="劳动关系", max_points="60")
    ns.safety = services.item_add(acting_user=ns.clerk, sheet=ns.sheet, name="安全生产", max_points="40")
    ns.enterprise_a = next(e for e in city.enterprises if e.org.path.startswith(city.town_a.path))
    ns.enterprise_b = next(e for e in city.enterprises if e.org.path.startswith(city.town_b.path))
    ns.application = services.application_create(acting_user=ns.town_clerk, credit_code=ns.enterprise_a.credit_code, year=2012, level="town",
                                                  applied_on=datetime.date(2012, 3, 1))
    return ns
