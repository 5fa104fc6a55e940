"""Figures of the medical mutual-aid scheme.

Enrolment is counted by scheme year: a unit or worker counts for a period when its enrolment
is for a scheme year overlapping the period and has been paid for. Benefits are counted by
the scheme year too: claims of those years approved (or approved and since paid), whenever the
decision fell (a December stay is often decided in January); a person counts once per plan
however many claims they had. Only the breakdown by month follows the decision date."""

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Sum
from django.db.models.functions import TruncMonth

from gonghui.core import scope
from gonghui.core.indicators import Ratio, indicator
from gonghui.mutualaid.models import DECIDED, Claim, ContributionPayment, Plan, UnitEnrolment, WorkerEnrolment
from gonghui.orgs.models import Org


def _years(period):
    return {"scheme_year__starts_on__lte": period.end, "scheme_year__ends_on__gte": period.start}


def _workers(org, period):
    return scope.within(WorkerEnrolment.objects.filter(payment__isnull=False, **_years(period)), org.path)


def _units(org, period):
    # EXISTS stops at a unit's first paid worker, where joining every worker and then taking
    # the distinct units sorted the whole year's enrolment.
    paid = WorkerEnrolment.objects.filter(unit=OuterRef("pk"), payment__isnull=False)
    return scope.within(UnitEnrolment.objects.filter(**_years(period)), org.path).filter(Exists(paid))


@indicator("mutualaid.units", "参加医疗互助的单位数", "个",
           "保障年度与统计期重叠、已缴费(至少一名职工已缴费)的参保单位个数。报告“全市有187个单位……参加了医疗互助保障”按此口径。", records=_units)
def units(org, period):
    return _units(org, period).count()


@indicator("mutualaid.workers", "参加医疗互助的职工数", "人",
           "保障年度与统计期重叠、已缴费的参保职工人数(含年度中加入和退保的)。报告“41268名职工参加了医疗互助保障”按此口径。", records=_workers)
def workers(org, period):
    return _workers(org, period).count()


def _granted(org, period, plan=None):
    claims = scope.within(Claim.objects.filter(status__in=DECIDED, **_years(period)), org.path)
    return claims.filter(plan=plan) if plan else claims


def _amount(claims) -> Decimal:
    return claims.aggregate(s=Sum("approved_amount"))["s"] or Decimal("0.00")


def _plan_figures(plan, name, wording):
    code = {Plan.SERIOUS_DISEASE: "serious_disease", Plan.HOSPITAL: "hospital", Plan.WOMEN_HEALTH: "women_health"}[plan]

    def people(org, period):
        return _granted(org, period, plan).values("member_id").distinct().count()

    def amount(org, period):
        return _amount(_granted(org, period, plan))

    records = lambda org, period: _granted(org, period, plan)  # noqa: E731
    indicator(f"mutualaid.{code}_people", f"享受{name}保障的职工数", "人",
              f"{name}申请经核准(含已支付)、保障年度与统计期重叠的职工人数，一人多次计一人。{wording}", records=records)(people)
    indicator(f"mutualaid.{code}_amount", f"{name}保障金额", "元",
              f"{name}申请经核准(含已支付)、保障年度与统计期重叠的核准金额合计。{wording}", records=records)(amount)
    return people, amount


serious_disease_people, serious_disease_amount = _plan_figures(Plan.SERIOUS_DISEASE, "特种重病", "报告“25名患特种病的参保职工享受保障金21700元”按此口径。")
hospital_people, hospital_amount = _plan_figures(Plan.HOSPITAL, "住院医疗", "报告“113名住院参保职工享受医疗补助金136517元”按此口径。")
women_health_people, women_health_amount = _plan_figures(Plan.WOMEN_HEALTH, "女职工安康", "报告“1名女职工享受安康互助保障金1万元”按此口径。")


def _payments(org, period):
    years = {f"unit__{k}": v for k, v in _years(period).items()}
    return scope.within(ContributionPayment.objects.filter(**years), org.path)


@indicator("mutualaid.contributions", "医疗互助缴费金额", "元",
           "保障年度与统计期重叠的参保单位为该年度缴纳的互助金合计(年度开始前预缴的计入该年度)。", records=_payments)
def contributions(org, period):
    return _payments(org, period).aggregate(s=Sum("amount"))["s"] or Decimal("0.00")


def _submitted(org, period):
    return scope.within(Claim.objects.filter(**_years(period)), org.path)


def _by_plan(claims, value, empty=0):
    found = dict(claims.values_list("plan").annotate(v=value).values_list("plan", "v"))
    return [(plan.label, found.get(plan.value) or empty) for plan in Plan]


@indicator("mutualaid.claims", "医疗互助申请件数", "件", "保障年度与统计期重叠的申请件数(含待审核、核准和不予支付的)，按保障项目分列。",
           records=_submitted, breakdown=lambda org, period: _by_plan(_submitted(org, period), Count("id")))
def claims(org, period):
    return _submitted(org, period).count()


@indicator("mutualaid.payouts", "医疗互助保障金额合计", "元", "保障年度与统计期重叠的各项核准金额合计，按保障项目分列。",
           records=_granted, breakdown=lambda org, period: _by_plan(_granted(org, period), Sum("approved_amount"), Decimal("0.00")))
def payouts(org, period):
    return _amount(_granted(org, period))


def _by_town(org, period):
    towns = Org.objects.filter(level=2).order_by("code")
    if org.level >= 2:
        towns = towns.filter(path=org.path[: 2 * scope.SEGMENT])
    return [(town.name, _amount(_granted(town, period).filter(org__path__startswith=org.path))) for town in towns]


@indicator("mutualaid.payouts_town", "医疗互助保障金额(按镇街)", "元", "保障年度与统计期重叠的核准金额合计，按参保单位所在镇(街道)分列。",
           records=_granted, breakdown=_by_town)
def payouts_town(org, period):
    return _amount(_granted(org, period))


def _by_month(org, period):
    rows = _granted(org, period).annotate(month=TruncMonth("decided_on")).values("month").annotate(s=Sum("approved_amount")).order_by("month")
    return [(f"{row['month']:%Y年%m月}", row["s"]) for row in rows]


@indicator("mutualaid.payouts_month", "医疗互助保障金额(按月)", "元", "保障年度与统计期重叠的核准金额合计，按核准月份分列。",
           records=_granted, breakdown=_by_month)
def payouts_month(org, period):
    return _amount(_granted(org, period))


@indicator("mutualaid.loss_ratio", "医疗互助赔付率", "%", "保障年度与统计期重叠的核准保障金额 / 这些年度所缴互助金。",
           records=_granted)
def loss_ratio(org, period):
    return Ratio(payouts(org, period), contributions(org, period), base="核准的保障金额 / 所缴互助金(同一保障年度)")
