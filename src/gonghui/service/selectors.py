"""Every read of the service centre's records, through the acting user's scope. Out of scope
answers 404 exactly like a missing id."""

from django.db.models import Count, Q
from django.utils import timezone

from gonghui.core.scope import get_visible_or_404, visible
from gonghui.members.models import Member
from gonghui.orgs.models import Enterprise, Org
from gonghui.service.models import (
    Case, CaseAttachment, CollectiveIncident, LawFirm, Lawyer, LawyerActivity, LawyerPairing, RecuperationCertificate, RecuperationGroup,
    RiskEnterprise, ServiceSite,
)
from gonghui.service.models.cases import OPEN_STATUSES
from gonghui.service.models.network import SiteTier


def cases(user):
    return visible(Case.objects.select_related("org", "registered_org"), user)


def overdue_cases(user, today=None):
    """Open cases past their time limit."""
    today = today or timezone.localdate()
    return cases(user).filter(status__in=OPEN_STATUSES, due_on__lt=today)


def case_get(user, case_id):
    return get_visible_or_404(Case.objects.select_related("org", "registered_org", "enterprise", "created_by"), user, pk=case_id)


def attachment_get(user, attachment_id):
    return get_visible_or_404(CaseAttachment.objects.select_related("case"), user, path_field="case__org__path", pk=attachment_id)


def assignable_sites(user, case):
    """Stations and points a case can be handed down to: within both the holder's subtree and the user's."""
    sites = visible(ServiceSite.objects.select_related("org").filter(closed_on__isnull=True, tier__in=[SiteTier.STATION, SiteTier.POINT]), user)
    return sites.filter(org__path__startswith=case.org.path).order_by("org__path")


def sites(user):
    return visible(ServiceSite.objects.select_related("org"), user)


def site_get(user, site_id):
    return get_visible_or_404(ServiceSite.objects.select_related("org"), user, pk=site_id)


def org_by_code(user, code: str):
    """A node of the user's subtree by its code (forms name unions by code), or None."""
    return visible(Org.objects.all(), user, path_field="path").filter(code=(code or "").strip()).first()


def enterprise_by_code(user, code: str):
    code = (code or "").strip().upper()
    if not code:
        return None
    return visible(Enterprise.objects.select_related("org"), user).filter(credit_code=code).first()


def member_by_id(user, member_id):
    return visible(Member.objects.select_related("org"), user).filter(pk=member_id).first()


def firms(user):
    return visible(LawFirm.objects.annotate(lawyer_count=Count("lawyers")), user)


def firm_get(user, firm_id):
    return get_visible_or_404(LawFirm.objects.all(), user, pk=firm_id)


def lawyers_for(user):
    """Lawyers a user may pair: of firms recorded in their subtree or at a node above them."""
    if user.org_id is None:
        return Lawyer.objects.none()
    above = Q(firm__org_id__in=user.org.ancestor_ids())
    return Lawyer.objects.select_related("firm").filter(above | Q(firm__in=visible(LawFirm.objects.all(), user))).order_by("name")


def pairings(user):
    return visible(LawyerPairing.objects.select_related("lawyer__firm", "org").annotate(activity_count=Count("activities")), user)


def pairing_get(user, pairing_id):
    return get_visible_or_404(LawyerPairing.objects.select_related("lawyer__firm", "org"), user, pk=pairing_id)


def activities(user):
    return visible(LawyerActivity.objects.select_related("pairing__lawyer", "pairing__org", "enterprise"), user, path_field="pairing__org__path")


def warnings(user):
    return visible(RiskEnterprise.objects.select_related("enterprise", "org"), user)


def warning_get(user, warning_id):
    return get_visible_or_404(RiskEnterprise.objects.select_related("enterprise", "org"), user, pk=warning_id)


def incidents(user):
    return visible(CollectiveIncident.objects.select_related("org", "enterprise"), user)


def incident_get(user, incident_id):
    return get_visible_or_404(CollectiveIncident.objects.select_related("org", "enterprise"), user, pk=incident_id)


def groups(user):
    return visible(RecuperationGroup.objects.select_related("org").annotate(certificate_count=Count("certificates")), user)


def group_get(user, group_id):
    return get_visible_or_404(RecuperationGroup.objects.select_related("org"), user, pk=group_id)


def certificates(user):
    return visible(RecuperationCertificate.objects.select_related("group__org"), user, path_field="group__org__path")


def member_by_id_number(user, number: str):
    """A member of the user's subtree by ID number (found through its blind index), or None."""
    from gonghui.core.sealing import index_for

    number = (number or "").strip().upper()
    if not number:
        return None
    return visible(Member.objects.select_related("org"), user).filter(id_number_index=index_for(Member, "id_number", number)).first()
