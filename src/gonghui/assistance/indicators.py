"""Figures of 困难帮扶. People are counted once however many grants they had; money is what
was paid (status 已发放) in the period, in yuan; a grant counts for the union of the worker
it helped; fund income for the node that keeps the fund.

How the report's sentences are read is said in each definition."""

from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr

from gonghui.assistance.models import (
    RAISED_KINDS, EntryKind, FileStatus, Fund, FundEntry, FundLevel, Grade, Grant, GrantStatus, HardshipFile, JobPlacement, ProgrammeKind,
    TicketBooking, TicketWay,
)
from gonghui.core import scope
from gonghui.core.indicators import indicator, shared
from gonghui.orgs.models import Org

ZERO = Decimal("0.00")


def paid_grants(org, period, *kinds):
    grants = scope.within(Grant.objects.filter(status=GrantStatus.PAID, paid_on__range=(period.start, period.end)), org.path)
    return grants.filter(programme__kind__in=kinds) if kinds else grants


ARCHIVED_KINDS = (ProgrammeKind.ARCHIVED_HELP, ProgrammeKind.MODEL_WORKER_HELP)

# The kinds of help the figures below count people and money for: one pass over the period's
# paid grants gives them all (a dozen figures; each alone read the same grants again).
_HELP = {
    "all": (), "warmth": (ProgrammeKind.WARMTH_VISIT,), "archived": ARCHIVED_KINDS,
    "illness": (ProgrammeKind.SERIOUS_ILLNESS,), "tickets": (ProgrammeKind.TICKETS_HOME,), "summer": (ProgrammeKind.SUMMER_COOLING,),
    "education": (ProgrammeKind.EDUCATION_GRANT,),
}


@shared
def _paid_totals(org, period) -> dict:
    aggregates = {}
    for key, kinds in _HELP.items():
        only = Q(programme__kind__in=kinds) if kinds else None
        aggregates[f"{key}_people"] = Count("member_id", distinct=True, filter=only)
        aggregates[f"{key}_amount"] = Sum("amount", filter=only)
    return paid_grants(org, period).aggregate(**aggregates)


def _paid_people(org, period, help_kind: str) -> int:
    return _paid_totals(org, period)[f"{help_kind}_people"]


def _paid_amount(org, period, help_kind: str) -> Decimal:
    return _paid_totals(org, period)[f"{help_kind}_amount"] or ZERO


def _by_child_node(queryset, org, value, path_field="org__path"):
    """A figure split over org's children (for the federation: the 19 towns)."""
    width = len(org.path) + scope.SEGMENT
    rows = queryset.annotate(node=Substr(path_field, 1, width)).values("node").annotate(v=value).order_by("node")
    names = dict(Org.objects.filter(path__in=[r["node"] for r in rows]).values_list("path", "name"))
    return [(names.get(r["node"], org.name), r["v"]) for r in rows]


def _by_programme_kind(grants, value):
    labels = dict(ProgrammeKind.choices)
    return [(labels[r["programme__kind"]], r["v"]) for r in grants.values("programme__kind").annotate(v=value).order_by("programme__kind")]


# The archive ---------------------------------------------------------------------------------


def _archived_at(org, day):
    files = HardshipFile.objects.filter(archived_on__lte=day, status__in=(FileStatus.ARCHIVED, FileStatus.EXITED)).filter(Q(exited_on__isnull=True) | Q(exited_on__gt=day))
    return scope.within(files, org.path)


def _by_grade(files):
    labels = dict(Grade.choices)
    return [(labels[r["grade"]], r["n"]) for r in files.values("grade").annotate(n=Count("id")).order_by("grade")]


@indicator("assistance.archived_households", "建档困难职工户数", "户", "期末(统计期最后一天)在档、未脱困的困难职工家庭户数，按困难类别(深度、相对、意外致困)细分。",
           records=lambda org, period: _archived_at(org, period.end), breakdown=lambda org, period: _by_grade(_archived_at(org, period.end)))
