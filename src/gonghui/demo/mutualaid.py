"""The demo city's medical mutual-aid scheme for 2012: the federation's rules for the year,
187 units with 41,268 workers enrolled and paid for (a few joining during the year and a few
leaving), and the year's claims of each plan, every one adjudicated by the year's rules
(gonghui.mutualaid.adjudication) and paid: 25 special serious diseases (21,700 yuan),
113 hospital stays (136,517 yuan), one woman worker (10,000 yuan).

The figures are met exactly because the claims are built to them: the serious-disease grants
are a fixed mix of the listed diseases, and the last hospital stay's expense is the one that
the rules turn into exactly the rest of the amount. Same seed, same scheme."""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.cards.models import Card
from gonghui.core import audit
from gonghui.core.imports.bulk import bulk_insert, reset_sequence
from gonghui.core.sealing import SealedValue
from gonghui.members.models import Member, MemberStatus
from gonghui.mutualaid.adjudication import Rules, adjudicate, yuan
from gonghui.mutualaid.models import Claim, ClaimExpense, ClaimStatus, ContributionPayment, Plan, UnitEnrolment, WorkerEnrolment
from gonghui.mutualaid.services.enrolment import coverage_start
from gonghui.mutualaid.services.rules import scheme_year_create
from gonghui.orgs.models import Org

YEAR = 2012
UNITS_2012 = 187  # 全市有187个单位
WORKERS_2012 = 41_268  # 41268名职工参加了医疗互助保障
SERIOUS_PEOPLE, SERIOUS_AMOUNT = 25, Decimal(21_700)  # 25名患特种病的参保职工享受保障金21700元
HOSPITAL_PEOPLE, HOSPITAL_AMOUNT = 113, Decimal(136_517)  # 113名住院参保职工享受医疗补助金136517元
WOMEN_PEOPLE, WOMEN_AMOUNT = 1, Decimal(10_000)  # 1名女职工享受安康互助保障金1万元
JOINER_SHARE = 0.02
LEAVER_SHARE = 0.01

RULES_2012 = {
    "contribution": "20", "waiting_days": 90, "overall_cap": "30000", "serious_cap": "5000", "hospital_deductible": "800",
    "hospital_cap": "8000", "women_cap": "10000", "note": "2012年度方案",
    "bands": [("", "5000", "0.5"), ("", "20000", "0.6"), ("", None, "0.7"), ("3", "5000", "0.45"), ("3", "20000", "0.55"), ("3", None, "0.65")],
    "diseases": [
        (Plan.SERIOUS_DISEASE, "器官移植", "1500"), (Plan.SERIOUS_DISEASE, "恶性肿瘤", "1000"), (Plan.SERIOUS_DISEASE, "尿毒症", "1000"),
        (Plan.SERIOUS_DISEASE, "急性心肌梗塞", "800"), (Plan.SERIOUS_DISEASE, "脑中风后遗症", "800"), (Plan.SERIOUS_DISEASE, "再生障碍性贫血", "600"),
        (Plan.SERIOUS_DISEASE, "系统性红斑狼疮", "500"), (Plan.WOMEN_HEALTH, "乳腺癌", "10000"), (Plan.WOMEN_HEALTH, "宫颈癌", "10000"),
        (Plan.WOMEN_HEALTH, "卵巢癌", "8000"),
    ],
}
# The report's 25 people and 21,700 yuan as the listed grants: 2×1500 + 8×1000 + 10×800 + 2×600 + 3×500.
SERIOUS_MIX = [("器官移植", 2), ("恶性肿瘤", 5), ("尿毒症", 3), ("急性心肌梗塞", 6), ("脑中风后遗症", 4), ("再生障碍性贫血", 2), ("系统性红斑狼疮", 3)]
HOSPITALS = [("慈溪市人民医院", "2"), ("慈溪市第三人民医院", "2"), ("宁波市第一医院", "3"), ("浙江大学医学院附属第一医院", "3"),
             ("慈溪市中医医院", "2"), ("浒山街道社区卫生服务中心", "1"), ("观海卫镇卫生院", "1")]
HOSPITAL_DIAGNOSES = ["肺炎", "急性阑尾炎", "腰椎间盘突出症", "胆囊结石", "骨折", "冠心病", "糖尿病", "脑梗死", "慢性胃炎", "高血压病"]
EXPENSE_ITEMS = ["床位费", "药品费", "检查费", "治疗费", "手术费"]


