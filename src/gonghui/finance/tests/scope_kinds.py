"""The scope matrix's keywords for union funds: dues and audits follow the union they are of."""

import datetime

from gonghui.core.roles import Role
from gonghui.tests.scope_kinds import ObjectKind


def _dues_of_town(world, t):
    from gonghui.finance import services

    union = world.within(t, world.city.primaries)[0]
    return [services.dues_record(acting_user=world.users[t, Role.CLERK], org=union, data={
        "year": 2012, "payroll": "1000000", "rate": "2", "collected": "15000", "note": f"{'浒山' if t == 'A' else '观海卫'}催缴记录"})]


def _audits_of_town(world, t):
    from gonghui.finance import services

    union = world.within(t, world.city.primaries)[0]
    team = "浒山审计甲、浒山审计乙" if t == "A" else "观海审计丙、观海审计丁"
    return [services.funds_audit_open(acting_user=world.users[t, Role.CLERK], org=union, data={
        "fiscal_year": 2011, "started_on": datetime.date(2012, 4, 1), "auditors": team, "funds_audited": "300000"})]


def _findings_of_town(world, t):
    from gonghui.finance import services

    funds_audit = world.objects("funds_audit_id", t)[0]
    return [services.finding_add(acting_user=world.users[t, Role.CLERK], funds_audit=funds_audit,
                                 description=f"{'浒山' if t == 'A' else '观海卫'}慰问品采购未比选", amount="3000")]


KINDS = {
    "dues_id": ObjectKind("finance.DuesRecord", _dues_of_town, marks=lambda d: (d.note,)),
    "funds_audit_id": ObjectKind("finance.FundsAudit", _audits_of_town, marks=lambda a: (a.auditors,)),
    "audit_finding_id": ObjectKind("finance.AuditFinding", _findings_of_town, marks=lambda f: (f.description,)),
}
