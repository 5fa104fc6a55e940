"""The demo city's contests and innovation: the 6th skills games and the 2012 workers'
sports games with every entry and result, a key-project contest, the year's small
innovations and QC projects, in-house titles and grades, and the training bases, at the
report's figures (scaled); plus the first months of 2013 toward its targets.

Entries are drawn from the members of each unit's union where there are enough, and are
generated workers outside the registry otherwise (not every finalist is a member)."""

import datetime
import random
from decimal import Decimal

from django.db import transaction

from gonghui.campaigns.models import (
    AwardLevel, Certificate, Contest, ContestEntry, ContestEvent, ContestKind, ContestUnit, InHouseAward, InHouseRating, Innovation,
    InnovationKind, Medal, Prize, Stage, Title, TrainingBase, TrainingYear, UnitAward, UnitAwardKind,
)
from gonghui.core import audit
from gonghui.core.imports.bulk import bulk_insert
from gonghui.core.sealing import SealedValue, blind_index
from gonghui.core.validators import id_number_check_char
from gonghui.demo.names import person
from gonghui.demo.plan import spread
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Enterprise, Level, Org, OrgKind

# The report's figures of 2012 (市第六届职工技能运动会, 职工运动会, 内部评聘, 基地, 五小与QC).
SKILLS = dict(events=28, units=292, entries=27_000, finalists=2_500, experts=28, winners=215, certificates=30)
SPORTS = dict(sports=8, events=46, teams=20, athletes=2_500, host=8, organiser=8)
INHOUSE = dict(enterprises=103, associations=1, model=4, advanced=9, technical=3_100, skilled=16_200)
BASES_2012 = 42
SMALL_INNOVATIONS = 24
QC_PROJECTS = 3_160
QC_BENEFIT = 67_520_000  # "6750余万元"
# Early 2013 (not in the report): progress toward the year's targets.
BASES_2013 = 3
INHOUSE_NEW_2013 = 12
TRAINED_2013, CERTIFIED_2013 = 21_000, 2_300

SKILL_EVENTS = [
    "数控车工", "数控铣工", "加工中心操作工", "钳工", "车工", "焊工", "电工", "维修电工", "模具工", "汽车维修工", "电子装配工", "家电维修工",
    "化学检验工", "缝纫工", "服装制版师", "计算机操作员", "网络管理员", "物流师", "收银员", "中式烹调师", "中式面点师", "茶艺师", "美发师",
    "育婴员", "养老护理员", "叉车司机", "电梯安装维修工", "注塑工", "冷作钣金工", "制冷设备维修工",
]
SPORT_EVENTS = {
    "田径": ["男子100米", "女子100米", "男子400米", "女子400米", "男子1500米", "女子800米", "男子跳远", "女子跳远", "男子铅球", "女子铅球", "男子4×100米接力", "女子4×100米接力"],
    "游泳": ["男子50米自由泳", "女子50米自由泳", "男子50米蛙泳", "女子50米蛙泳", "男子100米自由泳", "女子100米自由泳"],
    "篮球": ["男子篮球", "女子篮球"],
    "乒乓球": ["男子单打", "女子单打", "男子双打", "女子双打", "混合双打", "男子团体", "女子团体"],
    "羽毛球": ["男子单打", "女子单打", "男子双打", "女子双打", "混合双打"],
    "拔河": ["男子拔河", "混合拔河"],
    "象棋": ["男子个人", "女子个人", "团体"],
    "趣味运动": ["托球跑", "跳绳", "踢毽子", "袋鼠跳", "三人两足", "夹球接力", "定点投篮", "飞镖", "呼啦圈"],
}
QC_TOPICS = ["降低产品不良率", "提高设备利用率", "缩短换模时间", "降低能耗", "减少原材料损耗", "提高一次交检合格率", "降低返工率", "提高包装效率",
             "减少停机时间", "降低噪声", "提高焊接合格率", "降低漏水率"]
SMALL_KINDS = ["小发明", "小创造", "小革新", "小设计", "小建议"]
ISSUER = "慈溪市人力资源和社会保障局"


def _n(value: int, scale: float, minimum: int = 0) -> int:
    return max(minimum, round(value * scale))


def _day(rng, first, last):
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


