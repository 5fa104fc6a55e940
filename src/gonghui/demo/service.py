"""The demo city's worker service centre: the three-level network (the federation's centre,
a station in every town, a point at every village, community and joint union), a year (2012)
of cases handled across it, lawyers paired with the towns and what they did, enterprises on
the early-warning list and a few collective incidents, and the recuperation groups with
their permits and certificates. At scale 1 the 2012 figures are the report's: 83 cases,
96 workers, 106,000 yuan; 38 enterprises' rules reviewed, 46 lectures and consultations,
18 legal aid cases; 227 groups, 227 permits, 713 certificates. A few records dated
January to March 2013 show the new year under way."""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core import audit
from gonghui.core.imports.bulk import reset_sequence
from gonghui.core.sealing import SealedValue
from gonghui.demo.names import person, short_name
from gonghui.orgs.models import Enterprise, Level, Org
from gonghui.service.models import (
    ActivityKind, Case, CaseCategory, CaseStatus, CaseStep, CaseWorker, Channel, CollectiveIncident, EmergencyStep, LawFirm, Lawyer,
    LawyerActivity, LawyerPairing, Outcome, RecuperationCertificate, RecuperationGroup, RiskEnterprise, RiskHandling, RiskLevel, RiskSign,
    Satisfaction, ServiceSite, SiteTier, StepKind, WatchStatus,
)
from gonghui.service.services.cases import DEFAULT_WORKING_DAYS
from gonghui.service.workdays import add_working_days

YEAR = 2012
CASES = 83  # 接待来访来电案件83起
WORKERS = 96  # 涉及职工96人
AMOUNT = 106_000  # 金额10.6万元
RULES_REVIEWED = 38  # 为38家企业完善劳动规章制度
LECTURES = 46  # 举办法律知识讲座、咨询46次
LEGAL_AID = 18  # 为职工提供法律援助18次
GROUPS = 227  # 共发工会休养团队227个, 领取许可证227张
CERTIFICATES = 713  # 休养证713张
# Not in the report: enough to fill the pages.
WARNINGS, INCIDENTS, FIRMS = 24, 4, 6
CASES_2013, GROUPS_2013 = 15, 20

CHANNEL_WEIGHTS = [(Channel.CALL, 40), (Channel.VISIT, 35), (Channel.ONLINE, 10), (Channel.REFERRAL, 10), (Channel.LETTER, 5)]
CATEGORY_WEIGHTS = [(CaseCategory.WAGE_ARREARS, 40), (CaseCategory.CONTRACT, 18), (CaseCategory.WORK_INJURY, 14),
                    (CaseCategory.SOCIAL_INSURANCE, 12), (CaseCategory.DISMISSAL, 10), (CaseCategory.OTHER, 6)]
OUTCOME_WEIGHTS = [(Outcome.RESOLVED, 45), (Outcome.MEDIATED, 30), (Outcome.ARBITRATION, 12), (Outcome.COURT, 5), (Outcome.NOT_ACCEPTED, 8)]
DESTINATIONS = ["杭州千岛湖", "舟山普陀山", "丽水缙云仙都", "温州雁荡山", "宁波象山石浦", "湖州安吉", "金华武义温泉", "台州天台山", "绍兴新昌"]
FIRM_WORDS = ["明州", "浙东", "慈溪正大", "三北", "上林", "杭州湾", "越窑", "海通"]


def _pick(rng, pairs):
    return rng.choices([v for v, _ in pairs], weights=[w for _, w in pairs])[0]


def _weekday(rng, first: datetime.date, last: datetime.date) -> datetime.date:
    while True:
        day = first + datetime.timedelta(days=rng.randrange((last - first).days + 1))
        if day.weekday() < 5:
            return day


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _n(figure: int, scale: float) -> int:
    return round(figure * scale)


def _spread_whole(rng, total: int, count: int, low=0.3, high=3.0) -> list[int]:
    """`total` split into `count` whole parts of random size that add up exactly."""
    if count == 0:
        return []
    weights = [rng.uniform(low, high) for _ in range(count)]
    parts = [int(total * w / sum(weights)) for w in weights]
    for i in range(total - sum(parts)):
        parts[i % count] += 1
    return parts


