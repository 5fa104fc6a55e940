"""Every read of 困难帮扶, scoped to the acting user: files and grants follow the worker's
union, programmes and funds the node that runs them."""

from django.db.models import Q

from gonghui.assistance.models import (
    EducationRate, FamilyMember, Fund, FundEntry, Grant, GrantStatus, HardshipFile, JobPlacement, PayMethod, Programme, SupportingDocument,
    Threshold, TicketBooking,
)
from gonghui.core import scope
from gonghui.core.sealing import index_for
from gonghui.core.validators import normalise
from gonghui.members.models import Member


def files_visible(user):
    return scope.visible(HardshipFile.objects.select_related("member", "org"), user)


def file_get(user, file_id) -> HardshipFile:
    return scope.get_visible_or_404(HardshipFile.objects.select_related("member", "org"), user, pk=file_id)


def files_search(user, text: str = ""):
    files = files_visible(user)
    text = (text or "").strip()[:60]
    if not text:
        return files
    compact = normalise(text)
    if len(compact) == 18 and compact[:17].isdigit():
        return files.filter(member__id_number_index=index_for(Member, "id_number", compact))
    return files.filter(Q(member__name__startswith=text) | Q(file_number=text))


def document_get(user, document_id) -> SupportingDocument:
    return scope.get_visible_or_404(SupportingDocument.objects.select_related("hardship_file__member", "hardship_file__org"), user,
                                    path_field="hardship_file__org__path", pk=document_id)


def member_by_id_number(user, id_number: str):
    """A member in the user's subtree, by ID number; None otherwise (out of scope alike)."""
    compact = normalise(id_number or "")
    if not compact:
        return None
    return scope.visible(Member.objects.select_related("org"), user).filter(id_number_index=index_for(Member, "id_number", compact)).first()


def thresholds_visible(user):
    """The thresholds that bear on the user's subtree: those of its own nodes and of the
    nodes above it (the federation's applies wherever a town has set none)."""
    if not scope.covers(user, user.org.path if user.org_id else "-"):
        return Threshold.objects.none()
    path = user.org.path
    ancestors = [path[:i] for i in range(scope.SEGMENT, len(path) + 1, scope.SEGMENT)]
    return Threshold.objects.select_related("org", "set_by").filter(Q(org__path__in=ancestors) | scope.subtree_q(path, "org__path"))


def rates_all():
    return EducationRate.objects.all()


def programmes_visible(user):
    return scope.visible(Programme.objects.select_related("org"), user)


def programme_get(user, programme_id) -> Programme:
    return scope.get_visible_or_404(Programme.objects.select_related("org"), user, pk=programme_id)


def programme_by_code(user, code: str):
    return programmes_visible(user).filter(code=(code or "").strip().upper()).first()


def funds_visible(user):
    return scope.visible(Fund.objects.select_related("org", "enterprise"), user)


def fund_get(user, fund_id) -> Fund:
    return scope.get_visible_or_404(Fund.objects.select_related("org", "enterprise"), user, pk=fund_id)


def fund_by_code(user, code: str):
    return funds_visible(user).filter(code=(code or "").strip().upper()).first()


def fund_entries(fund):
    return FundEntry.objects.filter(fund=fund).select_related("programme", "counterpart", "recorded_by")


def grants_visible(user):
    return scope.visible(Grant.objects.select_related("programme", "member", "org", "fund", "child", "proposed_by", "decided_by"), user)


def grant_get(user, grant_id) -> Grant:
    return scope.get_visible_or_404(Grant.objects.select_related("programme", "member", "org", "fund__org", "child"), user, pk=grant_id)


def programme_grants(user, programme):
    return grants_visible(user).filter(programme=programme)


def bank_list(user, programme):
    """The approved grants of a programme to be paid into payout accounts: the bank's list."""
    return programme_grants(user, programme).filter(status=GrantStatus.APPROVED, method=PayMethod.CARD).order_by("org__path", "pk")


def children_in_school(hardship_file):
    return FamilyMember.objects.filter(hardship_file=hardship_file).exclude(school_level="")


def child_of(hardship_file, child_id):
    if hardship_file is None or not str(child_id or "").isdigit():
        return None
    return children_in_school(hardship_file).filter(pk=int(child_id)).first()


def ticket_bookings(user, programme):
    return scope.visible(TicketBooking.objects.filter(programme=programme), user)


def job_placements(user, programme):
    return scope.visible(JobPlacement.objects.filter(programme=programme), user)
