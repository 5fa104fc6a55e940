"""The demo city's honours and model workers: the report's 2012 honours (30 city model workers
named by the federation, 10 model collectives, 60 city pioneer teams, the Ningbo, provincial
and national honours it lists), a few earlier years' model workers, town-level honours, and
the model workers' association (branches, studios, advanced methods, service teams).
Recipients are the demo's generated members, unions and enterprises; the same seed gives
the same honours."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.demo.names import short_name
from gonghui.honours.models import (
    AdvancedMethod, AssociationBranch, Honour, HonourKind, HonourLevel, HonourStatus, ModelStudio, ModelWorker, RecipientKind, StudioLevel,
    TeamKind, VolunteerTeam,
)
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Enterprise, Level, Org, OrgStatus

YEAR = 2012
CITY_GOVERNMENT, CITY_FEDERATION = "慈溪市人民政府", "慈溪市总工会"
NINGBO_FEDERATION, PROVINCE_FEDERATION, ACFTU = "宁波市总工会", "浙江省总工会", "中华全国总工会"

# (kind, level, recipient, count at scale 1, awarded by, day): the report's figures of 2012.
HONOURS_2012 = [
    (HonourKind.MODEL_WORKER, HonourLevel.CITY, RecipientKind.PERSON, 30, CITY_GOVERNMENT, (4, 28)),
    (HonourKind.MODEL_COLLECTIVE, HonourLevel.CITY, RecipientKind.UNION, 10, CITY_GOVERNMENT, (4, 28)),
    (HonourKind.PIONEER_TEAM, HonourLevel.CITY, RecipientKind.TEAM, 60, CITY_FEDERATION, (4, 28)),
    (HonourKind.PIONEER_TEAM, HonourLevel.NINGBO, RecipientKind.TEAM, 9, NINGBO_FEDERATION, (4, 26)),
    (HonourKind.PIONEER_TEAM, HonourLevel.NATIONAL, RecipientKind.TEAM, 1, ACFTU, (4, 25)),
    (HonourKind.CHIEF_WORKER, HonourLevel.NINGBO, RecipientKind.PERSON, 4, NINGBO_FEDERATION, (9, 20)),
    (HonourKind.OUTSTANDING_WORKER, HonourLevel.PROVINCIAL, RecipientKind.PERSON, 1, PROVINCE_FEDERATION, (10, 15)),
    (HonourKind.MAY_DAY_AWARD, HonourLevel.NINGBO, RecipientKind.ENTERPRISE, 2, NINGBO_FEDERATION, (4, 26)),
    (HonourKind.MAY_DAY_MEDAL, HonourLevel.NATIONAL, RecipientKind.PERSON, 1, ACFTU, (4, 25)),
    (HonourKind.MAY_DAY_MEDAL, HonourLevel.NINGBO, RecipientKind.PERSON, 4, NINGBO_FEDERATION, (4, 26)),
    (HonourKind.TECH_WEEK_FIRST_PRIZE, HonourLevel.PROVINCIAL, RecipientKind.PERSON, 3, PROVINCE_FEDERATION, (11, 8)),
    (HonourKind.TECH_WEEK_COLLECTIVE, HonourLevel.NINGBO, RecipientKind.ENTERPRISE, 6, NINGBO_FEDERATION, (11, 8)),
]
EARLIER_CITY_MODEL_WORKERS = (2009, 25)  # the previous naming, for a model worker's history
TOWN_MODEL_HOMES_PER_TOWN = 2
BRANCHES_BEFORE, BRANCHES_2012 = 3, 1
STUDIOS_BEFORE, STUDIOS_2012 = 3, 5
METHODS_2012 = 5
TEAM_NAMES = {TeamKind.MEDICAL: "慈溪市劳模医疗服务队", TeamKind.VOLUNTEER: "慈溪市劳模为民志愿服务队"}
TEAM_WORDS = ["装配", "冲压", "注塑", "电工", "焊接", "质检", "机修", "包装", "仓储", "调度", "营业", "检修", "数控", "模具", "抢修"]
STUDIO_WORDS = ["精密加工", "节能降耗", "模具创新", "电气自动化", "工艺改进", "质量攻关", "数控技术", "家电设计"]
METHOD_WORDS = ["快速换模法", "五步检测法", "零缺陷装配法", "一线工作法", "精准调试法", "节拍平衡法", "三查三对法"]


def _n(value: int, scale: float) -> int:
    return round(value * scale)


def _day(month_day) -> datetime.date:
    return datetime.date(YEAR, *month_day)


def build(*, seed: int, scale: float) -> str:
    rng = random.Random(seed * 104_729 + 9)
    clerk = User.objects.filter(username="city_clerk").first()
    reviewer = User.objects.filter(username="city_reviewer").first()
    decided_at = timezone.make_aware(datetime.datetime(YEAR, 4, 20, 10, 0))
    people = list(Member.objects.filter(status=MemberStatus.ACTIVE, joined_on__lt=datetime.date(YEAR, 1, 1))
                  .order_by("pk").values_list("pk", "org_id"))
    primaries = list(Org.objects.filter(level=Level.PRIMARY, status=OrgStatus.ACTIVE).order_by("code").values_list("pk", flat=True))
    enterprises = list(Enterprise.objects.exclude(formation="none").order_by("credit_code").values_list("pk", "org_id"))
    towns = list(Org.objects.filter(level=Level.TOWN).order_by("code"))
    federation = Org.objects.filter(level=Level.FEDERATION).first()
    person_needed = sum(_n(c, scale) for _, _, r, c, _, _ in HONOURS_2012 if r == RecipientKind.PERSON) + _n(EARLIER_CITY_MODEL_WORKERS[1], scale)
    persons = iter(rng.sample(people, min(person_needed, len(people))))
    unions = iter(rng.sample(primaries, len(primaries)))
    firms = iter(rng.sample(enterprises, len(enterprises)))

    honours, number = [], 0

    def add(kind, level, recipient, year, day, awarded_by, **target):
        nonlocal number
        number += 1
        confers = level == HonourLevel.CITY
        honours.append(Honour(
            kind=kind, level=level, year=year, awarded_on=day, awarded_by=awarded_by, recipient_kind=recipient, status=HonourStatus.AWARDED,
            certificate_number=f"CX-{year}-{number:04d}", proposed_by=clerk,
            decided_by=reviewer if confers else None, decided_at=decided_at.replace(year=year) if confers else None, **target,
        ))

    for kind, level, recipient, count, awarded_by, day in HONOURS_2012:
        for i in range(_n(count, scale)):
            if recipient == RecipientKind.PERSON:
                member_id, org_id = next(persons)
                add(kind, level, recipient, YEAR, _day(day), awarded_by, member_id=member_id, org_id=org_id)
            elif recipient == RecipientKind.UNION:
                union = next(unions)
                add(kind, level, recipient, YEAR, _day(day), awarded_by, recipient_union_id=union, org_id=union)
            elif recipient == RecipientKind.ENTERPRISE:
                enterprise_id, org_id = next(firms)
                add(kind, level, recipient, YEAR, _day(day), awarded_by, enterprise_id=enterprise_id, org_id=org_id)
            else:
                add(kind, level, recipient, YEAR, _day(day), awarded_by, org_id=next(unions), team_name=f"{rng.choice(TEAM_WORDS)}{'一二三四五'[i % 5]}班")
    earlier, count = EARLIER_CITY_MODEL_WORKERS
    for _ in range(_n(count, scale)):
        member_id, org_id = next(persons)
        add(HonourKind.MODEL_WORKER, HonourLevel.CITY, RecipientKind.PERSON, earlier, datetime.date(earlier, 4, 28), CITY_GOVERNMENT, member_id=member_id, org_id=org_id)
    for town in towns:
        for _ in range(TOWN_MODEL_HOMES_PER_TOWN if scale >= 0.5 else 1):
            union = next((u for u in unions), None)
            if union is None:
                break
            add(HonourKind.MODEL_HOME, HonourLevel.TOWN, RecipientKind.UNION, YEAR, datetime.date(YEAR, 12, 18), town.name,
                recipient_union_id=union, org_id=union)
    # A town-level honour is given by the town the union lies in.
    town_of = {}
    for pk, path in Org.objects.filter(pk__in=[h.recipient_union_id for h in honours if h.level == HonourLevel.TOWN]).values_list("pk", "path"):
        town_of[pk] = next((t for t in towns if path.startswith(t.path)), None)
    for honour in honours:
        if honour.level == HonourLevel.TOWN and town_of.get(honour.recipient_union_id):
            honour.awarded_by = town_of[honour.recipient_union_id].name

    with transaction.atomic():
        Honour.objects.bulk_create(honours, batch_size=1000)
        model_worker_members = {}
        for h in sorted(honours, key=lambda h: h.awarded_on):
            if h.kind == HonourKind.MODEL_WORKER and h.member_id not in model_worker_members:
                model_worker_members[h.member_id] = (h.org_id, h.awarded_on)
        ModelWorker.objects.bulk_create([ModelWorker(member_id=m, org_id=o, opened_on=d) for m, (o, d) in model_worker_members.items()])
        workers = list(ModelWorker.objects.select_related("member", "org").order_by("pk"))
        summary = _association(rng, workers, towns, federation, scale)
    return f"荣誉与劳模：{len(honours)} 项荣誉(2012年市级劳模 {_n(30, scale)} 人)、{len(workers)} 份劳模档案，{summary}"


def _association(rng, workers, towns, federation, scale) -> str:
    branches = []
    for i, town in enumerate(rng.sample(towns, min(len(towns), BRANCHES_BEFORE + _n(BRANCHES_2012, scale)))):
        founded = datetime.date(YEAR, 6, 18) if i >= BRANCHES_BEFORE else datetime.date(2008 + i, 5, 1)
        branches.append(AssociationBranch(name=f"慈溪市劳模联谊会{short_name(town.name.removesuffix('总工会'))}分会", org=town, founded_on=founded))
    AssociationBranch.objects.bulk_create(branches)
    branch_of_town = {b.org.path: b for b in branches}
    for worker in workers:
        worker.branch = next((b for p, b in branch_of_town.items() if worker.org.path.startswith(p)), None)
    ModelWorker.objects.bulk_update(workers, ["branch"], batch_size=500)
    studios, methods, taken = [], [], set()

    def unique(name):
        while name in taken:
            name = f"{name[:-1]}{len(taken)}{name[-1]}"
        taken.add(name)
        return name

    leaders = rng.sample(workers, min(len(workers), STUDIOS_BEFORE + _n(STUDIOS_2012, scale)))
    for i, leader in enumerate(leaders):
        named = datetime.date(YEAR, 9, 26) if i >= STUDIOS_BEFORE else datetime.date(2010 + i % 2, 9, 26)
        studios.append(ModelStudio(name=unique(f"{leader.member.name}{rng.choice(STUDIO_WORDS)}劳模创新工作室"), leader=leader, org_id=leader.org_id,
                                   level=StudioLevel.CITY, named_on=named))
    for leader in rng.sample(workers, min(len(workers), _n(METHODS_2012, scale))):
        methods.append(AdvancedMethod(name=unique(f"{leader.member.name}{rng.choice(METHOD_WORDS)}"), model_worker=leader, org_id=leader.org_id,
                                      named_on=datetime.date(YEAR, 9, 26)))
    ModelStudio.objects.bulk_create(studios)
    AdvancedMethod.objects.bulk_create(methods)
    teams = [VolunteerTeam(name=name, kind=kind, org=federation, founded_on=datetime.date(YEAR, 5, 1 if kind == TeamKind.MEDICAL else 20))
             for kind, name in TEAM_NAMES.items()][: _n(2, scale)]
    VolunteerTeam.objects.bulk_create(teams)
    for team in teams:
        team.model_workers.add(*rng.sample(workers, min(len(workers), 12)))
    return f"{len(branches)} 个劳模联谊会分会、{len(studios)} 个创新工作室、{len(methods)} 个先进操作法、{len(teams)} 支服务队"
