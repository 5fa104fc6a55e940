"""The service world of the tests: the test city with its network marked (the federation's
centre, a station in each town, a point at each town's village), and a clerk at the city,
at each town and at each town's village."""

import datetime
from dataclasses import dataclass, field

import pytest

from gonghui.core.roles import Role
from gonghui.testing import CityFactory, make_user


@dataclass
class ServiceWorld:
    city: object
    city_clerk: object = None
    clerks: dict = field(default_factory=dict)  # "A"/"B" -> the town's clerk
    village_clerks: dict = field(default_factory=dict)
    villages: dict = field(default_factory=dict)

    def town(self, t):
        return self.city.town_a if t == "A" else self.city.town_b


def mark_network(world_city, clerk_of_city):
    from gonghui.service import services

    services.site_mark(acting_user=clerk_of_city, org=world_city.federation, data={"tier": "centre", "name": "慈溪市职工服务中心", "established_on": datetime.date(2011, 1, 1)})
    for town in world_city.towns:
        services.site_mark(acting_user=clerk_of_city, org=town, data={"tier": "station", "name": f"{town.name[:-3]}职工服务站", "address": "镇府路1号",
                                                                     "hours": "工作日", "phone": "0574-63000000", "staff": "两人", "established_on": datetime.date(2011, 6, 1)})
    for village in world_city.villages:
        services.site_mark(acting_user=clerk_of_city, org=village, data={"tier": "point", "name": f"{village.name}职工服务点", "established_on": datetime.date(2012, 3, 1)})


def build_service_world() -> ServiceWorld:
    world = ServiceWorld(city=CityFactory().build())
    world.city_clerk = make_user(Role.CLERK, world.city.federation, username="city-clerk")
    mark_network(world.city, world.city_clerk)
    for t in ("A", "B"):
        town = world.town(t)
        world.clerks[t] = make_user(Role.CLERK, town, username=f"town-clerk-{t}")
        world.villages[t] = next(v for v in world.city.villages if v.path.startswith(town.path) and v.kind == "village")
        world.village_clerks[t] = make_user(Role.CLERK, world.villages[t], username=f"village-clerk-{t}")
    return world


def case_data(**extra) -> dict:
    data = {"channel": "call", "received_on": datetime.date(2012, 5, 7), "anonymous": False, "reporter_name": "周来电", "reporter_phone": "13905741234",
            "enterprise": None, "enterprise_name": "某某针织厂", "category": "wage_arrears", "workers_count": 2, "amount_involved": "8000",
            "description": "两名职工反映4月工资未发"}
    data.update(extra)
    return data


@pytest.fixture
def world(db):
    return build_service_world()
