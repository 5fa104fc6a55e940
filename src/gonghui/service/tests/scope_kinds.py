"""The scope matrix's keywords for the worker service centre (see gonghui/tests/test_scope_matrix.py).

Each town's objects are made by its own clerk: a station at the town and a point at its
village, a case registered there (with a PDF attached), a law firm and lawyer recorded by
the town and paired with it, an enterprise at risk, a collective incident, a recuperation
group with its permit. Marks are what names them on a page: case numbers, reporters'
names, enterprise names typed into cases, permit numbers, lawyers' licence numbers.
"""

import datetime

from gonghui.core.roles import Role
from gonghui.tests.scope_kinds import ObjectKind

PDF = b"%PDF-1.4\n%scope\n%%EOF\n"


def _place(t):
    return "浒山" if t == "A" else "观海卫"


def _clerk(world, t):
    return world.users[t, Role.CLERK]


def _sites_of_town(world, t):
    from gonghui.service import services

    clerk, town = _clerk(world, t), world.town(t)
    village = world.within(t, world.city.villages)[0]
    return [
        services.site_mark(acting_user=clerk, org=town, data={"tier": "station", "name": f"{_place(t)}职工服务站", "address": f"{_place(t)}镇府路8号",
                                                             "established_on": datetime.date(2011, 6, 1)}),
        services.site_mark(acting_user=clerk, org=village, data={"tier": "point", "name": f"{_place(t)}一村职工服务点", "established_on": datetime.date(2012, 3, 1)}),
    ]


def _cases_of_town(world, t):
    from gonghui.service import services

    world.objects("service_site_id", t)  # the network the case can be handed down
    return [services.case_register(acting_user=_clerk(world, t), data={
        "channel": "call", "received_on": datetime.date(2012, 5, 7), "anonymous": False, "reporter_name": f"{_place(t)}来电人",
        "reporter_phone": "13905741111" if t == "A" else "13905742222", "enterprise": None, "enterprise_name": f"{_place(t)}欠薪针织厂",
        "category": "wage_arrears", "workers_count": 2, "amount_involved": "8000", "description": f"{_place(t)}职工反映工资未发",
    }, workers=[(f"{_place(t)}职工甲", None)])]


def _attachments_of_town(world, t):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.service import services

    case = world.objects("case_id", t)[0]
    return [services.attachment_add(acting_user=_clerk(world, t), case=case, upload=SimpleUploadedFile(f"{_place(t)}工资条.pdf", PDF))]


def _firms_of_town(world, t):
    from gonghui.service import services

    return [services.firm_create(acting_user=_clerk(world, t), data={"name": f"{_place(t)}维权律师事务所", "phone": "0574-63001234"})]


def _pairings_of_town(world, t):
    from gonghui.service import services

    clerk = _clerk(world, t)
    lawyer = services.lawyer_create(acting_user=clerk, firm=world.objects("law_firm_id", t)[0],
                                    data={"name": f"{_place(t)}律师", "license_number": "13302201210000011" if t == "A" else "13302201210000022"})
    pairing = services.pairing_create(acting_user=clerk, lawyer=lawyer, org=world.town(t), data={"started_on": datetime.date(2012, 1, 5)})
    services.activity_record(acting_user=clerk, pairing=pairing, data={"kind": "lecture", "held_on": datetime.date(2012, 3, 1), "subject": f"{_place(t)}劳动法讲座", "attendees": 50})
    return [pairing]


def _warnings_of_town(world, t):
    from gonghui.service import services

    enterprise = world.within(t, world.city.enterprises, lambda e: e.org.path)[0]
    warning = services.warning_create(acting_user=_clerk(world, t), enterprise=enterprise, data={
        "sign": "wage_arrears", "level": 2, "identified_on": datetime.date(2012, 6, 1), "workers_affected": 40, "description": f"{_place(t)}企业欠薪迹象"})
    services.warning_handle(acting_user=_clerk(world, t), warning=warning, data={"handled_on": datetime.date(2012, 6, 2), "action": f"{_place(t)}约谈业主"})
    return [warning]


def _incidents_of_town(world, t):
    from gonghui.service import services

    incident = services.incident_create(acting_user=_clerk(world, t), org=world.town(t), data={
        "occurred_on": datetime.date(2012, 8, 1), "workers_count": 30, "cause": f"{_place(t)}欠薪聚集事件", "enterprise": None})
    services.incident_step_add(acting_user=_clerk(world, t), incident=incident, data={"step": f"{_place(t)}启动应急预案"})
    return [incident]


def _groups_of_town(world, t):
    from gonghui.service import services

    clerk = _clerk(world, t)
    group = services.group_create(acting_user=clerk, org=world.town(t), data={
        "name": f"{_place(t)}劳模休养团", "destination": "千岛湖", "start_on": datetime.date(2012, 9, 10), "end_on": datetime.date(2012, 9, 14)})
    services.permit_issue(acting_user=clerk, group=group, data={"permit_number": f"XY-{'XS' if t == 'A' else 'GH'}-2012-01", "permit_issued_on": datetime.date(2012, 9, 1)})
    services.certificate_add(acting_user=clerk, group=group, data={"name": f"{_place(t)}休养人", "issued_on": datetime.date(2012, 9, 5)})
    return [group]


KINDS: dict[str, ObjectKind] = {
    "service_site_id": ObjectKind("service.ServiceSite", _sites_of_town, marks=lambda s: (s.name, s.address)),
    "case_id": ObjectKind("service.Case", _cases_of_town, marks=lambda c: (c.number, c.reporter_name, c.enterprise_name, c.reporter_phone.reveal())),
    "case_attachment_id": ObjectKind("service.CaseAttachment", _attachments_of_town, marks=lambda a: (a.original_name,)),
    "law_firm_id": ObjectKind("service.LawFirm", _firms_of_town, marks=lambda f: (f.name,)),
    "lawyer_pairing_id": ObjectKind("service.LawyerPairing", _pairings_of_town, marks=lambda p: (p.lawyer.name, p.lawyer.license_number)),
    "risk_warning_id": ObjectKind("service.RiskEnterprise", _warnings_of_town, marks=lambda w: (w.description,)),
    "collective_incident_id": ObjectKind("service.CollectiveIncident", _incidents_of_town, marks=lambda i: (i.cause,)),
    "recuperation_group_id": ObjectKind("service.RecuperationGroup", _groups_of_town, marks=lambda g: (g.name, g.permit_number)),
}
