"""The scope matrix's keywords for 协商与民主管理 (see gonghui/tests/test_scope_matrix.py).

Every record follows the union that keeps it: an agreement its union party, an instructor
and a class the union they are registered with, a workers' congress its workplace union, a
regional congress the union that set it up."""

import datetime

from gonghui.core.roles import Role
from gonghui.tests.scope_kinds import ObjectKind

D = datetime.date


def _place(t):
    return ("浒山", "XUSHAN") if t == "A" else ("观海卫", "GUANHAI")


def _agreements_of_town(world, t):
    from gonghui.bargaining import services

    place, prefix = _place(t)
    town = world.town(t)
    enterprises = world.within(t, world.city.enterprises, lambda e: e.org.path)
    return [services.agreement_create(acting_user=world.users[t, Role.CLERK], data={
        "number": f"QY-{prefix}-2012-01", "kind": "wage", "coverage": "regional", "org": town, "employer_party": f"{place}企业联合会",
        "signed_on": D(2012, 3, 1), "expires_on": D(2099, 2, 28), "workers_covered": 100}, enterprises=enterprises[:2])]


def _instructors_of_town(world, t):
    from gonghui.bargaining import services

    place, _ = _place(t)
    return [services.instructor_register(acting_user=world.users[t, Role.CLERK], org=world.town(t), data={
        "name": f"{place}指导员甲", "unit": f"{place}协商指导站", "position": "工会主席", "registered_on": D(2012, 3, 1)})]


def _classes_of_town(world, t):
    from gonghui.bargaining import services

    place, _ = _place(t)
    training = services.class_create(acting_user=world.users[t, Role.CLERK], org=world.town(t), data={
        "name": f"{place}指导员培训班第一期", "start_on": D(2012, 4, 1), "end_on": D(2012, 4, 3), "place": f"{place}职工学校"})
    services.class_attend(acting_user=world.users[t, Role.CLERK], training_class=training, instructor=world.objects("instructor_id", t)[0])
    return [training]


def _democracy_of_town(world, t):
    from gonghui.bargaining import services

    union = world.within(t, world.city.primaries)[0]
    return [services.democracy_record(acting_user=world.users[t, Role.CLERK], org=union, data={
        "congress_established_on": D(2012, 5, 1), "disclosure_established_on": D(2012, 5, 1)})]


def _regional_congresses_of_town(world, t):
    from gonghui.bargaining import services

    place, _ = _place(t)
    regional = world.within(t, world.city.villages)[1]
    return [services.regional_congress_create(acting_user=world.users[t, Role.CLERK], org=regional, data={
        "name": f"{place}工业区职工代表大会", "established_on": D(2012, 6, 1), "representatives": 40})]


KINDS: dict[str, ObjectKind] = {
    "agreement_id": ObjectKind("bargaining.Agreement", _agreements_of_town, marks=lambda a: (a.number, a.employer_party)),
    "instructor_id": ObjectKind("bargaining.Instructor", _instructors_of_town, marks=lambda i: (i.name, i.unit)),
    "training_class_id": ObjectKind("bargaining.TrainingClass", _classes_of_town, marks=lambda c: (c.name, c.place)),
    "democracy_id": ObjectKind("bargaining.WorkplaceDemocracy", _democracy_of_town, marks=lambda w: (w.org.name,)),
    "regional_congress_id": ObjectKind("bargaining.RegionalCongress", _regional_congresses_of_town, marks=lambda c: (c.name,)),
}
