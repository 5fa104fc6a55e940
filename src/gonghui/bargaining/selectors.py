"""Every read of 协商与民主管理 takes the acting user and returns only their subtree."""

import datetime

from gonghui.core import scope
from gonghui.orgs.models import Enterprise

from gonghui.bargaining import indicators
from gonghui.bargaining.models import (
    Agreement, ChairElection, Instructor, MemberReview, ModelHome, RatingYear, RegionalCongress, RepresentativeInspection, StarRating,
    TrainingClass, TwoDisplays, WorkplaceDemocracy,
)


def agreements_visible(user):
    return scope.visible(Agreement.objects.select_related("org", "enterprise"), user)


def agreement_get(user, agreement_id) -> Agreement:
    return scope.get_visible_or_404(Agreement.objects.select_related("org", "enterprise", "renews"), user, pk=agreement_id)


def agreements_expiring(user, day: datetime.date):
    ending = indicators.agreements_in_force(day).filter(expires_on__lte=day + datetime.timedelta(days=indicators.REMINDER_DAYS))
    return scope.visible(ending.select_related("org", "enterprise"), user)


def agreement_covered(agreement):
    return agreement.covered.select_related("enterprise", "enterprise__org").order_by("enterprise__name")


def enterprise_by_code(user, code: str) -> Enterprise | None:
    return scope.visible(Enterprise.objects.select_related("org"), user).filter(credit_code=code.strip().upper()).first()


def instructors_visible(user):
    return scope.visible(Instructor.objects.select_related("org"), user)


def instructor_get(user, instructor_id) -> Instructor:
    return scope.get_visible_or_404(Instructor.objects.select_related("org"), user, pk=instructor_id)


def classes_visible(user):
    return scope.visible(TrainingClass.objects.select_related("org"), user)


def class_get(user, class_id) -> TrainingClass:
    return scope.get_visible_or_404(TrainingClass.objects.select_related("org"), user, pk=class_id)


def democracy_visible(user):
    return scope.visible(WorkplaceDemocracy.objects.select_related("org"), user)


def democracy_get(user, democracy_id) -> WorkplaceDemocracy:
    return scope.get_visible_or_404(WorkplaceDemocracy.objects.select_related("org"), user, pk=democracy_id)


def regional_congresses_visible(user):
    return scope.visible(RegionalCongress.objects.select_related("org"), user)


def regional_congress_get(user, congress_id) -> RegionalCongress:
    return scope.get_visible_or_404(RegionalCongress.objects.select_related("org"), user, pk=congress_id)


def inspections_visible(user):
    return scope.visible(RepresentativeInspection.objects.select_related("org"), user)


def ratings_visible(user):
    return scope.visible(StarRating.objects.select_related("org"), user)


def rating_years():
    return RatingYear.objects.all()


def displays_visible(user):
    return scope.visible(TwoDisplays.objects.select_related("org"), user)


def model_homes_visible(user):
    return scope.visible(ModelHome.objects.select_related("org"), user)


def reviews_visible(user):
    return scope.visible(MemberReview.objects.select_related("org"), user)


def elections_visible(user):
    return scope.visible(ChairElection.objects.select_related("org"), user)
