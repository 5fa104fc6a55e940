"""The scope matrix's keywords for labour protection: an inspector follows the member's union."""

import datetime

from gonghui.core.roles import Role
from gonghui.tests.scope_kinds import ObjectKind


def _inspectors_of_town(world, t):
    from gonghui.members import services as member_services
    from gonghui.safety import services
    from gonghui.testing import id_number, member_data

    n = 601 if t == "A" else 602
    union = world.within(t, world.city.primaries)[0]
    clerk = world.users[t, Role.CLERK]
    member_services.member_register(acting_user=clerk, org=union, data=member_data(n, name=("蒋浒检", "韩观检")[t == "B"], mobile=f"1390002{n:04d}"))
    return [services.inspector_appoint(acting_user=clerk, id_number=id_number(n), level="city", appointed_on=datetime.date(2012, 6, 1),
                                       certificate_number=f"JCY-{t}-2012-07")]


KINDS = {
    "inspector_id": ObjectKind("safety.SafetyInspector", _inspectors_of_town, marks=lambda i: (i.member.name, i.certificate_number)),
}
