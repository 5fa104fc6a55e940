"""Figures of harmonious-enterprise creation and CSR evaluation. Awards count in the period
of their naming date, where the enterprise's union was when it applied."""

from django.db.models import Count, Exists, OuterRef

from gonghui.core import scope
from gonghui.core.indicators import Ratio, indicator
from gonghui.harmony.models import AwardLevel, CsrEvaluation, CsrGrade, HarmonyApplication, HarmonyAward


def _awards(org, period, level, single: bool):
    awards = HarmonyAward.objects.filter(awarded_on__range=(period.start, period.end), level=level, single_item__isnull=not single)
    return scope.within(awards, org.path)


def _distinct_enterprises(awards) -> int:
    return awards.values("enterprise").distinct().count()


def _by_item(awards):
    rows = awards.values("single_item__name").annotate(n=Count("enterprise", distinct=True)).order_by("-n", "single_item__name")
    return [(r["single_item__name"], r["n"]) for r in rows]


@indicator("harmony.town_awards", "镇级和谐企业", "家", "命名日期在期内、命名为镇级和谐企业的企业数(须评分达到当年达标分数)。报告“表彰镇级和谐企业150家”按此口径。",
           records=lambda org, period: _awards(org, period, AwardLevel.TOWN, False))
def town_awards(org, period):
    return _distinct_enterprises(_awards(org, period, AwardLevel.TOWN, False))


@indicator("harmony.village_awards", "村级和谐企业", "家", "命名日期在期内、命名为村级和谐企业的企业数。报告“村级和谐企业1264家”按此口径。",
           records=lambda org, period: _awards(org, period, AwardLevel.VILLAGE, False))
def village_awards(org, period):
    return _distinct_enterprises(_awards(org, period, AwardLevel.VILLAGE, False))


@indicator("harmony.town_single_items", "镇级单项", "家", "命名日期在期内获得镇级单项奖的企业数(一家企业获多个单项计一家)；分项按单项列出。报告“镇级单项339家”按此口径。",
           records=lambda org, period: _awards(org, period, AwardLevel.TOWN, True),
           breakdown=lambda org, period: _by_item(_awards(org, period, AwardLevel.TOWN, True)))
def town_single_items(org, period):
    return _distinct_enterprises(_awards(org, period, AwardLevel.TOWN, True))


@indicator("harmony.village_single_items", "村级单项", "家", "命名日期在期内获得村级单项奖的企业数(一家企业获多个单项计一家)。报告“村级单项1394家”按此口径。",
           records=lambda org, period: _awards(org, period, AwardLevel.VILLAGE, True),
           breakdown=lambda org, period: _by_item(_awards(org, period, AwardLevel.VILLAGE, True)))
def village_single_items(org, period):
    return _distinct_enterprises(_awards(org, period, AwardLevel.VILLAGE, True))


def sme_applications(org, period):
    """Applications of the period's year(s) by small and medium enterprises (not 规模以上)."""
    applications = HarmonyApplication.objects.filter(year__range=(period.start.year, period.end.year), enterprise__above_scale=False)
    return scope.within(applications, org.path)


SME_BASE = "获评镇级或村级和谐企业的中小企业 / 当年申报参加和谐企业创建的中小企业(非规模以上企业)"


@indicator("harmony.sme_creation_rate", "中小企业和谐企业创建率", "%",
           "期内年度申报参加和谐企业创建的中小企业(非规模以上企业)中，获命名镇级或村级和谐企业的比例。报告“中小企业创建率达42.5%”即(150+1264)家获命名 / 参与创建的中小企业。",
           records=sme_applications,
           breakdown=lambda org, period: [(AwardLevel(r["level"]).label, r["n"]) for r in
                                          sme_applications(org, period).filter(awards__single_item__isnull=True, awards__isnull=False)
                                          .values("level").annotate(n=Count("id", distinct=True)).order_by("level")])
def sme_creation_rate(org, period):
    # One pass: each application asks whether it was named (EXISTS), where joining the awards
    # and taking the distinct applications sorted them all, and counting the base read them again.
    named = HarmonyAward.objects.filter(application=OuterRef("pk"), single_item__isnull=True)
    counts = sme_applications(org, period).aggregate(applied=Count("pk"), awarded=Count("pk", filter=Exists(named)))
    return Ratio(counts["awarded"], counts["applied"], base=SME_BASE)


def _applications(org, period):
    return scope.within(HarmonyApplication.objects.filter(year__range=(period.start.year, period.end.year)), org.path)


@indicator("harmony.applications", "和谐企业创建申报", "家", "期内年度申报参加和谐企业创建的企业数(含规模以上企业)，分申报级别。", records=_applications,
           breakdown=lambda org, period: [(AwardLevel(r["level"]).label, r["n"]) for r in
                                          _applications(org, period).values("level").annotate(n=Count("id")).order_by("level")])
def applications(org, period):
    return _applications(org, period).count()


def _csr(org, period):
    return scope.within(CsrEvaluation.objects.filter(evaluated_on__range=(period.start, period.end)), org.path)


@indicator("harmony.csr_evaluations", "企业社会责任评价", "家", "评价日期在期内的企业社会责任评价家数，分等级。", records=_csr,
           breakdown=lambda org, period: [(CsrGrade(r["grade"]).label, r["n"]) for r in
                                          _csr(org, period).values("grade").annotate(n=Count("id")).order_by("grade")])
def csr_evaluations(org, period):
    return _csr(org, period).count()
