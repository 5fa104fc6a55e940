"""The mutual-aid world of the tests: the test city, a 2012 scheme year, in town A a unit
with three members enrolled and paid for, a clerk and a reviewer per town."""

from dataclasses import dataclass, field

import pytest

from gonghui.core.roles import Role
from gonghui.mutualaid.tests.builders import enrol, scheme_year
from gonghui.testing import CityFactory, make_user, member_data


@dataclass
class AidWorld:
    city: object
    year: object
    clerks: dict = field(default_factory=dict)
    reviewers: dict = field(default_factory=dict)
    members: list = field(default_factory=list)
    unit: object = None
    workers: list = field(default_factory=list)


@pytest.fixture
def aid(db, settings, tmp_path):
    from gonghui.members import services

    settings.VAR_DIR = tmp_path
    city = CityFactory().build()
    world = AidWorld(city=city, year=scheme_year(city))
    for t, town in (("A", city.town_a), ("B", city.town_b)):
        world.clerks[t] = make_user(Role.CLERK, town, username=f"aid-clerk-{t}")
        world.reviewers[t] = make_user(Role.REVIEWER, town, username=f"aid-reviewer-{t}", can_reveal=True)
    union = city.primaries[0]
    people = [("陈互助", "M"), ("李互助", "F"), ("王互助", "M")]
    world.members = [services.member_register(acting_user=world.clerks["A"], org=union, data=member_data(500 + n, name=name)) for n, (name, _) in enumerate(people)]
    world.unit, world.workers = enrol(world.clerks["A"], union, world.members, year=world.year)
    return world
