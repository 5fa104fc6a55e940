"""The demo city's 5.1 service cards: the report's 146,800 cards issued in 2012 by batch in
each town, 36 partner units with 158 chain stores, their benefits, and a year (2012) of uses
at the counters and through the till API. Written in bulk onto the demo members; the same
seed gives the same cards, partners and uses."""

import datetime
import random
import time
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.cards.models import (
    Benefit, BenefitKind, Card, CardEvent, CardStatus, CardUse, IssueBatch, Partner, PartnerCategory, Store, UseChannel, UseVia,
)
from gonghui.cards.numbers import draw_numbers
from gonghui.core import audit
from gonghui.core.imports.bulk import bulk_insert, reset_sequence
from gonghui.core.roles import Role
from gonghui.core.sealing import SealedValue
from gonghui.demo.names import person
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Level, Org

CARDS_2012 = 146_800  # 发放5.1服务卡146800张
PARTNERS = 36  # 签约合作单位36家
STORES = 158  # 连锁门店158家
USES_2012 = 60_000  # not in the report: about one use for every two and a half cards in the first year
LOST_SHARE = 0.004
BATCH = 5000
YEAR = 2012
MERCHANT_USERNAME = "merchant"
MEMBER_USERNAME = "member"

BRANDS = list("华联百佳惠民康乐福寿金桥银泰海天新星老字号永和同仁利民大众开元明珠")
KINDS = {
    PartnerCategory.CATERING: ["酒家", "面馆", "快餐", "大酒店"],
    PartnerCategory.SHOPPING: ["超市", "百货", "家电商场", "连锁便利店"],
    PartnerCategory.HEALTH: ["大药房", "口腔门诊", "体检中心", "眼镜店"],
    PartnerCategory.CULTURE_TRAVEL: ["影城", "旅行社", "书店", "温泉度假村"],
    PartnerCategory.EDUCATION: ["驾驶培训学校", "职业技能培训学校", "电脑培训中心"],
    PartnerCategory.LIVING: ["汽车美容", "理发店", "干洗店", "照相馆"],
    PartnerCategory.SPORTS: ["健身中心", "游泳馆", "羽毛球馆"],
}
CATEGORY_WEIGHTS = {PartnerCategory.CATERING: 7, PartnerCategory.SHOPPING: 8, PartnerCategory.HEALTH: 7, PartnerCategory.CULTURE_TRAVEL: 4,
                    PartnerCategory.EDUCATION: 3, PartnerCategory.LIVING: 5, PartnerCategory.SPORTS: 2}
FREE_SERVICES = {PartnerCategory.LIVING: "洗车一次", PartnerCategory.HEALTH: "测血压、血糖", PartnerCategory.SPORTS: "体能测试一次",
                 PartnerCategory.EDUCATION: "试听课一节", PartnerCategory.CULTURE_TRAVEL: "景区讲解", PartnerCategory.CATERING: "饮料一份",
                 PartnerCategory.SHOPPING: "送货上门"}


def _day(rng, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))


def _next_id(model) -> int:
    return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1


def _place(town: Org) -> str:
    return town.name.removesuffix("总工会").removesuffix("街道").removesuffix("镇")


