"""Every read of cards, partners, stores and uses, scoped to the acting user.

Cards follow their member: a clerk sees the cards of the members of their subtree. Partners,
their stores, benefits, keys and uses follow the town that signed the partner. A merchant
account sees its own partner's, and nothing else; a member account sees only its own card.
Out of scope answers 404, exactly like a missing id.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404

from gonghui.cards import permissions
from gonghui.cards.models import (
    CURRENT_STATUSES, ApiKey, Benefit, Card, CardUse, IssueBatch, Partner, PartnerStatus, Store,
)
from gonghui.cards.numbers import clean_card_number
from gonghui.core import scope
from gonghui.core.roles import reads_business_data
from gonghui.core.sealing import SealedValue
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Level, Org, OrgStatus

CARD_PATH = "member__org__path"
PARTNER_PATH = "town__path"


def _not_found(what: str):
    raise Http404(f"{what}不存在或不在您的管辖范围内")


# Cards ---------------------------------------------------------------------------------------


def cards_visible(user):
    return scope.visible(Card.objects.select_related("member", "member__org"), user, path_field=CARD_PATH)


def card_get(user, card_id) -> Card:
    return scope.get_visible_or_404(Card.objects.select_related("member", "member__org", "replaces", "batch", "issued_by"), user, path_field=CARD_PATH, pk=card_id)


def cards_search(user, *, text: str = ""):
    """A card number (whole, spaces allowed) or part of the holder's name."""
    cards = cards_visible(user)
    text = (text or "").strip()[:40]
    if not text:
        return cards
    try:
        return cards.filter(number=clean_card_number(text))
    except ValidationError:
        return cards.filter(member__name__contains=text)


def member_get(user, member_id) -> Member:
    return scope.get_visible_or_404(Member.objects.select_related("org"), user, pk=member_id)


def current_card(member) -> Card | None:
    """The member's one current card (issued, active or reported lost), if any."""
    return Card.objects.filter(member=member, status__in=CURRENT_STATUSES).first()


def member_cards(member) -> list[Card]:
    return list(Card.objects.filter(member=member).order_by("-issued_on", "-id"))


def card_history(card) -> list:
    """The events of a card and of the cards it replaced, oldest first."""
    chain, seen = [], set()
    while card is not None and card.pk not in seen:
        seen.add(card.pk)
        chain.append(card.pk)
        card = card.replaces
    from gonghui.cards.models import CardEvent

    return list(CardEvent.objects.filter(card_id__in=chain).select_related("card", "actor").order_by("at", "id"))


def members_without_card(org):
    """Active members of org's subtree who hold no current card: who a batch issue is for."""
    holders = Card.objects.filter(status__in=CURRENT_STATUSES).values("member_id")
    return scope.within(Member.objects.filter(status=MemberStatus.ACTIVE), org.path).exclude(pk__in=holders)


def departed_members_cards():
    """Current cards whose member has left the registry (retired, left, moved out, died)."""
    return Card.objects.filter(status__in=CURRENT_STATUSES).exclude(member__status=MemberStatus.ACTIVE)


def batch_scope_get(user, code: str) -> Org | None:
    """The union or town a batch issue is for, by its code, within the user's subtree."""
    return scope.visible(Org.objects.filter(status=OrgStatus.ACTIVE), user, path_field="path").filter(code=(code or "").strip()).first()


def batches_visible(user):
    return scope.visible(IssueBatch.objects.select_related("org", "created_by"), user)


def batch_get(user, batch_id) -> IssueBatch:
    return scope.get_visible_or_404(IssueBatch.objects.select_related("org", "created_by"), user, pk=batch_id)


def batch_cards(batch):
    return Card.objects.filter(batch=batch).select_related("member", "member__org", "member__enterprise")


@dataclass(frozen=True)
class PayoutAccount:
    card_number: str
    bank: str
    account: SealedValue  # prints masked; reveal() only where the payout is made, audited

    @property
    def masked(self) -> str:
        return self.account.masked


def payout_account_for(member) -> PayoutAccount | None:
    """Where the member's relief and mutual-aid payouts go: the payout account marked on
    their current card, or None when there is none (or the card was reported lost)."""
    card = Card.objects.filter(member=member, status__in=CURRENT_STATUSES, payout_marked_on__isnull=False).first()
    if card is None or not card.is_valid:
        return None
    return PayoutAccount(card_number=card.number, bank=card.payout_bank, account=card.payout_account)


