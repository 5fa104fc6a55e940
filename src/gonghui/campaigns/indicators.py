"""Figures of 劳动竞赛与创新.

A contest counts in the period in which it ended. Its events count where it was organised
(the organiser's union in scope); its units, entries and results count where each unit
stands, so a town sees how many of its own workers took part in the city's games. Yearly
records (in-house ratings, training years) count when their year falls in the period."""

from django.db.models import Count, Min, Q, Sum

from gonghui.campaigns.models import (
    AwardLevel, Certificate, ContestEntry, ContestEvent, ContestKind, ContestUnit, InHouseAward, InHouseRating, Innovation, InnovationKind, Medal,
    Stage, Title, TrainingBase, TrainingYear, UnitAward, UnitAwardKind,
)
from gonghui.core import scope
from gonghui.core.indicators import indicator, shared

SKILLS, SPORTS = ContestKind.SKILLS_GAMES, ContestKind.SPORTS_GAMES


def _ended(prefix, period):
    return {f"{prefix}ends_on__gte": period.start, f"{prefix}ends_on__lte": period.end}


def _events(org, period, kind):
    return scope.within(ContestEvent.objects.filter(contest__kind=kind, **_ended("contest__", period)), org.path, path_field="contest__org__path")


def _units(org, period, kind):
    return scope.within(ContestUnit.objects.filter(contest__kind=kind, **_ended("contest__", period)), org.path)


def _entries(org, period, kind, **conditions):
    return scope.within(ContestEntry.objects.filter(contest__kind=kind, **_ended("contest__", period), **conditions), org.path, path_field="unit__org__path")


def _unit_awards(org, period, kind):
    return scope.within(UnitAward.objects.filter(contest__kind=SPORTS, kind=kind, **_ended("contest__", period)), org.path)


def _by_event(org, period, kind, **conditions):
    rows = _entries(org, period, kind, **conditions).values_list("event__sport", "event__name").order_by("event__sport", "event__name")
    counts = {}
    for sport, name in rows:
        label = f"{sport}·{name}" if sport else name
        counts[label] = counts.get(label, 0) + 1
    return list(counts.items())


# 职工技能运动会 --------------------------------------------------------------------------------


@shared
def _skills_entry_counts(org, period) -> dict:
    """The skills games' entries counted every way the figures below read them, in one pass."""
    return _entries(org, period, SKILLS).aggregate(
        trainees=Count("pk"), finalists=Count("pk", filter=Q(stage=Stage.FINAL)),
        technical_experts=Count("pk", filter=Q(title=Title.TECHNICAL_EXPERT)), prize_winners=Count("pk", filter=~Q(prize="")),
        senior_certificates=Count("pk", filter=Q(certificate=Certificate.SENIOR)),
    )


@indicator("campaigns.skills_events", "技能运动会比武项目", "个", "期内结束的职工技能运动会(主办工会在范围内)所设比武项目个数。报告“共设28个比武项目”按此口径。",
           records=lambda org, period: _events(org, period, SKILLS))
def skills_events(org, period):
    return _events(org, period, SKILLS).count()


@indicator("campaigns.skills_units", "技能运动会参赛单位", "个", "期内结束的职工技能运动会中，所在工会在范围内的参赛单位个数。",
           records=lambda org, period: _units(org, period, SKILLS))
def skills_units(org, period):
    return _units(org, period, SKILLS).count()


@indicator("campaigns.skills_trainees", "参加岗位练兵和选拔比赛职工", "人次", "期内结束的职工技能运动会的全部参赛登记(进入决赛者也参加了练兵选拔)，按参赛单位所在工会计。",
           records=lambda org, period: _entries(org, period, SKILLS), breakdown=lambda org, period: _by_event(org, period, SKILLS))
def skills_trainees(org, period):
    return _skills_entry_counts(org, period)["trainees"]


@indicator("campaigns.skills_finalists", "参加决赛职工", "人次", "期内结束的职工技能运动会中阶段为决赛的参赛登记数。",
           records=lambda org, period: _entries(org, period, SKILLS, stage=Stage.FINAL))
def skills_finalists(org, period):
    return _skills_entry_counts(org, period)["finalists"]


@indicator("campaigns.skills_technical_experts", "产生技术能手", "名", "职工技能运动会决赛选手中被授予“技术能手”称号的人数。",
           records=lambda org, period: _entries(org, period, SKILLS, title=Title.TECHNICAL_EXPERT))
def skills_technical_experts(org, period):
    return _skills_entry_counts(org, period)["technical_experts"]


def _prize_winners(org, period):
    return _entries(org, period, SKILLS).exclude(prize="")


@indicator("campaigns.skills_prize_winners", "获奖选手", "名", "职工技能运动会决赛选手中获一、二、三等奖或优胜奖的人数。",
           records=_prize_winners)