class _People:
    """Workers for the entries: members of a union first, generated workers after."""

    def __init__(self, rng, org_ids):
        self.rng, self.taken = rng, set()
        self.by_org: dict[int, list] = {}
        rows = Member.objects.filter(org_id__in=org_ids, status=MemberStatus.ACTIVE).values_list("pk", "org_id", "name", "id_number", "id_number_index")
        for pk, org_id, name, number, index in rows.order_by("pk"):
            self.by_org.setdefault(org_id, []).append((pk, name, number.reveal(), index))
        for people in self.by_org.values():
            rng.shuffle(people)

    def take(self, org_id):
        people = self.by_org.get(org_id)
        while people:
            pk, name, number, index = people.pop()
            if index not in self.taken:
                self.taken.add(index)
                return pk, name, number, index
        while True:
            birth = _day(self.rng, datetime.date(1965, 1, 1), datetime.date(1992, 12, 31))
            first17 = f"330282{birth:%Y%m%d}{self.rng.randrange(1000):03d}"
            number = first17 + id_number_check_char(first17)
            index = blind_index(number, "id_number")
            if index not in self.taken:
                self.taken.add(index)
                return None, person(self.rng), number, index


def _entry(contest, event_id, unit, bib, who, stage):
    member_id, name, number, index = who
    return dict(contest_id=contest.pk, event_id=event_id, unit_id=unit.pk, bib=bib, name=name, id_number=SealedValue(number, "id_number"),
                id_number_index=index, member_id=member_id, stage=stage, rank=None, prize="", medal="", title="", certificate="", certificate_issuer="")


