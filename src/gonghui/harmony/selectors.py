"""Every read of harmonious-enterprise records, scoped to the acting user."""

from gonghui.core import scope
from gonghui.core.validators import normalise
from gonghui.harmony.models import CriteriaSheet, CsrEvaluation, HarmonyApplication, HarmonyAward
from gonghui.orgs.models import Enterprise


def applications_visible(user):
    return scope.visible(HarmonyApplication.objects.select_related("enterprise", "org"), user)


def application_get(user, harmony_application_id) -> HarmonyApplication:
    return scope.get_visible_or_404(HarmonyApplication.objects.select_related("enterprise", "org", "scored_by"), user, pk=harmony_application_id)


def awards_visible(user):
    return scope.visible(HarmonyAward.objects.select_related("enterprise", "org", "single_item"), user)


def csr_visible(user):
    return scope.visible(CsrEvaluation.objects.select_related("enterprise", "org"), user)


def sheet_for(year: int) -> CriteriaSheet | None:
    """Criteria sheets are city-wide: every business account reads them."""
    return CriteriaSheet.objects.filter(year=year).prefetch_related("items").first()


def enterprise_by_code(root_path: str, code: str):
    return scope.within(Enterprise.objects.select_related("org"), root_path).filter(credit_code=normalise(code or "")).first()
