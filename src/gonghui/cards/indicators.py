"""Figures of the service card. Cards count where their holder's union is now (a member
who moved took the card along); partners, stores and uses count where the partner was
signed. "Valid at a date" is read from the card's dates and the member's, so a past
year's figure stands however the cards fared since."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from gonghui.cards.models import Card, CardUse, Partner, PartnerCategory, Store
from gonghui.core import scope
from gonghui.core.indicators import indicator
from gonghui.members.models import Member, MemberStatus

CARD_PATH = "member__org__path"
PARTNER_PATH = "town__path"


def _issued(org, period):
    return scope.within(Card.objects.filter(issued_on__range=(period.start, period.end)), org.path, path_field=CARD_PATH)


def _issued_by_child(org, period) -> dict:
    rows = _issued(org, period).annotate(node=scope.child_path(org.path, CARD_PATH)).values("node").annotate(n=Count("pk")).order_by()
    return {row["node"]: row["n"] for row in rows}


def _valid_q(day) -> Q:
    """Not yet lost, replaced or cancelled on `day`, and the holder still a member then. The
    holders who had left by `day` are few: leaving their cards out reads them alone, where
    asking each card's holder joins every card to the member table."""
    gone = Member.objects.exclude(status=MemberStatus.ACTIVE).exclude(status_changed_on__gt=day)
    return (Q(ended_on__isnull=True) | Q(ended_on__gt=day)) & ~Q(member_id__in=gone.values("pk"))


def _valid_at(org, day):
    """Cards issued by `day` and valid then (see _valid_q)."""
    return scope.within(Card.objects.filter(Q(issued_on__lte=day) & _valid_q(day)), org.path, path_field=CARD_PATH)


@indicator("cards.issued", "发放5.1服务卡数", "张", "发卡日期在期内的服务卡张数(含补换发出的新卡)，按持卡人现所在工会计入范围。报告“发放5.1服务卡146800张”按此口径。",
           records=_issued, by_child=lambda org, period: _issued_by_child(org, period))
def issued(org, period):
    return _issued(org, period).count()


@indicator("cards.valid", "有效服务卡数", "张", "期末有效的服务卡张数：已发放、期末未挂失、补换或注销，且持卡人期末仍为在册会员。",
           records=lambda org, period: _valid_at(org, period.end))
def valid(org, period):
    return _valid_at(org, period.end).count()


def _partners_at(org, day):
    """Partners whose contract covers `day` and who had not been suspended or ended by then."""
    partners = Partner.objects.filter(contract_start__lte=day, contract_end__gte=day)
    partners = partners.filter(Q(status="active") | Q(status_changed_on__gt=day))
    return scope.within(partners, org.path, path_field=PARTNER_PATH)


@indicator("cards.partners", "合作单位数", "家", "期末在合作期内、未暂停或终止合作的合作单位(特约服务商户)数，按签约的镇(街道)计入范围。报告“签约合作单位36家”按此口径。",
           records=lambda org, period: _partners_at(org, period.end))
def partners(org, period):
    return _partners_at(org, period.end).count()


def _stores_at(org, day):
    stores = Store.objects.filter(opened_on__lte=day, partner__in=_partners_at(org, day)).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))
    return stores


@indicator("cards.stores", "连锁门店数", "家", "期末合作单位在合作中的连锁门店数。报告“连锁门店158家”按此口径。",
           records=lambda org, period: _stores_at(org, period.end))
def stores(org, period):
    return _stores_at(org, period.end).count()


def _partners_signed(org, period):
    return scope.within(Partner.objects.filter(contract_start__range=(period.start, period.end)), org.path, path_field=PARTNER_PATH)


@indicator("cards.partners_signed", "新签约合作单位数", "家", "合作起始日期在期内的合作单位数。", records=_partners_signed)
def partners_signed(org, period):
    return _partners_signed(org, period).count()


def _uses(org, period):
    # used_at is a moment; the period is whole days in the server's time zone, given as the
    # moments they begin and end so that the index on used_at serves.
    start = timezone.make_aware(datetime.datetime.combine(period.start, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(period.end + datetime.timedelta(days=1), datetime.time.min))
    return scope.within(CardUse.objects.filter(used_at__gte=start, used_at__lt=end), org.path, path_field=f"partner__{PARTNER_PATH}")


@indicator("cards.uses", "服务卡使用次数", "次", "期内在范围内合作单位门店核验并记录的使用次数(柜台与收银接口合计)。记录可按商户、类别、月份下钻。", records=_uses)
def uses(org, period):
    return _uses(org, period).count()


def uses_by(org, period, *, by: str) -> list[tuple[str, int]]:
    """Uses in a period grouped by merchant ("partner"), category or month, largest first
    (months in order): the drill-down of cards.uses."""
    from django.db.models.functions import TruncMonth

    records = _uses(org, period)
    if by == "partner":
        rows = records.values_list("partner__name").annotate(n=Count("id")).order_by("-n", "partner__name")
    elif by == "category":
        labels = dict(PartnerCategory.choices)
        return [(labels.get(c, c), n) for c, n in records.values_list("partner__category").annotate(n=Count("id")).order_by("-n")]
    elif by == "month":
        rows = records.annotate(month=TruncMonth("used_at")).values_list("month").annotate(n=Count("id")).order_by("month")
        return [(f"{m:%Y-%m}", n) for m, n in rows]
    else:
        raise ValueError(f"uses_by: unknown grouping {by!r}")
    return list(rows)
