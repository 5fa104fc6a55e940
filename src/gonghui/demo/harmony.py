"""The demo city's harmonious-enterprise creation: the 2012 criteria sheet, the small and
medium enterprises that applied, their scores, and the report's awards (150 town-level and
1,264 village-level harmonious enterprises, 339 and 1,394 single-item awards; 42.5% of the
SMEs taking part), a first quarter of 2013 on the way to the 50% target, and CSR evaluations.

Every score is consistent with the rules the services apply: an awarded application has a
total at or above the sheet's pass score; a single item was scored at 80% of its maximum or
more; an application that was not awarded scored below the pass score."""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.harmony.models import (
    SINGLE_ITEM_SHARE, ApplicationStatus, AwardLevel, CriteriaItem, CriteriaSheet, CsrEvaluation, HarmonyApplication, HarmonyAward, ItemScore,
    grade_for,
)
from gonghui.orgs.models import Enterprise

YEAR = 2012
TOWN_AWARDS, VILLAGE_AWARDS = 150, 1264  # 表彰镇级和谐企业150家, 村级和谐企业1264家
TOWN_SINGLE, VILLAGE_SINGLE = 339, 1394  # 镇级单项339家, 村级单项1394家
CREATION_RATE = Decimal("0.425")  # 中小企业创建率达42.5%
TOWN_APPLICATION_SHARE = 0.2  # of the applications that were not awarded, those made at town level
# 2013 (January to March): applications and the awards made so far, toward the 50% target.
APPLICANTS_2013, AWARDED_2013 = 240, 132
CSR_EVALUATIONS = 120
ITEMS = [("劳动合同管理", 20), ("工资集体协商", 20), ("安全生产与劳动保护", 20), ("职工之家建设", 15), ("民主管理与厂务公开", 15), ("企业文化与职工素质", 10)]
PASS_SCORE = Decimal("80")


def _n(value: int, scale: float) -> int:
    return round(value * scale)


def _points(rng, maximum: int, low: float, high: float) -> Decimal:
    return (Decimal(maximum) * Decimal(str(round(rng.uniform(low, high), 3)))).quantize(Decimal("0.5"))


def _sheet(year: int, clerk) -> tuple[CriteriaSheet, list[CriteriaItem]]:
    sheet = CriteriaSheet.objects.create(year=year, title="和谐企业创建评分标准", pass_score=PASS_SCORE, created_by=clerk)
    CriteriaItem.objects.bulk_create([CriteriaItem(sheet=sheet, number=i, name=name, max_points=Decimal(m)) for i, (name, m) in enumerate(ITEMS, 1)])
    return sheet, list(CriteriaItem.objects.filter(sheet=sheet).order_by("number"))