def skills_prize_winners(org, period):
    return _skills_entry_counts(org, period)["prize_winners"]


@indicator("campaigns.skills_senior_certificates", "获高级工资格证书选手", "名", "职工技能运动会选手中获得高级工资格证书的人数。",
           records=lambda org, period: _entries(org, period, SKILLS, certificate=Certificate.SENIOR))
def skills_senior_certificates(org, period):
    return _skills_entry_counts(org, period)["senior_certificates"]


# 职工运动会 ------------------------------------------------------------------------------------


@indicator("campaigns.sports_sports", "运动会竞技大项", "个", "期内结束的职工运动会(主办工会在范围内)所设大项个数(按运动会分别计)。",
           records=lambda org, period: _events(org, period, SPORTS))
def sports_sports(org, period):
    return _events(org, period, SPORTS).values("contest_id", "sport").distinct().count()


@indicator("campaigns.sports_events", "运动会竞技小项", "个", "期内结束的职工运动会所设小项个数。",
           records=lambda org, period: _events(org, period, SPORTS))
def sports_events(org, period):
    return _events(org, period, SPORTS).count()


@indicator("campaigns.sports_teams", "运动会代表队", "支", "期内结束的职工运动会中所在工会在范围内的代表队支数。",
           records=lambda org, period: _units(org, period, SPORTS))
def sports_teams(org, period):
    return _units(org, period, SPORTS).count()


def _athletes(org, period):
    return _entries(org, period, SPORTS).values("contest_id", "id_number_index").distinct()


@indicator("campaigns.sports_athletes", "运动会运动员", "名", "期内结束的职工运动会的运动员人数：一人参加几个小项只计一次(按身份证号)。",
           records=lambda org, period: _entries(org, period, SPORTS))
def sports_athletes(org, period):
    return _athletes(org, period).count()


@indicator("campaigns.sports_gold_medals", "运动会金牌", "枚", "期内结束的职工运动会授出的金牌数(每个小项一枚)。",
           records=lambda org, period: _entries(org, period, SPORTS, medal=Medal.GOLD),
           breakdown=lambda org, period: [(Medal(m).label, _entries(org, period, SPORTS, medal=m).count()) for m in Medal.values])
def sports_gold_medals(org, period):
    return _entries(org, period, SPORTS, medal=Medal.GOLD).count()


@indicator("campaigns.sports_host_awards", "运动会优秀承办单位", "个", "期内结束的职工运动会评出的优秀承办单位奖，按获奖单位所在工会计。",
           records=lambda org, period: _unit_awards(org, period, UnitAwardKind.HOST))
def sports_host_awards(org, period):
    return _unit_awards(org, period, UnitAwardKind.HOST).count()


@indicator("campaigns.sports_organiser_awards", "运动会优秀组织单位", "个", "期内结束的职工运动会评出的优秀组织单位奖，按获奖单位所在工会计。",
           records=lambda org, period: _unit_awards(org, period, UnitAwardKind.ORGANISER))
def sports_organiser_awards(org, period):
    return _unit_awards(org, period, UnitAwardKind.ORGANISER).count()


# 内部技术职称、技能等级评聘 ------------------------------------------------------------------------


def _years(period):
    return {"year__gte": period.start.year, "year__lte": period.end.year}


def _ratings(org, period, **conditions):
    return scope.within(InHouseRating.objects.filter(**_years(period), **conditions), org.path)


@indicator("campaigns.inhouse_enterprises", "开展内部评聘的企业", "家", "评聘年度在期内的内部技术职称、技能等级评聘登记所涉企业家数(一家企业只计一次)。",
           records=lambda org, period: _ratings(org, period, enterprise__isnull=False))
def inhouse_enterprises(org, period):
    return _ratings(org, period, enterprise__isnull=False).values("enterprise_id").distinct().count()


@indicator("campaigns.inhouse_associations", "开展内部评聘的行业协会", "个", "评聘年度在期内的内部评聘登记所涉行业协会个数。",
           records=lambda org, period: _ratings(org, period, enterprise__isnull=True))
def inhouse_associations(org, period):
    return _ratings(org, period, enterprise__isnull=True).values("org_id", "association").distinct().count()


@indicator("campaigns.inhouse_model_units", "内部评聘市级示范单位", "个", "评聘年度在期内、获市级企业内部技术职称评聘示范单位的登记数。",
           records=lambda org, period: _ratings(org, period, city_award=InHouseAward.MODEL))
def inhouse_model_units(org, period):
    return _ratings(org, period, city_award=InHouseAward.MODEL).count()


@indicator("campaigns.inhouse_advanced_units", "内部评聘市级先进单位", "个", "评聘年度在期内、获市级企业内部技术职称评聘先进单位的登记数。",
           records=lambda org, period: _ratings(org, period, city_award=InHouseAward.ADVANCED))
