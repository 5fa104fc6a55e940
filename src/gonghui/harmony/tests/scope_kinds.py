"""The scope matrix's keywords for harmonious enterprises: an application follows its
enterprise's union."""

import datetime

from gonghui.core.roles import Role
from gonghui.tests.scope_kinds import ObjectKind


def _applications_of_town(world, t):
    from gonghui.harmony import services

    enterprise = world.within(t, world.city.enterprises, lambda e: e.org.path)[0]
    return [services.application_create(acting_user=world.users[t, Role.CLERK], credit_code=enterprise.credit_code, year=2012, level="town",
                                        applied_on=datetime.date(2012, 3, 1))]


KINDS = {
    "harmony_application_id": ObjectKind("harmony.HarmonyApplication", _applications_of_town, marks=lambda a: (a.enterprise.name, a.enterprise.credit_code)),
}
