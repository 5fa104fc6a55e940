"""The scope matrix's keywords for honours and model workers (see gonghui/tests/scope_kinds.py).
Honours and model workers follow the recipient's union."""

import datetime

from gonghui.core.roles import Role
from gonghui.tests.scope_kinds import ObjectKind


def _member_of_town(world, t, n):
    from gonghui.members import services
    from gonghui.testing import member_data

    union = world.within(t, world.city.primaries)[0]
    name = ("郑浒荣", "钱观荣")[t == "B"]
    return services.member_register(acting_user=world.users[t, Role.CLERK], org=union, data=member_data(n, name=name, mobile=f"1390001{n:04d}"))


def _honours_of_town(world, t):
    from gonghui.honours import services
    from gonghui.testing import id_number

    n = 501 if t == "A" else 502
    _member_of_town(world, t, n)
    # A town clerk records a town-level honour: awarded at once, with its file opened.
    return [services.honour_record(acting_user=world.users[t, Role.CLERK], data={
        "kind": "model_worker", "level": "town", "year": 2012, "awarded_on": datetime.date(2012, 4, 28), "awarded_by": "镇人民政府",
        "recipient_kind": "person", "id_number": id_number(n), "certificate_number": f"HON-{t}-2012-01", "citation": ""})]


def _model_workers_of_town(world, t):
    return [world.objects("honour_id", t)[0].member.model_worker]


KINDS = {
    "honour_id": ObjectKind("honours.Honour", _honours_of_town, marks=lambda h: (h.member.name, h.certificate_number)),
    "model_worker_id": ObjectKind("honours.ModelWorker", _model_workers_of_town, marks=lambda w: (w.member.name,)),
}