def _round(rng, year, smes, items, clerk, *, town, village, town_single, village_single, applicants, award_window, applied_window):
    """One year's applications, scores and awards; returns the counts written."""
    chosen = rng.sample(smes, min(applicants, len(smes)))
    awarded_town, awarded_village = chosen[:town], chosen[town:town + village]
    rest = chosen[town + village:]
    cut = max(0, town_single - town) if town_single > town else 0
    rest_town = rest[: max(round(len(rest) * TOWN_APPLICATION_SHARE), cut)]
    rest_village = rest[len(rest_town):]
    plans = [(e, AwardLevel.TOWN, True) for e in awarded_town] + [(e, AwardLevel.VILLAGE, True) for e in awarded_village]
    plans += [(e, AwardLevel.TOWN, False) for e in rest_town] + [(e, AwardLevel.VILLAGE, False) for e in rest_village]
    # Single items go to applications of their level, awarded or not.
    singles = {}
    for level, wanted in ((AwardLevel.TOWN, town_single), (AwardLevel.VILLAGE, village_single)):
        of_level = [i for i, p in enumerate(plans) if p[1] == level]
        for index in rng.sample(of_level, min(wanted, len(of_level))):
            singles[index] = rng.choice(items)
    now = timezone.now()
    applications, scores, awards = [], [], []
    first_day, days = applied_window
    for index, (enterprise, level, awarded) in enumerate(plans):
        points = {item.pk: _points(rng, int(item.max_points), 0.8, 1.0) if awarded else _points(rng, int(item.max_points), 0.4, 0.7) for item in items}
        single = singles.get(index)
        if single is not None and points[single.pk] < single.max_points * SINGLE_ITEM_SHARE:
            points[single.pk] = _points(rng, int(single.max_points), 0.85, 1.0)
        total = sum(points.values(), Decimal("0"))
        applications.append(HarmonyApplication(
            enterprise_id=enterprise[0], org_id=enterprise[1], year=year, level=level, applied_on=first_day + datetime.timedelta(days=rng.randrange(days)),
            status=ApplicationStatus.AWARDED if awarded else ApplicationStatus.SCORED, total_score=total, scored_by=clerk, scored_at=now, created_by=clerk,
        ))
        scores.append(points)
    HarmonyApplication.objects.bulk_create(applications, batch_size=1000)
    award_first, award_days = award_window
    for index, (application, points) in enumerate(zip(applications, scores)):
        scores_rows = [ItemScore(application=application, item_id=pk, points=value) for pk, value in points.items()]
        scores[index] = scores_rows
        day = award_first + datetime.timedelta(days=rng.randrange(award_days))
        common = dict(application=application, enterprise_id=application.enterprise_id, org_id=application.org_id, year=year, level=application.level,
                      awarded_on=day, awarded_by=clerk)
        if plans[index][2]:
            awards.append(HarmonyAward(**common))
        if index in singles:
            awards.append(HarmonyAward(single_item=singles[index], **common))
    ItemScore.objects.bulk_create([row for rows in scores for row in rows], batch_size=5000)
    HarmonyAward.objects.bulk_create(awards, batch_size=2000)
    return len(applications), len(awards)


def build(*, seed: int, scale: float) -> str:
    rng = random.Random(seed * 130_363 + 4)
    clerk = User.objects.filter(username="city_clerk").first()
    smes = list(Enterprise.objects.filter(above_scale=False).order_by("credit_code").values_list("pk", "org_id"))
    large = list(Enterprise.objects.filter(above_scale=True).order_by("credit_code").values_list("pk", "org_id"))
    town, village = _n(TOWN_AWARDS, scale), _n(VILLAGE_AWARDS, scale)
    applicants = round(Decimal(town + village) / CREATION_RATE)
    with transaction.atomic():
        _, items = _sheet(YEAR, clerk)
        count_2012, awards_2012 = _round(rng, YEAR, smes, items, clerk, town=town, village=village, town_single=_n(TOWN_SINGLE, scale),
                                         village_single=_n(VILLAGE_SINGLE, scale), applicants=applicants,
                                         award_window=(datetime.date(YEAR, 11, 1), 50), applied_window=(datetime.date(YEAR, 3, 1), 120))
        _, items_2013 = _sheet(YEAR + 1, clerk)
        awarded_2013 = _n(AWARDED_2013, scale)
        count_2013, _ = _round(rng, YEAR + 1, smes, items_2013, clerk, town=awarded_2013 // 5, village=awarded_2013 - awarded_2013 // 5, town_single=0,
                               village_single=0, applicants=_n(APPLICANTS_2013, scale), award_window=(datetime.date(YEAR + 1, 3, 1), 28),
                               applied_window=(datetime.date(YEAR + 1, 1, 5), 50))
        evaluations = []
        for pk, org_id in rng.sample(large, min(_n(CSR_EVALUATIONS, scale), len(large))):
            score = Decimal(str(round(rng.uniform(62, 98), 1)))
            evaluations.append(CsrEvaluation(enterprise_id=pk, org_id=org_id, year=YEAR, score=score, grade=grade_for(score),
                                             evaluated_on=datetime.date(YEAR, 12, 1) + datetime.timedelta(days=rng.randrange(20)),
                                             evaluated_by="慈溪市企业社会责任评价委员会", recorded_by=clerk))
        CsrEvaluation.objects.bulk_create(evaluations)
    return (f"和谐企业：2012年 {count_2012} 家中小企业申报、{awards_2012} 项命名(镇级 {town}、村级 {village} 家)，"
            f"2013年一季度 {count_2013} 家申报；{len(evaluations)} 家企业社会责任评价")
