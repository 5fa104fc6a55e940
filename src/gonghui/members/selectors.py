"""Every read of members, scoped to the acting user."""

from django.db.models import Q
from django.http import Http404

from gonghui.core import scope
from gonghui.core.roles import reads_business_data
from gonghui.core.sealing import index_for
from gonghui.core.validators import normalise
from gonghui.members.models import Member, Transfer, TransferStatus
from gonghui.orgs.models import Enterprise

# Employers whose name holds the searched text, at most: a fragment as common as "公司" says
# nothing about whom the clerk looks for.
EMPLOYERS_SEARCHED = 1000


def members_visible(user):
    return scope.visible(Member.objects.select_related("org", "enterprise"), user)


def member_get(user, member_id) -> Member:
    return scope.get_visible_or_404(Member.objects.select_related("org", "enterprise"), user, pk=member_id)


def members_search(user, *, text: str = ""):
    """Members matching what a clerk types in the search box: an ID number (exact, any case
    of x), a mobile number (exact), the beginning of a name (the surname, or the whole name),
    or part of an employer's name.

    Both text searches stay one index scan at a million members: a name is matched from its
    start (the varchar_pattern_ops index of migration 0002 on PostgreSQL), and the employers
    are looked up first in their own, small table, so that the member query is an OR of two
    indexed conditions. A name matched anywhere (LIKE '%张伟%') would read every member on
    each search: PostgreSQL has no index for a two-character fragment."""
    members = members_visible(user)
    text = (text or "").strip()[:60]
    if not text:
        return members
    compact = normalise(text)
    if len(compact) == 18 and compact[:17].isdigit():
        return members.filter(id_number_index=index_for(Member, "id_number", compact))
    if len(compact) == 11 and compact.isdigit():
        return members.filter(mobile_index=index_for(Member, "mobile", compact))
    employers = list(Enterprise.objects.filter(name__contains=text).values_list("pk", flat=True)[:EMPLOYERS_SEARCHED])
    if not employers:
        return members.filter(name__startswith=text)
    return members.filter(Q(name__startswith=text) | Q(enterprise_id__in=employers))


def transfers_visible(user):
    """Transfers out of or into the user's subtree."""
    base = Transfer.objects.select_related("member", "from_org", "to_org", "requested_by")
    if not reads_business_data(user) or not user.org_id:
        return base.none()
    path = user.org.path
    return base.filter(scope.subtree_q(path, "from_org__path") | scope.subtree_q(path, "to_org__path"))


def transfer_get(user, transfer_id) -> Transfer:
    transfer = transfers_visible(user).filter(pk=transfer_id).first()
    if transfer is None:
        raise Http404("转会记录不存在或不在您的管辖范围内")
    return transfer


def transfers_awaiting(user):
    if not reads_business_data(user) or not user.org_id:
        return Transfer.objects.none()
    return scope.within(transfers_visible(user).filter(status=TransferStatus.PENDING), user.org.path, path_field="to_org__path")


def transfer_target(code: str):
    """The receiving union of a transfer, looked up by code across the federation: a clerk
    may send a member anywhere, but sees nothing below that union."""
    from gonghui.orgs.models import Org, OrgStatus

    return Org.objects.filter(code=(code or "").strip(), level__gte=3, status=OrgStatus.ACTIVE).first()


def enterprise_under(org, credit_code: str):
    """The enterprise with credit_code filed under org's subtree, if any."""
    from gonghui.orgs.models import Enterprise

    code = normalise(credit_code)
    if not code:
        return None
    return scope.within(Enterprise.objects.select_related("org"), org.path).filter(credit_code=code).first()
