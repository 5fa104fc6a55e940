"""The demo city's help for workers in difficulty: the hardship archive (720 archived
households at the end of 2012, model workers among them, some exits, some files still in the
workflow in early 2013), a year (2012) of programmes paid from the three-level funds, and the
enterprise mutual funds. At scale 1 the figures of the report come out at the federation:
7,000 workers visited at Spring Festival with 6.5 million yuan raised, 650 archived workers
and model workers helped with 635,000 yuan, 34 serious-illness reliefs of 63,000 yuan, 746
children with 665,000 yuan of education grants, 700 summer-care visits, 39 tickets awarded,
300+ booked and 8,000+ bought by enterprise unions. Same seed, same records."""

import datetime
import random
import time
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from gonghui.accounts.models import User
from gonghui.assistance.models import (
    AnnualReview, EducationRate, EntryKind, FamilyMember, FileStatus, Fund, FundEntry, FundLevel, Grant, GrantStatus, HardshipFile, JobPlacement,
    PayMethod, Programme, ProgrammeKind, ReviewOutcome, SupportingDocument, Threshold, TicketBooking, TicketWay,
)
from gonghui.core import audit
from gonghui.core.imports.bulk import bulk_insert, reset_sequence
from gonghui.core.roles import Role
from gonghui.demo.names import person
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Enterprise, Level, Org

YEAR = 2012
WARMTH_RAISED = 6_500_000  # 筹集资金和物资650多万元
WARMTH_VISITED = 7000  # 走访慰问困难职工7000余名
ARCHIVED_HELPED = 650  # 650名建档困难职工、困难劳模
ARCHIVED_HELPED_AMOUNT = 635_000  # 63.5万元
MODEL_WORKERS = 60  # of the 650: model workers in difficulty (not in the report; a plausible share)
SERIOUS_ILLNESS = 34
SERIOUS_ILLNESS_AMOUNT = 63_000
EDUCATION_CHILDREN = 746
EDUCATION_AMOUNT = 665_000
SUMMER_CARE = 700
TICKETS_AWARDED = 39
TICKETS_BOOKED = 320  # 300多名
TICKETS_ENTERPRISE = 8050  # 8000多名
ARCHIVED_END_2012 = 720  # households in the archive at the end of 2012 (the 650 helped are among them)
EXITED_2012 = 40
IN_WORKFLOW_2013 = 15
ENTERPRISE_FUNDS_BY_2012 = 40
ENTERPRISE_FUNDS_EARLY_2013 = 12  # toward the 2013 target of 50 new ones
JOB_EMPLOYERS = 40
THRESHOLDS = {2011: Decimal("6600"), 2012: Decimal("7200"), 2013: Decimal("7800")}  # per person per year
RATES = {"primary": 500, "junior": 800, "senior": 1000, "college": 1500}  # 金秋助学 per child, 2012
PDF = b"%PDF-1.4\n% demo scan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CAUSES = ["illness", "disability", "schooling", "unemployment", "accident", "other"]
CAUSE_WEIGHTS = [34, 14, 22, 16, 8, 6]


def _day(rng, first, last):
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def _scaled(figure: int, scale: float, minimum: int = 1) -> int:
    return max(minimum, round(figure * scale))


