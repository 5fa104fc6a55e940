"""Every write to the cards themselves: issue (one or a batch), report lost, find, replace,
cancel, the payout account. Each in a transaction and audited; refusals raise ValidationError
keyed by the form field, in Chinese.

A member leaving the union cancels the card. The member registry sits below cards and does
not know them, so the rule holds in two places that need nothing from it: the counter and
the API refuse the card of anyone not an active member whatever the card's own status says
(cards.counter), and `cards_cancel_for_departed_members` records the cancellation, run by
every batch issue for its subtree and by `gonghui cards_sweep` (a daily job).
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.cards import permissions, selectors
from gonghui.cards.models import Card, CardEvent, CardStatus, IssueBatch
from gonghui.cards.numbers import draw_numbers
from gonghui.core import audit, scope
from gonghui.core.sealing import SealedValue
from gonghui.core.validators import normalise
from gonghui.members.models import Member, MemberStatus

CARD_FIELDS = ["number", "member", "status", "issued_on", "ended_on", "end_reason", "replaces", "payout_bank", "payout_account"]
CHUNK = 2000


def card_event(card, kind, *, on, actor=None, reason="") -> CardEvent:
    """A step of a card's history, not yet saved."""
    return CardEvent(card=card, kind=kind, on=on, actor=actor, reason=reason[:200])


def _fresh_numbers(count: int) -> list[str]:
    """Numbers no card has ever had (the draw is random; the look-up makes sure)."""
    numbers = draw_numbers(count)
    taken = set()
    for i in range(0, len(numbers), CHUNK):
        taken |= set(Card.objects.filter(number__in=numbers[i : i + CHUNK]).values_list("number", flat=True))
    if taken:
        numbers = [n for n in numbers if n not in taken] + _fresh_numbers(len(taken))
    return numbers


def _current_card_message(card: Card) -> str:
    return f"该会员已有服务卡 {card.number}({card.get_status_display()})，不能重复发卡；遗失或损坏请办理补换"


# Issuing -------------------------------------------------------------------------------------


@transaction.atomic
def card_issue(*, acting_user, member, request=None) -> Card:
    """Issue a card to one active member who holds no current card."""
    if not permissions.can_issue_card(acting_user, member):
        raise PermissionDenied("无权为该会员发卡")
    member = Member.objects.select_for_update().get(pk=member.pk)  # as it is now, not as the page saw it
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError({"member": f"{member.name} 不是在册会员({member.get_status_display()})，不能发卡"})
    existing = selectors.current_card(member)
    if existing is not None:
        raise ValidationError({"member": _current_card_message(existing)})
    today = timezone.localdate()
    card = Card(number=_fresh_numbers(1)[0], member=member, issued_on=today, issued_by=acting_user)
    try:
        with transaction.atomic():
            card.save()
    except IntegrityError:
        raise ValidationError({"member": "该会员刚刚已发卡，请勿重复提交"}) from None
    card_event(card, CardEvent.Kind.ISSUED, on=today, actor=acting_user).save()
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=card, summary=f"为会员 {member.name} 发放服务卡 {card.number}",
                 changes=audit.created(card, ["number", "member", "issued_on"]), request=request)
    return card


@transaction.atomic
def cards_issue_batch(*, acting_user, org, request=None) -> IssueBatch:
    """Issue cards to every active member of org's subtree who holds no current card, in
    bulk; the batch is the printable issue list. Departed members' cards there are cancelled
    first."""
    if not permissions.can_issue_batch(acting_user, org):
        raise PermissionDenied("无权在该范围批量发卡")
    cards_cancel_for_departed_members(acting_user=acting_user, org=org, request=request)
    member_ids = list(selectors.members_without_card(org).order_by("org__path", "name", "pk").values_list("pk", flat=True))
    if not member_ids:
        raise ValidationError({"org_code": f"「{org.name}」范围内的在册会员都已有服务卡，无需发卡"})
    today = timezone.localdate()
    batch = IssueBatch.objects.create(org=org, created_by=acting_user, issued_on=today, card_count=len(member_ids))
    numbers = _fresh_numbers(len(member_ids))
    try:
        with transaction.atomic():
            for i in range(0, len(member_ids), CHUNK):
                cards = [
                    Card(number=number, member_id=member_id, issued_on=today, issued_by=acting_user, batch=batch)
                    for member_id, number in zip(member_ids[i : i + CHUNK], numbers[i : i + CHUNK])
                ]
                Card.objects.bulk_create(cards)
                ids = dict(Card.objects.filter(batch=batch, number__in=[c.number for c in cards]).values_list("number", "pk"))
                CardEvent.objects.bulk_create([CardEvent(card_id=ids[c.number], kind=CardEvent.Kind.ISSUED, on=today, actor=acting_user, reason="批量发卡") for c in cards])
    except IntegrityError:
        raise ValidationError({"org_code": "发卡期间有会员刚被单独发卡，请重新批量发卡"}) from None
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=batch, summary=f"为「{org.name}」批量发放服务卡 {len(member_ids)} 张",
                 changes={"org": org.name, "card_count": len(member_ids)}, request=request)
    return batch