def _partners(rng, towns: list[Org], scale: float) -> list[Partner]:
    """36 partners (fewer at a small scale), about a third signed by the federation for the
    whole city, the rest by a town; 158 stores spread over them, big chains first."""
    count = max(3, round(PARTNERS * min(scale, 1.0)))
    store_total = max(count, round(STORES * min(scale, 1.0)))
    categories = [c for c, w in CATEGORY_WEIGHTS.items() for _ in range(w)]
    partners, taken = [], set()
    for n in range(count):
        category = categories[n % len(categories)] if n < len(categories) else rng.choice(categories)
        town = rng.choice(towns)
        while True:
            name = f"{rng.choice(BRANDS)}{rng.choice(BRANDS)}{rng.choice(KINDS[category])}"
            if name not in taken:
                taken.add(name)
                break
        start = datetime.date(2011, 7, 1) if n < count // 3 else _day(rng, datetime.date(2012, 1, 1), datetime.date(2012, 10, 31))
        phone = f"13{rng.randrange(10**9):09d}"
        partners.append(Partner.objects.create(
            name=name, category=category, town=town, address=f"{_place(town)}{rng.choice(['新城大道', '青少年宫路', '孙塘路', '三北大街', '开发大道'])}{rng.randrange(1, 999)}号",
            description=f"{name}为5.1服务卡持卡会员提供优惠", contact_name=person(rng), contact_phone=SealedValue(phone, "mobile"),
            contract_number=f"CX-51-{start.year}-{n + 1:03d}", contract_start=start, contract_end=datetime.date(start.year + 3, start.month, 1) - datetime.timedelta(days=1),
        ))
    # Store counts: a few big chains, many single shops; the total is the report's.
    shares = sorted((rng.paretovariate(1.3) for _ in partners), reverse=True)
    counts = [1] * len(partners)
    for i in range(store_total - len(partners)):
        counts[rng.choices(range(len(partners)), weights=shares)[0]] += 1
    stores = []
    for partner, n in zip(partners, counts):
        for s in range(n):
            town = partner.town if s == 0 else rng.choice(towns)
            stores.append(Store(partner=partner, name=f"{partner.name}{_place(town)}{'总' if s == 0 else ''}店" + (f"({s})" if s > 1 else ""),
                                town=town, address=f"{_place(town)}{rng.randrange(1, 300)}号", phone=f"0574-63{rng.randrange(10**6):06d}",
                                opened_on=max(partner.contract_start, _day(rng, partner.contract_start, datetime.date(2012, 11, 30)))))
    Store.objects.bulk_create(stores)
    benefits = []
    for partner in partners:
        roll = rng.random()
        if roll < 0.55:
            benefits.append(Benefit(partner=partner, kind=BenefitKind.PERCENT, percent_off=Decimal(rng.choice([5, 8, 10, 12, 15, 20])),
                                    conditions=rng.choice(["", "特价商品除外", "限本人使用"]), valid_from=partner.contract_start))
        elif roll < 0.85:
            benefits.append(Benefit(partner=partner, kind=BenefitKind.AMOUNT, amount_off=Decimal(rng.choice([5, 10, 20, 30])),
                                    min_spend=Decimal(rng.choice([50, 100, 200])), conditions="每次限用一次", valid_from=partner.contract_start))
        else:
            benefits.append(Benefit(partner=partner, kind=BenefitKind.FREE, service=FREE_SERVICES[partner.category], conditions="每月一次", valid_from=partner.contract_start))
        if rng.random() < 0.3:
            store = next(s for s in stores if s.partner_id == partner.pk)
            benefits.append(Benefit(partner=partner, store=store, kind=BenefitKind.FREE, service=FREE_SERVICES[partner.category],
                                    conditions="仅限本店", valid_from=partner.contract_start))
    Benefit.objects.bulk_create(benefits)
    return partners


