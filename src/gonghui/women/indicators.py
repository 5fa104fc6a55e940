"""Figures of women workers' protection and psychological help. Agreements count while in
force (signed by the period's end, not yet expired at it) or as signed in the period;
counselling rooms and appeal points while open at the period's end; welfare activities by
the day they were held. "在22家企业中开展“送职工精神福利”活动" counts enterprises, not
activities: an enterprise visited twice counts once."""

from django.db.models import Q, Sum

from gonghui.core import scope
from gonghui.core.indicators import indicator
from gonghui.women.models import CarePoint, CarePointKind, ProtectionAgreement, WelfareActivity


def _in_force(org, period):
    return scope.within(ProtectionAgreement.objects.filter(signed_on__lte=period.end, expires_on__gt=period.end), org.path)


@indicator("women.protection_agreements", "女职工特殊保护专项集体合同(有效)", "份", "期末在有效期内的女职工特殊保护专项集体合同份数。", records=_in_force)
def protection_agreements(org, period):
    return _in_force(org, period).count()


def _signed(org, period):
    return scope.within(ProtectionAgreement.objects.filter(signed_on__range=(period.start, period.end)), org.path)


@indicator("women.protection_agreements_new", "新签女职工特殊保护专项集体合同", "份", "期内签订的女职工特殊保护专项集体合同份数。", records=_signed)
def protection_agreements_new(org, period):
    return _signed(org, period).count()


@indicator("women.women_covered", "专项集体合同覆盖女职工", "人", "期末有效的女职工特殊保护专项集体合同覆盖的女职工人数之和。", records=_in_force)
def women_covered(org, period):
    return _in_force(org, period).aggregate(n=Sum("women_covered"))["n"] or 0


def _open_points(kind):
    def rows(org, period):
        points = CarePoint.objects.filter(kind=kind, opened_on__lte=period.end).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=period.end))
        return scope.within(points, org.path)

    return rows


_rooms = _open_points(CarePointKind.COUNSELLING_ROOM)
_appeal_points = _open_points(CarePointKind.APPEAL_POINT)


@indicator("women.counselling_rooms", "职工心理辅导室", "个", "期末已设立且未撤销的职工心理辅导室个数。2013年工作“引导企业设立职工心理辅导室”按此口径。", records=_rooms)
def counselling_rooms(org, period):
    return _rooms(org, period).count()


@indicator("women.appeal_points", "职工诉求服务点", "个", "期末已设立且未撤销的职工诉求服务点个数。", records=_appeal_points)
def appeal_points(org, period):
    return _appeal_points(org, period).count()


def _welfare(org, period):
    return scope.within(WelfareActivity.objects.filter(held_on__range=(period.start, period.end)), org.path)


@indicator("women.psych_welfare_enterprises", "开展送职工精神福利的企业", "家",
           "期内开展过“送职工精神福利”活动的企业数(一家企业多次活动计一家)。报告“在22家企业中开展“送职工精神福利”活动”按此口径。", records=_welfare)
def psych_welfare_enterprises(org, period):
    return _welfare(org, period).values("enterprise").distinct().count()


@indicator("women.psych_welfare_activities", "送职工精神福利活动", "次", "期内“送职工精神福利”活动的次数。", records=_welfare)
def psych_welfare_activities(org, period):
    return _welfare(org, period).count()


@indicator("women.psych_welfare_participants", "送职工精神福利参加职工", "人次", "期内“送职工精神福利”活动参加职工人次之和。", records=_welfare)
def psych_welfare_participants(org, period):
    return _welfare(org, period).aggregate(n=Sum("participants"))["n"] or 0
