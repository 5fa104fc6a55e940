"""Every read of the mutual-aid scheme, scoped to the acting user. Scheme years and their
rules are the federation's and the same for every town; enrolments, payments and claims
follow the unit's place in the tree."""

from django.http import Http404

from gonghui.core import scope
from gonghui.core.roles import reads_business_data
from gonghui.core.sealing import index_for
from gonghui.core.validators import normalise
from gonghui.members.models import Member
from gonghui.mutualaid.models import Claim, ContributionPayment, SchemeYear, UnitEnrolment, WorkerEnrolment


def scheme_years(user):
    if not reads_business_data(user):
        return SchemeYear.objects.none()
    return SchemeYear.objects.all()


def scheme_year_get(user, year) -> SchemeYear:
    found = scheme_years(user).filter(year=year).first()
    if found is None:
        raise Http404("没有该年度")
    return found


def units_visible(user):
    return scope.visible(UnitEnrolment.objects.select_related("scheme_year", "org"), user)


def unit_get(user, unit_id) -> UnitEnrolment:
    return scope.get_visible_or_404(UnitEnrolment.objects.select_related("scheme_year", "org"), user, pk=unit_id)


def workers_visible(user):
    return scope.visible(WorkerEnrolment.objects.select_related("scheme_year", "member", "org", "unit"), user)


def worker_get(user, worker_id) -> WorkerEnrolment:
    return scope.get_visible_or_404(WorkerEnrolment.objects.select_related("scheme_year", "member", "org", "unit__org", "unit__scheme_year"), user, pk=worker_id)


def worker_find(user, *, year: int, text: str) -> WorkerEnrolment | None:
    """The enrolment of a year found by certificate number (HZ2012…) or ID number."""
    text = normalise(text or "")
    workers = workers_visible(user).filter(scheme_year__year=year)
    if text.startswith("HZ") and text[2:].isdigit() and len(text) > 6 and text[2:6] == str(year):
        return workers.filter(pk=int(text[6:])).first()
    if len(text) == 18:
        return workers.filter(member__id_number_index=index_for(Member, "id_number", text)).first()
    return None


def payments_visible(user):
    return scope.visible(ContributionPayment.objects.select_related("unit__scheme_year", "org"), user)


def claims_visible(user):
    return scope.visible(Claim.objects.select_related("scheme_year", "member", "org"), user)


def claim_get(user, claim_id) -> Claim:
    return scope.get_visible_or_404(
        Claim.objects.select_related("scheme_year", "member", "org", "enrolment", "rules", "decided_by", "submitted_by", "paid_by"), user, pk=claim_id
    )


def document_get(user, claim_id, document_id):
    claim = claim_get(user, claim_id)
    document = claim.documents.filter(pk=document_id).first()
    if document is None:
        raise Http404("材料不存在")
    return claim, document