# The life of a card --------------------------------------------------------------------------


def _locked_card(acting_user, card) -> Card:
    if not permissions.can_manage_card(acting_user, card):
        raise PermissionDenied("无权办理该服务卡")
    return Card.objects.select_for_update().select_related("member").get(pk=card.pk)


def _check_day(on: datetime.date, card: Card, field: str = "on") -> None:
    if on is None or on < card.issued_on or on > timezone.localdate():
        raise ValidationError({field: "日期须在发卡日期之后且不晚于今天"})


@transaction.atomic
def card_report_lost(*, acting_user, card, on: datetime.date, reason: str = "", request=None) -> Card:
    """Report a card lost: refused at every counter from this moment on."""
    card = _locked_card(acting_user, card)
    if not card.is_valid:
        raise ValidationError({"on": f"该卡当前为「{card.get_status_display()}」，不能挂失"})
    _check_day(on, card)
    card.status, card.ended_on, card.end_reason = CardStatus.LOST, on, reason.strip() or "会员挂失"
    card.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    card_event(card, CardEvent.Kind.REPORTED_LOST, on=on, actor=acting_user, reason=card.end_reason).save()
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=card, summary=f"服务卡 {card.number} 挂失", changes={"status": ["valid", "lost"]}, request=request)
    return card


@transaction.atomic
def card_found(*, acting_user, card, request=None) -> Card:
    """A card reported lost was found again before it was replaced: valid again."""
    card = _locked_card(acting_user, card)
    if card.status != CardStatus.LOST:
        raise ValidationError({"status": "只有已挂失的卡可以解除挂失"})
    if card.member.status != MemberStatus.ACTIVE:
        raise ValidationError({"status": "会员已不在册，不能解除挂失"})
    card.status = CardStatus.ACTIVE if card.activated_on else CardStatus.ISSUED
    card.ended_on, card.end_reason = None, ""
    card.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    card_event(card, CardEvent.Kind.FOUND, on=timezone.localdate(), actor=acting_user).save()
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=card, summary=f"服务卡 {card.number} 解除挂失", changes={"status": ["lost", card.status]}, request=request)
    return card


@transaction.atomic
def card_replace(*, acting_user, card, reason: str, request=None) -> Card:
    """Replace a lost or damaged card: the old number is refused at once, the new card
    carries the history and the payout account on."""
    card = _locked_card(acting_user, card)
    if not card.is_current:
        raise ValidationError({"reason": f"该卡当前为「{card.get_status_display()}」，不能补换"})
    if card.member.status != MemberStatus.ACTIVE:
        raise ValidationError({"reason": f"{card.member.name} 已不在册({card.member.get_status_display()})，不能补换"})
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写补换原因(遗失、损坏等)"})
    today = timezone.localdate()
    card.status, card.ended_on = CardStatus.REPLACED, card.ended_on or today
    card.end_reason = reason if not card.end_reason else f"{card.end_reason}；{reason}"
    card.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    new = Card.objects.create(
        number=_fresh_numbers(1)[0], member=card.member, issued_on=today, issued_by=acting_user, replaces=card,
        payout_bank=card.payout_bank, payout_account=card.payout_account, payout_marked_on=card.payout_marked_on,
    )
    CardEvent.objects.bulk_create([
        card_event(card, CardEvent.Kind.REPLACED, on=today, actor=acting_user, reason=f"{reason}，补换为 {new.number}"),
        card_event(new, CardEvent.Kind.ISSUED, on=today, actor=acting_user, reason=f"补换原卡 {card.number}"),
    ])
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=card, summary=f"服务卡 {card.number} 补换为 {new.number}",
                 changes={"status": ["current", "replaced"], "replaced_by": new.number, "reason": reason}, request=request)
    return new