def _day(rng, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def _units(rng, count: int, total: int) -> list[tuple[Org, list[int]]]:
    """The enrolling units, spread over the towns: in each town, its unions with the most
    members, with their members of before the year. A small demo city's workplaces are too
    small for the report's share of workers: there villages and joint unions enrol for the
    workplaces below them instead."""
    own, below = defaultdict(list), defaultdict(list)
    paths = dict(Org.objects.values_list("pk", "path"))
    joints = dict(Org.objects.filter(level=3).values_list("path", "pk"))
    for pk, org_id in Member.objects.filter(status=MemberStatus.ACTIVE, joined_on__lt=datetime.date(YEAR, 1, 1)).order_by("pk").values_list("pk", "org_id"):
        own[org_id].append(pk)
        joint = joints.get(paths[org_id][:24])
        if joint is not None:
            below[joint].append(pk)
    chosen = _spread(own, count)
    if sum(len(own[o.pk]) for o in chosen) < total:
        chosen = _spread(below, count)
        own = below
    return [(org, own[org.pk]) for org in chosen]


def _spread(members: dict, count: int) -> list[Org]:
    towns = list(Org.objects.filter(level=2).order_by("code"))
    by_town = defaultdict(list)
    for org in Org.objects.filter(pk__in=[k for k, v in members.items() if len(v) >= 5]).order_by("path"):
        by_town[org.path[:16]].append(org)
    for orgs in by_town.values():
        orgs.sort(key=lambda o: (-len(members[o.pk]), o.pk))
    chosen, round_ = [], 0
    while len(chosen) < count and any(len(by_town[t.path]) > round_ for t in towns):
        for town in towns:
            if len(chosen) < count and len(by_town[town.path]) > round_:
                chosen.append(by_town[town.path][round_])
        round_ += 1
    return chosen


def _allocate(units, total: int) -> list[int]:
    """How many workers each unit enrols: the same share of each unit's members, to the total."""
    capacity = sum(len(m) for _, m in units)
    if capacity < total:
        raise ValueError(f"演示城市的会员不足以参保 {total} 人")
    share = [len(m) * total // capacity for _, m in units]
    n = 0
    while sum(share) < total:
        if share[n % len(units)] < len(units[n % len(units)][1]):
            share[n % len(units)] += 1
        n += 1
    return share


def _expense_items(rng, total: Decimal) -> list[tuple[str, Decimal]]:
    cents = int(total * 100)
    items = rng.sample(EXPENSE_ITEMS, rng.randint(2, 4))
    cuts = sorted(rng.sample(range(1, cents), len(items) - 1)) if cents > len(items) else []
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, cents])]
    return [(item, Decimal(part) / 100) for item, part in zip(items, parts) if part > 0]


def _exact_expense(rules: Rules, level: str, target: Decimal) -> Decimal | None:
    """The smallest hospital expense (to the cent) that these rules pay exactly `target` for."""
    low, high = int(rules.deductible * 100), int((rules.deductible + target * 4) * 100) + 100

    def pays(cents):
        return adjudicate(rules=rules, plan=Plan.HOSPITAL, diagnosis="", hospital_level=level, expense=Decimal(cents) / 100, used_plan=0, used_total=0).payable

    while low < high:
        mid = (low + high) // 2
        if pays(mid) < target:
            low = mid + 1
        else:
            high = mid
    return Decimal(low) / 100 if pays(low) == target else None


def _hospital_claims(rng, rules: Rules, people: int, amount: Decimal) -> list[dict]:
    """`people` stays whose payouts under `rules` add up to `amount` exactly."""
    stays, left = [], amount
    for n in range(people):
        remaining = people - n
        hospital, level = rng.choice(HOSPITALS)
        if remaining == 1:
            level = "2"
            hospital = next(h for h, lv in HOSPITALS if lv == level)
            expense = _exact_expense(rules, level, left)
            if expense is None or left <= 0:
                raise ValueError(f"住院补助无法凑足 {amount} 元")
        else:
            average = left / remaining
            wanted = yuan(Decimal(rng.uniform(0.5, 1.5)) * average)
            wanted = min(max(wanted, Decimal(100)), rules.caps[Plan.HOSPITAL] / 2)
            expense = _exact_expense(rules, level, wanted) or _exact_expense(rules, "2", wanted)
            level = level if _exact_expense(rules, level, wanted) else "2"
        result = adjudicate(rules=rules, plan=Plan.HOSPITAL, diagnosis="", hospital_level=level, expense=expense, used_plan=0, used_total=0)
        left -= result.payable
        stays.append({"plan": Plan.HOSPITAL, "hospital": hospital, "level": level, "expense": expense, "result": result,
                      "diagnosis": rng.choice(HOSPITAL_DIAGNOSES)})
    if left != 0:
        raise ValueError("住院补助合计不符")
    return stays