class ServiceDemo:
    def __init__(self, seed: int, scale: float):
        self.rng = random.Random(seed * 7919 + 5)
        self.scale = scale
        self.federation = Org.objects.get(level=Level.FEDERATION)
        self.towns = list(Org.objects.filter(level=Level.TOWN).order_by("path"))
        self.joints = defaultdict(list)
        for org in Org.objects.filter(level=Level.JOINT).order_by("path"):
            self.joints[org.parent_id].append(org)
        self.clerk = User.objects.filter(username="city_clerk").first() or User.objects.order_by("pk").first()
        self.enterprises = defaultdict(list)  # town id -> [(id, name, org)]
        orgs = {o.pk: o for o in Org.objects.filter(level__gte=Level.TOWN)}
        for pk, name, org_id, town_id in Enterprise.objects.order_by("pk").values_list("pk", "name", "org_id", "address_town_id"):
            if org_id in orgs and orgs[org_id].path.startswith(orgs[town_id].path):
                self.enterprises[town_id].append((pk, name, orgs[org_id]))
        self.town_weights = [max(1, len(self.joints[t.pk])) for t in self.towns]

    def town(self):
        return self.rng.choices(self.towns, weights=self.town_weights)[0]

    # The network --------------------------------------------------------------------------

    def network(self) -> tuple[int, int]:
        rng, sites = self.rng, []
        sites.append(ServiceSite(org=self.federation, tier=SiteTier.CENTRE, name="慈溪市职工服务中心", address="慈溪市新城大道工人文化宫一楼",
                                 hours="工作日 8:30-17:00，热线24小时", phone="0574-12351", staff="中心主任1名、专职工作人员4名", established_on=datetime.date(2010, 5, 1)))
        points = 0
        for town in self.towns:
            place = short_name(town.name.removesuffix("总工会"))
            sites.append(ServiceSite(org=town, tier=SiteTier.STATION, name=f"{place}职工服务站", address=f"{place}{rng.choice(['镇府路', '人民路', '中心路'])}{rng.randrange(1, 200)}号",
                                     hours="工作日 8:30-17:00", phone=f"0574-63{rng.randrange(10**6):06d}", staff=f"站长{person(rng)}，专职{rng.randrange(1, 4)}名",
                                     established_on=datetime.date(2011, rng.randrange(1, 13), 1)))
            for joint in self.joints[town.pk]:
                sites.append(ServiceSite(org=joint, tier=SiteTier.POINT, name=f"{joint.name.removesuffix('工会')}职工服务点", address=joint.address,
                                         hours=rng.choice(["工作日 8:30-17:00", "每周一、三、五上午", "工作日下午"]), staff=person(rng),
                                         established_on=datetime.date(rng.choice([2011, 2012]), rng.randrange(1, 13), 1)))
                points += 1
        ServiceSite.objects.bulk_create(sites)
        return len(self.towns), points

    # Cases --------------------------------------------------------------------------------

    def cases(self, count: int, workers: int, amount: int, first: datetime.date, last: datetime.date, today: datetime.date, keep_open: int = 0) -> list[Case]:
        """Cases received between first and last, handled as far as `today`; the last `keep_open` still in hand."""
        rng = self.rng
        worker_counts = [1] * count
        for _ in range(max(workers - count, 0) if count else 0):
            worker_counts[rng.randrange(count)] += 1
        amounts = _spread_whole(rng, amount, count)
        start_id = (Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        cases, steps, names = [], [], []
        for i in range(count):
            town = self.town()
            received = _weekday(rng, first, last)
            category = _pick(rng, CATEGORY_WEIGHTS)
            roll = rng.random()
            joints = self.joints[town.pk]
            holder = rng.choice(joints) if roll < 0.5 and joints else (self.federation if roll > 0.9 else town)
            registered = town if holder != self.federation else self.federation
            found = self.enterprises[town.pk]
            enterprise = rng.choice(found) if found and rng.random() < 0.85 else None
            anonymous = rng.random() < 0.1
            case = Case(
                id=start_id + i, number=f"FW{received.year}{start_id + i:06d}", org=holder, registered_org=registered, channel=_pick(rng, CHANNEL_WEIGHTS),
                received_on=received, anonymous=anonymous, reporter_name="" if anonymous else person(rng),
                reporter_phone=SealedValue(f"13{rng.randrange(10**9):09d}", "mobile") if rng.random() < 0.9 else "",
                enterprise_id=enterprise[0] if enterprise else None, enterprise_name=enterprise[1] if enterprise else f"{short_name(town.name.removesuffix('总工会'))}个体作坊",
                category=category, workers_count=worker_counts[i], amount_involved=Decimal(amounts[i]),
                description=f"{worker_counts[i]}名职工反映{CaseCategory(category).label}问题，请求工会帮助", created_by=self.clerk,
                due_on=add_working_days(received, DEFAULT_WORKING_DAYS[category]),
            )
            case_steps = [(StepKind.REGISTER, CaseStatus.REGISTERED, registered, registered, received, f"{case.get_channel_display()}登记")]
            taken = rng.choice([2, 3, 4, 5, 6, 7, 8, 9, 11, 14])
            concluded = add_working_days(received, taken)
            if holder != registered:
                case_steps.append((StepKind.ASSIGN, CaseStatus.ASSIGNED, registered, holder, received, "属地办理"))
            else:
                case_steps.append((StepKind.ASSIGN, CaseStatus.ASSIGNED, registered, holder, received, "本级办理"))
            case_steps.append((StepKind.ACCEPT, CaseStatus.IN_PROGRESS, holder, holder, received + datetime.timedelta(days=1), "受理办理"))
            if concluded < today and i < count - keep_open:
                outcome = _pick(rng, OUTCOME_WEIGHTS)
                share = rng.choice([1, 1, 1, 0.8, 0.6]) if outcome in (Outcome.RESOLVED, Outcome.MEDIATED) else 0
                case.status, case.concluded_on, case.outcome = CaseStatus.CONCLUDED, concluded, outcome
                case.amount_recovered = (case.amount_involved * Decimal(str(share))).quantize(Decimal("1"))
                case.conclusion = {Outcome.RESOLVED: "经协调，企业已兑现", Outcome.MEDIATED: "经调解双方达成协议", Outcome.ARBITRATION: "引导职工申请劳动仲裁",
                                   Outcome.COURT: "协助职工向法院起诉", Outcome.NOT_ACCEPTED: "不属于工会受理范围，已解释"}[outcome]
                case.satisfaction = rng.choice([Satisfaction.SATISFIED] * 6 + [Satisfaction.FAIRLY] * 3 + [Satisfaction.UNSATISFIED])
                case_steps.append((StepKind.CONCLUDE, CaseStatus.CONCLUDED, holder, holder, concluded, f"{case.get_outcome_display()}：{case.conclusion}"))
                visited = concluded + datetime.timedelta(days=rng.randrange(3, 15))
                if visited < today and rng.random() < 0.7:
                    case.status, case.visited_on = CaseStatus.VISITED, visited
                    case_steps.append((StepKind.VISIT, CaseStatus.VISITED, holder, holder, visited, f"回访：{case.get_satisfaction_display()}"))
            else:
                case.status = CaseStatus.IN_PROGRESS
            cases.append(case)
            for kind, status, from_org, to_org, day, reason in case_steps:
                steps.append(CaseStep(case_id=case.id, kind=kind, status_after=status, from_org=from_org, to_org=to_org, at=_moment(day, 9 + len(steps) % 8), reason=reason))
            if not anonymous and rng.random() < 0.6:
                names.append(CaseWorker(case_id=case.id, name=case.reporter_name))
        Case.objects.bulk_create(cases)
        reset_sequence(Case)
        CaseStep.objects.bulk_create(steps)
        CaseWorker.objects.bulk_create(names)
        return cases

    # Lawyers ------------------------------------------------------------------------------

    def lawyers(self, reviewed: int, lectures: int, aid: int) -> int:
        rng = self.rng
        firms = LawFirm.objects.bulk_create([LawFirm(org=self.federation, name=f"浙江{FIRM_WORDS[i % len(FIRM_WORDS)]}律师事务所",
                                                     address=f"慈溪市{rng.choice(['新城大道', '三北大街', '青少年宫路'])}{rng.randrange(1, 500)}号",
                                                     phone=f"0574-63{rng.randrange(10**6):06d}") for i in range(FIRMS)])
        lawyers = Lawyer.objects.bulk_create([Lawyer(firm=firms[i % len(firms)], name=person(rng), license_number=f"1330220{rng.randrange(2000, 2012)}{i:06d}"[:17].ljust(17, "0"))
                                              for i in range(len(self.towns) + 4)])
        pairings = LawyerPairing.objects.bulk_create([LawyerPairing(lawyer=lawyers[i], org=town, started_on=datetime.date(2011, rng.randrange(3, 13), 1))
                                                      for i, town in enumerate(self.towns)])
        by_town = {p.org_id: p for p in pairings}
        activities = []
        used = set()
        for _ in range(reviewed):
            for _try in range(50):
                town = self.town()
                candidates = [e for e in self.enterprises[town.pk] if e[0] not in used]
                if candidates:
                    break
            enterprise = rng.choice(candidates)
            used.add(enterprise[0])
            activities.append(LawyerActivity(pairing=by_town[town.pk], kind=ActivityKind.RULES_REVIEW, held_on=_weekday(rng, datetime.date(YEAR, 2, 1), datetime.date(YEAR, 12, 20)),
                                             enterprise_id=enterprise[0], subject=f"审查{enterprise[1]}劳动规章制度", recorded_by=self.clerk))
        for i in range(lectures):
            kind = ActivityKind.LECTURE if i % 5 < 3 else ActivityKind.CONSULTATION
            activities.append(LawyerActivity(pairing=by_town[self.town().pk], kind=kind, held_on=_weekday(rng, datetime.date(YEAR, 1, 10), datetime.date(YEAR, 12, 20)),
                                             subject=rng.choice(["劳动合同法讲座", "工伤认定知识讲座", "《工会法》宣讲", "法律咨询日", "广场法律咨询"]),
                                             attendees=rng.randrange(20, 200), recorded_by=self.clerk))
        for _ in range(aid):
            activities.append(LawyerActivity(pairing=by_town[self.town().pk], kind=ActivityKind.LEGAL_AID, held_on=_weekday(rng, datetime.date(YEAR, 1, 10), datetime.date(YEAR, 12, 20)),
                                             subject=rng.choice(["代理职工工伤赔偿仲裁", "代理追索劳动报酬", "代写仲裁申请书", "代理解除劳动合同纠纷"]), attendees=rng.randrange(1, 6),
                                             recorded_by=self.clerk))
        for _ in range(max(1, _n(8, self.scale))):  # January to March 2013
            activities.append(LawyerActivity(pairing=by_town[self.town().pk], kind=rng.choice([ActivityKind.LECTURE, ActivityKind.CONSULTATION, ActivityKind.LEGAL_AID]),
                                             held_on=_weekday(rng, datetime.date(YEAR + 1, 1, 5), datetime.date(YEAR + 1, 3, 29)), subject="2013年法律服务", attendees=30, recorded_by=self.clerk))
        LawyerActivity.objects.bulk_create(activities)
        return len(activities)

    # Early warning ------------------------------------------------------------------------

    def warnings(self, count: int, incidents: int) -> None:
        rng = self.rng
        rows, handlings, taken = [], [], set()
        for _ in range(count):
            town = self.town()
            candidates = [e for e in self.enterprises[town.pk] if e[0] not in taken]
            if not candidates:
                continue
            pk, name, org = rng.choice(candidates)
            taken.add(pk)
            found = _weekday(rng, datetime.date(YEAR, 1, 5), datetime.date(YEAR, 12, 10))
            closed = found + datetime.timedelta(days=rng.randrange(10, 60)) if rng.random() < 0.7 else None
            rows.append(RiskEnterprise(enterprise_id=pk, org=org, sign=rng.choice(RiskSign.values), level=rng.choice(RiskLevel.values), identified_on=found,
                                       workers_affected=rng.randrange(10, 300), status=WatchStatus.CLOSED if closed else WatchStatus.WATCHING, closed_on=closed,
                                       description=f"{name}出现异常情况，列入监控", recorded_by=self.clerk))
        RiskEnterprise.objects.bulk_create(rows)
        for row in rows:
            handlings.append(RiskHandling(warning=row, handled_on=row.identified_on + datetime.timedelta(days=1), action="走访企业，约谈企业负责人", actor=self.clerk))
            if row.closed_on:
                handlings.append(RiskHandling(warning=row, handled_on=row.closed_on, action="风险消除，解除预警", actor=self.clerk))
        RiskHandling.objects.bulk_create(handlings)
        events, steps = [], []
        for _ in range(incidents):
            town = self.town()
            found = self.enterprises[town.pk]
            day = _weekday(rng, datetime.date(YEAR, 2, 1), datetime.date(YEAR, 12, 1))
            events.append(CollectiveIncident(org=town, enterprise_id=rng.choice(found)[0] if found else None, occurred_on=day, workers_count=rng.randrange(30, 120),
                                             cause=rng.choice(["企业主失联，职工聚集讨薪", "停产引发职工聚集", "集中辞退引发不满"]), resolved_on=day + datetime.timedelta(days=rng.randrange(1, 5)),
                                             recorded_by=self.clerk))
        CollectiveIncident.objects.bulk_create(events)
        for event in events:
            for hour, text in ((1, "启动应急预案，镇工会、劳动监察到场"), (4, "核实欠薪名单，稳定职工情绪"), (30, "协调垫付工资，事件平息")):
                steps.append(EmergencyStep(incident=event, taken_at=_moment(event.occurred_on, 8) + datetime.timedelta(hours=hour), step=text, actor=self.clerk))
        EmergencyStep.objects.bulk_create(steps)

    # Recuperation -------------------------------------------------------------------------

    def recuperation(self, groups: int, certificates: int, year: int, number_from: int = 1) -> None:
        rng = self.rng
        per_group = [1] * groups
        for _ in range(max(certificates - groups, 0)):
            per_group[rng.randrange(groups)] += 1
        rows = []
        last = datetime.date(year, 11, 30) if year == YEAR else datetime.date(year, 3, 29)
        first = datetime.date(year, 3, 1) if year == YEAR else datetime.date(year, 1, 20)
        for i in range(groups):
            town = self.town()
            org = rng.choice([town] + self.joints[town.pk])
            start = _weekday(rng, first, last)
            permit_day = max(datetime.date(year, 1, 4), start - datetime.timedelta(days=rng.randrange(7, 30)))
            rows.append(RecuperationGroup(org=org, name=f"{org.name.removesuffix('工会').removesuffix('总')}{start.month}月职工休养团", destination=rng.choice(DESTINATIONS),
                                          start_on=start, end_on=start + datetime.timedelta(days=rng.choice([2, 3, 4])), permit_number=f"XY{year}-{number_from + i:04d}",
                                          permit_issued_on=permit_day, created_by=self.clerk))
        RecuperationGroup.objects.bulk_create(rows)
        saved = {g.permit_number: g for g in RecuperationGroup.objects.filter(permit_number__in=[r.permit_number for r in rows])}
        certs = []
        for row, n in zip(rows, per_group):
            group = saved[row.permit_number]
            for k in range(n):
                certs.append(RecuperationCertificate(group=group, number=f"{group.permit_number}-{k + 1:03d}", name=person(rng),
                                                     issued_on=min(group.start_on, group.permit_issued_on + datetime.timedelta(days=rng.randrange(1, 6)))))
        RecuperationCertificate.objects.bulk_create(certs)


def build(*, seed: int, scale: float) -> str:
    demo = ServiceDemo(seed, scale)
    cases, workers, amount = _n(CASES, scale), _n(WORKERS, scale), _n(AMOUNT, scale)
    groups, certificates = _n(GROUPS, scale), max(_n(CERTIFICATES, scale), _n(GROUPS, scale))
    with transaction.atomic():
        stations, points = demo.network()
        demo.cases(cases, max(workers, cases), amount, datetime.date(YEAR, 1, 4), datetime.date(YEAR, 12, 28), today=datetime.date(YEAR + 1, 3, 31))
        n2013 = max(1, _n(CASES_2013, scale))
        demo.cases(n2013, n2013 + 2, _n(20_000, scale), datetime.date(YEAR + 1, 1, 4), datetime.date(YEAR + 1, 3, 29), today=datetime.date(YEAR + 1, 3, 10),
                   keep_open=max(1, n2013 // 3))
        activities = demo.lawyers(_n(RULES_REVIEWED, scale), _n(LECTURES, scale), _n(LEGAL_AID, scale))
        demo.warnings(max(1, _n(WARNINGS, scale)), max(1, _n(INCIDENTS, scale)))
        if groups:
            demo.recuperation(groups, certificates, YEAR)
        g2013 = max(1, _n(GROUPS_2013, scale))
        demo.recuperation(g2013, g2013 * 3, YEAR + 1, number_from=1)
        summary = (f"职工服务：服务站 {stations} 个、服务点 {points} 个，{YEAR}年案件 {cases} 起(涉及职工 {max(workers, cases)} 人、金额 {amount} 元)，"
                   f"律师活动 {activities} 次，休养团队 {groups} 个、休养证 {certificates} 张")
        audit.record(actor=None, actor_name="system", action=audit.Action.IMPORT, object_type="demo.service", object_id=seed, summary=summary)
    return summary
