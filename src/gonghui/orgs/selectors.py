"""Every read of the tree and its enterprises, scoped to the acting user."""

from collections import defaultdict

from django.db.models import Count
from django.http import Http404
from django.db.models.functions import Substr

from gonghui.core import scope
from gonghui.orgs.models import Enterprise, LegalPersonRegistration, Level, Org


def orgs_visible(user):
    return scope.visible(Org.objects.all(), user, path_field="path")


def org_get(user, org_id) -> Org:
    return scope.get_visible_or_404(Org.objects.select_related("parent"), user, path_field="path", pk=org_id)


def within_requested_node(user, queryset, raw_org_id: str, *, path_field: str = "org__path"):
    """Narrow a list to the subtree of the node a page asks for (?org=<id>), which must itself
    be visible to the user (404 otherwise); returns (queryset, node or None)."""
    if not raw_org_id:
        return queryset, None
    if not raw_org_id.isdigit():
        raise Http404("组织不存在")
    node = org_get(user, int(raw_org_id))
    return scope.within(queryset, node.path, path_field=path_field), node


def org_get_by_code(user, code: str) -> Org | None:
    return orgs_visible(user).filter(code=code.strip()).first()


def org_ancestors(user, org) -> list[Org]:
    """The breadcrumb from the user's own node down to org's parent."""
    ids = org.ancestor_ids()[:-1]
    return list(orgs_visible(user).filter(pk__in=ids).order_by("path"))


def subtree_counts(org) -> dict:
    """Counts of unions by level and enterprises by formation in org's subtree (org itself included)."""
    unions = dict(scope.within(Org.objects.filter(status="active"), org.path, path_field="path").values_list("level").annotate(n=Count("id")))
    formations = dict(scope.within(Enterprise.objects.all(), org.path).values_list("formation").annotate(n=Count("id")))
    return {"unions": unions, "formations": formations}


def children_with_counts(org) -> list[dict]:
    """org's children, each with the unions and enterprises of its whole subtree: two grouped
    queries over the subtree, however many children there are."""
    width = len(org.path) + scope.SEGMENT
    children = list(org.children.order_by("code"))
    unions = defaultdict(dict)
    for prefix, level, n in (
        scope.within(Org.objects.filter(status="active"), org.path, path_field="path")
        .exclude(pk=org.pk)
        .annotate(prefix=Substr("path", 1, width))
        .values_list("prefix", "level")
        .annotate(n=Count("id"))
    ):
        unions[prefix][level] = n
    enterprises = defaultdict(dict)
    for prefix, formation, n in (
        scope.within(Enterprise.objects.all(), org.path)
        .exclude(org=org)
        .annotate(prefix=Substr("org__path", 1, width))
        .values_list("prefix", "formation")
        .annotate(n=Count("id"))
    ):
        enterprises[prefix][formation] = n
    return [
        {
            "org": child,
            "joint": unions[child.path].get(Level.JOINT, 0),
            "primary": unions[child.path].get(Level.PRIMARY, 0),
            "single": enterprises[child.path].get("single", 0),
            "joint_covered": enterprises[child.path].get("joint", 0),
            "uncovered": enterprises[child.path].get("none", 0),
        }
        for child in children
    ]


def enterprises_visible(user):
    return scope.visible(Enterprise.objects.select_related("org", "address_town"), user)


def enterprise_get(user, enterprise_id) -> Enterprise:
    return scope.get_visible_or_404(Enterprise.objects.select_related("org", "address_town", "credit_code_accepted_by"), user, pk=enterprise_id)


def towns_visible(user):
    return orgs_visible(user).filter(level=Level.TOWN).order_by("code")


def registrations_visible(user):
    return scope.visible(LegalPersonRegistration.objects.select_related("org", "recorded_by"), user)


def registration_get(user, registration_id) -> LegalPersonRegistration:
    return scope.get_visible_or_404(LegalPersonRegistration.objects.select_related("org"), user, pk=registration_id)
