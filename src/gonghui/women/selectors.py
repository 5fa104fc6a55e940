"""Every read of women workers' and psychological-help records, scoped to the acting user."""

from gonghui.core import scope
from gonghui.core.validators import normalise
from gonghui.orgs.models import Enterprise, Org
from gonghui.women.models import CarePoint, ProtectionAgreement, WelfareActivity


def place_find(user, code: str):
    """(org, enterprise) for an enterprise's credit code or a union's code in the user's subtree."""
    text = normalise((code or "").strip()).upper()
    if not text:
        return None, None
    enterprise = scope.visible(Enterprise.objects.select_related("org"), user).filter(credit_code=text).first()
    if enterprise is not None:
        return enterprise.org, enterprise
    return scope.visible(Org.objects.all(), user, path_field="path").filter(code__iexact=text).first(), None


def agreements_visible(user):
    return scope.visible(ProtectionAgreement.objects.select_related("enterprise", "org"), user)


def agreement_get(user, protection_agreement_id) -> ProtectionAgreement:
    return scope.get_visible_or_404(ProtectionAgreement.objects.select_related("enterprise", "org", "recorded_by"), user, pk=protection_agreement_id)


def care_points_visible(user):
    return scope.visible(CarePoint.objects.select_related("enterprise", "org"), user)


def care_point_get(user, care_point_id) -> CarePoint:
    return scope.get_visible_or_404(CarePoint.objects.select_related("enterprise", "org"), user, pk=care_point_id)


def welfare_activities_visible(user):
    return scope.visible(WelfareActivity.objects.select_related("enterprise", "org"), user)
