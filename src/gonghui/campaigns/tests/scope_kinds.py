"""The scope matrix's keywords for 劳动竞赛与创新: a contest is the town's when the town runs
it; a training base follows the union it is filed under."""

import datetime

from gonghui.core.roles import Role
from gonghui.tests.scope_kinds import ObjectKind


def _contests_of_town(world, t):
    from gonghui.campaigns import services

    place, code = ("浒山", "XS2012") if t == "A" else ("观海卫", "GH2012")
    return [services.contest_create(acting_user=world.users[t, Role.CLERK], org=world.town(t), data={
        "code": code, "kind": "skills_games", "name": f"{place}街镇职工技能比武", "organiser": f"{place}总工会",
        "starts_on": datetime.date(2012, 4, 1), "ends_on": datetime.date(2012, 4, 30), "events": f"{place}数控车工比武",
    })]


def _bases_of_town(world, t):
    from gonghui.campaigns import services

    place = "浒山" if t == "A" else "观海卫"
    primary = world.within(t, world.city.primaries)[0]
    return [services.training_base_create(acting_user=world.users[t, Role.CLERK], org=primary, data={
        "name": f"{place}职工技能实训基地", "level": "city", "established_on": datetime.date(2011, 6, 1), "enterprise": None,
    })]


KINDS: dict[str, ObjectKind] = {
    "contest_id": ObjectKind("campaigns.Contest", _contests_of_town, marks=lambda c: (c.code, c.name, c.organiser)),
    "base_id": ObjectKind("campaigns.TrainingBase", _bases_of_town, marks=lambda b: (b.name,)),
}
