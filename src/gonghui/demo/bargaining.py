"""The demo city's wage bargaining, democratic management and union building, at the
report's scale: 2,535 single-union enterprises and 350 regional or industry unions with
agreements in force at the end of 2012 covering 13,978 enterprises; 1,046 instructors (628
certified) and their classes; workers' congresses in every state-owned and 97% of other
enterprises with their own union, 602 of them set up in 2012; 32 regional congresses;
86 five-star and 26 three-star unions; the two displays in 88% of workplace unions. A few
records of January to March 2013 show progress toward the 2013 targets.

How 350 arises from 338 level-3 unions: each of the 19 town federations signs a town-wide
regional agreement (镇级区域性集体合同) for the enterprises no other agreement reaches, and
331 level-3 unions sign one for the enterprises filed under them (see the indicator's
definition). Written in bulk; the same seed gives the same records."""

import datetime
import random
import time
from decimal import Decimal

from django.apps import apps
from django.db import connection, transaction

from gonghui.core import audit
from gonghui.demo import names
from gonghui.orgs.models import Enterprise, Formation, Level, Org, OrgKind, Ownership

from gonghui.bargaining.models import (
    Agreement, AgreementEnterprise, AgreementKind, ChairElection, ClassAttendance, CongressSession, Coverage, Instructor,
    InstructorCertificate, InstructorGuidance, MemberReview, ModelHome, RatingYear, RegionalCongress, RegionalCongressEnterprise,
    RepresentativeInspection, StarRating, TrainingClass, TwoDisplays, WorkplaceDemocracy,
)

d = datetime.date
YEAR_END = d(2012, 12, 31)
SINGLE_WITH_CONTRACT = 2535
JOINT_PARTIES = 350
WAGE_COVERED = 13978
INSTRUCTORS = 1046
CERTIFIED = 628
INSTRUCTORS_2013 = 64
CONGRESS_OTHER_SHARE = Decimal("0.97")
CONGRESS_NEW = 602
REGIONAL_CONGRESSES = 32
FIVE_STAR, FOUR_STAR, THREE_STAR = 86, 60, 26
TWO_DISPLAYS_SHARE = Decimal("0.88")
INDUSTRY_2013 = 4
STATE = {Ownership.STATE, Ownership.STATE_CONTROLLED}


def _day(rng, first, last):
    if last <= first:
        return first
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def _expiry(signed: datetime.date, years: int = 3) -> datetime.date:
    try:
        return signed.replace(year=signed.year + years) - datetime.timedelta(days=1)
    except ValueError:  # 29 February
        return d(signed.year + years, 2, 28)


