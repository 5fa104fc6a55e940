"""The scope matrix's keywords for 困难帮扶 (see gonghui/tests/test_scope_matrix.py).

Files, their documents and grants follow the worker's union; programmes and funds the node
that runs them. Each town gets its own threshold, fund, programme, file and grant."""

import datetime

from gonghui.core.roles import Role
from gonghui.tests.scope_kinds import ObjectKind

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _place(t):
    return ("浒山", "XS") if t == "A" else ("观海卫", "GH")


def _files_of_town(world, t):
    from gonghui.assistance import services

    clerk, reviewer = world.users[t, Role.CLERK], world.users[t, Role.REVIEWER]
    today = datetime.date.today()
    services.threshold_set(acting_user=reviewer, org=world.town(t), year=today.year, per_capita_income="8000")
    member = world.objects("member_id", t)[0]
    name = "浒山困难子女" if t == "A" else "观海卫困难子女"
    return [services.file_apply(acting_user=clerk, member=member, data={"grade": "deep", "cause_main": "unemployment", "worker_income": "5000", "applied_on": today},
                                family=[{"name": name, "relation": "子女", "birth_year": today.year - 9, "annual_income": 0, "school_level": "primary"}])]


def _documents_of_town(world, t):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gonghui.assistance import services

    hardship_file = world.objects("file_id", t)[0]
    name = "浒山收入证明.pdf" if t == "A" else "观海卫收入证明.pdf"
    return [services.document_add(acting_user=world.users[t, Role.CLERK], hardship_file=hardship_file, kind="income", upload=SimpleUploadedFile(name, PDF))]


def _programmes_of_town(world, t):
    from gonghui.assistance import services

    place, prefix = _place(t)
    year = datetime.date.today().year
    return [services.programme_create(acting_user=world.users[t, Role.CLERK], data={
        "code": f"{prefix}-SWN-MATRIX", "name": f"{place}街镇送温暖活动", "kind": "warmth_visit", "year": year, "starts_on": datetime.date(year, 1, 1),
        "ends_on": datetime.date(year, 12, 31), "budget": "10000", "cap_per_person": "1000", "rules": ""})]


def _funds_of_town(world, t):
    from gonghui.assistance import services

    place, prefix = _place(t)
    clerk = world.users[t, Role.CLERK]
    fund = services.fund_create(acting_user=clerk, code=f"{prefix}-FUND-MATRIX", name=f"{place}帮扶资金专户", org=world.town(t), established_on=datetime.date(2012, 1, 1))
    services.fund_income(acting_user=clerk, fund=fund, kind="donation", amount="5000", on=datetime.date(2012, 1, 5), source=f"{place}爱心企业")
    return [fund]


def _grants_of_town(world, t):
    from gonghui.assistance import services

    member = world.objects("member_id", t)[1]
    return [services.grant_propose(acting_user=world.users[t, Role.CLERK], programme=world.objects("programme_id", t)[0], member=member,
                                   fund=world.objects("fund_id", t)[0], amount="300", method="cash", reason="春节慰问")]


KINDS: dict[str, ObjectKind] = {
    "file_id": ObjectKind("assistance.HardshipFile", _files_of_town, marks=lambda f: tuple(f.family.values_list("name", flat=True))),
    "document_id": ObjectKind("assistance.SupportingDocument", _documents_of_town, marks=lambda d: (d.original_name,)),
    "programme_id": ObjectKind("assistance.Programme", _programmes_of_town, marks=lambda p: (p.name, p.code)),
    "fund_id": ObjectKind("assistance.Fund", _funds_of_town, marks=lambda f: (f.name, f.code)),
    "grant_id": ObjectKind("assistance.Grant", _grants_of_town, marks=lambda g: ()),
}
