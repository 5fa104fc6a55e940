"""Figures of honours and model workers. An honour counts once awarded (a proposal still
awaiting its reviewer, or refused, does not), in the period of its award date, where its
recipient is filed (the person's union, the enterprise's union, the union or the team's union)."""

from django.db.models import Count

from gonghui.core import scope
from gonghui.core.indicators import indicator
from gonghui.honours.models import (
    AdvancedMethod, AssociationBranch, Honour, HonourKind, HonourLevel, HonourStatus, ModelStudio, StudioLevel, VolunteerTeam,
)


def awarded(org, period):
    honours = Honour.objects.filter(status=HonourStatus.AWARDED, awarded_on__range=(period.start, period.end))
    return scope.within(honours, org.path)


def _by_level_and_kind(org, period):
    rows = awarded(org, period).values("level", "kind").annotate(n=Count("id")).order_by("level", "kind")
    return [(f"{HonourLevel(r['level']).label}{HonourKind(r['kind']).label}", r["n"]) for r in rows]


@indicator("honours.awarded", "获得荣誉数", "项", "授予日期在期内、已授予(经审核批准或由外部机关授予后录入)的各级各类荣誉项数，按获得者所属工会计入范围；分级别、类别列出。",
           records=awarded, breakdown=_by_level_and_kind)
def honours_awarded(org, period):
    return awarded(org, period).count()


def _honour_figure(code, name, unit, definition, kind, level=None):
    def records(org, period):
        honours = awarded(org, period).filter(kind=kind)
        return honours if level is None else honours.filter(level=level)

    def compute(org, period):
        return records(org, period).count()

    compute.__qualname__ = f"honour_figure_{code}"
    indicator(f"honours.{code}", name, unit, definition, records=records)(compute)
    return compute


_COUNTED = "授予日期在期内、已授予的"
_honour_figure("city_model_workers", "市级劳动模范", "人", _COUNTED + "市级“劳动模范”人数(市总工会提名、审核人批准)。报告“表彰30位市级劳模”按此口径。",
               HonourKind.MODEL_WORKER, HonourLevel.CITY)
_honour_figure("city_model_collectives", "市级模范集体", "个", _COUNTED + "市级“模范集体”个数。", HonourKind.MODEL_COLLECTIVE, HonourLevel.CITY)
_honour_figure("city_pioneer_teams", "市级工人先锋号", "个", _COUNTED + "市级“工人先锋号”个数。", HonourKind.PIONEER_TEAM, HonourLevel.CITY)
_honour_figure("ningbo_pioneer_teams", "宁波市工人先锋号", "个", _COUNTED + "宁波市级“工人先锋号”个数。", HonourKind.PIONEER_TEAM, HonourLevel.NINGBO)
_honour_figure("national_pioneer_teams", "全国工人先锋号", "个", _COUNTED + "全国“工人先锋号”个数(经推荐获得)。", HonourKind.PIONEER_TEAM, HonourLevel.NATIONAL)
_honour_figure("ningbo_chief_workers", "宁波市首席工人", "人", _COUNTED + "宁波市“首席工人”人数。", HonourKind.CHIEF_WORKER, HonourLevel.NINGBO)
_honour_figure("provincial_outstanding_workers", "浙江省杰出职工", "人", _COUNTED + "省级“杰出职工”人数。", HonourKind.OUTSTANDING_WORKER, HonourLevel.PROVINCIAL)
_honour_figure("ningbo_may_day_labour_awards", "宁波市五一劳动奖", "个", _COUNTED + "宁波市“五一劳动奖”个数(个人与集体)。", HonourKind.MAY_DAY_AWARD, HonourLevel.NINGBO)
_honour_figure("national_may_day_medals", "全国五一劳动奖章", "人", _COUNTED + "全国“五一劳动奖章”人数(经推荐获得)。", HonourKind.MAY_DAY_MEDAL, HonourLevel.NATIONAL)
_honour_figure("ningbo_may_day_medals", "宁波市五一劳动奖章", "人", _COUNTED + "宁波市“五一劳动奖章”人数。", HonourKind.MAY_DAY_MEDAL, HonourLevel.NINGBO)
_honour_figure("tech_week_first_prizes", "职工科技周个人一等奖", "个", _COUNTED + "职工科技周个人单项一等奖个数(各级合计)。", HonourKind.TECH_WEEK_FIRST_PRIZE)
_honour_figure("tech_week_collective_honours", "职工科技周集体荣誉", "项", _COUNTED + "职工科技周集体荣誉项数(技术创新优秀成果、高技能人才创新工作室、先进操作法等，各级合计)。",
               HonourKind.TECH_WEEK_COLLECTIVE)


def _new(model, date_field, **extra):
    def records(org, period):
        return scope.within(model.objects.filter(**{f"{date_field}__range": (period.start, period.end)}, **extra), org.path)

    return records


_branches = _new(AssociationBranch, "founded_on")
_studios = _new(ModelStudio, "named_on", level=StudioLevel.CITY)
_methods = _new(AdvancedMethod, "named_on")
_teams = _new(VolunteerTeam, "founded_on")


@indicator("honours.association_branches_new", "新成立劳模联谊会分会", "个", "成立日期在期内的劳模联谊会分会个数，按分会所属工会计入范围。", records=_branches)
def association_branches_new(org, period):
    return _branches(org, period).count()


@indicator("honours.model_studios_new", "新命名市级劳模创新工作室", "个", "授牌日期在期内的市级劳模创新工作室个数，按领衔劳模所属工会计入范围。", records=_studios)
def model_studios_new(org, period):
    return _studios(org, period).count()


@indicator("honours.model_methods_new", "新命名劳模岗位先进操作法", "个", "命名日期在期内的劳模岗位先进操作法个数。", records=_methods)
def model_methods_new(org, period):
    return _methods(org, period).count()


def _teams_by_kind(org, period):
    rows = _teams(org, period).values("kind").annotate(n=Count("id")).order_by("kind")
    return [(dict(VolunteerTeam._meta.get_field("kind").choices)[r["kind"]], r["n"]) for r in rows]


@indicator("honours.volunteer_teams_new", "新成立劳模服务队", "支", "成立日期在期内的劳模为民志愿服务队和劳模医疗服务队支数。", records=_teams, breakdown=_teams_by_kind)
def volunteer_teams_new(org, period):
    return _teams(org, period).count()