def archived_households(org, period):
    return _archived_at(org, period.end).count()


def _entries(org, period):
    return scope.within(HardshipFile.objects.filter(archived_on__range=(period.start, period.end)), org.path)


@indicator("assistance.archive_entries", "新建档困难职工户数", "户", "建档日期(公示期满、审批建档之日)在期内的户数，按困难类别细分。",
           records=_entries, breakdown=lambda org, period: _by_grade(_entries(org, period)))
def archive_entries(org, period):
    return _entries(org, period).count()


def _exits(org, period):
    return scope.within(HardshipFile.objects.filter(status=FileStatus.EXITED, exited_on__range=(period.start, period.end)), org.path)


@indicator("assistance.archive_exits", "脱困户数", "户", "脱困日期在期内的建档户数(含年度复核收入超标而退出的)。", records=_exits,
           breakdown=lambda org, period: _by_grade(_exits(org, period)))
def archive_exits(org, period):
    return _exits(org, period).count()


# What the report names -----------------------------------------------------------------------


def _warmth_raised(org, period):
    entries = FundEntry.objects.filter(kind__in=RAISED_KINDS, programme__kind=ProgrammeKind.WARMTH_VISIT, on__range=(period.start, period.end))
    return scope.within(entries, org.path, path_field="fund__org__path")


@indicator("assistance.warmth_raised", "送温暖筹集资金和物资", "元",
           "报告“元旦春节期间，各级工会筹集资金和物资650多万元”按此口径：期内记入范围内各级帮扶资金、指定用于春节送温暖活动的收入——工会经费拨入、社会捐赠资金和捐赠物资折价——之和；"
           "基金之间的上级下拨不重复计算。",
           records=_warmth_raised, breakdown=lambda org, period: [(dict(EntryKind.choices)[r["kind"]], r["v"]) for r in _warmth_raised(org, period).values("kind").annotate(v=Sum("amount")).order_by("kind")])
def warmth_raised(org, period):
    return _warmth_raised(org, period).aggregate(s=Sum("amount"))["s"] or ZERO


@indicator("assistance.warmth_visited", "送温暖走访慰问职工", "人",
           "报告“走访慰问困难职工7000余名”按此口径：期内在春节送温暖活动中已发放慰问金或慰问物资的职工人数，一人多次计一人。",
           records=lambda org, period: paid_grants(org, period, ProgrammeKind.WARMTH_VISIT),
           breakdown=lambda org, period: _by_child_node(paid_grants(org, period, ProgrammeKind.WARMTH_VISIT), org, Count("member_id", distinct=True)))
def warmth_visited(org, period):
    return _paid_people(org, period, "warmth")


@indicator("assistance.archived_helped", "建档困难职工、困难劳模获补助人数", "人",
           "报告“向全市650名建档困难职工、困难劳模发放补助款”按此口径：期内在“建档困难职工补助”和“困难劳模帮扶”活动中已发放补助的职工人数(这两类活动只对已建档者发放)，一人计一次。",
           records=lambda org, period: paid_grants(org, period, *ARCHIVED_KINDS),
           breakdown=lambda org, period: _by_programme_kind(paid_grants(org, period, *ARCHIVED_KINDS), Count("member_id", distinct=True)))
def archived_helped(org, period):
    return _paid_people(org, period, "archived")


@indicator("assistance.archived_helped_amount", "建档困难职工、困难劳模补助金额", "元",
           "报告“补助款共计63.5万元”按此口径：上述两类活动期内已发放补助的金额之和。",
           records=lambda org, period: paid_grants(org, period, *ARCHIVED_KINDS),
           breakdown=lambda org, period: _by_child_node(paid_grants(org, period, *ARCHIVED_KINDS), org, Sum("amount")))
def archived_helped_amount(org, period):
    return _paid_amount(org, period, "archived")


