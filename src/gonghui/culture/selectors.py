"""Every read of culture records, scoped to the acting user."""

from django.db.models import Count, Max

from gonghui.core import scope
from gonghui.core.validators import normalise
from gonghui.culture.models import CultureBody, CultureRecognition, Delivery, LearningAssessment, LearningEnterprise, WorkersLibrary
from gonghui.orgs.models import Enterprise, Org


def place_find(user, code: str):
    """(org, enterprise) for what a clerk typed as the place: a union's code or an
    enterprise's credit code, in the user's subtree; (None, None) when there is none."""
    text = normalise((code or "").strip()).upper()
    if not text:
        return None, None
    enterprise = scope.visible(Enterprise.objects.select_related("org"), user).filter(credit_code=text).first()
    if enterprise is not None:
        return enterprise.org, enterprise
    org = scope.visible(Org.objects.all(), user, path_field="path").filter(code__iexact=text).first()
    return org, None


def deliveries_visible(user):
    return scope.visible(Delivery.objects.select_related("org", "enterprise", "recorded_by"), user)


def delivery_get(user, delivery_id) -> Delivery:
    return scope.get_visible_or_404(Delivery.objects.select_related("org", "enterprise", "recorded_by"), user, pk=delivery_id)


def libraries_visible(user):
    return scope.visible(WorkersLibrary.objects.select_related("org", "enterprise"), user)


def library_get(user, library_id) -> WorkersLibrary:
    return scope.get_visible_or_404(WorkersLibrary.objects.select_related("org", "enterprise", "recorded_by"), user, pk=library_id)


def learning_enterprises_visible(user):
    return scope.visible(
        LearningEnterprise.objects.select_related("org", "enterprise").annotate(assessment_count=Count("assessments"), last_year=Max("assessments__year")),
        user,
    )


def learning_enterprise_get(user, learning_enterprise_id) -> LearningEnterprise:
    return scope.get_visible_or_404(LearningEnterprise.objects.select_related("org", "enterprise", "recorded_by"), user, pk=learning_enterprise_id)


def assessments_visible(user):
    return scope.visible(LearningAssessment.objects.select_related("learning_enterprise__enterprise", "learning_enterprise__org"), user,
                         path_field="learning_enterprise__org__path")


def bodies_visible(user):
    return scope.visible(CultureBody.objects.select_related("org"), user)


def recognitions_visible(user):
    return scope.visible(CultureRecognition.objects.select_related("org", "enterprise", "library"), user)
