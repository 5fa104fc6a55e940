"""Figures of the outreach (双服务). Every figure is read from the visits made in the
period to places in the scope: places count once however often they were visited (an
enterprise, a town, a village, a team by its enterprise and name); groups count when they
made at least one such visit; the rest are sums over the visits."""

from django.db.models import Sum

from gonghui.core import scope
from gonghui.core.indicators import indicator
from gonghui.outreach.models import OutreachVisit, PlaceKind


def _visits(org, period, kind=None):
    rows = OutreachVisit.objects.filter(visited_on__range=(period.start, period.end))
    if kind:
        rows = rows.filter(place_kind=kind)
    return scope.within(rows, org.path)


@indicator("outreach.groups", "双服务小组", "组", "期内在范围内有走访记录的双服务小组数。报告“市总工会分8组深入基层”按此口径。", records=_visits)
def groups(org, period):
    return _visits(org, period).values("group").distinct().count()


@indicator("outreach.enterprises", "走访企业", "家", "期内走访的企业数(同一企业多次走访计一家)。报告“共走访企业81家”按此口径。",
           records=lambda org, period: _visits(org, period, PlaceKind.ENTERPRISE))
def enterprises(org, period):
    return _visits(org, period, PlaceKind.ENTERPRISE).values("enterprise").distinct().count()


@indicator("outreach.towns", "走访镇(街道)", "个", "期内走访的镇(街道)数。报告“镇(街道)19个”按此口径。",
           records=lambda org, period: _visits(org, period, PlaceKind.TOWN))
def towns(org, period):
    return _visits(org, period, PlaceKind.TOWN).values("org").distinct().count()


@indicator("outreach.villages", "走访村(社区)", "个", "期内走访的村(社区)数。报告“村(社区)48个”按此口径。",
           records=lambda org, period: _visits(org, period, PlaceKind.VILLAGE))
def villages(org, period):
    return _visits(org, period, PlaceKind.VILLAGE).values("org").distinct().count()


@indicator("outreach.teams", "走访班组", "个", "期内走访的班组数(按企业和班组名称区分)。报告“班组115个”按此口径。",
           records=lambda org, period: _visits(org, period, PlaceKind.TEAM))
def teams(org, period):
    return _visits(org, period, PlaceKind.TEAM).values("enterprise", "team_name").distinct().count()


def _declare_sum(field, name, unit, sentence):
    def compute(org, period):
        return _visits(org, period).aggregate(n=Sum(field))["n"] or 0

    compute.__qualname__ = f"outreach_{field}"
    breakdown = lambda org, period: [(label, _visits(org, period, value).aggregate(n=Sum(field))["n"] or 0) for value, label in PlaceKind.choices]  # noqa: E731
    indicator(f"outreach.{field}", name, unit, f"期内各次双服务走访登记的{name}之和，按走访对象分列。{sentence}", records=_visits, breakdown=breakdown)(compute)
    return compute


workers_met = _declare_sum("workers_met", "访问职工", "人", "报告“访问职工293人”按此口径。")
meetings = _declare_sum("meetings", "座谈会", "次", "报告“召开座谈会56次”按此口径。")
talks = _declare_sum("talks", "形势政策宣讲", "次", "报告“组织形势政策宣讲64次”按此口径。")
tech_help = _declare_sum("tech_help", "中小微企业技术帮扶", "次", "报告“开展中小微企业技术帮扶活动4次”按此口径。")
materials = _declare_sum("materials", "发放资料", "份", "报告“发放资料8500多份”按此口径。")
problems_raised = _declare_sum("problems_raised", "基层反映问题", "个", "")
problems_solved = _declare_sum("problems_solved", "帮助基层解决问题", "个", "报告“帮助基层解决问题23个”按此口径。")