def _grant_claims(rng, rules: Rules, plan, mix: list[tuple[str, int]]) -> list[dict]:
    claims = []
    for disease, count in mix:
        for _ in range(count):
            hospital, level = rng.choice([h for h in HOSPITALS if h[1] != "1"])
            result = adjudicate(rules=rules, plan=plan, diagnosis=disease, hospital_level=level, expense=0, used_plan=0, used_total=0)
            claims.append({"plan": plan, "hospital": hospital, "level": level, "expense": Decimal(0), "result": result, "diagnosis": disease})
    return claims


def _serious_mix(scale: float) -> list[tuple[str, int]]:
    if scale == 1:
        return SERIOUS_MIX
    people = round(SERIOUS_PEOPLE * scale)
    flat = [name for name, count in SERIOUS_MIX for _ in range(count)]
    return [(flat[(n * 7) % len(flat)], 1) for n in range(people)]


def _enrol(rng, year, version, units, shares, clerk) -> list[dict]:
    """Each unit enrolled before the year with its list, paid for then; its joiners during
    the year paid for on one later day; a few leavers."""
    enrolled = [_day(rng, datetime.date(YEAR - 1, 11, 20), datetime.date(YEAR - 1, 12, 25)) for _ in units]
    unit_rows = UnitEnrolment.objects.bulk_create([
        UnitEnrolment(scheme_year=year, org=org, enrolled_on=on, created_by=clerk) for (org, _), on in zip(units, enrolled)
    ])
    picks = [rng.sample(member_ids, share) for (_, member_ids), share in zip(units, shares)]
    joiner_counts = [int(share * JOINER_SHARE) for share in shares]
    payments = []
    for unit, on, share, joiners in zip(unit_rows, enrolled, shares, joiner_counts):
        payments.append(ContributionPayment(unit=unit, org_id=unit.org_id, workers=share - joiners, amount=version.contribution * (share - joiners),
                                            paid_on=on + datetime.timedelta(days=5), receipt_number=f"HZ{YEAR}-{unit.pk:04d}", recorded_by=clerk))
        if joiners:
            payments.append(ContributionPayment(unit=unit, org_id=unit.org_id, workers=joiners, amount=version.contribution * joiners,
                                                paid_on=datetime.date(YEAR, 9, 30), receipt_number=f"HZ{YEAR}-{unit.pk:04d}-2", recorded_by=clerk))
    payments = ContributionPayment.objects.bulk_create(payments)
    by_unit = defaultdict(list)
    for payment in payments:
        by_unit[payment.unit_id].append(payment.pk)
    workers = []
    next_id = (WorkerEnrolment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    for unit, on, picked, joiners in zip(unit_rows, enrolled, picks, joiner_counts):
        for n, member_id in enumerate(picked):
            joining = n < joiners
            day = _day(rng, datetime.date(YEAR, 2, 1), datetime.date(YEAR, 9, 30)) if joining else on
            leaves = not joining and rng.random() < LEAVER_SHARE
            workers.append(dict(
                id=next_id + len(workers), unit_id=unit.pk, scheme_year_id=year.pk, org_id=unit.org_id, member_id=member_id, enrolled_on=day,
                covered_from=coverage_start(year, day, version.waiting_days),
                left_on=_day(rng, datetime.date(YEAR, 3, 1), datetime.date(YEAR, 12, 20)) if leaves else None,
                payment_id=by_unit[unit.pk][1 if joining else 0], contribution=version.contribution,
            ))
    for start in range(0, len(workers), 5000):
        bulk_insert(WorkerEnrolment, workers[start:start + 5000])
    reset_sequence(WorkerEnrolment)
    return workers


def build(*, seed: int, scale: float) -> str:
    """Write the 2012 scheme onto the demo city (members and cards already there)."""
    rng = random.Random(seed * 7919 + 7)
    federation_clerk = User.objects.filter(username="city_clerk").first()
    with transaction.atomic():
        year = scheme_year_create(acting_user=federation_clerk, year=YEAR, data=RULES_2012)
        version = year.current_rules
        rules = Rules.of(version)
        units = _units(rng, round(UNITS_2012 * scale), round(WORKERS_2012 * scale))
        shares = _allocate(units, round(WORKERS_2012 * scale))
        workers = _enrol(rng, year, version, units, shares, federation_clerk)
        claims = _grant_claims(rng, rules, Plan.SERIOUS_DISEASE, _serious_mix(scale))
        claims += _hospital_claims(rng, rules, round(HOSPITAL_PEOPLE * scale), Decimal(round(HOSPITAL_AMOUNT * Decimal(str(scale)))))
        if round(WOMEN_PEOPLE * scale):
            claims += _grant_claims(rng, rules, Plan.WOMEN_HEALTH, [("乳腺癌", round(WOMEN_PEOPLE * scale))])
        count = _write_claims(rng, year, version, claims, federation_clerk)
        pending = _pending_claims(rng, year, federation_clerk)
        summary = (f"医疗互助{YEAR}年度：参保单位 {len(units)} 个、职工 {len(workers)} 人，核准并支付申请 {count} 件"
                   f"(特种重病、住院、女职工安康)，待审核 {pending} 件")
        audit.record(actor=None, actor_name="system", action=audit.Action.IMPORT, object_type="demo.mutualaid", object_id=seed, summary=summary,
                     changes={"seed": seed, "scale": scale, "units": len(units), "workers": len(workers), "claims": count})
    return summary  # the demo command adds the time taken


def _write_claims(rng, year, version, claims: list[dict], clerk) -> int:
    """Each claim for a different worker covered all year (women's health for a woman)."""
    candidates = list(WorkerEnrolment.objects.filter(scheme_year=year, covered_from=year.starts_on, left_on__isnull=True)
                      .order_by("pk").values_list("pk", "member_id", "org_id", "member__sex"))
    rng.shuffle(candidates)
    women = [c for c in candidates if c[3] == "F"]
    taken: set[int] = set()
    picked = []
    for claim in claims:
        pool = women if claim["plan"] == Plan.WOMEN_HEALTH else candidates
        worker = next(c for c in pool if c[0] not in taken)
        taken.add(worker[0])
        picked.append(worker)
    # Only the claimants' cards: unsealing every payout account of the city would take seconds.
    accounts = {m: (bank, account) for m, bank, account in Card.objects.filter(payout_marked_on__isnull=False, member_id__in=[w[1] for w in picked])
                .values_list("member_id", "payout_bank", "payout_account")}
    rows, expense_rows = [], []
    reviewer = User.objects.filter(username="city_reviewer").first()
    for claim, worker in zip(claims, picked):
        started = _day(rng, datetime.date(YEAR, 1, 10), datetime.date(YEAR, 10, 31))
        ended = started + datetime.timedelta(days=rng.randint(3, 25))
        submitted = ended + datetime.timedelta(days=rng.randint(3, 20))
        decided = submitted + datetime.timedelta(days=rng.randint(2, 10))
        paid = decided + datetime.timedelta(days=rng.randint(2, 7))
        bank, account = accounts.get(worker[1], ("", SealedValue("", "bank_account")))
        result = claim["result"]
        rows.append(Claim(
            enrolment_id=worker[0], scheme_year=year, member_id=worker[1], org_id=worker[2], plan=claim["plan"],
            diagnosis=SealedValue(claim["diagnosis"], "diagnosis"), hospital=claim["hospital"], hospital_level=claim["level"],
            started_on=started, ended_on=ended if claim["plan"] == Plan.HOSPITAL else None, total_expense=claim["expense"], status=ClaimStatus.PAID,
            rules=version, computed_amount=result.payable, working=result.lines, approved_amount=result.payable, submitted_by=clerk,
            submitted_at=timezone.make_aware(datetime.datetime.combine(submitted, datetime.time(9, 30))), decided_by=reviewer, decided_on=decided,
            decision_reason="符合规定，同意支付", payout_bank=bank, payout_account=account, paid_on=paid, paid_by=clerk,
        ))
    created = Claim.objects.bulk_create(rows)
    for claim_row, claim in zip(created, claims):
        if claim["expense"]:
            expense_rows += [ClaimExpense(claim=claim_row, item=item, amount=amount) for item, amount in _expense_items(rng, claim["expense"])]
    ClaimExpense.objects.bulk_create(expense_rows)
    return len(created)


def _pending_claims(rng, year, clerk) -> int:
    """A few December stays entered and adjudicated, waiting for a reviewer (the reviewer
    demo's work): through the service, as a clerk would enter them."""
    from gonghui.mutualaid.services import claim_submit

    if clerk is None:
        return 0
    taken = set(Claim.objects.values_list("enrolment_id", flat=True))
    workers = [w for w in WorkerEnrolment.objects.filter(scheme_year=year, covered_from=year.starts_on, left_on__isnull=True)
               .select_related("scheme_year", "member", "org", "unit").order_by("pk")[:200] if w.pk not in taken]
    count = 0
    for worker in rng.sample(workers, min(3, len(workers))):
        started = _day(rng, datetime.date(YEAR, 12, 1), datetime.date(YEAR, 12, 15))
        expense = Decimal(rng.randrange(300_000, 900_000)) / 100
        claim_submit(acting_user=clerk, worker=worker, data={
            "plan": Plan.HOSPITAL, "diagnosis": rng.choice(HOSPITAL_DIAGNOSES), "hospital": HOSPITALS[0][0], "hospital_level": HOSPITALS[0][1],
            "started_on": started, "ended_on": started + datetime.timedelta(days=rng.randint(3, 12)), "total_expense": str(expense),
            "expenses": [(item, str(amount)) for item, amount in _expense_items(rng, expense)],
        })
        count += 1
    return count