@indicator("assistance.serious_illness_people", "特种重病救助人数", "人", "报告“向34名特种重病职工发放救助金”按此口径：期内在特种重病救助活动中已发放救助金的职工人数。",
           records=lambda org, period: paid_grants(org, period, ProgrammeKind.SERIOUS_ILLNESS))
def serious_illness_people(org, period):
    return _paid_people(org, period, "illness")


@indicator("assistance.serious_illness_amount", "特种重病救助金额", "元", "报告“救助金6.3万”按此口径：期内特种重病救助活动已发放金额之和。",
           records=lambda org, period: paid_grants(org, period, ProgrammeKind.SERIOUS_ILLNESS))
def serious_illness_amount(org, period):
    return _paid_amount(org, period, "illness")


@indicator("assistance.tickets_awarded", "赠送优秀外来职工车票/机票人数", "人",
           "报告“赠送奖励39名优秀外来职工免费飞机票和火车票”按此口径：期内在农民工返乡车票活动中作为个人帮扶已发放(赠票)的职工人数。",
           records=lambda org, period: paid_grants(org, period, ProgrammeKind.TICKETS_HOME))
def tickets_awarded(org, period):
    return _paid_people(org, period, "tickets")


def _bookings(org, period, way):
    return scope.within(TicketBooking.objects.filter(way=way, on__range=(period.start, period.end)), org.path)


@indicator("assistance.tickets_booked", "工会代订火车票农民工人数", "人", "报告“为300多名农民工订购火车票”按此口径：期内工会登记的代订火车票批次所列人数之和(车票由职工自付，不计帮扶支出)。",
           records=lambda org, period: _bookings(org, period, TicketWay.BOOKED))
def tickets_booked(org, period):
    return _bookings(org, period, TicketWay.BOOKED).aggregate(s=Sum("workers"))["s"] or 0


@indicator("assistance.tickets_enterprise_bought", "企业工会代买车票农民工人数", "人", "报告“组织企业工会为8000多名农民工代买车票”按此口径：期内企业工会登记的代买车票批次所列人数之和。",
           records=lambda org, period: _bookings(org, period, TicketWay.ENTERPRISE),
           breakdown=lambda org, period: _by_child_node(_bookings(org, period, TicketWay.ENTERPRISE), org, Sum("workers")))
def tickets_enterprise_bought(org, period):
    return _bookings(org, period, TicketWay.ENTERPRISE).aggregate(s=Sum("workers"))["s"] or 0


@indicator("assistance.summer_care", "夏送清凉慰问职工人数", "人",
           "报告“开展高温慰问和‘金秋助学’活动，共慰问职工700名”读作高温(夏送清凉)慰问的职工人数：期内在夏送清凉活动中已发放慰问的职工人数；金秋助学另按受助子女计(education_children)。",
           records=lambda org, period: paid_grants(org, period, ProgrammeKind.SUMMER_COOLING))
def summer_care(org, period):
    return _paid_people(org, period, "summer")


@indicator("assistance.education_children", "金秋助学受助子女人数", "人", "报告“为746名困难职工子女筹集助学金”按此口径：期内金秋助学已发放的受助子女人数(按子女计，一户两名子女计两人)。",
           records=lambda org, period: paid_grants(org, period, ProgrammeKind.EDUCATION_GRANT),
           breakdown=lambda org, period: [(label, n) for label, n in _school_levels(org, period)])
def education_children(org, period):
    return paid_grants(org, period, ProgrammeKind.EDUCATION_GRANT).values("child_id").distinct().count()


def _school_levels(org, period):
    from gonghui.assistance.models import SchoolLevel

    labels = dict(SchoolLevel.choices)
    rows = paid_grants(org, period, ProgrammeKind.EDUCATION_GRANT).values("child__school_level").annotate(n=Count("id")).order_by("child__school_level")
    return [(labels.get(r["child__school_level"], "—"), r["n"]) for r in rows]


@indicator("assistance.education_amount", "金秋助学金额", "元", "报告“筹集助学金66.5万元”按此口径：期内金秋助学已发放给受助子女的助学金之和(每名子女按当年该学段标准)。",
           records=lambda org, period: paid_grants(org, period, ProgrammeKind.EDUCATION_GRANT))
