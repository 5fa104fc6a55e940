"""Every read of the outreach records, scoped to the acting user: groups by the union that
sent them, visits by the place visited."""

from django.db.models import Count, Prefetch

from gonghui.core import scope
from gonghui.core.validators import normalise
from gonghui.orgs.models import Enterprise, Org
from gonghui.outreach.models import OutreachGroup, OutreachGroupMember, OutreachVisit


def place_find(user, code: str):
    text = normalise((code or "").strip()).upper()
    if not text:
        return None, None
    enterprise = scope.visible(Enterprise.objects.select_related("org"), user).filter(credit_code=text).first()
    if enterprise is not None:
        return enterprise.org, enterprise
    return scope.visible(Org.objects.all(), user, path_field="path").filter(code__iexact=text).first(), None


def groups_visible(user):
    members = Prefetch("members", queryset=OutreachGroupMember.objects.order_by("-is_leader", "id"))
    return scope.visible(OutreachGroup.objects.select_related("org").prefetch_related(members).annotate(visit_count=Count("visits")), user)


def group_get(user, outreach_group_id) -> OutreachGroup:
    return scope.get_visible_or_404(OutreachGroup.objects.select_related("org").prefetch_related("members"), user, pk=outreach_group_id)


def visits_visible(user):
    return scope.visible(OutreachVisit.objects.select_related("group", "org", "enterprise"), user)


def visit_get(user, outreach_visit_id) -> OutreachVisit:
    return scope.get_visible_or_404(OutreachVisit.objects.select_related("group", "org", "enterprise", "recorded_by"), user, pk=outreach_visit_id)
