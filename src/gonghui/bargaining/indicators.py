"""Figures of wage bargaining, democratic management and union building.

A state at a moment ("in force", "established") is read on the period's last day, or today
when the period has not ended yet, so that this year's page shows where the town stands now.
A count of events ("new", "classes") counts those dated within the period."""

import datetime

from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone

from gonghui.core import scope
from gonghui.core.indicators import Ratio, indicator
from gonghui.orgs.models import Enterprise, Formation, Level, Org, OrgStatus, Ownership

from gonghui.bargaining.models import (
    Agreement, AgreementEnterprise, AgreementKind, ChairElection, ClassAttendance, Coverage, Instructor, InstructorCertificate, MemberReview,
    ModelHome, RegionalCongress, RepresentativeInspection, StarRating, TrainingClass, TwoDisplays, WorkplaceDemocracy,
)

STATE_OWNED = (Ownership.STATE, Ownership.STATE_CONTROLLED)
UNIONISED = (Formation.SINGLE, Formation.JOINT)
REMINDER_DAYS = 90


def as_of(period) -> datetime.date:
    return min(period.end, timezone.localdate())


# Agreements and coverage ----------------------------------------------------------------------


def agreements_in_force(day, **filters):
    return Agreement.objects.filter(signed_on__lte=day, expires_on__gte=day, **filters)


def _covered_ids(day, **agreement_filters):
    # A plain IN over one join: PostgreSQL hashes it once, where a correlated EXISTS on the
    # agreement's dates ran per enterprise (38 s for the city at scale 1, now well under one).
    filters = {f"agreement__{key}": value for key, value in agreement_filters.items()}
    return AgreementEnterprise.objects.filter(agreement__signed_on__lte=day, agreement__expires_on__gte=day, **filters).values("enterprise_id")


def covered_enterprises(org, day, **agreement_filters):
    """Enterprises of the subtree covered on `day` by an agreement in force."""
    return scope.within(Enterprise.objects.filter(pk__in=_covered_ids(day, **agreement_filters)), org.path)


def eligible_for_contract(org):
    """Enterprises with a union, their own (单建) or a joint one (联建)."""
    return scope.within(Enterprise.objects.filter(formation__in=UNIONISED), org.path)


def uncovered_enterprises(org, day):
    """The town clerk's working list: unionised enterprises no agreement in force covers."""
    return eligible_for_contract(org).exclude(pk__in=_covered_ids(day))


def _single_with_contract(org, period):
    return covered_enterprises(org, as_of(period), coverage=Coverage.SINGLE).filter(formation=Formation.SINGLE)


@indicator("bargaining.contract_enterprises_single", "签订集体合同的单建工会企业数", "家",
           "期末(本期未结束时为今天)有效的单个企业集体合同或工资专项集体协议所覆盖的单建工会企业数，每家企业计一次。"
           "报告“2535家单建工会企业……签订集体合同”按此口径。", records=_single_with_contract)
def contract_enterprises_single(org, period):
    return _single_with_contract(org, period).count()


def _joint_union_parties(org, period):
    signed = agreements_in_force(as_of(period), coverage__in=(Coverage.REGIONAL, Coverage.INDUSTRY)).filter(org=OuterRef("pk"))
    return scope.within(Org.objects.filter(Exists(signed)), org.path, path_field="path")


@indicator("bargaining.contract_joint_unions", "签订集体合同的区域性、行业性工会数", "家",
           "期末有效的区域性或行业性集体合同的工会方(签约工会)个数，每个工会计一次。签约工会可以是村(社区)、区域性、行业性联合工会，"
           "也可以是代表全镇企业签订镇级区域性合同的镇(街道)总工会；报告“350家区域性行业性工会”多于第三级工会数，即因镇级合同也计入。",
           records=_joint_union_parties)
def contract_joint_unions(org, period):
    return _joint_union_parties(org, period).count()


def _wage_covered(org, period):
    return covered_enterprises(org, as_of(period), kind=AgreementKind.WAGE)


@indicator("bargaining.wage_agreement_enterprises", "工资集体协议覆盖企业数", "家",
           "期末有效的工资专项集体协议(单个企业、区域性、行业性)所覆盖的企业数，一家企业被几份协议覆盖也只计一次。"
           "报告“覆盖13978家企业签订工资集体协议”按此口径。", records=_wage_covered)
def wage_agreement_enterprises(org, period):
    return _wage_covered(org, period).count()


@indicator("bargaining.workers_covered", "工资集体协议惠及职工人数", "人",
           "期末有效的工资专项集体协议所覆盖企业的职工人数之和(按企业名录的职工人数，每家企业计一次)。报告“惠及50余万职工”按此口径。",
           records=_wage_covered)
def workers_covered(org, period):
    return _wage_covered(org, period).aggregate(total=Sum("employee_count"))["total"] or 0


def _covered_eligible(org, period):
    return covered_enterprises(org, as_of(period)).filter(formation__in=UNIONISED)