def inhouse_advanced_units(org, period):
    return _ratings(org, period, city_award=InHouseAward.ADVANCED).count()


@indicator("campaigns.inhouse_technical", "评聘技术类职工", "名", "评聘年度在期内各单位评聘的技术类职工人数之和。",
           records=lambda org, period: _ratings(org, period))
def inhouse_technical(org, period):
    return _ratings(org, period).aggregate(n=Sum("technical_count"))["n"] or 0


@indicator("campaigns.inhouse_skilled", "评聘技能类职工", "名", "评聘年度在期内各单位评聘的技能类职工人数之和。",
           records=lambda org, period: _ratings(org, period))
def inhouse_skilled(org, period):
    return _ratings(org, period).aggregate(n=Sum("skilled_count"))["n"] or 0


def _new_inhouse(org, period):
    first = scope.within(InHouseRating.objects.filter(enterprise__isnull=False), org.path).values("enterprise_id").annotate(first=Min("year"))
    fresh = first.filter(first__gte=period.start.year, first__lte=period.end.year).values("enterprise_id")
    return _ratings(org, period, enterprise_id__in=fresh)


@indicator("campaigns.inhouse_enterprises_new", "新增内部评聘企业", "家", "首次登记内部评聘的年度在期内的企业家数(“新增内聘推广企业”)。",
           records=_new_inhouse)
def inhouse_enterprises_new(org, period):
    return _new_inhouse(org, period).values("enterprise_id").distinct().count()


# 培训基地 -----------------------------------------------------------------------------------------


def _bases_open(org, period):
    bases = TrainingBase.objects.filter(established_on__lte=period.end).exclude(closed_on__lte=period.end)
    return scope.within(bases.filter(level=AwardLevel.CITY), org.path)


@indicator("campaigns.training_bases", "职工技能培训示范基地(累计)", "家", "截至期末已建立且未撤销的市级职工技能培训示范基地家数(累计数)。",
           records=_bases_open)
def training_bases(org, period):
    return _bases_open(org, period).count()


def _bases_new(org, period):
    return scope.within(TrainingBase.objects.filter(level=AwardLevel.CITY, established_on__gte=period.start, established_on__lte=period.end), org.path)


@indicator("campaigns.training_bases_new", "新建职工技能培训基地", "家", "建立日期在期内的市级职工技能培训(竞赛)基地家数。", records=_bases_new)
def training_bases_new(org, period):
    return _bases_new(org, period).count()


def _training_years(org, period):
    return scope.within(TrainingYear.objects.filter(**_years(period)), org.path, path_field="base__org__path")


@indicator("campaigns.trained_workers", "培训职工", "人次", "年度在期内各培训基地登记的培训职工人次之和。", records=_training_years)
def trained_workers(org, period):
    return _training_years(org, period).aggregate(n=Sum("trained"))["n"] or 0


@indicator("campaigns.skill_certificates", "获技能等级证书职工", "人", "年度在期内各培训基地登记的获技能等级证书人数之和。", records=_training_years)
def skill_certificates(org, period):
    return _training_years(org, period).aggregate(n=Sum("certificates"))["n"] or 0


# 五小创新与QC攻关 ----------------------------------------------------------------------------------


def _innovations(org, period, **conditions):
    return scope.within(Innovation.objects.filter(awarded_on__gte=period.start, awarded_on__lte=period.end, **conditions), org.path)


@indicator("campaigns.small_innovations", "市级“五小”创新成果", "个", "评定日期在期内、评定级别为市级的“五小”创新成果个数。",
           records=lambda org, period: _innovations(org, period, kind=InnovationKind.SMALL_INNOVATION, level=AwardLevel.CITY))
def small_innovations(org, period):
    return _innovations(org, period, kind=InnovationKind.SMALL_INNOVATION, level=AwardLevel.CITY).count()


@indicator("campaigns.qc_projects", "QC技术攻关", "项", "登记日期在期内的QC技术攻关项目数(各级)。",
           records=lambda org, period: _innovations(org, period, kind=InnovationKind.QC_PROJECT))
def qc_projects(org, period):
    return _innovations(org, period, kind=InnovationKind.QC_PROJECT).count()


@indicator("campaigns.innovation_benefit", "QC技术攻关创造经济效益", "元", "登记日期在期内的QC技术攻关项目经济效益之和(报告“QC技术攻关3160项、创造经济效益6750余万元”)。",
           records=lambda org, period: _innovations(org, period, kind=InnovationKind.QC_PROJECT))
def innovation_benefit(org, period):
    return _innovations(org, period, kind=InnovationKind.QC_PROJECT).aggregate(n=Sum("benefit"))["n"] or 0
