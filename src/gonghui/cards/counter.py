"""The counter: a merchant verifies a card (its number, or the token of a member's e-card)
at one of its own stores, sees whether it is valid, the holder's masked name and the offers
that apply there, and records a use. The web counter and the till API both go through here.

An e-card token is `django.core.signing` of {card id, random nonce} with its own salt: no
personal data in it, forged or altered tokens fail the signature, and it expires after
ECARD_TTL seconds. A token is spent when a use is recorded with it (its nonce is stored,
unique), so a screenshot cannot be used again.
"""

import datetime
import hashlib
import logging
import secrets
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, transaction
from django.utils import timezone

from gonghui.cards import selectors
from gonghui.cards.models import Card, CardEvent, CardStatus, CardUse, ECardTokenUse, Partner, PartnerStatus, Store, UseVia
from gonghui.cards.numbers import clean_card_number
from gonghui.core import audit
from gonghui.members.models import Member, MemberStatus

logger = logging.getLogger(__name__)

ECARD_SALT = "gonghui.cards.ecard"
ECARD_TTL = 180  # seconds: long enough to show the phone at the till, too short to pass on
MAX_AMOUNT = Decimal("1000000")

REFUSALS = {
    "format": "卡号格式不正确",
    "unknown": "卡号不存在，不是有效的5.1服务卡",
    "lost": "该卡已挂失，不能使用",
    "replaced": "该卡已补换，原卡号作废，请使用新卡",
    "cancelled": "该卡已注销，不能使用",
    "member_left": "持卡人已不是在册会员(离会、退休或转出)，该卡已失效",
    "token_expired": "电子卡码已过期，请会员刷新手机上的电子卡后重新出示",
    "token_forged": "电子卡码无效：不是本平台签发的，或已被改动",
    "token_used": "该电子卡码已使用过，请会员刷新电子卡后重新出示",
    "partner_inactive": "本单位的合作已暂停或终止，暂不能核验",
    "partner_contract": "本单位的合作协议不在有效期内，暂不能核验",
}


class StoreRefused(Exception):
    """The store is not one of the merchant's own open stores: answered like a missing one."""

    message = "门店不存在、已退出或不属于本商户"


@dataclass
class Verdict:
    valid: bool
    code: str
    message: str
    card: Card | None = None
    via: str = UseVia.CARD
    holder: str = ""
    offers: list = field(default_factory=list)
    nonce: str = ""

    @property
    def card_masked(self) -> str:
        return self.card.number_masked if self.card is not None else ""


def mask_name(name: str) -> str:
    """张* / 李*明 / 欧阳**华: the family name and the last character, as counters show it."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def _refuse(code: str, card=None, via=UseVia.CARD, message: str = "") -> Verdict:
    return Verdict(False, code, message or REFUSALS[code], card=card, via=via)


# E-card tokens -------------------------------------------------------------------------------


def ecard_token(card: Card) -> str:
    """A fresh token for the member's phone page."""
    return signing.dumps({"c": card.pk, "n": secrets.token_urlsafe(12)}, salt=ECARD_SALT)


def looks_like_token(text: str) -> bool:
    return ":" in text


def _read_token(text: str) -> tuple[int | None, str, str]:
    """(card id, nonce, refusal code or "")."""
    try:
        data = signing.loads(text, salt=ECARD_SALT, max_age=ECARD_TTL)
    except signing.SignatureExpired:
        return None, "", "token_expired"
    except signing.BadSignature:
        return None, "", "token_forged"
    if not isinstance(data, dict) or not isinstance(data.get("c"), int) or not isinstance(data.get("n"), str):
        return None, "", "token_forged"
    if ECardTokenUse.objects.filter(nonce=data["n"][:32]).exists():
        return None, "", "token_used"
    return data["c"], data["n"][:32], ""


# Verification --------------------------------------------------------------------------------


def counter_store(partner: Partner, store_id) -> Store:
    """One of the partner's open stores, or StoreRefused (another partner's store included)."""
    try:
        store_id = int(store_id)
    except (TypeError, ValueError):
        raise StoreRefused() from None
    row = _one(f"SELECT id, partner_id, name, closed_on FROM {Store._meta.db_table} WHERE id = %s AND partner_id = %s AND closed_on IS NULL",
               [store_id, partner.pk])
    if row is None:
        raise StoreRefused()
    return Store.from_db(DEFAULT_DB_ALIAS, ["id", "partner_id", "name", "closed_on"], row)


