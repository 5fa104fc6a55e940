"""Figures of labour protection. Inspectors are a stock (in office at the period's end: "全市
共有"); Ankang Cup honours count in the period of their award date; classified management
counts the enterprises classified for the period's year(s)."""

from django.db.models import Count, Q

from gonghui.core import scope
from gonghui.core.indicators import indicator
from gonghui.safety.models import AnkangHonour, AnkangKind, AnkangLevel, ClassifiedManagement, InspectorLevel, SafetyClass, SafetyInspector


def inspectors_in_office(org, period, level=None):
    day = period.end
    rows = SafetyInspector.objects.filter(appointed_on__lte=day).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
    if level is not None:
        rows = rows.filter(level=level)
    return scope.within(rows, org.path)


def _inspector_figure(level):
    def records(org, period):
        return inspectors_in_office(org, period, level)

    def compute(org, period):
        return records(org, period).values("member").distinct().count()

    compute.__qualname__ = f"inspectors_{level}"
    label = InspectorLevel(level).label
    indicator(f"safety.inspectors_{level}", f"{label}劳动保护监督检查员", "名",
              f"期末在任(聘任日期不晚于期末、未解聘)的{label}劳动保护监督检查员人数，按检查员所属工会计入范围。报告“全市共有省级1名、宁波市级5名、市级38名”按此口径。",
              records=records)(compute)


for _level in InspectorLevel.values:
    _inspector_figure(_level)


@indicator("safety.inspectors", "劳动保护监督检查员", "名", "期末在任的各级劳动保护监督检查员人次，分级别。", records=inspectors_in_office,
           breakdown=lambda org, period: [(InspectorLevel(r["level"]).label, r["n"]) for r in
                                          inspectors_in_office(org, period).values("level").annotate(n=Count("id")).order_by("level")])
def inspectors(org, period):
    return inspectors_in_office(org, period).count()


def _ankang(org, period, level=None, kind=None):
    rows = AnkangHonour.objects.filter(awarded_on__range=(period.start, period.end))
    if level:
        rows = rows.filter(level=level)
    if kind:
        rows = rows.filter(kind=kind)
    return scope.within(rows, org.path)


def _ankang_figure(code, name, unit, definition, level, kind):
    def records(org, period):
        return _ankang(org, period, level, kind)

    def compute(org, period):
        return records(org, period).count()

    compute.__qualname__ = f"ankang_{code}"
    indicator(f"safety.{code}", name, unit, definition, records=records)(compute)


_ON = "授予日期在期内的"
_ankang_figure("ankang_national", "全国安康杯先进企业", "家", _ON + "全国“安康杯”竞赛优胜(先进)企业数(经推荐获得)。", AnkangLevel.NATIONAL, AnkangKind.ENTERPRISE)
_ankang_figure("ankang_provincial", "省级安康杯先进企业", "家", _ON + "省级“安康杯”竞赛优胜(先进)企业数。", AnkangLevel.PROVINCIAL, AnkangKind.ENTERPRISE)
_ankang_figure("ankang_ningbo_winners", "宁波市安康杯优胜企业", "家", _ON + "宁波市“安康杯”竞赛优胜企业数。", AnkangLevel.NINGBO, AnkangKind.ENTERPRISE)
_ankang_figure("ankang_ningbo_teams", "宁波市安康杯先进班组", "个", _ON + "宁波市“安康杯”竞赛先进班组数。", AnkangLevel.NINGBO, AnkangKind.TEAM)
_ankang_figure("ankang_ningbo_organisers", "宁波市安康杯优秀组织单位", "个", _ON + "宁波市“安康杯”竞赛优秀组织单位数。", AnkangLevel.NINGBO, AnkangKind.ORGANISER)
_ankang_figure("ankang_ningbo_individuals", "宁波市安康杯先进个人", "个", _ON + "宁波市“安康杯”竞赛先进个人数。", AnkangLevel.NINGBO, AnkangKind.INDIVIDUAL)


@indicator("safety.ankang_honours", "安康杯荣誉", "项", _ON + "各级“安康杯”竞赛荣誉项数，分级别、类别。", records=_ankang,
           breakdown=lambda org, period: [(f"{AnkangLevel(r['level']).label}{AnkangKind(r['kind']).label}", r["n"]) for r in
                                          _ankang(org, period).values("level", "kind").annotate(n=Count("id")).order_by("level", "kind")])
def ankang_honours(org, period):
    return _ankang(org, period).count()


def _classified(org, period):
    return scope.within(ClassifiedManagement.objects.filter(year__range=(period.start.year, period.end.year)), org.path)


@indicator("safety.classified_enterprises", "劳动保护分类管理企业", "家", "期内年度评定了劳动保护分类(A、B、C类)的企业数，分类别。报告“开展劳动保护分类管理企业达401家”按此口径。",
           records=_classified,
           breakdown=lambda org, period: [(SafetyClass(r["safety_class"]).label, r["n"]) for r in
                                          _classified(org, period).values("safety_class").annotate(n=Count("enterprise", distinct=True)).order_by("safety_class")])
def classified_enterprises(org, period):
    return _classified(org, period).values("enterprise").distinct().count()
