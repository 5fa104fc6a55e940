"""The scope matrix's keywords for the outreach (双服务): a group follows the union that sent
it, a visit the place visited."""

import datetime

from gonghui.core.roles import Role
from gonghui.tests.scope_kinds import ObjectKind


def _groups_of_town(world, t):
    from gonghui.outreach import services

    word = "浒山" if t == "A" else "观海卫"
    return [services.group_create(acting_user=world.users[t, Role.CLERK], org=world.town(t), data={
        "name": f"{word}服务组", "year": 2012, "leader": f"{word}组长", "members": f"{word}组员甲、{word}组员乙"})]


def _visits_of_town(world, t):
    from gonghui.outreach import services

    group = world.objects("outreach_group_id", t)[0]
    primary = world.within(t, world.city.primaries)[0]
    enterprise = next(e for e in world.city.enterprises if e.org_id == primary.pk)
    return [services.visit_record(acting_user=world.users[t, Role.CLERK], group=group, org=primary, enterprise=enterprise, data={
        "place_kind": "team", "team_name": f"{'浒山' if t == 'A' else '观海卫'}装配班组", "visited_on": datetime.date(2012, 6, 5),
        "workers_met": 5, "meetings": 1, "talks": 1, "materials": 40, "problems_raised": 2, "problems_solved": 1})]


KINDS = {
    "outreach_group_id": ObjectKind("outreach.OutreachGroup", _groups_of_town, marks=lambda g: (g.name, *(m.name for m in g.members.all()))),
    "outreach_visit_id": ObjectKind("outreach.OutreachVisit", _visits_of_town, marks=lambda v: (v.team_name,)),
}
