"""Figures of the worker service centre. Cases count where they are held now (a case handed
down to a point counts for the point, its town and the city; one referred up, for the level
it went to) and in the period they were received; recoveries and handling time in the period
they were concluded. Lawyer activities count for the paired union; recuperation for the
organising union; the network for the node marked."""

from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from gonghui.core import scope
from gonghui.core.indicators import Ratio, indicator
from gonghui.orgs.models import Level, Org
from gonghui.service.models import (
    ActivityKind, Case, CaseCategory, Channel, CollectiveIncident, LawyerActivity, Outcome, RecuperationCertificate, RecuperationGroup,
    RiskEnterprise, RiskSign, ServiceSite, SiteTier,
)
from gonghui.service.models.cases import CLOSED_STATUSES
from gonghui.service.workdays import working_days_between


def _received(org, period):
    return scope.within(Case.objects.filter(received_on__range=(period.start, period.end)), org.path)


def _concluded(org, period):
    return scope.within(Case.objects.filter(status__in=CLOSED_STATUSES, concluded_on__range=(period.start, period.end)), org.path)


def _yuan(value) -> Decimal:
    """Money to two places: SQLite sums decimals to whole numbers where PostgreSQL keeps the scale."""
    return Decimal(value or 0).quantize(Decimal("0.01"))


def _by(records, field, choices, value=Count("id"), money=False):
    labels = dict(choices)
    rows = dict(records.values_list(field).annotate(v=value).order_by())
    return [(label, _yuan(rows.get(key)) if money else rows.get(key) or 0) for key, label in labels.items()]


def _by_town(records, value=Count("id")):
    towns = Org.objects.filter(level=Level.TOWN).order_by("path")
    return [(town.name, scope.within(records, town.path).aggregate(v=value)["v"] or 0) for town in towns if records.filter(org__path__startswith=town.path).exists()]


@indicator("service.cases", "来访来电案件数", "起", "受理日期在期内的来访来电案件数(来访、来电、来信、网上、转办)，按现承办单位计入范围。报告“接待来访来电案件83起”按此口径。",
           records=_received, breakdown=lambda org, period: _by(_received(org, period), "channel", Channel.choices))
def cases(org, period):
    return _received(org, period).count()


@indicator("service.cases_by_category", "来访来电案件数(按类别)", "起", "同“来访来电案件数”，按案件类别分列。", records=_received,
           breakdown=lambda org, period: _by(_received(org, period), "category", CaseCategory.choices))
def cases_by_category(org, period):
    return _received(org, period).count()


@indicator("service.cases_by_town", "来访来电案件数(按镇街)", "起", "同“来访来电案件数”，按承办单位所在镇(街道)分列；市总工会直接承办的不计入任何镇街。", records=_received,
           breakdown=lambda org, period: _by_town(_received(org, period)))
def cases_by_town(org, period):
    return _received(org, period).count()


@indicator("service.workers_involved", "案件涉及职工人数", "人", "期内受理案件登记的涉及职工人数之和(同一职工在两起案件中计两次)。报告“涉及职工96人”按此口径。",
           records=_received, breakdown=lambda org, period: _by(_received(org, period), "category", CaseCategory.choices, Sum("workers_count")))
def workers_involved(org, period):
    return _received(org, period).aggregate(v=Sum("workers_count"))["v"] or 0


@indicator("service.amount_involved", "案件涉及金额", "元", "期内受理案件登记的涉及金额之和。报告“金额10.6万元”按此口径。",
           records=_received, breakdown=lambda org, period: _by(_received(org, period), "category", CaseCategory.choices, Sum("amount_involved"), money=True))
def amount_involved(org, period):
    return _yuan(_received(org, period).aggregate(v=Sum("amount_involved"))["v"])


@indicator("service.amount_recovered", "为职工挽回金额", "元", "办结日期在期内的案件办结时登记的挽回金额之和。",
           records=_concluded, breakdown=lambda org, period: _by(_concluded(org, period), "outcome", Outcome.choices, Sum("amount_recovered"), money=True))
def amount_recovered(org, period):
    return _yuan(_concluded(org, period).aggregate(v=Sum("amount_recovered"))["v"])


@indicator("service.cases_concluded", "办结案件数", "起", "办结日期在期内的案件数(含已回访)。", records=_concluded)
def cases_concluded(org, period):
    return _concluded(org, period).count()


@indicator("service.handling_days_avg", "案件平均办理天数", "个工作日", "期内办结案件从受理日期到办结日期的工作日数的平均值(周一至周五，不扣节假日)，保留一位小数。",
           records=_concluded)
def handling_days_avg(org, period):
    days = [working_days_between(r, c) for r, c in _concluded(org, period).values_list("received_on", "concluded_on")]
    if not days:
        return Decimal("0.0")
    return (Decimal(sum(days)) / len(days)).quantize(Decimal("0.1"))


def _overdue(org, period):
    """Cases received in the period that passed their time limit: concluded after it, or
    still open at the period's end with the limit gone by."""
    late = Q(concluded_on__gt=F("due_on")) | Q(concluded_on__isnull=True, due_on__lt=period.end) | Q(concluded_on__gt=period.end, due_on__lt=period.end)
    return _received(org, period).filter(late)


