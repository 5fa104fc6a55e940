"""The demo city's labour protection: the inspectors in office at the end of 2012 (1
provincial, 5 Ningbo, 38 city; and a few appointed earlier who left), the 2012 Ankang Cup
honours the report lists, and the 401 enterprises under classified management in 2012 (with
the 2011 round before them)."""

import datetime
import random

from django.db import transaction

from gonghui.accounts.models import User
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Enterprise, Level, Org
from gonghui.safety.models import AnkangHonour, AnkangKind, AnkangLevel, ClassifiedManagement, InspectorLevel, SafetyClass, SafetyInspector

YEAR = 2012
INSPECTORS = {InspectorLevel.PROVINCIAL: 1, InspectorLevel.NINGBO: 5, InspectorLevel.CITY: 38}  # 省级1名、宁波市级5名、市级38名
INSPECTORS_LEFT = 4  # city inspectors appointed in 2009 whose appointment ended in 2011
# (level, kind, count): 全国先进2家, 省级1家, 宁波市优胜企业6家、先进班组3个、优秀组织单位1个、先进个人2个
ANKANG = [(AnkangLevel.NATIONAL, AnkangKind.ENTERPRISE, 2), (AnkangLevel.PROVINCIAL, AnkangKind.ENTERPRISE, 1),
          (AnkangLevel.NINGBO, AnkangKind.ENTERPRISE, 6), (AnkangLevel.NINGBO, AnkangKind.TEAM, 3),
          (AnkangLevel.NINGBO, AnkangKind.ORGANISER, 1), (AnkangLevel.NINGBO, AnkangKind.INDIVIDUAL, 2)]
CLASSIFIED = {2011: 330, YEAR: 401}  # 开展劳动保护分类管理企业达401家
CLASS_WEIGHTS = [(SafetyClass.A, 30), (SafetyClass.B, 50), (SafetyClass.C, 20)]
TEAMS = ["冲压班", "注塑班", "焊接班", "电工班", "机修班", "涂装班"]


def _n(value: int, scale: float) -> int:
    return round(value * scale)


def build(*, seed: int, scale: float) -> str:
    rng = random.Random(seed * 15_485_863 + 5)
    clerk = User.objects.filter(username="city_clerk").first()
    people = list(Member.objects.filter(status=MemberStatus.ACTIVE, joined_on__lt=datetime.date(2009, 1, 1)).order_by("pk").values_list("pk", "org_id"))
    wanted = sum(_n(c, scale) for c in INSPECTORS.values()) + _n(INSPECTORS_LEFT, scale) + _n(2, scale)
    persons = iter(rng.sample(people, min(wanted, len(people))))
    enterprises = list(Enterprise.objects.exclude(formation="none").order_by("credit_code").values_list("pk", "org_id"))
    primaries = list(Org.objects.filter(level=Level.PRIMARY).order_by("code").values_list("pk", flat=True))
    towns = list(Org.objects.filter(level=Level.TOWN).order_by("code").values_list("pk", flat=True))
    inspectors = []
    for level, count in INSPECTORS.items():
        for i in range(_n(count, scale)):
            member_id, org_id = next(persons)
            appointed = datetime.date(rng.choice([2008, 2010, 2012]), rng.randrange(3, 10), rng.randrange(1, 28))
            inspectors.append(SafetyInspector(member_id=member_id, org_id=org_id, level=level, appointed_on=appointed, recorded_by=clerk,
                                              certificate_number=f"LB-{level[:2].upper()}-{appointed.year}-{i + 1:03d}"))
    for i in range(_n(INSPECTORS_LEFT, scale)):
        member_id, org_id = next(persons)
        inspectors.append(SafetyInspector(member_id=member_id, org_id=org_id, level=InspectorLevel.CITY, appointed_on=datetime.date(2009, 5, 1),
                                          ended_on=datetime.date(2011, 12, 31), recorded_by=clerk, certificate_number=f"LB-CI-2009-{i + 1:03d}"))
    honours = []
    firms = iter(rng.sample(enterprises, len(enterprises)))
    for level, kind, count in ANKANG:
        for i in range(_n(count, scale)):
            day = datetime.date(YEAR, 11, rng.randrange(1, 29))
            if kind == AnkangKind.ENTERPRISE:
                pk, org_id = next(firms)
                honours.append(AnkangHonour(year=YEAR, level=level, kind=kind, enterprise_id=pk, org_id=org_id, awarded_on=day, recorded_by=clerk))
            elif kind == AnkangKind.TEAM:
                honours.append(AnkangHonour(year=YEAR, level=level, kind=kind, org_id=rng.choice(primaries), team_name=TEAMS[i % len(TEAMS)],
                                            awarded_on=day, recorded_by=clerk))
            elif kind == AnkangKind.ORGANISER:
                town = rng.choice(towns)
                # A union is named once a year per level and kind: past one award (scale > 1)
                # the next town not yet named, so that scale 1 draws exactly as before.
                named = {h.recipient_union_id for h in honours if h.kind == kind and h.level == level}
                town = next((t for t in towns[towns.index(town):] + towns if t not in named), town)
                honours.append(AnkangHonour(year=YEAR, level=level, kind=kind, recipient_union_id=town, org_id=town, awarded_on=day, recorded_by=clerk))
            else:
                member_id, org_id = next(persons)
                honours.append(AnkangHonour(year=YEAR, level=level, kind=kind, member_id=member_id, org_id=org_id, awarded_on=day, recorded_by=clerk))
    classes = [c for c, w in CLASS_WEIGHTS for _ in range(w)]
    classified = []
    for year, count in CLASSIFIED.items():
        for pk, org_id in rng.sample(enterprises, min(_n(count, scale), len(enterprises))):
            classified.append(ClassifiedManagement(enterprise_id=pk, org_id=org_id, year=year, safety_class=rng.choice(classes),
                                                   assessed_on=datetime.date(year, rng.randrange(4, 10), rng.randrange(1, 28)), recorded_by=clerk))
    with transaction.atomic():
        SafetyInspector.objects.bulk_create(inspectors)
        AnkangHonour.objects.bulk_create(honours)
        ClassifiedManagement.objects.bulk_create(classified, batch_size=2000)
    in_office = sum(_n(c, scale) for c in INSPECTORS.values())
    return f"劳动保护：{in_office} 名在任监督检查员、{len(honours)} 项安康杯荣誉、2012年 {_n(CLASSIFIED[YEAR], scale)} 家企业分类管理"