# The counter's look-ups run for every verification, a till's included, so they are plain SQL
# of the few columns a verdict needs: building the ORM's query costs more than running it.

_CARD_COLUMNS = ["id", "number", "member_id", "status"]  # in the model's field order, as from_db wants them


def _one(sql: str, params: list):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


CARD_COLUMNS_SQL = "c.id, c.number, c.member_id, c.status, m.name, m.status"  # what card_from_row reads


def _card_where(column: str, value) -> Card | None:
    return card_from_row(_one(
        f"SELECT {CARD_COLUMNS_SQL} FROM {Card._meta.db_table} c JOIN {Member._meta.db_table} m ON m.id = c.member_id WHERE c.{column} = %s",
        [value],
    ))


def card_from_row(row) -> Card | None:
    if row is None or row[0] is None:
        return None
    card = Card.from_db(DEFAULT_DB_ALIAS, _CARD_COLUMNS, row[:4])
    card.member = Member.from_db(DEFAULT_DB_ALIAS, ["id", "name", "status"], (row[2], row[4], row[5]))
    return card


def card_verify(*, partner: Partner, store: Store, code: str, day: datetime.date | None = None) -> Verdict:
    """Is this card (number or e-card token) good at this store today? Reads only."""
    day = day or timezone.localdate()
    if store.partner_id != partner.pk:
        raise StoreRefused()
    refused = partner_refusal(partner, day)
    if refused is not None:
        return refused
    text = (code or "").strip()[:400]
    via, nonce = UseVia.CARD, ""
    if looks_like_token(text):
        via = UseVia.ECARD
        card_id, nonce, refusal = _read_token(text)
        if refusal:
            return _refuse(refusal, via=via)
        card = _card_where("id", card_id)
    else:
        try:
            number = clean_card_number(text)
        except ValidationError as exc:
            return _refuse("format", message=exc.messages[0])
        card = _card_where("number", number)
    return card_verdict(card, via, offers=lambda: selectors.offers_at(store, day), nonce=nonce)


def partner_refusal(partner: Partner, day: datetime.date) -> Verdict | None:
    if partner.status != PartnerStatus.ACTIVE:
        return _refuse("partner_inactive")
    if not partner.contract_start <= day <= partner.contract_end:
        return _refuse("partner_contract")
    return None


def card_verdict(card: Card | None, via: str, *, offers, nonce: str = "") -> Verdict:
    """The verdict on a card found (or not, None) with its member: `offers()` gives the
    store's offers, asked only for a valid card."""
    if card is None:
        return _refuse("unknown" if via == UseVia.CARD else "token_forged", via=via)
    if card.status == CardStatus.LOST:
        return _refuse("lost", card, via)
    if card.status == CardStatus.REPLACED:
        return _refuse("replaced", card, via)
    if card.status == CardStatus.CANCELLED:
        return _refuse("cancelled", card, via)
    if card.member.status != MemberStatus.ACTIVE:
        # Whatever the card's own status says: leaving the union ends the card at once.
        return _refuse("member_left", card, via)
    return Verdict(True, "ok", "有效的5.1服务卡", card=card, via=via, holder=mask_name(card.member.name), offers=offers(), nonce=nonce)


# Recording a use -----------------------------------------------------------------------------


class IdempotencyConflict(Exception):
    message = "该幂等键已用于另一笔不同内容的核验记录"


def clean_amount(value) -> Decimal:
    try:
        amount = Decimal(str(value).strip()).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError({"amount": "消费金额须为数字(元，最多两位小数)"}) from None
    if amount < 0 or amount >= MAX_AMOUNT:
        raise ValidationError({"amount": "消费金额须在0至1,000,000元之间"})
    return amount


def request_fingerprint(*, code: str, store_id, amount, benefit_id) -> str:
    """What a use request asked for, so that an idempotency key reused for another request is caught."""
    text = f"{(code or '').strip()}|{store_id}|{amount}|{benefit_id or ''}"
    return hashlib.sha256(text.encode()).hexdigest()


def _replayed(partner: Partner, idempotency_key: str, fingerprint: str) -> CardUse | None:
    existing = CardUse.objects.select_related("card", "store").filter(partner=partner, idempotency_key=idempotency_key).first()
    if existing is not None and existing.request_hash != fingerprint:
        raise IdempotencyConflict()
    return existing


