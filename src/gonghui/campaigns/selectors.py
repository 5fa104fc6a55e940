"""Every read of 劳动竞赛与创新, scoped to the acting user.

A contest belongs to the union that runs it and is seen in that union's subtree; its units,
entries and awards are seen with it. Innovations, ratings and bases follow their union."""

from django.db.models import Count, Q

from gonghui.campaigns.models import Contest, ContestEntry, InHouseRating, Innovation, Stage, TrainingBase
from gonghui.core import scope


def contests_visible(user):
    return scope.visible(Contest.objects.select_related("org"), user).annotate(
        event_count=Count("events", distinct=True), unit_count=Count("units", distinct=True),
    )


def contest_get(user, contest_id) -> Contest:
    return scope.get_visible_or_404(Contest.objects.select_related("org"), user, pk=contest_id)


def contest_summary(contest) -> dict:
    entries = ContestEntry.objects.filter(contest=contest)
    counts = entries.aggregate(
        entries=Count("id"), finalists=Count("id", filter=Q(stage=Stage.FINAL)), prizes=Count("id", filter=~Q(prize="")),
        experts=Count("id", filter=~Q(title="")), certificates=Count("id", filter=~Q(certificate="")), golds=Count("id", filter=Q(medal="gold")),
        members=Count("id", filter=Q(member__isnull=False)),
    )
    counts["athletes"] = entries.values("id_number_index").distinct().count()
    return counts


def contest_events(contest):
    return contest.events.annotate(
        entry_count=Count("entries"), finalist_count=Count("entries", filter=Q(entries__stage=Stage.FINAL)),
    ).order_by("sport", "name", "id")


def contest_entries(contest):
    return ContestEntry.objects.filter(contest=contest).select_related("event", "unit")


def contest_units(contest):
    return contest.units.select_related("org").annotate(entry_count=Count("entries"))


def innovations_visible(user):
    return scope.visible(Innovation.objects.select_related("org", "enterprise"), user)


def ratings_visible(user):
    return scope.visible(InHouseRating.objects.select_related("org", "enterprise"), user)


def bases_visible(user):
    return scope.visible(TrainingBase.objects.select_related("org", "enterprise"), user)


def base_get(user, base_id) -> TrainingBase:
    return scope.get_visible_or_404(TrainingBase.objects.select_related("org", "enterprise"), user, pk=base_id)