@indicator("bargaining.establishment_rate", "工资集体协商建制率", "%",
           "已建工会企业(单建、联建)中，期末被有效的集体合同或工资协议覆盖的企业所占比例。分母：已建工会企业；分子：其中已覆盖的。"
           "报告“建制率已达95%以上”按此口径。", records=lambda org, period: uncovered_enterprises(org, as_of(period)))
def establishment_rate(org, period):
    return Ratio(_covered_eligible(org, period).count(), eligible_for_contract(org).count(), base="已签订集体合同(工资协议)的已建会企业 / 已建工会企业(单建+联建)")


def _industry_new(org, period):
    return scope.within(Agreement.objects.filter(coverage=Coverage.INDUSTRY, signed_on__range=(period.start, period.end)), org.path)


@indicator("bargaining.industry_agreements_new", "新签行业性工资集体协议数", "份",
           "签订日期在期内的行业性集体合同(工资协议)份数。2013年目标“完成行业工资集体协商12家”按此口径。", records=_industry_new)
def industry_agreements_new(org, period):
    return _industry_new(org, period).count()


def _expiring(org, period):
    day = as_of(period)
    return scope.within(agreements_in_force(day).filter(expires_on__lte=day + datetime.timedelta(days=REMINDER_DAYS)), org.path)


@indicator("bargaining.agreements_expiring", "90天内到期的协议数", "份", "期末(或今天)有效、且在其后90天内到期的协议份数：需督促续签的。",
           records=_expiring)
def agreements_expiring(org, period):
    return _expiring(org, period).count()


def _filed(org, period):
    return scope.within(Agreement.objects.filter(filed_on__range=(period.start, period.end)), org.path)


@indicator("bargaining.agreements_filed", "报劳动保障部门备案的协议数", "份", "备案日期在期内的协议份数。", records=_filed)
def agreements_filed(org, period):
    return _filed(org, period).count()


# Instructors ---------------------------------------------------------------------------------------


def _instructors(org, period):
    day = as_of(period)
    return scope.within(Instructor.objects.filter(registered_on__lte=day).filter(Q(left_on__isnull=True) | Q(left_on__gt=day)), org.path)


@indicator("bargaining.instructors", "工资集体协商指导员人数", "人", "期末在册(登记日期不晚于期末、未退出)的指导员人数。报告“指导员队伍已达1000余人”按此口径。",
           records=_instructors)
def instructors(org, period):
    return _instructors(org, period).count()


def _certified(org, period):
    certificates = InstructorCertificate.objects.filter(instructor=OuterRef("pk"), issued_on__lte=as_of(period))
    return _instructors(org, period).filter(Exists(certificates))


@indicator("bargaining.instructors_certified", "持资格证书的指导员人数", "人",
           "期末在册、且期末前已取得资格证书(任一级别)的指导员人数。报告“600余人获得……资格证书”按此口径。", records=_certified)
def instructors_certified(org, period):
    return _certified(org, period).count()


def _classes(org, period):
    return scope.within(TrainingClass.objects.filter(start_on__range=(period.start, period.end)), org.path)


@indicator("bargaining.instructor_classes", "指导员培训班期数", "期", "开班日期在期内的指导员培训班期数。2013年目标“培训班3-4期”按此口径。",
           records=_classes, breakdown=lambda org, period: [(c.name, ClassAttendance.objects.filter(training_class=c).count()) for c in _classes(org, period)])
def instructor_classes(org, period):
    return _classes(org, period).count()


# Democratic management ---------------------------------------------------------------------------


def single_enterprises(org, *, state_owned: bool):
    enterprises = scope.within(Enterprise.objects.filter(formation=Formation.SINGLE), org.path)
    return enterprises.filter(ownership__in=STATE_OWNED) if state_owned else enterprises.exclude(ownership__in=STATE_OWNED)


def _with(field, day):
    return Exists(WorkplaceDemocracy.objects.filter(org=OuterRef("org"), **{f"{field}__lte": day}))


def without_congress(org, day, *, state_owned: bool):
    return single_enterprises(org, state_owned=state_owned).exclude(_with("congress_established_on", day))


def _congress_ratio(org, period, state_owned, base):
    eligible = single_enterprises(org, state_owned=state_owned)
    return Ratio(eligible.filter(_with("congress_established_on", as_of(period))).count(), eligible.count(), base=base)


@indicator("bargaining.congress_rate_state", "国有及国有控股企业职代会建制率", "%",
           "单建工会的国有、国有控股企业中，期末已建立职代会制度的比例。报告“国有及国有控股企业职代会、厂务公开建制率达到100%”按此口径(厂务公开另见厂务公开建制率)。",
           records=lambda org, period: without_congress(org, as_of(period), state_owned=True))
def congress_rate_state(org, period):
    return _congress_ratio(org, period, True, "已建职代会的国有及国有控股企业 / 单建工会的国有及国有控股企业")


@indicator("bargaining.congress_rate_other", "非国有企业职代会建制率", "%",
           "单建工会的其他(非国有、非国有控股)企业中，期末已建立职代会制度的比例。报告“新建……602家，建制率达97%”按此口径。",
           records=lambda org, period: without_congress(org, as_of(period), state_owned=False))
