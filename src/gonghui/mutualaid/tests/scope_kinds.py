"""The scope matrix's keywords for the mutual-aid scheme (see gonghui/tests/test_scope_matrix.py).

Scheme years are the federation's and alike for every town (a year number, not a town's
object); units, workers, claims and their documents follow the enrolled unit's town."""

from gonghui.core.roles import Role
from gonghui.tests.scope_kinds import ObjectKind


def _year(world, t):
    from gonghui.mutualaid.tests.builders import scheme_year

    return [scheme_year(world.city).year]


def _units_of_town(world, t):
    from gonghui.mutualaid.tests.builders import enrol, scheme_year

    from gonghui.members.models import Member

    # Read afresh: another kind's builder may have transferred the member since.
    member = Member.objects.select_related("org").get(pk=world.objects("member_id", t)[0].pk)
    unit, _ = enrol(world.users[t, Role.CLERK], member.org, [member], year=scheme_year(world.city))
    return [unit]


def _workers_of_town(world, t):
    unit = world.objects("enrolled_unit_id", t)[0]
    return list(unit.workers.all())


def _claims_of_town(world, t):
    from gonghui.mutualaid import services
    from gonghui.mutualaid.tests.builders import hospital_claim, pdf

    worker = world.objects("enrolled_worker_id", t)[0]
    hospital = "浒山街道人民医院" if t == "A" else "观海卫镇中心卫生院"
    name = "浒山出院小结.pdf" if t == "A" else "观海卫出院小结.pdf"
    return [services.claim_submit(acting_user=world.users[t, Role.CLERK], worker=worker, data=hospital_claim(hospital=hospital, diagnosis=f"{hospital}肺炎"),
                                  documents=[pdf(name)])]


def _documents_of_town(world, t):
    return list(world.objects("aid_claim_id", t)[0].documents.all())


KINDS = {
    "scheme_year": ObjectKind(None, _year, value=lambda y: y, marks=lambda y: (), guess=lambda w: [1999, 2099]),
    "enrolled_unit_id": ObjectKind("mutualaid.UnitEnrolment", _units_of_town, marks=lambda u: ()),
    "enrolled_worker_id": ObjectKind("mutualaid.WorkerEnrolment", _workers_of_town, marks=lambda w: (w.certificate_number,)),
    "aid_claim_id": ObjectKind("mutualaid.Claim", _claims_of_town, marks=lambda c: (c.hospital, c.diagnosis.reveal())),
    "aid_document_id": ObjectKind("mutualaid.ClaimDocument", _documents_of_town, marks=lambda d: (d.original_name,)),
}