@indicator("service.cases_overdue", "超时限案件比例", "%", "期内受理的案件中超过所属类别办理时限的：办结晚于期限的，或期末仍未办结且已过期限的。", records=_overdue)
def cases_overdue(org, period):
    return Ratio(_overdue(org, period).count(), _received(org, period).count(), base="超过办理时限的案件 / 期内受理案件")


def _activities(org, period, *kinds):
    records = LawyerActivity.objects.filter(kind__in=kinds, held_on__range=(period.start, period.end))
    return scope.within(records, org.path, path_field="pairing__org__path")


@indicator("service.lawyer_rules_reviewed", "结对律师完善规章制度企业数", "家", "期内结对律师审查完善劳动规章制度的企业数(同一企业多次计一家)。报告“为38家企业完善劳动规章制度”按此口径。",
           records=lambda org, period: _activities(org, period, ActivityKind.RULES_REVIEW))
def lawyer_rules_reviewed(org, period):
    return _activities(org, period, ActivityKind.RULES_REVIEW).values("enterprise").distinct().count()


@indicator("service.lawyer_lectures", "法律知识讲座、咨询次数", "次", "期内结对律师举办的法律知识讲座与法律咨询活动次数之和。报告“举办法律知识讲座、咨询46次”按此口径。",
           records=lambda org, period: _activities(org, period, ActivityKind.LECTURE, ActivityKind.CONSULTATION),
           breakdown=lambda org, period: _by(_activities(org, period, ActivityKind.LECTURE, ActivityKind.CONSULTATION), "kind",
                                             [(ActivityKind.LECTURE, ActivityKind.LECTURE.label), (ActivityKind.CONSULTATION, ActivityKind.CONSULTATION.label)]))
def lawyer_lectures(org, period):
    return _activities(org, period, ActivityKind.LECTURE, ActivityKind.CONSULTATION).count()


@indicator("service.legal_aid", "法律援助次数", "次", "期内记录的法律援助次数(每起援助事项一次)。报告“为职工提供法律援助18次”按此口径。",
           records=lambda org, period: _activities(org, period, ActivityKind.LEGAL_AID))
def legal_aid(org, period):
    return _activities(org, period, ActivityKind.LEGAL_AID).count()


def _groups(org, period):
    return scope.within(RecuperationGroup.objects.filter(start_on__range=(period.start, period.end)), org.path)


def _permits(org, period):
    return scope.within(RecuperationGroup.objects.filter(permit_issued_on__range=(period.start, period.end)), org.path)


def _certificates(org, period):
    return scope.within(RecuperationCertificate.objects.filter(issued_on__range=(period.start, period.end)), org.path, path_field="group__org__path")


@indicator("service.recuperation_groups", "工会休养团队数", "个", "出发日期在期内的工会职工休养团队数，按组团工会计入范围。报告“共发工会休养团队227个”按此口径。", records=_groups)
def recuperation_groups(org, period):
    return _groups(org, period).count()


@indicator("service.recuperation_permits", "休养许可证数", "张", "发放日期在期内的休养团队许可证张数(每团一张)。", records=_permits)
def recuperation_permits(org, period):
    return _permits(org, period).count()


@indicator("service.recuperation_certificates", "休养证数", "张", "发证日期在期内的职工休养证张数(每位参加职工一张)。", records=_certificates)
def recuperation_certificates(org, period):
    return _certificates(org, period).count()


def _sites(org, period, tier):
    day = period.end
    records = ServiceSite.objects.filter(tier=tier, established_on__lte=day).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
    return scope.within(records, org.path)


@indicator("service.stations", "镇(街道)职工服务站数", "个", "期末已设立、未撤销的镇(街道)职工服务站数。", records=lambda org, period: _sites(org, period, SiteTier.STATION))
def stations(org, period):
    return _sites(org, period, SiteTier.STATION).count()


@indicator("service.points", "职工服务点数", "个", "期末已设立、未撤销的村(社区)、联合工会和企业职工服务点数。", records=lambda org, period: _sites(org, period, SiteTier.POINT))
def points(org, period):
    return _sites(org, period, SiteTier.POINT).count()


def _warnings(org, period):
    return scope.within(RiskEnterprise.objects.filter(identified_on__range=(period.start, period.end)), org.path)


@indicator("service.risk_enterprises", "列入预警企业数", "家", "发现日期在期内列入劳动争议预警的企业记录数。", records=_warnings,
           breakdown=lambda org, period: _by(_warnings(org, period), "sign", RiskSign.choices))
def risk_enterprises(org, period):
    return _warnings(org, period).count()


def _incidents(org, period):
    return scope.within(CollectiveIncident.objects.filter(occurred_on__range=(period.start, period.end)), org.path)


@indicator("service.collective_incidents", "群体性事件数", "起", "发生日期在期内的群体性事件数。", records=_incidents)
def collective_incidents(org, period):
    return _incidents(org, period).count()