def congress_rate_other(org, period):
    return _congress_ratio(org, period, False, "已建职代会的非国有企业 / 单建工会的非国有企业")


def without_disclosure(org, day):
    return scope.within(Enterprise.objects.filter(formation=Formation.SINGLE), org.path).exclude(_with("disclosure_established_on", day))


@indicator("bargaining.disclosure_rate", "厂务公开建制率", "%", "单建工会企业中，期末已建立厂务公开制度的比例。",
           records=lambda org, period: without_disclosure(org, as_of(period)))
def disclosure_rate(org, period):
    eligible = scope.within(Enterprise.objects.filter(formation=Formation.SINGLE), org.path)
    return Ratio(eligible.filter(_with("disclosure_established_on", as_of(period))).count(), eligible.count(), base="已建厂务公开的单建工会企业 / 单建工会企业")


def _congress_new(org, period):
    return scope.within(WorkplaceDemocracy.objects.filter(congress_established_on__range=(period.start, period.end)), org.path)


@indicator("bargaining.congress_new", "新建职代会(厂务公开)制度的单位数", "家",
           "职代会建制日期在期内的企事业单位数。报告“新建职代会(厂务公开)制度的企业602家”按此口径。", records=_congress_new)
def congress_new(org, period):
    return _congress_new(org, period).count()


def _regional(org, period):
    return scope.within(RegionalCongress.objects.filter(established_on__lte=as_of(period)), org.path)


@indicator("bargaining.regional_congresses", "区域性(行业性)职代会数", "家", "期末已建立的区域性、行业性职代会个数(累计)。报告“全市建区域性职代会32家”按此口径。",
           records=_regional)
def regional_congresses(org, period):
    return _regional(org, period).count()


def _inspections(org, period):
    return scope.within(RepresentativeInspection.objects.filter(held_on__range=(period.start, period.end)), org.path)


@indicator("bargaining.inspections", "职工代表巡视次数", "次", "巡视日期在期内的职工代表巡视次数。", records=_inspections)
def inspections(org, period):
    return _inspections(org, period).count()


# Union building ---------------------------------------------------------------------------------------


def _rated(org, period, stars):
    return scope.within(StarRating.objects.filter(stars=stars, year__range=(period.start.year, period.end.year)), org.path)


@indicator("bargaining.five_star_unions", "五星级规范化工会数", "家", "评定年度在期内、评为五星级的规范化工会数。报告“五星级规范化工会86家”按此口径。",
           records=lambda org, period: _rated(org, period, 5))
def five_star_unions(org, period):
    return _rated(org, period, 5).count()


@indicator("bargaining.three_star_unions", "三星级规范化工会数", "家", "评定年度在期内、评为三星级的规范化工会数。报告“三星级规范化工会26家”按此口径。",
           records=lambda org, period: _rated(org, period, 3))
def three_star_unions(org, period):
    return _rated(org, period, 3).count()


def primary_unions(org, day):
    live = Org.objects.filter(level=Level.PRIMARY, status=OrgStatus.ACTIVE).exclude(established_on__gt=day)
    return scope.within(live, org.path, path_field="path")


def _displayed(day):
    return Exists(TwoDisplays.objects.filter(org=OuterRef("pk"), plaque_on__lte=day, identity_on__lte=day))


def without_two_displays(org, day):
    return primary_unions(org, day).exclude(_displayed(day))


@indicator("bargaining.two_displays_rate", "“双亮”覆盖面", "%",
           "期末存续的基层工会中，已亮牌子且主席已亮身份(两项都做到)的比例。报告“双亮……覆盖面达到88%”按此口径。",
           records=lambda org, period: without_two_displays(org, as_of(period)))
def two_displays_rate(org, period):
    day = as_of(period)
    unions = primary_unions(org, day)
    return Ratio(unions.filter(_displayed(day)).count(), unions.count(), base="亮牌子且亮身份的基层工会 / 存续的基层工会")


def _dated(model, field):
    def records(org, period):
        return scope.within(model.objects.filter(**{f"{field}__range": (period.start, period.end)}), org.path)
    return records


@indicator("bargaining.model_homes", "命名模范职工之家数", "家", "命名日期在期内的模范职工之家(各级)个数。", records=_dated(ModelHome, "awarded_on"))
def model_homes(org, period):
    return _dated(ModelHome, "awarded_on")(org, period).count()


@indicator("bargaining.member_reviews", "开展会员评议的次数", "次", "评议日期在期内的会员评议次数。", records=_dated(MemberReview, "held_on"))
def member_reviews(org, period):
    return _dated(MemberReview, "held_on")(org, period).count()


@indicator("bargaining.chair_elections", "工会主席直选数", "家", "选举日期在期内的工会主席直选次数。", records=_dated(ChairElection, "elected_on"))
def chair_elections(org, period):
    return _dated(ChairElection, "elected_on")(org, period).count()