def build_cards(*, seed: int = 2013, scale: float = 1.0) -> dict:
    """Cards for most active members, the partner network and 2012's uses; returns the counts
    and the demo logins of a merchant and a member (password: the demo password)."""
    from gonghui.demo.accounts import DEMO_PASSWORD

    started = time.monotonic()
    rng = random.Random(seed * 7919 + 51)
    towns = list(Org.objects.filter(level=Level.TOWN).order_by("code"))
    town_by_path = {t.path: t for t in towns}
    width = len(towns[0].path) if towns else 0
    clerk = User.objects.filter(role=Role.CLERK, org__level=Level.FEDERATION).order_by("pk").first() or User.objects.filter(role=Role.CLERK).order_by("pk").first()
    active = list(Member.objects.filter(status=MemberStatus.ACTIVE, joined_on__lte=datetime.date(YEAR, 12, 31)).order_by("pk").values_list("pk", "org__path", "joined_on"))
    wanted = min(round(CARDS_2012 * scale), len(active))
    chosen = sorted(rng.sample(range(len(active)), wanted))
    with transaction.atomic():
        partners = _partners(rng, towns, scale)
        stores_of = defaultdict(list)
        for store in Store.objects.filter(partner__in=partners).order_by("pk"):
            stores_of[store.partner_id].append(store)
        benefits_of = defaultdict(list)
        for benefit in Benefit.objects.filter(partner__in=partners).order_by("pk"):
            benefits_of[benefit.partner_id].append(benefit)

        # One batch a town, on a day of spring 2012; members who joined later get theirs then.
        batch_day = {t.path: _day(rng, datetime.date(YEAR, 3, 1), datetime.date(YEAR, 6, 30)) for t in towns}
        batches = {}
        if clerk is not None:
            for town in towns:
                batches[town.path] = IssueBatch.objects.create(org=town, created_by=clerk, issued_on=batch_day[town.path])
        numbers = draw_numbers(wanted, rng=rng)
        next_card, next_event = _next_id(Card), _next_id(CardEvent)
        cards, events, holders = [], [], []
        per_batch = defaultdict(int)
        now = timezone.now()
        for n, i in enumerate(chosen):
            member_id, path, joined = active[i]
            town_path = path[:width]
            issued = max(batch_day.get(town_path, datetime.date(YEAR, 4, 1)), joined)
            batch = batches.get(town_path) if issued == batch_day.get(town_path) else None
            if batch is not None:
                per_batch[batch.pk] += 1
            status, activated, ended, reason = CardStatus.ISSUED, None, None, ""
            if rng.random() < 0.85:
                status, activated = CardStatus.ACTIVE, _day(rng, issued, datetime.date(YEAR, 12, 31))
            if rng.random() < LOST_SHARE:
                status, ended, reason = CardStatus.LOST, _day(rng, issued, datetime.date(YEAR, 12, 31)), "会员挂失"
            card_id = next_card + n
            cards.append(dict(id=card_id, number=numbers[n], member_id=member_id, status=status, issued_on=issued, activated_on=activated,
                              ended_on=ended, end_reason=reason, batch_id=batch.pk if batch else None, issued_by_id=clerk.pk if clerk else None,
                              payout_bank="", payout_account="", payout_account_index="", created_at=now, updated_at=now))
            events.append(dict(id=next_event + len(events), card_id=card_id, kind=CardEvent.Kind.ISSUED, on=issued, at=now, reason="批量发卡" if batch else "发卡",
                               actor_id=clerk.pk if clerk else None))
            if ended:
                events.append(dict(id=next_event + len(events), card_id=card_id, kind=CardEvent.Kind.REPORTED_LOST, on=ended, at=now, reason=reason, actor_id=None))
            if status == CardStatus.ACTIVE:
                holders.append((card_id, activated))
            if len(cards) == BATCH or n == wanted - 1:
                bulk_insert(Card, cards)
                bulk_insert(CardEvent, events)
                next_event += len(events)
                cards, events = [], []
        reset_sequence(Card)
        reset_sequence(CardEvent)
        for batch_id, count in per_batch.items():
            IssueBatch.objects.filter(pk=batch_id).update(card_count=count)
        IssueBatch.objects.filter(card_count=0, pk__in=[b.pk for b in batches.values()]).delete()

        # A year of uses: active cards at partners in force, spread over the months after
        # the card's activation; most at the counter, some through the till API.
        uses_wanted = round(USES_2012 * scale) if holders else 0
        partner_weights = [len(stores_of[p.pk]) + 2 for p in partners]
        next_use = _next_id(CardUse)
        uses = []
        for n in range(uses_wanted):
            card_id, activated = holders[rng.randrange(len(holders))]
            partner = partners[rng.choices(range(len(partners)), weights=partner_weights)[0]]
            first = max(activated, partner.contract_start, datetime.date(YEAR, 1, 1))
            day = _day(rng, first, datetime.date(YEAR, 12, 31)) if first <= datetime.date(YEAR, 12, 31) else datetime.date(YEAR, 12, 31)
            store = rng.choice(stores_of[partner.pk])
            benefit = rng.choice(benefits_of[partner.pk])
            amount = Decimal(rng.randrange(1500, 60000)) / 100
            used_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(rng.randrange(9, 21), rng.randrange(60))))
            channel = UseChannel.API if rng.random() < 0.2 else UseChannel.COUNTER
            uses.append(dict(id=next_use + n, card_id=card_id, partner_id=partner.pk, store_id=store.pk, benefit_id=benefit.pk if benefit.store_id in (None, store.pk) else None,
                             benefit_text=benefit.describe() if benefit.store_id in (None, store.pk) else "", amount=amount,
                             discount=benefit.discount_for(amount) if benefit.store_id in (None, store.pk) else Decimal("0.00"), used_at=used_at,
                             channel=channel, via=UseVia.ECARD if rng.random() < 0.25 else UseVia.CARD, recorded_by_id=None, api_key_id=None,
                             idempotency_key=None, request_hash=""))
            if len(uses) == BATCH or n == uses_wanted - 1:
                bulk_insert(CardUse, uses)
                uses = []
        reset_sequence(CardUse)

        logins = _demo_logins(partners, holders, DEMO_PASSWORD, now)
        summary = f"发放5.1服务卡 {wanted} 张，合作单位 {len(partners)} 家、连锁门店 {sum(len(v) for v in stores_of.values())} 家，2012年使用 {uses_wanted} 次"
        audit.record(actor=None, actor_name="system", action=audit.Action.IMPORT, object_type="demo.cards", object_id=seed, summary=summary,
                     changes={"seed": seed, "scale": scale, "cards": wanted, "partners": len(partners), "uses": uses_wanted})
    return {
        "cards": wanted, "partners": len(partners), "stores": sum(len(v) for v in stores_of.values()), "uses": uses_wanted,
        "logins": logins, "summary": f"{summary}，用时 {time.monotonic() - started:.1f} 秒",
    }


def _demo_logins(partners, holders, password: str, now) -> list[dict]:
    """A merchant account of the biggest partner and a member account of a card holder, ready
    to use (no forced password change), like the other demo logins."""
    logins = []
    hashed = make_password(password)
    if partners and not User.objects.filter(username=MERCHANT_USERNAME).exists():
        partner = max(partners, key=lambda p: p.stores.count())
        User.objects.create(username=MERCHANT_USERNAME, display_name=f"{partner.name}收银员", role=Role.MERCHANT, partner=partner, org=partner.town,
                            password=hashed, must_change_password=False, password_changed_at=now, date_joined=now)
        logins.append({"username": MERCHANT_USERNAME, "role": Role.MERCHANT.label, "where": partner.name})
    if holders and not User.objects.filter(username=MEMBER_USERNAME).exists():
        member = Member.objects.select_related("org").get(cards__pk=holders[0][0])
        User.objects.create(username=MEMBER_USERNAME, display_name=member.name, role=Role.MEMBER, member=member, org=member.org,
                            password=hashed, must_change_password=False, password_changed_at=now, date_joined=now)
        logins.append({"username": MEMBER_USERNAME, "role": Role.MEMBER.label, "where": member.name})
    return logins
