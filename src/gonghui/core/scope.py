"""Scope: an account sees and changes only the subtree of the node it belongs to.

A node's `path` is its materialised path, the ids of its ancestors and itself in fixed-width
digits ("0000000100000007"); its subtree is the range [path, path + "99999999"], one
indexed range scan on SQLite and PostgreSQL alike. Digits only, so that the range holds
under any database collation. Every selector
filters through here; views never query scoped tables directly. Out of scope answers 404,
exactly like a missing id.
"""

from django.apps import apps
from django.db.models import ForeignKey, Q
from django.db.models.functions import Substr
from django.http import Http404

from gonghui.core.indicators import remembered
from gonghui.core.roles import reads_business_data

SEGMENT = 8  # digits per node id in a path
PATH_END = "9" * SEGMENT  # no id reaches 10^8, so every descendant sorts below path + this


def segment(pk: int) -> str:
    return f"{pk:0{SEGMENT}d}"


def subtree_q(path: str, field: str = "path") -> Q:
    return Q(**{f"{field}__gte": path, f"{field}__lte": path + PATH_END})


def child_path(root_path: str, path_field: str = "org__path"):
    """For a row of the subtree at root_path, the path of the child of root_path it lies under
    (to group a figure by child node in one query)."""
    return Substr(path_field, 1, len(root_path) + SEGMENT)


def within(queryset, root_path: str, *, path_field: str = "org__path"):
    """Rows of `queryset` whose node lies in the subtree at root_path."""
    if len(root_path) == SEGMENT:
        whole = _whole_tree(queryset.model, root_path, path_field)
        if whole is not None:
            return queryset.filter(**whole)
    return queryset.filter(subtree_q(root_path, path_field))


def _whole_tree(model, root_path: str, path_field: str) -> dict | None:
    """The filter that stands for the subtree at root_path when that node is the only root:
    every node lies under it, so a row is in scope as soon as its chain of foreign keys reaches
    a node. The range test on the path would join each row to its node (and, for a card, to
    its holder first) only to find it true, which over the city's millions of rows is most of
    the time a figure takes. None when the shortcut does not apply."""
    Org = apps.get_model("orgs", "Org")
    *hops, last = path_field.split("__")
    nullable = False
    for hop in hops:
        field = model._meta.get_field(hop)
        if not isinstance(field, ForeignKey):
            return None
        nullable, model = nullable or field.null, field.related_model
    if model is not Org or last != "path":
        return None
    roots = remembered("scope.roots", lambda: list(Org.objects.filter(parent__isnull=True).values_list("path", flat=True)[:2]))
    if roots != [root_path]:
        return None
    return {"__".join(hops) + "__isnull": False} if hops and nullable else {}


def visible(queryset, user, *, path_field: str = "org__path"):
    """The business rows `user` may read: their node's subtree, or nothing at all for an
    account that does not read business data (the three administrators)."""
    if not reads_business_data(user) or user.org_id is None:
        return queryset.none()
    return within(queryset, user.org.path, path_field=path_field)


def get_visible_or_404(queryset, user, *, path_field: str = "org__path", **lookup):
    obj = visible(queryset, user, path_field=path_field).filter(**lookup).first()
    if obj is None:
        raise Http404("记录不存在或不在您的管辖范围内")
    return obj


def covers(user, path: str) -> bool:
    """Whether `path` lies in the user's subtree (for checking a target before a write)."""
    return bool(reads_business_data(user) and user.org_id and path.startswith(user.org.path))
