"""The scope matrix's keywords for women workers and psychological help: each record follows
the enterprise or union it is at."""

import datetime

from gonghui.core.roles import Role
from gonghui.tests.scope_kinds import ObjectKind


def _enterprise(world, t):
    primary = world.within(t, world.city.primaries)[0]
    return next(e for e in world.city.enterprises if e.org_id == primary.pk)


def _agreements_of_town(world, t):
    from gonghui.women import services

    return [services.agreement_record(acting_user=world.users[t, Role.CLERK], enterprise=_enterprise(world, t), data={
        "signed_on": datetime.date(2012, 3, 8), "expires_on": datetime.date(2015, 3, 7), "women_covered": 20,
        "terms": f"{'浒山' if t == 'A' else '观海卫'}孕期保护条款"})]


def _care_points_of_town(world, t):
    from gonghui.women import services

    enterprise = _enterprise(world, t)
    return [services.care_point_open(acting_user=world.users[t, Role.CLERK], org=enterprise.org, enterprise=enterprise, data={
        "kind": "counselling_room", "name": f"{'浒山' if t == 'A' else '观海卫'}心灵驿站", "opened_on": datetime.date(2012, 6, 1), "staff": 2,
        "counsellors_certified": 1})]


KINDS = {
    "protection_agreement_id": ObjectKind("women.ProtectionAgreement", _agreements_of_town, marks=lambda a: (a.terms,)),
    "care_point_id": ObjectKind("women.CarePoint", _care_points_of_town, marks=lambda p: (p.name,)),
}
