"""The scope matrix's keywords for workers' culture (see gonghui/tests/test_scope_matrix.py).
Every record follows the place it belongs to: a town's clerk records them for that town's
enterprises, and the names given here mark them on any page."""

import datetime

from gonghui.core.roles import Role
from gonghui.tests.scope_kinds import ObjectKind


def _place(world, t):
    primary = world.within(t, world.city.primaries)[0]
    enterprise = next(e for e in world.city.enterprises if e.org_id == primary.pk)
    return primary, enterprise


def _word(t):
    return "浒山" if t == "A" else "观海卫"


def _deliveries_of_town(world, t):
    from gonghui.culture import services

    org, enterprise = _place(world, t)
    return [services.delivery_record(acting_user=world.users[t, Role.CLERK], org=org, enterprise=enterprise, data={
        "kind": "performance", "title": f"{_word(t)}职工文艺专场", "delivered_on": datetime.date(2012, 5, 1), "quantity": 1, "audience": 600})]


def _libraries_of_town(world, t):
    from gonghui.culture import services

    org, enterprise = _place(world, t)
    return [services.library_create(acting_user=world.users[t, Role.CLERK], org=org, enterprise=enterprise, data={
        "name": f"{_word(t)}职工书屋", "opened_on": datetime.date(2011, 3, 1), "books_held": 2000, "area_m2": 60})]


def _learning_of_town(world, t):
    from gonghui.culture import services

    _org, enterprise = _place(world, t)
    return [services.learning_enterprise_enrol(acting_user=world.users[t, Role.CLERK], enterprise=enterprise, data={
        "started_on": datetime.date(2010, 1, 1), "plan": f"{_word(t)}学习计划"})]


KINDS = {
    "delivery_id": ObjectKind("culture.Delivery", _deliveries_of_town, marks=lambda d: (d.title,)),
    "library_id": ObjectKind("culture.WorkersLibrary", _libraries_of_town, marks=lambda lib: (lib.name,)),
    "learning_enterprise_id": ObjectKind("culture.LearningEnterprise", _learning_of_town, marks=lambda le: (le.plan,)),
}