def _skills_games(rng, scale, federation, primaries) -> int:
    n = {key: _n(value, scale, 1) for key, value in SKILLS.items()}
    contest = Contest.objects.create(org=federation, code="JN2012", kind=ContestKind.SKILLS_GAMES, name="慈溪市第六届职工技能运动会",
                                     organiser="慈溪市总工会、慈溪市人力资源和社会保障局", starts_on=datetime.date(2012, 5, 10), ends_on=datetime.date(2012, 8, 28),
                                     note="历时3个多月，岗位练兵和选拔比赛在各单位进行，决赛集中举行")
    names = (SKILL_EVENTS * (1 + n["events"] // len(SKILL_EVENTS)))[: n["events"]]
    events = ContestEvent.objects.bulk_create([ContestEvent(contest=contest, name=name if i < len(SKILL_EVENTS) else f"{name}({i})") for i, name in enumerate(names)])
    event_ids = [e.pk for e in ContestEvent.objects.filter(contest=contest).order_by("pk")] if events[0].pk is None else [e.pk for e in events]
    chosen = rng.sample(primaries, min(n["units"], len(primaries)))
    ContestUnit.objects.bulk_create([ContestUnit(contest=contest, org_id=org.pk, name=org.name) for org in chosen])
    units = list(ContestUnit.objects.filter(contest=contest).order_by("pk"))
    people = _People(rng, [u.org_id for u in units])
    entries = []
    # Finalists come first, spread evenly over the events, so that each event has its finals.
    for i in range(n["entries"]):
        unit = units[i % len(units)] if i < len(units) else rng.choice(units)
        entries.append(_entry(contest, event_ids[i % len(event_ids)], unit, f"{i + 1:05d}", people.take(unit.org_id), Stage.FINAL if i < n["finalists"] else Stage.TRIALS))
    finals: dict[int, list] = {}
    for entry in entries[: n["finalists"]]:
        finals.setdefault(entry["event_id"], []).append(entry)
    # Winners by rank across events: every event's first, then every event's second, ...
    order = {event_id: i for i, event_id in enumerate(event_ids)}
    ranked = [(rank, entry) for event_id in event_ids for rank, entry in enumerate(finals.get(event_id, []), start=1)]
    ranked.sort(key=lambda pair: (pair[0], order[pair[1]["event_id"]]))
    prizes = {1: Prize.FIRST, 2: Prize.SECOND, 3: Prize.THIRD}
    for position, (rank, entry) in enumerate(ranked):
        entry["rank"] = rank
        if position < n["winners"]:
            entry["prize"] = prizes.get(rank, Prize.MERIT)
        if position < n["experts"]:
            entry["title"] = Title.TECHNICAL_EXPERT
        if position < n["certificates"]:
            entry["certificate"], entry["certificate_issuer"] = Certificate.SENIOR, ISSUER
    bulk_insert(ContestEntry, entries)
    return len(entries)


def _sports_games(rng, scale, federation, towns) -> int:
    n = {key: _n(value, scale, 1) for key, value in SPORTS.items()}
    contest = Contest.objects.create(org=federation, code="YD2012", kind=ContestKind.SPORTS_GAMES, name="慈溪市2012年职工运动会", organiser="慈溪市总工会",
                                     starts_on=datetime.date(2012, 9, 15), ends_on=datetime.date(2012, 10, 28))
    sports = list(SPORT_EVENTS)[: n["sports"]]
    # Each sport keeps at least one event; the rest follow the order of the programme.
    pairs = [(s, SPORT_EVENTS[s][0]) for s in sports]
    pairs += [(s, e) for s in sports for e in SPORT_EVENTS[s][1:]][: max(0, n["events"] - len(pairs))]
    ContestEvent.objects.bulk_create([ContestEvent(contest=contest, sport=s, name=e) for s, e in pairs])
    event_ids = list(ContestEvent.objects.filter(contest=contest).order_by("pk").values_list("pk", flat=True))
    team_orgs = (towns + [federation])[: n["teams"]]
    ContestUnit.objects.bulk_create([ContestUnit(contest=contest, org=org, name=f"{org.name.removesuffix('总工会')}代表队") for org in team_orgs])
    teams = list(ContestUnit.objects.filter(contest=contest).order_by("pk"))
    people = _People(rng, [t.org_id for t in teams])
    athletes = []
    for i in range(n["athletes"]):
        team = teams[i % len(teams)]
        athletes.append(_entry(contest, event_ids[i % len(event_ids)], team, f"{i + 1:04d}", people.take(team.org_id), Stage.FINAL))
    by_event: dict[int, list] = {}
    for entry in athletes:
        by_event.setdefault(entry["event_id"], []).append(entry)
    for entries in by_event.values():
        for rank, (entry, medal) in enumerate(zip(entries, (Medal.GOLD, Medal.SILVER, Medal.BRONZE)), start=1):
            entry["rank"], entry["medal"] = rank, medal
    bulk_insert(ContestEntry, athletes)
    awards = []
    for kind, count in ((UnitAwardKind.HOST, n["host"]), (UnitAwardKind.ORGANISER, n["organiser"])):
        for org in rng.sample(towns, min(count, len(towns))):
            awards.append(UnitAward(contest=contest, kind=kind, org=org, unit_name=org.name))
    UnitAward.objects.bulk_create(awards)
    return len(athletes)


def _project_contest(rng, federation, primaries):
    contest = Contest.objects.create(org=federation, code="LG2012", kind=ContestKind.PROJECT_CONTEST, name="2012年重点工程立功竞赛",
                                     organiser="慈溪市总工会", starts_on=datetime.date(2012, 3, 1), ends_on=datetime.date(2012, 12, 20))
    ContestEvent.objects.bulk_create([ContestEvent(contest=contest, name=name) for name in ("杭州湾新区基础设施工程", "城区污水管网改造工程", "滨海大道工程")])
    ContestUnit.objects.bulk_create([ContestUnit(contest=contest, org=org, name=org.name) for org in rng.sample(primaries, min(6, len(primaries)))])


def _innovations(rng, scale, enterprises):
    rows, taken = [], set()

    def title(base):
        text, k = base, 2
        while text in taken:
            text, k = f"{base}({k})", k + 1
        taken.add(text)
        return text

    qc = _n(QC_PROJECTS, scale, 1)
    benefits = spread(_n(QC_BENEFIT, scale), [rng.uniform(0.2, 3.0) for _ in range(qc)])
    for i in range(qc):
        enterprise = rng.choice(enterprises)
        rows.append(dict(org_id=enterprise.org_id, enterprise_id=enterprise.pk, kind=InnovationKind.QC_PROJECT, number=f"QC-2012-{i + 1:04d}", title=title(f"{rng.choice(QC_TOPICS)}QC攻关"),
                         team=f"{person(rng)}QC小组", level=rng.choice([AwardLevel.ENTERPRISE, AwardLevel.ENTERPRISE, AwardLevel.TOWN]),
                         awarded_on=_day(rng, datetime.date(2012, 1, 10), datetime.date(2012, 12, 20)), benefit=Decimal(benefits[i])))
    for i in range(_n(SMALL_INNOVATIONS, scale, 1) + _n(40, scale)):
        enterprise = rng.choice(enterprises)
        rows.append(dict(org_id=enterprise.org_id, enterprise_id=enterprise.pk, kind=InnovationKind.SMALL_INNOVATION, number=f"WX-2012-{i + 1:03d}",
                         title=title(f"{rng.choice(QC_TOPICS)[2:]}{rng.choice(SMALL_KINDS)}"), team=person(rng),
                         level=AwardLevel.CITY if i < _n(SMALL_INNOVATIONS, scale, 1) else AwardLevel.TOWN,
                         awarded_on=_day(rng, datetime.date(2012, 9, 1), datetime.date(2012, 11, 30)), benefit=Decimal(rng.randrange(5_000, 300_000))))
    bulk_insert(Innovation, rows)
    return qc


def _inhouse(rng, scale, enterprises, associations_org):
    n = {key: _n(value, scale, 1) for key, value in INHOUSE.items()}
    new_2013 = _n(INHOUSE_NEW_2013, scale, 1)
    chosen = rng.sample(enterprises, min(n["enterprises"] + new_2013, len(enterprises)))
    rated, fresh = chosen[: n["enterprises"]], chosen[n["enterprises"]:]
    units = len(rated) + n["associations"]
    technical = spread(n["technical"], [rng.uniform(0.3, 2.0) for _ in range(units)])
    skilled = spread(n["skilled"], [rng.uniform(0.3, 2.0) for _ in range(units)])
    awards = [InHouseAward.MODEL] * n["model"] + [InHouseAward.ADVANCED] * n["advanced"]
    rows = []
    for i, enterprise in enumerate(rated):
        rows.append(InHouseRating(org_id=enterprise.org_id, enterprise=enterprise, year=2012, technical_count=technical[i], skilled_count=skilled[i],
                                  city_award=awards[i] if i < len(awards) else ""))
    for j in range(n["associations"]):
        rows.append(InHouseRating(org=associations_org, association="慈溪市模具行业协会" if j == 0 else f"慈溪市行业协会{j + 1}", year=2012,
                                  technical_count=technical[len(rated) + j], skilled_count=skilled[len(rated) + j]))
    for enterprise in fresh:
        rows.append(InHouseRating(org_id=enterprise.org_id, enterprise=enterprise, year=2013, technical_count=rng.randrange(3, 20), skilled_count=rng.randrange(20, 120)))
    InHouseRating.objects.bulk_create(rows)


def _bases(rng, scale, enterprises):
    total, new = _n(BASES_2012, scale, 1), _n(BASES_2013, scale, 1)
    chosen = rng.sample(enterprises, min(total + new, len(enterprises)))
    bases = []
    for i, enterprise in enumerate(chosen):
        opened = _day(rng, datetime.date(2008, 3, 1), datetime.date(2012, 12, 1)) if i < total else _day(rng, datetime.date(2013, 1, 5), datetime.date(2013, 3, 20))
        bases.append(TrainingBase(org_id=enterprise.org_id, enterprise=enterprise, name=f"{enterprise.name}职工技能培训示范基地", level=AwardLevel.CITY, established_on=opened))
    TrainingBase.objects.bulk_create(bases)
    bases = list(TrainingBase.objects.filter(name__in=[b.name for b in bases]).order_by("pk"))
    trained = spread(_n(TRAINED_2013, scale, 1), [1.0] * len(bases))
    certified = spread(_n(CERTIFIED_2013, scale), [1.0] * len(bases))
    years = []
    for i, base in enumerate(bases):
        for year in range(base.established_on.year, 2013):
            count = rng.randrange(800, 3000)
            years.append(TrainingYear(base=base, year=year, trained=count, certificates=count // rng.randrange(5, 12)))
        years.append(TrainingYear(base=base, year=2013, trained=trained[i], certificates=min(certified[i], trained[i])))
    TrainingYear.objects.bulk_create(years)


def build(*, seed: int, scale: float) -> str:
    rng = random.Random(seed * 7919 + 9)
    federation = Org.objects.get(level=Level.FEDERATION)
    towns = list(Org.objects.filter(level=Level.TOWN).order_by("code"))
    primaries = list(Org.objects.filter(level=Level.PRIMARY, kind=OrgKind.ENTERPRISE).order_by("code"))
    enterprises = list(Enterprise.objects.filter(org__level=Level.PRIMARY).order_by("credit_code"))
    associations_org = Org.objects.filter(kind=OrgKind.INDUSTRY).order_by("code").first() or federation
    with transaction.atomic():
        skills = _skills_games(rng, scale, federation, primaries)
        athletes = _sports_games(rng, scale, federation, towns)
        _project_contest(rng, federation, primaries)
        qc = _innovations(rng, scale, enterprises)
        _inhouse(rng, scale, enterprises, associations_org)
        _bases(rng, scale, enterprises)
        summary = f"生成劳动竞赛：技能运动会参赛 {skills} 人次、职工运动会运动员 {athletes} 名，QC攻关 {qc} 项，内部评聘与培训基地"
        audit.record(actor=None, actor_name="system", action=audit.Action.IMPORT, object_type="demo.campaigns", object_id=seed, summary=summary,
                     changes={"seed": seed, "scale": scale})
    return summary