def _spread_money(total: int, n: int, step: int = 10) -> list[Decimal]:
    """n amounts in multiples of `step` adding up to total exactly (total a multiple of step)."""
    if n == 0:
        return []
    base = (total // n) // step * step
    extra = (total - base * n) // step
    return [Decimal(base + (step if i < extra else 0)) for i in range(n)]


def _education_levels(n: int, total: int) -> dict[str, int]:
    """How many children per school level so that the year's rates add up to total exactly,
    as close as can be to a plausible mix (a third in primary school, a fifth at college)."""
    units = {k: v // 100 for k, v in RATES.items()}
    goal = total // 100
    target = {"primary": 0.34, "junior": 0.19, "senior": 0.27, "college": 0.20}
    best, best_gap = None, None
    for nc in range(n + 1):
        for ns in range(n - nc + 1):
            rest = goal - units["primary"] * n - (units["senior"] - units["primary"]) * ns - (units["college"] - units["primary"]) * nc
            if rest < 0 or rest % (units["junior"] - units["primary"]):
                continue
            nj = rest // (units["junior"] - units["primary"])
            np_ = n - nc - ns - nj
            if np_ < 0:
                continue
            counts = {"primary": np_, "junior": nj, "senior": ns, "college": nc}
            gap = sum(abs(counts[k] - target[k] * n) for k in counts)
            if best_gap is None or gap < best_gap:
                best, best_gap = counts, gap
    if best is None:  # a tiny scale with no exact mix: all at one level, the amount follows
        best = {"primary": n, "junior": 0, "senior": 0, "college": 0}
    return best


class _Builder:
    def __init__(self, seed: int, scale: float):
        self.rng = random.Random(seed * 7907 + 6)
        self.scale = scale
        self.federation = Org.objects.get(level=Level.FEDERATION)
        self.towns = list(Org.objects.filter(level=Level.TOWN).order_by("code"))
        self.clerk = User.objects.filter(role=Role.CLERK, org=self.federation).order_by("pk").first() or User.objects.filter(role=Role.CLERK).order_by("pk").first()
        self.reviewer = User.objects.filter(role=Role.REVIEWER, org=self.federation).order_by("pk").first() or User.objects.filter(role=Role.REVIEWER).order_by("pk").first()
        width = len(self.federation.path) + 8
        self.members_of_town = defaultdict(list)
        rows = Member.objects.filter(status=MemberStatus.ACTIVE, joined_on__lte=datetime.date(2011, 12, 31)).order_by("pk").values_list("pk", "org_id", "org__path", "name", "household")
        for pk, org_id, path, name, household in rows:
            self.members_of_town[path[:width]].append((pk, org_id, path, name, household))
        self.town_weights = [max(1, len(self.members_of_town[t.path])) for t in self.towns]
        self.entries, self.grants = [], []
        self.receipt = 0

    def town_counts(self, total: int) -> list[int]:
        """total spread over the towns by their members, exactly."""
        weight = sum(self.town_weights)
        counts = [total * w // weight for w in self.town_weights]
        for i in sorted(range(len(self.towns)), key=lambda i: -self.town_weights[i])[: total - sum(counts)]:
            counts[i] += 1
        return counts

    # The archive ------------------------------------------------------------------------

    def archive(self):
        for year, amount in THRESHOLDS.items():
            Threshold.objects.create(org=self.federation, year=year, per_capita_income=amount, set_by=self.reviewer)
        archived_n = _scaled(ARCHIVED_END_2012, self.scale, 2)
        model_n = _scaled(MODEL_WORKERS, self.scale)
        exited_n, workflow_n = _scaled(EXITED_2012, self.scale), _scaled(IN_WORKFLOW_2013, self.scale)
        per_town = self.town_counts(archived_n + exited_n + workflow_n)
        chosen = []
        for town, n in zip(self.towns, per_town):
            chosen += [(town, m) for m in self.rng.sample(self.members_of_town[town.path], min(n, len(self.members_of_town[town.path])))]
        self.rng.shuffle(chosen)
        files = []
        for i, (town, (pk, org_id, path, name, household)) in enumerate(chosen):
            kind = "archived" if i < archived_n else "exited" if i < archived_n + exited_n else "workflow"
            applied = _day(self.rng, datetime.date(2011, 2, 1), datetime.date(2012, 7, 15)) if kind != "workflow" else _day(self.rng, datetime.date(2013, 1, 5), datetime.date(2013, 3, 10))
            if kind == "exited":
                applied = _day(self.rng, datetime.date(2010, 3, 1), datetime.date(2011, 6, 30))
            threshold = THRESHOLDS.get(applied.year, THRESHOLDS[2011])
            size = self.rng.choice([2, 3, 3, 3, 4, 4, 5])
            per_capita = (threshold * Decimal(self.rng.randrange(35, 95)) / 100).quantize(Decimal("1"))
            spouse_income = Decimal(self.rng.choice([0, 0, 2400, 3600, 6000])) if size > 2 else Decimal(0)
            other = Decimal(self.rng.choice([0, 0, 1200, 2400]))
            worker_income = max(Decimal(0), per_capita * size - spouse_income - other)
            cause = self.rng.choices(CAUSES, weights=CAUSE_WEIGHTS)[0]
            grade = "deep" if per_capita < threshold * Decimal("0.6") else ("sudden" if cause == "accident" else "relative")
            f = HardshipFile(
                member_id=pk, org_id=org_id, grade=grade, cause_main=cause, cause_secondary=self.rng.choice(["", "", "schooling", "unemployment"]) if cause != "schooling" else "",
                is_model_worker=False, worker_income=worker_income, other_income=other, household_size=size,
                per_capita_income=((worker_income + spouse_income + other) / size).quantize(Decimal("0.01")), threshold=threshold,
                situation=f"{name}家庭{size}口人，{dict(zip(CAUSES, ['本人患病', '本人残疾', '子女就学负担重', '配偶失业', '遭遇意外事故', '家庭负担重']))[cause]}。",
                applied_on=applied, applied_by=self.clerk, status=FileStatus.APPLIED,
            )
            f._spouse, f._town, f._kind = spouse_income, town, kind
            step = applied
            if kind == "workflow":
                stage = i % 5
                if stage >= 1:
                    f.status, f.checked_by, f.checked_at = FileStatus.CHECKED, self.clerk, _aware(step + datetime.timedelta(days=3))
                if stage >= 2:
                    f.status, f.visited_by, f.visited_on, f.visit_note = FileStatus.VISITED, self.clerk, step + datetime.timedelta(days=8), "入户核实家庭情况属实"
                if stage >= 3:
                    f.status, f.income_checked_by, f.income_checked_at = FileStatus.INCOME_CHECKED, self.clerk, _aware(step + datetime.timedelta(days=12))
                if stage >= 4:
                    f.status, f.notice_by, f.notice_start, f.notice_end, f.notice_place = FileStatus.NOTICE, self.reviewer, step + datetime.timedelta(days=14), step + datetime.timedelta(days=20), "厂务公开栏"
            else:
                f.checked_by, f.checked_at = self.clerk, _aware(step + datetime.timedelta(days=3))
                f.visited_by, f.visited_on, f.visit_note = self.clerk, step + datetime.timedelta(days=8), "入户走访，家庭情况属实"
                f.income_checked_by, f.income_checked_at = self.clerk, _aware(step + datetime.timedelta(days=12))
                f.notice_by, f.notice_start, f.notice_end, f.notice_place = self.reviewer, step + datetime.timedelta(days=14), step + datetime.timedelta(days=20), "单位厂务公开栏"
                f.status, f.archived_by, f.archived_on = FileStatus.ARCHIVED, self.reviewer, step + datetime.timedelta(days=22)
                if kind == "exited":
                    f.status, f.exited_by, f.exited_on = FileStatus.EXITED, self.reviewer, _day(self.rng, datetime.date(2012, 3, 1), datetime.date(2012, 12, 20))
                    f.exit_reason = self.rng.choice(["再就业，家庭收入超过困难标准", "子女毕业参加工作", "病情好转恢复工作", "年度复核收入超过困难标准"])
            files.append(f)
        archived = [f for f in files if f._kind == "archived"]
        for f in archived[:model_n]:
            f.is_model_worker = True
        HardshipFile.objects.bulk_create(files, batch_size=1000)
        for f in files:
            if f.archived_on:
                f.file_number = f"KN{f.archived_on.year}{f.pk:06d}"
        HardshipFile.objects.bulk_update([f for f in files if f.file_number], ["file_number"], batch_size=1000)
        self.files, self.archived = files, archived
        self._family_and_papers(files)
        return len(archived), len([f for f in files if f._kind == "exited"]), len([f for f in files if f._kind == "workflow"])

    def _family_and_papers(self, files):
        family, documents, reviews = [], [], []
        children_n = _scaled(EDUCATION_CHILDREN, self.scale)
        levels = _education_levels(children_n, round(EDUCATION_AMOUNT * self.scale / 100) * 100)
        self.education_levels = levels
        school = [level for level, n in levels.items() for _ in range(n)]
        self.rng.shuffle(school)
        # Children in school go to households archived before the autumn of 2012.
        early = [f for f in self.archived if f.archived_on < datetime.date(2012, 8, 20)] or self.archived
        child_home = [early[i % len(early)] for i in range(len(school))]
        ages = {"primary": (7, 12), "junior": (13, 15), "senior": (16, 18), "college": (19, 22)}
        children_of = defaultdict(list)
        for level, f in zip(school, child_home):
            children_of[f.pk].append(level)
        for f in files:
            kids = children_of.get(f.pk, [])
            members = [("配偶", Decimal(f._spouse), "")] if f.household_size > 2 or not kids else []
            members += [("子女", Decimal(0), level) for level in kids]
            while len(members) < f.household_size - 1:
                members.append(("子女" if self.rng.random() < 0.5 else "父母", Decimal(0), ""))
            for relation, income, level in members[: max(f.household_size - 1, len(members))]:
                low, high = ages.get(level, (1, 6) if relation == "子女" else (60, 80))
                if relation == "配偶":
                    low, high = 30, 55
                family.append(FamilyMember(hardship_file_id=f.pk, name=person(self.rng), relation=relation, birth_year=YEAR - self.rng.randint(low, high),
                                           annual_income=income, school_level=level))
            f.household_size = 1 + len(members)
            if f.archived_on:
                stored = f"demo-{f.pk:07d}.pdf"
                documents.append(SupportingDocument(hardship_file_id=f.pk, kind="income", original_name=f"{f.file_number}收入证明.pdf", stored_name=stored,
                                                    content_type="application/pdf", size=len(PDF), uploaded_by=self.clerk))
            if f.archived_on and f.archived_on.year == 2011 and f._kind == "archived" and self.rng.random() < 0.8:
                reviews.append(AnnualReview(hardship_file_id=f.pk, year=2012, per_capita_income=f.per_capita_income, threshold=THRESHOLDS[2012], grade=f.grade,
                                            outcome=ReviewOutcome.CONTINUE, note="年度复核，仍符合条件", reviewed_by=self.reviewer, reviewed_on=_day(self.rng, datetime.date(2012, 3, 1), datetime.date(2012, 4, 30))))
        # Household size and per-capita income follow the family as written.
        for f in files:
            f.per_capita_income = ((f.worker_income + f.other_income + f._spouse) / f.household_size).quantize(Decimal("0.01"))
        HardshipFile.objects.bulk_update(files, ["household_size", "per_capita_income"], batch_size=1000)
        self.children = defaultdict(list)
        for child in FamilyMember.objects.bulk_create(family, batch_size=2000):
            if child.school_level:
                self.children[child.hardship_file_id].append(child)
        SupportingDocument.objects.bulk_create(documents, batch_size=2000)
        AnnualReview.objects.bulk_create(reviews, batch_size=2000)
        folder = settings.VAR_DIR / "assistance" / "documents"
        folder.mkdir(parents=True, exist_ok=True)
        for document in documents:
            (folder / document.stored_name).write_bytes(PDF)

    # Funds and programmes -----------------------------------------------------------------

    def fund(self, code, name, level, org, established, enterprise=None):
        return Fund.objects.create(code=code, name=name, level=level, org=org, enterprise=enterprise, established_on=established, created_by=self.clerk)

    def entry(self, fund, kind, amount, on, programme=None, counterpart=None, source="", grant=None):
        if not amount:
            return
        self.entries.append(dict(fund_id=fund.pk, kind=kind, amount=Decimal(amount), on=on, programme_id=programme.pk if programme else None,
                                 counterpart_id=counterpart.pk if counterpart else None, source=source, grant_id=grant, recorded_by_id=self.clerk.pk))

    def programme(self, code, name, kind, org, starts, ends, budget, cap, rules):
        return Programme.objects.create(code=code, name=name, kind=kind, year=YEAR, org=org, starts_on=starts, ends_on=ends, budget=Decimal(budget),
                                        cap_per_person=Decimal(cap), rules=rules, created_by=self.clerk)

    def grant(self, programme, member, fund, amount, paid_on, *, method=PayMethod.CASH, goods="", hardship_file=None, child=None, reason=""):
        pk, org_id, _path, name, _household = member
        self.receipt += 1
        decided = _aware(paid_on - datetime.timedelta(days=2))
        self.grants.append(dict(
            programme_id=programme.pk, member_id=pk, org_id=org_id, hardship_file_id=hardship_file.pk if hardship_file else None, child_id=child.pk if child else None,
            beneficiary=f"c{child.pk}" if child else f"m{pk}", fund_id=fund.pk, amount=Decimal(amount), method=method, goods=goods, reason=reason,
            status=GrantStatus.PAID, proposed_by_id=self.clerk.pk, decided_by_id=self.reviewer.pk, decided_at=decided, paid_on=paid_on, paid_by_id=self.clerk.pk,
            receipt_number=f"QS{YEAR}{self.receipt:06d}", receipt_signed_by=name, reject_reason="", payout_card="", payout_bank="", _programme_name=programme.name,
        ))

    def funds_and_programmes(self):
        s, rng = self.scale, self.rng
        start = datetime.date(YEAR, 1, 2)
        city_fund = self.fund("CX-FUND-CITY", "慈溪市总工会帮扶资金", FundLevel.CITY, self.federation, datetime.date(2008, 1, 1))
        self.entry(city_fund, EntryKind.APPROPRIATION, round(3_200_000 * s), start, source="市总工会经费拨入帮扶资金")
        town_funds = {}
        for n, town in enumerate(self.towns, start=1):
            town_funds[town.pk] = self.fund(f"CX-FUND-T{n:02d}", f"{town.name.removesuffix('总工会')}帮扶资金", FundLevel.TOWN, town, datetime.date(2009, 1, 1))
            amount = round(40_000 * s)
            if amount:
                self.entry(city_fund, EntryKind.TRANSFER_OUT, -amount, datetime.date(YEAR, 1, 3), counterpart=town_funds[town.pk], source="市级帮扶资金下拨")
                self.entry(town_funds[town.pk], EntryKind.TRANSFER_IN, amount, datetime.date(YEAR, 1, 3), counterpart=city_fund, source="市总工会下拨")
        # Village funds: the first two village or joint unions of each town.
        villages = 0
        for town in self.towns:
            for village in Org.objects.filter(parent=town, level=Level.JOINT).order_by("code")[: max(1, round(2 * min(s, 1)))]:
                villages += 1
                fund = self.fund(f"CX-FUND-V{villages:03d}", f"{village.name.removesuffix('工会')}帮扶资金", FundLevel.VILLAGE, village, datetime.date(2011, 6, 1))
                amount = round(10_000 * s) or 100
                self.entry(town_funds[town.pk], EntryKind.TRANSFER_OUT, -amount, datetime.date(YEAR, 2, 1), counterpart=fund, source="镇级帮扶资金下拨")
                self.entry(fund, EntryKind.TRANSFER_IN, amount, datetime.date(YEAR, 2, 1), counterpart=town_funds[town.pk], source="镇总工会下拨")
        enterprise_funds = self._enterprise_funds()

        # Spring Festival: each town its programme, raised money and goods, visits.
        raised = round(WARMTH_RAISED * s)
        visited = _scaled(WARMTH_VISITED, s)
        raised_by_town = self.town_counts(raised // 100)
        visits_by_town = self.town_counts(visited)
        archived_members = defaultdict(list)
        for f in self.archived:
            archived_members[f._town.pk].append(f.member_id)
        for n, (town, hundreds, visits) in enumerate(zip(self.towns, raised_by_town, visits_by_town), start=1):
            fund = town_funds[town.pk]
            programme = self.programme(f"{YEAR}-SWN-T{n:02d}", f"{town.name.removesuffix('总工会')}{YEAR}年元旦春节送温暖", ProgrammeKind.WARMTH_VISIT, town,
                                       datetime.date(YEAR, 1, 1), datetime.date(YEAR, 1, 31), hundreds * 100, 2000, "走访慰问困难职工，每人一次，送慰问金或慰问品")
            amount = hundreds * 100
            goods = amount * 3 // 10 // 100 * 100
            donation = amount * 4 // 10 // 100 * 100
            self.entry(fund, EntryKind.APPROPRIATION, amount - goods - donation, datetime.date(YEAR, 1, 4), programme, source="镇(街道)工会经费")
            self.entry(fund, EntryKind.DONATION, donation, datetime.date(YEAR, 1, 5), programme, source="爱心企业捐款")
            if goods:
                self.entry(fund, EntryKind.GOODS_DONATION, goods, datetime.date(YEAR, 1, 6), programme, source="爱心企业捐赠米油等物资(折价)")
            pool = self.members_of_town[town.path]
            first = set(archived_members[town.pk])
            ordered = [m for m in pool if m[0] in first] + rng.sample([m for m in pool if m[0] not in first], min(len(pool) - len(first), visits))
            spend_cap = amount * 9 // 10
            amounts = _spread_money(min(spend_cap, visits * 800) // 10 * 10, min(visits, len(ordered)))
            for member, value in zip(ordered[:visits], amounts):
                in_goods = rng.random() < 0.4
                self.grant(programme, member, fund, value, _day(rng, datetime.date(YEAR, 1, 9), datetime.date(YEAR, 1, 21)), method=PayMethod.GOODS if in_goods else PayMethod.CASH,
                           goods="大米一袋、食用油一桶" if in_goods else "", reason="元旦春节走访慰问")
        self._city_programmes(city_fund, start)
        return len(town_funds) + 1, villages, enterprise_funds

    def _enterprise_funds(self):
        candidates = list(Enterprise.objects.filter(org__level=Level.PRIMARY, formation="single").select_related("org").order_by("credit_code"))
        wanted_2012, wanted_2013 = _scaled(ENTERPRISE_FUNDS_BY_2012, self.scale), _scaled(ENTERPRISE_FUNDS_EARLY_2013, self.scale)
        chosen = self.rng.sample(candidates, min(len(candidates), wanted_2012 + wanted_2013))
        for n, enterprise in enumerate(chosen, start=1):
            early_2013 = n > wanted_2012
            established = _day(self.rng, datetime.date(2013, 1, 5), datetime.date(2013, 3, 20)) if early_2013 else _day(self.rng, datetime.date(2009, 1, 1), datetime.date(2012, 11, 30))
            fund = self.fund(f"CX-FUND-E{n:03d}", f"{enterprise.name}职工互助基金", FundLevel.ENTERPRISE, enterprise.org, established, enterprise=enterprise)
            self.entry(fund, EntryKind.APPROPRIATION, self.rng.randrange(2, 11) * 10_000, established, source="企业行政拨付")
            self.entry(fund, EntryKind.DONATION, self.rng.randrange(1, 6) * 1000, established, source="职工自愿捐款")
        return len(chosen)

    def _city_programmes(self, city_fund, start):
        s, rng, fed = self.scale, self.rng, self.federation
        everyone = [m for t in self.towns for m in self.members_of_town[t.path]]
        member_of = {m[0]: m for m in everyone}

        # 650 archived workers and model workers in difficulty, paid in December.
        helped = _scaled(ARCHIVED_HELPED, s)
        total = round(ARCHIVED_HELPED_AMOUNT * s / 10) * 10
        models_ = [f for f in self.archived if f.is_model_worker]
        regular = [f for f in self.archived if not f.is_model_worker]
        model_n = min(len(models_), max(1, round(helped * MODEL_WORKERS / ARCHIVED_HELPED)))
        regular_n = min(len(regular), helped - model_n)
        model_total = round(total * model_n / helped / 10) * 10
        help_programme = self.programme(f"{YEAR}-KNZG", f"{YEAR}年建档困难职工帮扶", ProgrammeKind.ARCHIVED_HELP, fed, datetime.date(YEAR, 12, 1), datetime.date(YEAR, 12, 31),
                                        total, 3000, "对建档困难职工发放年度帮扶金，每人一次")
        model_programme = self.programme(f"{YEAR}-KNLM", f"{YEAR}年困难劳模帮扶", ProgrammeKind.MODEL_WORKER_HELP, fed, datetime.date(YEAR, 12, 1), datetime.date(YEAR, 12, 31),
                                         model_total, 3000, "对建档的困难劳动模范发放帮扶金")
        for programme, files, amounts in ((help_programme, rng.sample(regular, regular_n), _spread_money(total - model_total, regular_n)),
                                          (model_programme, rng.sample(models_, model_n), _spread_money(model_total, model_n))):
            for f, value in zip(files, amounts):
                self.grant(programme, member_of[f.member_id], city_fund, value, _day(rng, datetime.date(YEAR, 12, 10), datetime.date(YEAR, 12, 28)), hardship_file=f, reason="年度帮扶")

        # Serious illness relief: 34 workers, 63,000 yuan.
        illness = self.programme(f"{YEAR}-TZZB", f"{YEAR}年特种重病职工救助", ProgrammeKind.SERIOUS_ILLNESS, fed, datetime.date(YEAR, 3, 1), datetime.date(YEAR, 11, 30),
                                 round(SERIOUS_ILLNESS_AMOUNT * s), 5000, "患尿毒症、恶性肿瘤等特种重病的职工，每人每年一次")
        n = _scaled(SERIOUS_ILLNESS, s)
        for member, value in zip(rng.sample(everyone, n), _spread_money(round(SERIOUS_ILLNESS_AMOUNT * s / 10) * 10, n)):
            self.grant(illness, member, city_fund, value, _day(rng, datetime.date(YEAR, 3, 10), datetime.date(YEAR, 11, 30)), reason="特种重病救助")

        # Autumn education grants: per child, at the year's rate for the school level.
        for level, amount in RATES.items():
            EducationRate.objects.create(year=YEAR, school_level=level, amount=Decimal(amount), set_by=self.reviewer)
        education = self.programme(f"{YEAR}-JQZX", f"{YEAR}年金秋助学", ProgrammeKind.EDUCATION_GRANT, fed, datetime.date(YEAR, 8, 20), datetime.date(YEAR, 9, 30),
                                   round(EDUCATION_AMOUNT * s), 1500, "困难职工子女按学段发放助学金：小学500元、初中800元、高中1000元、大学1500元")
        for f in self.archived:
            for child in self.children.get(f.pk, []):
                self.grant(education, member_of[f.member_id], city_fund, RATES[child.school_level], _day(rng, datetime.date(YEAR, 8, 25), datetime.date(YEAR, 9, 20)),
                           hardship_file=f, child=child, reason="金秋助学")

        # Summer care: 700 workers, goods.
        summer = self.programme(f"{YEAR}-XSQL", f"{YEAR}年夏送清凉", ProgrammeKind.SUMMER_COOLING, fed, datetime.date(YEAR, 7, 1), datetime.date(YEAR, 8, 31),
                                round(200 * SUMMER_CARE * s), 300, "高温季节慰问一线职工")
        for member in rng.sample(everyone, _scaled(SUMMER_CARE, s)):
            self.grant(summer, member, city_fund, 200, _day(rng, datetime.date(YEAR, 7, 5), datetime.date(YEAR, 8, 25)), method=PayMethod.GOODS, goods="防暑降温用品", reason="高温慰问")

        # Tickets home: 39 awarded to outstanding migrant workers; booked and bought in batches.
        tickets = self.programme(f"{YEAR}-FXCP", f"{YEAR}年农民工返乡车票", ProgrammeKind.TICKETS_HOME, fed, datetime.date(YEAR, 1, 3), datetime.date(YEAR, 1, 20),
                                 round(60_000 * s), 2000, "奖励优秀外来职工免费车票、机票；工会代订、企业工会代买返乡车票")
        migrants = [m for m in everyone if m[4] == "migrant"] or everyone
        for member in rng.sample(migrants, _scaled(TICKETS_AWARDED, s)):
            self.grant(tickets, member, city_fund, rng.choice([450, 620, 880, 1280]), _day(rng, datetime.date(YEAR, 1, 5), datetime.date(YEAR, 1, 15)),
                       method=PayMethod.GOODS, goods=rng.choice(["火车票", "飞机票"]), reason="优秀外来职工奖励")
        bookings = []
        for way, total_workers, places, size in ((TicketWay.BOOKED, _scaled(TICKETS_BOOKED, s), self.towns, 40),
                                                 (TicketWay.ENTERPRISE, _scaled(TICKETS_ENTERPRISE, s), list(Org.objects.filter(level=Level.PRIMARY, kind="enterprise").order_by("code")), 150)):
            left = total_workers
            while left > 0:
                n = min(left, rng.randrange(size // 2, size * 3 // 2))
                org = rng.choice(places)
                bookings.append(TicketBooking(programme=tickets, org=org, way=way, workers=n, on=_day(rng, datetime.date(YEAR, 1, 3), datetime.date(YEAR, 1, 18)),
                                              note="春运返乡车票", recorded_by=self.clerk))
                left -= n
        TicketBooking.objects.bulk_create(bookings)

        # Spring job placements.
        jobs = self.programme(f"{YEAR}-CSGW", f"{YEAR}年春送岗位", ProgrammeKind.JOB_PLACEMENT, fed, datetime.date(YEAR, 2, 6), datetime.date(YEAR, 3, 31), 0, 1,
                              "节后招聘会，组织企业提供岗位")
        employers = list(Enterprise.objects.filter(above_scale=True).order_by("credit_code").values_list("name", "org_id")[: _scaled(JOB_EMPLOYERS, s)])
        JobPlacement.objects.bulk_create([
            JobPlacement(programme=jobs, org_id=org_id, employer=name, jobs_offered=(offered := rng.randrange(10, 120)), jobs_taken=rng.randrange(0, offered + 1),
                         on=_day(rng, datetime.date(YEAR, 2, 6), datetime.date(YEAR, 3, 31)), recorded_by=self.clerk)
            for name, org_id in employers
        ])

    def write_money(self):
        """Grants and the ledger by the one bulk writer (COPY on PostgreSQL), ids drawn first
        so that each spending line names its grant."""
        next_id = (Grant.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        for n, grant in enumerate(self.grants):
            grant["id"] = next_id + n
            self.entry(_Ref(grant["fund_id"]), EntryKind.GRANT, -grant["amount"], grant["paid_on"], _Ref(grant["programme_id"]), source=grant.pop("_programme_name"), grant=grant["id"])
        for start in range(0, len(self.grants), 5000):
            bulk_insert(Grant, self.grants[start:start + 5000])
        reset_sequence(Grant)
        for start in range(0, len(self.entries), 5000):
            bulk_insert(FundEntry, self.entries[start:start + 5000])
        balances = defaultdict(Decimal)
        for entry in self.entries:
            balances[entry["fund_id"]] += entry["amount"]
        for fund_id, balance in balances.items():
            if balance < 0:
                raise RuntimeError(f"demo fund {fund_id} would go below zero ({balance})")
            Fund.objects.filter(pk=fund_id).update(balance=balance)
        return len(self.grants)


class _Ref:
    """A row known by its id only, for the ledger lines of grants written in bulk."""

    def __init__(self, pk):
        self.pk = pk


def _aware(day: datetime.date):
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))


def build(*, seed: int, scale: float) -> str:
    started = time.monotonic()
    with transaction.atomic():
        builder = _Builder(seed, scale)
        if builder.clerk is None or builder.reviewer is None or not builder.towns:
            return "困难帮扶：没有演示账号或镇(街道)，跳过"
        archived, exited, workflow = builder.archive()
        funds, villages, enterprise_funds = builder.funds_and_programmes()
        grants = builder.write_money()
        summary = (f"困难帮扶：建档困难职工 {archived} 户(2012年脱困 {exited} 户，2013年在办 {workflow} 户)，"
                   f"市镇帮扶资金 {funds} 个、村级 {villages} 个、企业互助基金 {enterprise_funds} 个，2012年帮扶发放 {grants} 笔")
        audit.record(actor=None, actor_name="system", action=audit.Action.IMPORT, object_type="demo.assistance", object_id=seed, summary=summary,
                     changes={"seed": seed, "scale": scale, "grants": grants})
    return f"{summary}，用时 {time.monotonic() - started:.1f} 秒"
