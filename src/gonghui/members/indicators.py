"""Figures of the member registry. Membership at a date is read from the history of stays
(MembershipPeriod), so a figure for a past year counts the unions members were in then."""

from django.db.models import Count, Q

from gonghui.core import scope
from gonghui.core.indicators import indicator, shared
from gonghui.members.models import Member, MembershipPeriod


def _stays_at(org, day):
    return scope.within(MembershipPeriod.objects.filter(started_on__lte=day).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day)), org.path)


def _members_at(org, day):
    return Member.objects.filter(pk__in=_stays_at(org, day).values("member_id"))


def _people_by_child(stays, org) -> dict:
    """The distinct members of `stays` under each child of org: {child's path: count}."""
    rows = stays.annotate(node=scope.child_path(org.path)).values("node").annotate(n=Count("member_id", distinct=True)).order_by()
    return {row["node"]: row["n"] for row in rows}


def _members_by_child(org, period) -> dict:
    """members.members for each child of org, without sorting the city's two million stays to
    count them distinct: a member has one open stay at most (one_open_period_per_member), so
    only members with a closed stay can have two at a date; their stays alone are counted
    distinct, every other stay is one member."""
    stays = _stays_at(org, period.end)
    closed = MembershipPeriod.objects.filter(ended_on__isnull=False).values("member_id")
    rows = stays.annotate(node=scope.child_path(org.path)).values("node").annotate(n=Count("pk"), moved=Count("pk", filter=Q(member_id__in=closed))).order_by()
    distinct_moved = _people_by_child(stays.filter(member_id__in=closed), org)
    return {row["node"]: row["n"] - row["moved"] + distinct_moved.get(row["node"], 0) for row in rows}


@shared
def _counts_at_end(org, period):
    """The members at the period's end in total, women and migrant workers: one pass over the registry."""
    return _members_at(org, period.end).aggregate(
        members=Count("pk"), women=Count("pk", filter=Q(sex="F")), migrant_workers=Count("pk", filter=Q(household="migrant"))
    )


@indicator("members.members", "会员数", "人", "期末(统计期最后一天)在范围内工会在册的会员人数，按会籍经历计算。",
           records=lambda org, period: _members_at(org, period.end), by_child=_members_by_child)
def members(org, period):
    return _counts_at_end(org, period)["members"]


def _joined_stays(org, period):
    return scope.within(MembershipPeriod.objects.filter(reason__in=["joined", "rejoined"], started_on__range=(period.start, period.end)), org.path)


def _recruited(org, period):
    return Member.objects.filter(pk__in=_joined_stays(org, period).values("member_id"))


@indicator("members.recruited", "发展会员数", "人", "入会(含重新入会)日期在期内、入会时所在工会在范围内的人数。报告“发展会员11984人”按此口径。",
           records=_recruited, by_child=lambda org, period: _people_by_child(_joined_stays(org, period), org))
def recruited(org, period):
    # Counted on the stays alone: the same people, without reading the member table.
    return _joined_stays(org, period).values("member_id").distinct().count()


def _collected(org, period):
    return scope.within(Member.objects.filter(collected_on__lte=period.end), org.path)


@indicator("members.collected", "实名采集会员信息数", "人", "截至期末已按身份证号实名采集信息、现归属范围内工会的会员记录数(含已离会者)。报告“完成采集会员信息194969人”按此口径。",
           records=_collected)
def collected(org, period):
    return _collected(org, period).count()


@indicator("members.migrant_workers", "农民工会员数", "人", "期末在册会员中户籍类型为农民工的人数。",
           records=lambda org, period: _members_at(org, period.end).filter(household="migrant"))
def migrant_workers(org, period):
    return _counts_at_end(org, period)["migrant_workers"]


@indicator("members.women", "女会员数", "人", "期末在册会员中女性人数(性别由身份证号得出)。",
           records=lambda org, period: _members_at(org, period.end).filter(sex="F"))
def women(org, period):
    return _counts_at_end(org, period)["women"]