def use_record(*, partner: Partner, store: Store, code: str, amount, benefit_id=None, channel: str, actor=None, api_key=None,
               idempotency_key: str | None = None, request=None) -> tuple[CardUse, bool]:
    """Record a use; returns (use, created). With an idempotency key, the same request again
    returns the first use and records nothing; the key with other content is refused."""
    amount = clean_amount(amount)
    fingerprint = request_fingerprint(code=code, store_id=store.pk, amount=amount, benefit_id=benefit_id)
    if idempotency_key:
        existing = _replayed(partner, idempotency_key, fingerprint)
        if existing is not None:
            return existing, False
    verdict = card_verify(partner=partner, store=store, code=code)
    if not verdict.valid:
        refusal_logged(verdict=verdict, store=store, actor=actor, api_key=api_key, request=request)
        raise ValidationError({"card": verdict.message})
    try:
        with transaction.atomic():
            return _record(partner=partner, store=store, code=code, amount=amount, benefit_id=benefit_id, channel=channel, actor=actor,
                           api_key=api_key, idempotency_key=idempotency_key, fingerprint=fingerprint, request=request), True
    except IntegrityError:
        # Two requests with one idempotency key at once: the other one won; answer with its use.
        if idempotency_key:
            existing = _replayed(partner, idempotency_key, fingerprint)
            if existing is not None:
                return existing, False
        raise ValidationError({"card": REFUSALS["token_used"]}) from None


def _record(*, partner, store, code, amount, benefit_id, channel, actor, api_key, idempotency_key, fingerprint, request) -> CardUse:
    # Checked again inside the transaction: the card may have been reported lost meanwhile.
    verdict = card_verify(partner=partner, store=store, code=code)
    if not verdict.valid:
        raise ValidationError({"card": verdict.message})
    benefit = None
    if benefit_id not in (None, ""):
        benefit = next((b for b in verdict.offers if str(b.pk) == str(benefit_id)), None)
        if benefit is None:
            raise ValidationError({"benefit": "所选优惠不适用于本门店或已停用"})
    card = verdict.card
    if verdict.via == UseVia.ECARD:
        ECardTokenUse.objects.create(nonce=verdict.nonce, card=card)
    now = timezone.now()
    use = CardUse.objects.create(
        card=card, partner=partner, store=store, benefit=benefit, benefit_text=benefit.describe() if benefit else "",
        amount=amount, discount=benefit.discount_for(amount) if benefit else Decimal("0.00"), used_at=now, channel=channel,
        via=verdict.via, recorded_by=actor, api_key=api_key, idempotency_key=idempotency_key or None, request_hash=fingerprint,
    )
    if card.status == CardStatus.ISSUED:
        # A card becomes active with its first use.
        today = timezone.localdate()
        Card.objects.filter(pk=card.pk, status=CardStatus.ISSUED).update(status=CardStatus.ACTIVE, activated_on=today, updated_at=now)
        CardEvent.objects.create(card=card, kind=CardEvent.Kind.ACTIVATED, on=today, reason=f"首次在「{store.name}」使用")
    audit.record(actor=actor, actor_name=f"api:{api_key.key_id}" if api_key else "", action=audit.Action.CREATE, target=use,
                 summary=f"「{store.name}」核验服务卡 {card.number_masked} 并记录消费 {amount} 元", request=request)
    return use


# Refusals that may be someone trying a card that is not theirs: worth an audit entry.
AUDITED_REFUSALS = {"lost", "replaced", "cancelled", "member_left", "token_forged", "token_used"}
REFUSED = "refused"  # audit action of a refused card (core.audit keeps the labels of its own actions)


def refusal_logged(*, verdict: Verdict, store: Store, actor=None, api_key=None, request=None) -> None:
    """A refused card at the counter: a log line always (never the number or a token whole),
    and an audit entry when the card was lost, replaced, cancelled, its holder gone, or the
    token forged or spent."""
    key_id = api_key.key_id if api_key else "-"
    logger.warning("card refused at store %s (%s): %s via %s key=%s", store.pk, verdict.code, verdict.card_masked or "-", verdict.via, key_id)
    if verdict.code in AUDITED_REFUSALS:
        with transaction.atomic():
            audit.record(actor=actor, actor_name=f"api:{key_id}" if api_key else "", action=REFUSED, target=verdict.card,
                         object_type="cards.card", summary=f"「{store.name}」核验被拒：{verdict.message}({verdict.card_masked or verdict.via})", request=request)