class _Builder:
    def __init__(self, seed, scale):
        self.rng = random.Random(f"bargaining-{seed}")
        self.scale = scale
        self.orgs = {o.pk: o for o in Org.objects.order_by("code")}
        self.towns = [o for o in self.orgs.values() if o.level == Level.TOWN]
        self.joints = [o for o in self.orgs.values() if o.level == Level.JOINT]
        self.primaries = [o for o in self.orgs.values() if o.level == Level.PRIMARY]
        self.enterprises = list(Enterprise.objects.order_by("credit_code"))
        self.serial = 0

    def scaled(self, figure):
        return round(figure * self.scale)

    def town_of(self, org: Org) -> Org:
        return self.orgs[int(org.path[8:16])] if org.level > Level.TOWN else org

    def number(self, prefix, year):
        self.serial += 1
        return f"CX-{prefix}-{year}-{self.serial:05d}"

    # Agreements -------------------------------------------------------------------------------

    def agreement(self, *, org, coverage, covered, signed, kind=AgreementKind.WAGE, enterprise=None, renews=None, party=None, years=3):
        rng = self.rng
        prefix = {Coverage.SINGLE: "DQ", Coverage.REGIONAL: "QY", Coverage.INDUSTRY: "HY"}[coverage]
        filed = min(signed + datetime.timedelta(days=rng.randint(7, 45)), d(2013, 3, 31))
        return Agreement(
            number=self.number(prefix, signed.year), kind=kind, coverage=coverage, org=org, enterprise=enterprise,
            employer_party=party or (enterprise.name if enterprise else f"{org.name.removesuffix('工会')}企业方代表"),
            signed_on=signed, expires_on=_expiry(signed, years), workers_covered=sum(e.employee_count for e in covered),
            wage_increase=Decimal(rng.randint(50, 130)) / 10, lowest_wage=Decimal(rng.choice([1310, 1350, 1400, 1470, 1500, 1600])),
            filed_on=filed, filing_number=f"慈劳备{signed.year}{self.serial:05d}", renews=renews,
        ), covered

    def save_agreements(self, pairs):
        made = Agreement.objects.bulk_create([a for a, _ in pairs], batch_size=1000)
        AgreementEnterprise.objects.bulk_create(
            [AgreementEnterprise(agreement=a, enterprise=e, workers=e.employee_count) for a, (_, covered) in zip(made, pairs) for e in covered],
            batch_size=5000,
        )
        return made

    def agreements(self):
        rng = self.rng
        singles = [e for e in self.enterprises if e.formation == Formation.SINGLE]
        with_contract = rng.sample(singles, min(self.scaled(SINGLE_WITH_CONTRACT), len(singles)))
        contracted = {e.pk for e in with_contract}
        earlier, current = [], []
        for e in with_contract:
            union = self.orgs[e.org_id]
            founded = union.established_on or d(2000, 1, 1)
            signed = _day(rng, max(founded + datetime.timedelta(days=15), d(2010, 1, 1)), YEAR_END)
            if founded < d(signed.year - 3, 1, 1) and rng.random() < 0.3:
                earlier.append((e, signed))
            current.append((e, signed))
        # Renewals: the earlier agreement ran to the day before the current one was signed.
        old = self.save_agreements([
            self.agreement(org=self.orgs[e.org_id], coverage=Coverage.SINGLE, covered=[e], enterprise=e, signed=_expiry(signed, -3) + datetime.timedelta(days=1))
            for e, signed in earlier
        ])
        renewed = {e.pk: a for (e, _), a in zip(earlier, old)}
        pairs = [self.agreement(org=self.orgs[e.org_id], coverage=Coverage.SINGLE, covered=[e], enterprise=e, signed=signed, renews=renewed.get(e.pk))
                 for e, signed in current]
        pairs += [self.agreement(org=self.orgs[e.org_id], coverage=Coverage.SINGLE, covered=[e], enterprise=e, signed=signed, kind=AgreementKind.CONTRACT)
                  for e, signed in current if rng.random() < 0.15]
        self.save_agreements(pairs)

        # Level-3 unions sign for the enterprises filed under them; those with the fewest stay out.
        under = {o.pk: [] for o in self.joints}
        for e in self.enterprises:
            if e.formation == Formation.JOINT and e.org_id in under:
                under[e.org_id].append(e)
        parties = self.scaled(JOINT_PARTIES)
        joint_signers_n = min(len(self.joints), max(parties - len(self.towns), 0))
        by_size = sorted(self.joints, key=lambda o: (len(under[o.pk]), o.code))
        signers = sorted(by_size[len(self.joints) - joint_signers_n:], key=lambda o: o.code)
        signing = {o.pk for o in signers}
        pairs = []
        for union in signers:
            coverage = Coverage.INDUSTRY if union.kind == OrgKind.INDUSTRY else Coverage.REGIONAL
            signed = _day(rng, max(union.established_on or d(2000, 1, 1), d(2010, 3, 1)), d(2012, 12, 20))
            pairs.append(self.agreement(org=union, coverage=coverage, covered=under[union.pk], signed=signed))
        # Town federations: a town-wide regional agreement for what is left, but for the few
        # unionised enterprises still without one (the clerk's working list).
        left = {t.pk: [] for t in self.towns}
        for e in self.enterprises:
            if e.pk in contracted or (e.formation == Formation.JOINT and e.org_id in signing):
                continue
            left[int(self.orgs[e.org_id].path[8:16])].append(e)
        town_signers = self.towns[: max(parties - joint_signers_n, 0)]
        reachable = sum(len(left[t.pk]) for t in town_signers)
        total_covered = len(self.enterprises) - sum(len(v) for v in left.values()) + reachable
        leave_out = max(total_covered - self.scaled(WAGE_COVERED), 0)
        unionised_left = [e for t in town_signers for e in left[t.pk] if e.formation != Formation.NONE]
        uncovered = {e.pk for e in rng.sample(unionised_left, min(leave_out, len(unionised_left)))}
        for town in town_signers:
            covered = [e for e in left[town.pk] if e.pk not in uncovered]
            signed = _day(rng, d(2011, 1, 10), d(2012, 6, 30))
            pairs.append(self.agreement(org=town, coverage=Coverage.REGIONAL, covered=covered, signed=signed,
                                        party=f"{town.name.removesuffix('总工会')}企业联合会"))
        # January to March 2013: new industry agreements, toward the target of twelve.
        # A small city may have no industry union: its towns sign instead.
        industry_unions = [o for o in self.joints if o.kind == OrgKind.INDUSTRY] or [o for o in self.joints if o.kind == OrgKind.REGIONAL] or self.towns
        for union in rng.sample(industry_unions, min(INDUSTRY_2013, len(industry_unions))):
            covered = (under.get(union.pk) or [e for e in self.enterprises if e.org_id == union.pk])[: rng.randint(5, 12)]
            pairs.append(self.agreement(org=union, coverage=Coverage.INDUSTRY, covered=covered, signed=_day(rng, d(2013, 1, 8), d(2013, 3, 20)),
                                        party=f"{union.name.removesuffix('工会')}协会"))
        self.save_agreements(pairs)
        return len(with_contract), len(signers) + len(town_signers), total_covered - len(uncovered)

    # Instructors -------------------------------------------------------------------------------

    def instructors(self):
        rng = self.rng
        units = {t.pk: [e.name for e in self.enterprises if e.formation == Formation.SINGLE and self.town_of(self.orgs[e.org_id]).pk == t.pk] for t in self.towns}
        positions = ["工会主席", "工会副主席", "人力资源经理", "劳动保障所干部", "律师", "企业工会干部"]
        federation = next(o for o in self.orgs.values() if o.level == Level.FEDERATION)
        classes = []
        for year in (2010, 2011, 2012):
            for k, month in enumerate((4, 7, 10), start=1):
                start = d(year, month, rng.randint(8, 20))
                classes.append(TrainingClass(org=federation, name=f"{year}年第{k}期工资集体协商指导员培训班", start_on=start, end_on=start + datetime.timedelta(days=2),
                                             place=rng.choice(["市职工学校", "市总工会培训中心", "市行政中心会议室"])))
        spring = TrainingClass(org=federation, name="2013年第1期工资集体协商指导员培训班", start_on=d(2013, 3, 18), end_on=d(2013, 3, 20), place="市职工学校")
        classes = TrainingClass.objects.bulk_create(classes + [spring])
        people = []
        for n in range(self.scaled(INSTRUCTORS) + self.scaled(INSTRUCTORS_2013)):
            town = rng.choice(self.towns)
            registered = _day(rng, d(2010, 3, 1), d(2012, 9, 30)) if n < self.scaled(INSTRUCTORS) else _day(rng, d(2013, 1, 5), d(2013, 3, 15))
            unit = rng.choice(units[town.pk]) if units[town.pk] and rng.random() < 0.7 else town.name
            people.append(Instructor(org=town, name=names.person(rng), unit=unit, position=rng.choice(positions), registered_on=registered))
        people = Instructor.objects.bulk_create(people)
        attendances, finished = [], {}
        for person in people:
            taken = next((c for c in classes if c.start_on >= person.registered_on), classes[-1])
            attendances.append(ClassAttendance(training_class=taken, instructor=person))
            finished[person.pk] = taken.end_on
        ClassAttendance.objects.bulk_create(attendances, batch_size=5000)
        can_certify = [p for p in people if finished[p.pk] + datetime.timedelta(days=20) <= YEAR_END]
        certified = rng.sample(can_certify, min(self.scaled(CERTIFIED), len(can_certify)))
        InstructorCertificate.objects.bulk_create([
            InstructorCertificate(instructor=p, number=f"NBZDY{finished[p.pk].year}{i:05d}", issuer="宁波市总工会", level="ningbo",
                                  issued_on=finished[p.pk] + datetime.timedelta(days=20))
            for i, p in enumerate(certified, start=1)
        ])
        singles_by_town = {t.pk: [e for e in self.enterprises if e.formation == Formation.SINGLE and self.town_of(self.orgs[e.org_id]).pk == t.pk] for t in self.towns}
        guidance = []
        for p in certified:
            pool = singles_by_town[p.org_id]
            for e in rng.sample(pool, min(len(pool), rng.randint(1, 3))):
                guidance.append(InstructorGuidance(instructor=p, enterprise=e, since=finished[p.pk] + datetime.timedelta(days=30)))
        InstructorGuidance.objects.bulk_create(guidance, batch_size=5000)
        return len(people), len(certified), len(classes)

    # Democratic management -----------------------------------------------------------------------

    def democracy(self):
        rng = self.rng
        singles = [e for e in self.enterprises if e.formation == Formation.SINGLE]
        state = [e for e in singles if e.ownership in STATE]
        other = [e for e in singles if e.ownership not in STATE]
        chosen = state + rng.sample(other, int((len(other) * CONGRESS_OTHER_SHARE).quantize(Decimal("1"))))
        workplaces = [self.orgs[e.org_id] for e in chosen] + [o for o in self.primaries if o.kind == OrgKind.INSTITUTION]
        founded_2012 = [o for o in workplaces if o.established_on and o.established_on.year == 2012]
        older = [o for o in workplaces if not (o.established_on and o.established_on.year == 2012)]
        new = {o.pk for o in founded_2012} | {o.pk for o in rng.sample(older, max(min(self.scaled(CONGRESS_NEW) - len(founded_2012), len(older)), 0))}
        rows = []
        for org in workplaces:
            founded = org.established_on or d(2000, 1, 1)
            day = _day(rng, max(founded, d(2012, 1, 1)), YEAR_END) if org.pk in new else _day(rng, founded, d(2011, 12, 31))
            rows.append(WorkplaceDemocracy(org=org, congress_established_on=day, disclosure_established_on=day, sessions_per_year=rng.choice((1, 1, 2))))
        rows = WorkplaceDemocracy.objects.bulk_create(rows, batch_size=2000)
        CongressSession.objects.bulk_create([
            CongressSession(democracy=w, held_on=_day(rng, max(w.congress_established_on, d(2012, 1, 1)), YEAR_END), representatives=rng.randint(15, 120),
                            motions=rng.randint(0, 25))
            for w in rows
        ], batch_size=5000)
        under = {}
        for e in self.enterprises:
            if e.formation == Formation.JOINT:
                under.setdefault(e.org_id, []).append(e)
        hosts = sorted(self.joints, key=lambda o: (o.kind not in (OrgKind.REGIONAL, OrgKind.INDUSTRY), -len(under.get(o.pk, [])), o.code))
        congresses = RegionalCongress.objects.bulk_create([
            RegionalCongress(org=o, name=f"{o.name.removesuffix('工会')}职工代表大会", established_on=_day(rng, max(o.established_on or d(2005, 1, 1), d(2008, 1, 1)), d(2012, 11, 30)),
                             representatives=rng.randint(30, 150))
            for o in hosts[: self.scaled(REGIONAL_CONGRESSES)]
        ])
        RegionalCongressEnterprise.objects.bulk_create([RegionalCongressEnterprise(congress=c, enterprise=e) for c in congresses for e in under.get(c.org_id, [])], batch_size=5000)
        inspections = [
            RepresentativeInspection(org=org, held_on=_day(rng, d(2012, 3, 1), d(2012, 12, 15)), representatives=rng.randint(5, 20),
                                     subject=rng.choice(["劳动安全卫生", "工资支付与集体合同履行", "职工食堂与宿舍", "女职工特殊保护", "社会保险缴纳"]),
                                     findings=rng.choice(["未发现问题", "提出整改意见2条，已整改", "督促补缴社会保险，已落实"]))
            for org in rng.sample([self.orgs[e.org_id] for e in chosen], min(self.scaled(40), len(chosen)))
        ]
        RepresentativeInspection.objects.bulk_create(inspections)
        return len(rows), len(new), len(congresses)

    # Union building --------------------------------------------------------------------------------------

    def building(self):
        rng = self.rng
        RatingYear.objects.bulk_create([RatingYear(year=2012, opened_on=d(2012, 3, 1), is_open=False), RatingYear(year=2013, opened_on=d(2013, 3, 1))])
        enterprise_unions = [o for o in self.primaries if o.kind == OrgKind.ENTERPRISE]
        rated = rng.sample(enterprise_unions, min(len(enterprise_unions), self.scaled(FIVE_STAR) + self.scaled(FOUR_STAR) + self.scaled(THREE_STAR)))
        stars = [5] * self.scaled(FIVE_STAR) + [4] * self.scaled(FOUR_STAR) + [3] * self.scaled(THREE_STAR)
        StarRating.objects.bulk_create([StarRating(org=o, year=2012, stars=s, rated_on=d(2012, 12, 20)) for o, s in zip(rated, stars)])
        live = [o for o in self.primaries if o.status == "active" and (o.established_on is None or o.established_on <= YEAR_END)]
        shown = rng.sample(live, int((len(live) * TWO_DISPLAYS_SHARE).quantize(Decimal("1"))))
        displays = []
        for o in shown:
            plaque = _day(rng, max(o.established_on or d(2011, 1, 1), d(2011, 3, 1)), d(2012, 12, 1))
            displays.append(TwoDisplays(org=o, plaque_on=plaque, identity_on=_day(rng, plaque, YEAR_END)))
        TwoDisplays.objects.bulk_create(displays, batch_size=2000)
        ModelHome.objects.bulk_create([ModelHome(org=o, level=rng.choice(["city", "city", "ningbo", "province"]), awarded_on=d(2012, 4, 28))
                                       for o in rng.sample(enterprise_unions, min(len(enterprise_unions), self.scaled(30)))])
        reviews = []
        for o in rng.sample(self.primaries, min(len(self.primaries), self.scaled(200))):
            participants = rng.randint(20, 300)
            reviews.append(MemberReview(org=o, held_on=_day(rng, d(2012, 3, 1), d(2012, 12, 20)), participants=participants,
                                        satisfied=int(participants * rng.uniform(0.8, 0.99))))
        MemberReview.objects.bulk_create(reviews)
        elections = []
        for o in rng.sample(enterprise_unions, min(len(enterprise_unions), self.scaled(45))):
            voters = rng.randint(30, 400)
            elections.append(ChairElection(org=o, elected_on=_day(rng, max(o.established_on or d(2012, 1, 1), d(2012, 1, 1)), YEAR_END),
                                           chair_name=names.person(rng), voters=voters, votes_for=int(voters * rng.uniform(0.55, 0.95))))
        ChairElection.objects.bulk_create(elections)
        return len(shown), len(live)


def build(*, seed: int, scale: float) -> str:
    started = time.monotonic()
    builder = _Builder(seed, scale)
    with transaction.atomic():
        singles, parties, covered = builder.agreements()
        instructors, certified, classes = builder.instructors()
        workplaces, new, regional = builder.democracy()
        shown, live = builder.building()
        summary = (f"协商与民主管理：签订协议单建企业 {singles} 家、区域性行业性签约工会 {parties} 家、工资协议覆盖企业 {covered} 家；"
                   f"指导员 {instructors} 人(持证 {certified})、培训班 {classes} 期；职代会 {workplaces} 家(2012年新建 {new})、区域性职代会 {regional} 家；"
                   f"双亮 {shown}/{live}；用时 {time.monotonic() - started:.1f} 秒")
        audit.record(actor=None, action=audit.Action.IMPORT, object_type="demo.bargaining", object_id=seed, summary=summary, actor_name="system")
        if connection.vendor == "postgresql":
            # Fresh bulk loads leave the planner guessing a few dozen rows where there are
            # thousands; the rate pages then took half a minute instead of a second or two.
            tables = [Org._meta.db_table, Enterprise._meta.db_table] + [m._meta.db_table for m in apps.get_app_config("bargaining").get_models()]
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
    return summary