def education_amount(org, period):
    return _paid_amount(org, period, "education")


def _enterprise_funds_new(org, period):
    return scope.within(Fund.objects.filter(level=FundLevel.ENTERPRISE, established_on__range=(period.start, period.end)), org.path)


@indicator("assistance.enterprise_funds_new", "新建企业职工互助基金", "家", "目标“新建企业职工互助基金50家”按此口径：设立日期在期内、所在企业工会在范围内的企业职工互助基金个数。",
           records=_enterprise_funds_new, breakdown=lambda org, period: _by_child_node(_enterprise_funds_new(org, period), org, Count("id")))
def enterprise_funds_new(org, period):
    return _enterprise_funds_new(org, period).count()


# The others --------------------------------------------------------------------------


@indicator("assistance.people_helped", "帮扶职工人数", "人", "期内在任一帮扶活动中已发放帮扶的职工人数(一人多次计一人)，按活动类型、镇(街道)细分。",
           records=lambda org, period: paid_grants(org, period),
           breakdown=lambda org, period: _by_programme_kind(paid_grants(org, period), Count("member_id", distinct=True)))
def people_helped(org, period):
    return _paid_people(org, period, "all")


def _helped_by_fund_level(org, period):
    labels = dict(FundLevel.choices)
    rows = paid_grants(org, period).values("fund__level").annotate(v=Sum("amount")).order_by("fund__level")
    return [(labels[r["fund__level"]], r["v"]) for r in rows]


@indicator("assistance.helped_amount", "帮扶资金和物资发放金额", "元", "期内已发放的帮扶(资金和物资折价)之和，按支出基金层级细分；按活动或镇(街道)见 helped_amount_by_town。",
           records=lambda org, period: paid_grants(org, period), breakdown=_helped_by_fund_level)
def helped_amount(org, period):
    return _paid_amount(org, period, "all")


@indicator("assistance.helped_amount_by_town", "帮扶发放金额(按镇街)", "元", "与 helped_amount 相同的金额，按受助职工所在的下一级单位(对市总工会即各镇、街道)细分。",
           records=lambda org, period: paid_grants(org, period), breakdown=lambda org, period: _by_child_node(paid_grants(org, period), org, Sum("amount")))
def helped_amount_by_town(org, period):
    return _paid_amount(org, period, "all")


def _raised(org, period):
    return scope.within(FundEntry.objects.filter(kind__in=RAISED_KINDS, on__range=(period.start, period.end)), org.path, path_field="fund__org__path")


@indicator("assistance.funds_raised", "帮扶资金筹集额", "元", "期内记入范围内各级帮扶资金和企业互助基金的工会经费拨入、社会捐赠资金和物资折价之和(基金间下拨不重复计)，按基金层级细分。",
           records=_raised,
           breakdown=lambda org, period: [(dict(FundLevel.choices)[r["fund__level"]], r["v"]) for r in _raised(org, period).values("fund__level").annotate(v=Sum("amount")).order_by("fund__level")])
def funds_raised(org, period):
    return _raised(org, period).aggregate(s=Sum("amount"))["s"] or ZERO


def _placements(org, period):
    return scope.within(JobPlacement.objects.filter(on__range=(period.start, period.end)), org.path)


@indicator("assistance.jobs_offered", "春送岗位提供岗位数", "个", "期内春送岗位活动登记的用工单位提供岗位数之和。", records=_placements)
def jobs_offered(org, period):
    return _placements(org, period).aggregate(s=Sum("jobs_offered"))["s"] or 0


@indicator("assistance.jobs_taken", "春送岗位达成就业人数", "人", "期内春送岗位活动登记的达成就业人数之和。", records=_placements)
def jobs_taken(org, period):
    return _placements(org, period).aggregate(s=Sum("jobs_taken"))["s"] or 0