@transaction.atomic
def card_cancel(*, acting_user, card, on: datetime.date, reason: str, request=None) -> Card:
    card = _locked_card(acting_user, card)
    if not card.is_current:
        raise ValidationError({"reason": f"该卡当前为「{card.get_status_display()}」，不能注销"})
    _check_day(on, card)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写注销原因"})
    _end_card(card, on=on, reason=reason, actor=acting_user)
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=card, summary=f"服务卡 {card.number} 注销", changes={"status": ["current", "cancelled"], "reason": reason}, request=request)
    return card


def _end_card(card: Card, *, on, reason, actor) -> None:
    card.status, card.ended_on, card.end_reason = CardStatus.CANCELLED, on, reason[:200]
    card.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    card_event(card, CardEvent.Kind.CANCELLED, on=on, actor=actor, reason=reason).save()


@transaction.atomic
def cards_cancel_for_departed_members(*, acting_user=None, org=None, request=None) -> int:
    """Cancel the current cards of members who have left the registry (in org's subtree, or
    everywhere), dated the day they left. Returns how many."""
    cards = selectors.departed_members_cards().select_related("member").select_for_update()
    if org is not None:
        cards = scope.within(cards, org.path, path_field="member__org__path")
    count = 0
    for card in cards:
        member = card.member
        _end_card(card, on=member.status_changed_on or timezone.localdate(), reason=f"会员{member.get_status_display()}，服务卡随之注销", actor=acting_user)
        count += 1
    if count:
        audit.record(actor=acting_user, actor_name="system", action=audit.Action.UPDATE, object_type="cards.card",
                     summary=f"注销已离会会员的服务卡 {count} 张" + (f"(「{org.name}」范围)" if org is not None else ""), request=request)
    return count


# The payout account --------------------------------------------------------------------------


@transaction.atomic
def card_payout_set(*, acting_user, card, bank: str, account: str, request=None) -> Card:
    """Mark the card as the account relief and mutual-aid payouts are paid into."""
    card = _locked_card(acting_user, card)
    if not card.is_valid:
        raise ValidationError({"account": f"该卡当前为「{card.get_status_display()}」，不能设为代发账户"})
    bank = (bank or "").strip()
    number = normalise(account).replace("-", "")
    errors = {}
    if not bank:
        errors["bank"] = "请填写开户行"
    if not number.isdigit() or not 12 <= len(number) <= 30:
        errors["account"] = "银行账号应为12至30位数字"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(card, ["payout_bank", "payout_account"])
    card.payout_bank, card.payout_account, card.payout_marked_on = bank, SealedValue(number, "bank_account"), timezone.localdate()
    card.save(update_fields=["payout_bank", "payout_account", "payout_account_index", "payout_marked_on", "updated_at"])
    card_event(card, CardEvent.Kind.PAYOUT_SET, on=card.payout_marked_on, actor=acting_user, reason=f"{bank} {card.payout_account.masked}").save()
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=card, summary=f"服务卡 {card.number} 设为代发账户",
                 changes=audit.diff(before, audit.snapshot(card, ["payout_bank", "payout_account"])), request=request)
    return card


@transaction.atomic
def card_payout_clear(*, acting_user, card, request=None) -> Card:
    card = _locked_card(acting_user, card)
    if card.payout_marked_on is None:
        raise ValidationError({"account": "该卡未设为代发账户"})
    card.payout_bank, card.payout_account, card.payout_marked_on = "", SealedValue("", "bank_account"), None
    card.save(update_fields=["payout_bank", "payout_account", "payout_account_index", "payout_marked_on", "updated_at"])
    card_event(card, CardEvent.Kind.PAYOUT_CLEARED, on=timezone.localdate(), actor=acting_user).save()
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=card, summary=f"服务卡 {card.number} 取消代发账户", request=request)
    return card


def payout_reveal(*, acting_user, card, request=None) -> str:
    """The whole payout account number, for a user holding the reveal grant; audited."""
    if not permissions.can_reveal(acting_user):
        raise PermissionDenied("您没有查看完整敏感信息的权限")
    with transaction.atomic():
        audit.record(actor=acting_user, action=audit.Action.REVEAL, target=card, summary=f"查看服务卡 {card.number} 的完整代发账号", request=request)
    return card.payout_account.reveal()
