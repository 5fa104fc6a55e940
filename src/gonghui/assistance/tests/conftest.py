"""The world of the assistance tests: the test city with, in each town, a clerk and a reviewer
(and a workplace clerk), members in both towns, the year's threshold, a town fund with money,
and a Spring Festival programme."""

import datetime
from dataclasses import dataclass, field

import pytest

from gonghui.core.roles import Role
from gonghui.testing import CityFactory, member_data
from gonghui.testing import make_user as build_user

YEAR = datetime.date.today().year
# The smallest valid PDF header is enough: documents are told by content.
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@dataclass
class HelpWorld:
    city: object
    users: dict = field(default_factory=dict)  # (town, role) -> user; (town, "workplace") -> workplace clerk
    members: dict = field(default_factory=dict)  # town -> [Member]
    funds: dict = field(default_factory=dict)  # town -> Fund
    programmes: dict = field(default_factory=dict)  # town -> warmth Programme
    city_reviewer: object = None

    def town(self, t):
        return self.city.town_a if t == "A" else self.city.town_b

    def primary(self, t):
        return next(p for p in self.city.primaries if p.path.startswith(self.town(t).path))


def upload(name="收入证明.pdf", content=PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def apply_for(world, t, member, *, worker_income="9000", family=None, grade="deep", cause="unemployment", **extra):
    from gonghui.assistance import services

    family = family if family is not None else [{"name": "子女甲", "relation": "子女", "birth_year": YEAR - 10, "annual_income": 0, "school_level": "primary"},
                                                {"name": "配偶乙", "relation": "配偶", "birth_year": 1980, "annual_income": "3000", "school_level": ""}]
    data = {"grade": grade, "cause_main": cause, "worker_income": worker_income, "other_income": "0", "applied_on": datetime.date.today() - datetime.timedelta(days=20), **extra}
    return services.file_apply(acting_user=world.users[t, "workplace"], member=member, data=data, family=family)


def archive(world, t, member, **extra):
    """A household through every step, the notice already over."""
    from gonghui.assistance import services

    f = apply_for(world, t, member, **extra)
    clerk, reviewer = world.users[t, Role.CLERK], world.users[t, Role.REVIEWER]
    f = services.file_check(acting_user=world.users[t, "workplace"], hardship_file=f)
    f = services.file_visit(acting_user=clerk, hardship_file=f, visited_on=datetime.date.today() - datetime.timedelta(days=15), note="家中两人无业")
    services.document_add(acting_user=clerk, hardship_file=f, kind="income", upload=upload())
    if "illness" in (extra.get("cause"), extra.get("cause_secondary")):
        services.document_add(acting_user=clerk, hardship_file=f, kind="medical", upload=upload("诊断.pdf"))
    f = services.file_income_check(acting_user=clerk, hardship_file=f)
    today = datetime.date.today()
    f = services.file_publish_notice(acting_user=reviewer, hardship_file=f, start=today - datetime.timedelta(days=10), end=today - datetime.timedelta(days=3), place="厂务公开栏")
    return services.file_archive(acting_user=reviewer, hardship_file=f)


def build_help_world() -> HelpWorld:
    from gonghui.assistance import services

    world = HelpWorld(city=CityFactory().build())
    world.city_reviewer = build_user(Role.REVIEWER, world.city.federation, username="city-reviewer")
    services.threshold_set(acting_user=world.city_reviewer, org=world.city.federation, year=YEAR, per_capita_income="6000")
    from gonghui.members import services as member_services

    for t, first, place, prefix in (("A", 11, "浒山", "XS"), ("B", 41, "观海卫", "GH")):
        town = world.town(t)
        clerk = world.users[t, Role.CLERK] = build_user(Role.CLERK, town, username=f"help-clerk-{t}")
        world.users[t, Role.REVIEWER] = build_user(Role.REVIEWER, town, username=f"help-reviewer-{t}", can_reveal=True)
        world.users[t, Role.LEADER] = build_user(Role.LEADER, town, username=f"help-leader-{t}")
        world.users[t, "workplace"] = build_user(Role.CLERK, world.primary(t), username=f"help-workplace-{t}")
        world.members[t] = [member_services.member_register(acting_user=clerk, org=world.primary(t), data=member_data(first + i, name=f"{place}职工{i}", mobile=f"1370000{first + i:04d}"))
                            for i in range(4)]
        fund = world.funds[t] = services.fund_create(acting_user=clerk, code=f"{prefix}-FUND", name=f"{place}帮扶资金", org=town, established_on=datetime.date(YEAR, 1, 1))
        programme = world.programmes[t] = services.programme_create(acting_user=clerk, data={
            "code": f"{prefix}-SWN-{YEAR}", "name": f"{place}{YEAR}年春节送温暖", "kind": "warmth_visit", "year": YEAR,
            "starts_on": datetime.date(YEAR, 1, 1), "ends_on": datetime.date(YEAR, 12, 31), "budget": "100000", "cap_per_person": "2000", "rules": "每户一次"})
        services.fund_income(acting_user=clerk, fund=fund, kind="donation", amount="10000", on=datetime.date(YEAR, 1, 1), source="爱心企业捐赠", programme=programme)
    return world


@pytest.fixture
def world(db):
    return build_help_world()