# Partners, stores, benefits, keys ------------------------------------------------------------


def _by_partner(queryset, user, partner_field: str):
    """Rows of a partner's: a clerk's by the partner's town, a merchant's own partner only."""
    if reads_business_data(user):
        return scope.visible(queryset, user, path_field=f"{partner_field}__{PARTNER_PATH}" if partner_field else PARTNER_PATH)
    if permissions.can_verify(user):
        return queryset.filter(**{f"{partner_field}_id" if partner_field else "pk": user.partner_id})
    return queryset.none()


def partners_visible(user):
    return _by_partner(Partner.objects.select_related("town"), user, "")


def partner_get(user, partner_id) -> Partner:
    partner = partners_visible(user).filter(pk=partner_id).first()
    if partner is None:
        _not_found("合作单位")
    return partner


def partners_with_counts(user):
    return partners_visible(user).annotate(
        store_count=Count("stores", filter=Q(stores__closed_on__isnull=True), distinct=True),
        benefit_count=Count("benefits", filter=Q(benefits__ended_on__isnull=True), distinct=True),
    )


def stores_visible(user):
    return _by_partner(Store.objects.select_related("partner", "town"), user, "partner")


def store_get(user, store_id) -> Store:
    store = stores_visible(user).filter(pk=store_id).first()
    if store is None:
        _not_found("门店")
    return store


def benefit_get(user, benefit_id) -> Benefit:
    benefit = _by_partner(Benefit.objects.select_related("partner", "store"), user, "partner").filter(pk=benefit_id).first()
    if benefit is None:
        _not_found("优惠")
    return benefit


def api_key_get(user, key_pk) -> ApiKey:
    key = _by_partner(ApiKey.objects.select_related("partner", "partner__town"), user, "partner").filter(pk=key_pk).first()
    if key is None:
        _not_found("接口密钥")
    return key


def counter_stores(user):
    """The open stores a merchant account serves at."""
    if not permissions.can_verify(user):
        return Store.objects.none()
    return Store.objects.filter(partner_id=user.partner_id, closed_on__isnull=True).order_by("name", "id")


def towns() -> list[Org]:
    """The towns a partner or store can lie in (places, the same list for everyone)."""
    return list(Org.objects.filter(level=Level.TOWN, status=OrgStatus.ACTIVE).order_by("code"))


def towns_for_partner(user) -> list[Org]:
    """Towns a clerk may sign partners for: the towns of their subtree."""
    return list(scope.visible(Org.objects.filter(level=Level.TOWN, status=OrgStatus.ACTIVE), user, path_field="path").order_by("code"))


def offers_at(store, day: datetime.date) -> list[Benefit]:
    """The benefits that apply at a store on a day: the partner's own and the store's (a
    partner has a handful; Benefit.applies_at decides, as it does for cards.till)."""
    return sorted((b for b in Benefit.objects.filter(partner_id=store.partner_id, ended_on__isnull=True) if b.applies_at(store, day)), key=Benefit.counter_order)


# Uses ----------------------------------------------------------------------------------------


def uses_visible(user):
    return _by_partner(CardUse.objects.select_related("card", "card__member", "store", "partner", "recorded_by"), user, "partner")


def use_get(user, use_id) -> CardUse:
    use = uses_visible(user).filter(pk=use_id).first()
    if use is None:
        _not_found("核验记录")
    return use


# The public directory ------------------------------------------------------------------------


def directory(*, category: str = "", town_id: str = "", day: datetime.date):
    """Partners in cooperation on `day`, with their open stores and benefits in force: what
    members may see without signing in. Names, places and offers only."""
    partners = Partner.objects.filter(status=PartnerStatus.ACTIVE, contract_start__lte=day, contract_end__gte=day).select_related("town")
    if category:
        partners = partners.filter(category=category)
    if town_id.isdigit():
        partners = partners.filter(Q(town_id=int(town_id)) | Q(stores__town_id=int(town_id), stores__closed_on__isnull=True)).distinct()
    benefits = Benefit.objects.filter(ended_on__isnull=True, valid_from__lte=day).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day)).select_related("store")
    stores = Store.objects.filter(closed_on__isnull=True).select_related("town")
    return partners.order_by("category", "name").prefetch_related(Prefetch("benefits", queryset=benefits, to_attr="offers"), Prefetch("stores", queryset=stores, to_attr="open_stores"))
