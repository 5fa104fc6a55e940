"""Merchant API keys and signed requests for till systems.

A key is a public id (`gk_…`) and a secret (`gs_…`), shown once when made. Every request
carries four headers:

    X-Gonghui-Key        the key id
    X-Gonghui-Timestamp  Unix time in seconds; more than 300 s from the server's clock is refused
    X-Gonghui-Nonce      8–64 characters [A-Za-z0-9_-], never used twice with the same key
    X-Gonghui-Signature  hex HMAC-SHA256(secret, METHOD \\n PATH?QUERY \\n TIMESTAMP \\n NONCE \\n hex SHA-256(body))

The server checks them in that order of cost: headers and clock first, then the key, the
signature, and only then writes — a rate-window counter and the nonce, one transaction in
the database, so every server process and machine shares the same limit and the same
replay memory (the embedded SQLite default needs no Redis; nonces older than the clock
window are purged as the windows roll over). On PostgreSQL, once a process knows a key's
secret, the key's state, the count and the nonce are one statement, one round trip.

Keys rotate (a new key; the old one keeps working for a grace period, then expires) and are
revoked (refused at once). Refusals are logged; an audit entry is written for each kind of
refusal of each key at most once a minute, so that a flood cannot flood the audit trail.
"""

import datetime
import hashlib
import hmac
import logging
import re
import secrets
import time

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from gonghui.cards import permissions
from gonghui.cards.models import ApiKey, ApiNonce, ApiRateWindow, Partner, PartnerStatus
from gonghui.core import audit
from gonghui.core.sealing import SealedValue, unseal

logger = logging.getLogger(__name__)

KEY_HEADER = "X-Gonghui-Key"
TIMESTAMP_HEADER = "X-Gonghui-Timestamp"
NONCE_HEADER = "X-Gonghui-Nonce"
SIGNATURE_HEADER = "X-Gonghui-Signature"
IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_SKEW = 300  # seconds either way
NONCE_PATTERN = re.compile(r"[A-Za-z0-9_\-]{8,64}")
DEFAULT_RATE_LIMIT = 600  # requests per key per minute
ROTATION_GRACE = datetime.timedelta(hours=24)


class ApiRefused(Exception):
    """A refused API request: HTTP status, a Chinese message, and a short code for the log."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


# Keys ----------------------------------------------------------------------------------------


def _new_pair() -> tuple[str, str]:
    return "gk_" + secrets.token_hex(8), "gs_" + secrets.token_urlsafe(32)


@transaction.atomic
def api_key_create(*, acting_user, partner, label: str = "", rate_limit_per_minute: int = DEFAULT_RATE_LIMIT, request=None) -> tuple[ApiKey, str]:
    """A new key for the partner's till system; returns (key, secret). The secret is shown
    this once and is never displayed again."""
    if not permissions.can_manage_keys(acting_user, partner):
        raise PermissionDenied("无权为该合作单位创建接口密钥")
    if partner.status != PartnerStatus.ACTIVE:
        raise ValidationError({"label": "该合作单位不在合作中，不能创建接口密钥"})
    if not 1 <= int(rate_limit_per_minute) <= 1_000_000:
        raise ValidationError({"rate_limit_per_minute": "每分钟请求上限须在1至1,000,000之间"})
    key_id, secret = _new_pair()
    key = ApiKey.objects.create(partner=partner, key_id=key_id, secret=SealedValue(secret, "api_secret"), label=(label or "").strip()[:60],
                                rate_limit_per_minute=rate_limit_per_minute, created_by=acting_user)
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=key, summary=f"为「{partner.name}」创建接口密钥 {key_id}", request=request)
    return key, secret


@transaction.atomic
def api_key_rotate(*, acting_user, key: ApiKey, grace: datetime.timedelta = ROTATION_GRACE, request=None) -> tuple[ApiKey, str]:
    """Replace a key: the new one works at once, the old one until the grace period ends."""
    if not permissions.can_manage_keys(acting_user, key.partner):
        raise PermissionDenied("无权轮换该接口密钥")
    key = ApiKey.objects.select_for_update().select_related("partner").get(pk=key.pk)
    now = timezone.now()
    if key.revoked_at is not None or (key.expires_at is not None and key.expires_at <= now) or key.rotated_to_id is not None:
        raise ValidationError({"key": "该密钥已吊销、已过期或已轮换，不能再轮换"})
    new_id, secret = _new_pair()
    new = ApiKey.objects.create(partner=key.partner, key_id=new_id, secret=SealedValue(secret, "api_secret"), label=key.label,
                                rate_limit_per_minute=key.rate_limit_per_minute, created_by=acting_user)
    key.expires_at, key.rotated_to = now + grace, new
    key.save(update_fields=["expires_at", "rotated_to"])
    audit.record(actor=acting_user, action=audit.Action.KEY_ROTATION, target=key,
                 summary=f"接口密钥 {key.key_id} 轮换为 {new.key_id}，旧密钥 {grace.total_seconds() / 3600:g} 小时后失效", request=request)
    return new, secret


@transaction.atomic
def api_key_revoke(*, acting_user, key: ApiKey, request=None) -> ApiKey:
    """Refuse the key from this moment on."""
    if not permissions.can_manage_keys(acting_user, key.partner):
        raise PermissionDenied("无权吊销该接口密钥")
    key = ApiKey.objects.select_for_update().get(pk=key.pk)
    if key.revoked_at is not None:
        raise ValidationError({"key": "该密钥已吊销"})
    key.revoked_at = timezone.now()
    key.save(update_fields=["revoked_at"])
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=key, summary=f"吊销接口密钥 {key.key_id}", request=request)
    return key


# Signing -------------------------------------------------------------------------------------


def canonical_request(method: str, path: str, timestamp: str, nonce: str, body: bytes) -> str:
    return "\n".join([method.upper(), path, str(timestamp), nonce, hashlib.sha256(body or b"").hexdigest()])


def signature(secret: str, method: str, path: str, timestamp: str, nonce: str, body: bytes) -> str:
    """What a till system computes (and the tests and the benchmark)."""
    return hmac.new(secret.encode(), canonical_request(method, path, timestamp, nonce, body).encode(), hashlib.sha256).hexdigest()


def signed_headers(*, key_id: str, secret: str, method: str, path: str, body: bytes = b"", timestamp: int | None = None, nonce: str | None = None) -> dict:
    """The four headers of a signed request (for clients written in Python)."""
    timestamp = str(int(time.time()) if timestamp is None else timestamp)
    nonce = nonce or secrets.token_urlsafe(16)
    return {KEY_HEADER: key_id, TIMESTAMP_HEADER: timestamp, NONCE_HEADER: nonce, SIGNATURE_HEADER: signature(secret, method, path, timestamp, nonce, body)}


# Checking a request --------------------------------------------------------------------------


def authenticate(request) -> ApiKey:
    """The key a request was signed with, or ApiRefused. Writes only for a well-signed request."""
    key_id = request.headers.get(KEY_HEADER, "")
    try:
        return _authenticate(request, key_id)
    except ApiRefused as refused:
        log_refusal(request, key_id, refused)
        raise


def _authenticate(request, key_id: str) -> ApiKey:
    headers = request.headers
    stamp, nonce, given = headers.get(TIMESTAMP_HEADER, ""), headers.get(NONCE_HEADER, ""), headers.get(SIGNATURE_HEADER, "")
    if not (key_id and stamp and nonce and given):
        missing = [h for h, v in ((KEY_HEADER, key_id), (TIMESTAMP_HEADER, stamp), (NONCE_HEADER, nonce), (SIGNATURE_HEADER, given)) if not v]
        raise ApiRefused(401, "missing_headers", f"缺少签名请求头：{'、'.join(missing)}")
    now = time.time()
    if not stamp.isdigit():
        raise ApiRefused(401, "bad_timestamp", f"{TIMESTAMP_HEADER} 须为Unix时间戳(秒)")
    if abs(now - int(stamp)) > MAX_SKEW:
        raise ApiRefused(401, "stale", f"请求时间戳与服务器时间相差超过{MAX_SKEW}秒，已拒绝(请校准收银系统时钟)")
    if not NONCE_PATTERN.fullmatch(nonce):
        raise ApiRefused(401, "bad_nonce", f"{NONCE_HEADER} 须为8至64位字母、数字、下划线或连字符")
    key_id = key_id[:32]
    secret = known_secret(key_id)
    if secret is not None:
        key = _authenticate_at_once(request, key_id, secret, stamp, nonce, given, now)
        if key is not None:
            return key
    key = _key(key_id)
    if key is None:
        raise ApiRefused(401, "unknown_key", "接口密钥不存在")
    if key.revoked_at is not None:
        raise ApiRefused(401, "revoked", "接口密钥已吊销")
    if key.expires_at is not None and key.expires_at.timestamp() <= now:
        raise ApiRefused(401, "expired", "接口密钥已过期(已轮换为新密钥)")
    expected = signature(key.secret.reveal(), request.method, request.get_full_path(), stamp, nonce, request.body)
    if not hmac.compare_digest(expected, given.strip().lower()):
        raise ApiRefused(401, "bad_signature", "签名错误：请按接口文档对请求方法、路径、时间戳、随机串和请求体摘要签名")
    if key.partner.status != PartnerStatus.ACTIVE:
        raise ApiRefused(403, "partner_inactive", "该合作单位的合作已暂停或终止，接口暂停使用")
    _guard(key, nonce, now)
    return key


# PostgreSQL, a key already checked in this process: its secret is known, so the signature is
# checked first and then one statement reads the key's state and, only if the key may be used,
# counts the request and stores its nonce (the same as _key, then _guard; see _COUNT_AND_REMEMBER
# for synchronous_commit). One round trip for the whole check.
# (cards.till goes shorter still for a plain verification, with the key kept per process.)
_KEY_CHECK_CTES = (
    f"WITH s AS (SELECT set_config('synchronous_commit', 'off', true)),"
    f" k AS (SELECT k.id, k.partner_id, k.rate_limit_per_minute, k.expires_at, k.revoked_at, p.name, p.contract_start, p.contract_end, p.status,"
    f"   (k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > %(now)s) AND p.status = %(active)s) AS usable"
    f"   FROM {ApiKey._meta.db_table} k JOIN {Partner._meta.db_table} p ON p.id = k.partner_id WHERE k.key_id = %(key_id)s),"
    f" w AS (INSERT INTO {ApiRateWindow._meta.db_table} (api_key_id, minute, hits) SELECT k.id, %(minute)s, 1 FROM k WHERE k.usable"
    f"   ON CONFLICT (api_key_id, minute) DO UPDATE SET hits = {ApiRateWindow._meta.db_table}.hits + 1 RETURNING hits),"
    f" n AS (INSERT INTO {ApiNonce._meta.db_table} (api_key_id, nonce, seen_at) SELECT k.id, %(nonce)s, %(now)s FROM k, w"
    f"   WHERE w.hits <= k.rate_limit_per_minute ON CONFLICT (api_key_id, nonce) DO NOTHING RETURNING 1)"
)
_KEY_CHECK_COLUMNS = (
    "k.id, k.partner_id, k.rate_limit_per_minute, k.expires_at, k.revoked_at, k.name, k.contract_start, k.contract_end, k.status,"
    " (SELECT hits FROM w), (SELECT count(*) FROM n), (SELECT 1 FROM s)"
)
_CHECK_COUNT_AND_REMEMBER = f"{_KEY_CHECK_CTES} SELECT {_KEY_CHECK_COLUMNS} FROM k"


def known_secret(key_id: str) -> str | None:
    """The plain secret of a key this process has already checked (PostgreSQL only: the
    one-statement check needs it), else None."""
    known = _SECRETS.get(key_id[:32]) if connection.vendor == "postgresql" else None
    return known[1] if known is not None else None


def _authenticate_at_once(request, key_id: str, secret: str, stamp: str, nonce: str, given: str, now: float) -> ApiKey | None:
    """The key, or ApiRefused as _authenticate would refuse it; None when the signature does
    not match (the slow path then says why, in its order: an unknown or revoked key first)."""
    expected = signature(secret, request.method, request.get_full_path(), stamp, nonce, request.body)
    if not hmac.compare_digest(expected, given.strip().lower()):
        return None
    with connection.cursor() as cursor:
        cursor.execute(_CHECK_COUNT_AND_REMEMBER, {"now": datetime.datetime.fromtimestamp(now, tz=datetime.timezone.utc), "active": PartnerStatus.ACTIVE,
                                                   "key_id": key_id, "minute": int(now) // 60, "nonce": nonce})
        row = cursor.fetchone()
    return _checked_row(row, key_id, secret, now)


def _checked_row(row, key_id: str, secret: str, now: float) -> ApiKey:
    """The key from a row of _CHECK_COUNT_AND_REMEMBER (None: no such key), or ApiRefused: revoked,
    expired, its partner not active, over its rate, or the nonce seen before."""
    if row is None:
        raise ApiRefused(401, "unknown_key", "接口密钥不存在")
    key_pk, partner_id, limit, expires_at, revoked_at, name, contract_start, contract_end, status, hits, stored, _ = row
    key = ApiKey.from_db(DEFAULT_DB_ALIAS, ["id", "partner_id", "key_id", "secret", "rate_limit_per_minute", "expires_at", "revoked_at"],
                         (key_pk, partner_id, key_id, SealedValue(secret, "api_secret"), limit, expires_at, revoked_at))
    key.partner = Partner.from_db(DEFAULT_DB_ALIAS, ["id", "name", "contract_start", "contract_end", "status"], (partner_id, name, contract_start, contract_end, status))
    return key_checked(key, hits, stored == 1, now)


def key_checked(key: ApiKey, hits: int | None, stored: bool, now: float) -> ApiKey:
    """The key (its partner read with it) if it may be used now and the request was counted
    (`hits`, None when it was not) with its nonce stored; else ApiRefused."""
    if key.revoked_at is not None:
        raise ApiRefused(401, "revoked", "接口密钥已吊销")
    if key.expires_at is not None and key.expires_at.timestamp() <= now:
        raise ApiRefused(401, "expired", "接口密钥已过期(已轮换为新密钥)")
    if key.partner.status != PartnerStatus.ACTIVE:
        raise ApiRefused(403, "partner_inactive", "该合作单位的合作已暂停或终止，接口暂停使用")
    _guarded(key, int(now) // 60, hits, hits > key.rate_limit_per_minute or stored, now)
    return key


def key_usable(key: ApiKey, now: float) -> bool:
    """What _CHECK_COUNT_AND_REMEMBER asks before counting a request: not revoked, not expired, partner active."""
    return key.revoked_at is None and (key.expires_at is None or key.expires_at.timestamp() > now) and key.partner.status == PartnerStatus.ACTIVE


def _key(key_id: str) -> ApiKey | None:
    """The key and its partner, only the columns a check needs, in one plain SQL join: every
    till request asks, and building the ORM's query would cost more than running it. The row
    is read afresh each time, so a revoked or expired key is refused at once; only the
    unsealed secret is remembered (_SECRETS)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT k.id, k.key_id, k.secret, k.rate_limit_per_minute, k.expires_at, k.revoked_at, k.partner_id,"
            f" p.name, p.status, p.contract_start, p.contract_end"
            f" FROM {ApiKey._meta.db_table} k JOIN {Partner._meta.db_table} p ON p.id = k.partner_id WHERE k.key_id = %s",
            [key_id],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    key_pk, key_id, sealed, limit, expires_at, revoked_at, partner_id, name, status, contract_start, contract_end = row
    # from_db wants the values in the models' field order.
    key = ApiKey.from_db(DEFAULT_DB_ALIAS, ["id", "partner_id", "key_id", "secret", "rate_limit_per_minute", "expires_at", "revoked_at"],
                         (key_pk, partner_id, key_id, SealedValue(_unsealed_secret(key_id, sealed), "api_secret"), limit, _datetime(expires_at), _datetime(revoked_at)))
    key.partner = Partner.from_db(DEFAULT_DB_ALIAS, ["id", "name", "contract_start", "contract_end", "status"],
                                  (partner_id, name, _date(contract_start), _date(contract_end), status))
    return key


# Unsealing costs more than the rest of a key check, and a key's secret never changes (rotating
# makes a new key), so each process remembers the plain secrets of the keys it has checked,
# with the sealed text they came from (unsealed again should that differ: resealed, or another
# key under the same id). Only the secret: the key's state (revoked, expired, its partner's
# status) is read afresh for every request.
_SECRETS: dict[str, tuple[str, str]] = {}  # key id -> (sealed, plain)
_SECRETS_MAX = 1024


def _unsealed_secret(key_id: str, sealed: str) -> str:
    known = _SECRETS.get(key_id)
    if known is not None and known[0] == sealed:
        return known[1]
    plain = unseal(sealed, "api_secret") if sealed else ""
    if len(_SECRETS) >= _SECRETS_MAX:
        _SECRETS.clear()
    _SECRETS[key_id] = (sealed, plain)
    return plain


def _datetime(value):
    """A timestamp column read by plain SQL: PostgreSQL gives an aware datetime, SQLite text in UTC."""
    if isinstance(value, str):
        value = parse_datetime(value)
        if value is not None and timezone.is_naive(value):
            value = value.replace(tzinfo=datetime.timezone.utc)
    return value


def _date(value):
    return parse_date(value) if isinstance(value, str) else value


def _guard(key: ApiKey, nonce: str, now: float) -> None:
    """Count the request in its minute and remember its nonce, atomically; refuse a flood
    (429) or a nonce seen before (409). The nonce is stored only for a request within the
    limit."""
    minute = int(now) // 60
    seen_at = connection.ops.adapt_datetimefield_value(datetime.datetime.fromtimestamp(now, tz=datetime.timezone.utc))
    if connection.vendor == "postgresql":
        hits, fresh = _count_and_remember_at_once(key, minute, nonce, seen_at)
    else:
        hits, fresh = _count_and_remember(key, minute, nonce, seen_at)
    _guarded(key, minute, hits, fresh, now)


def _guarded(key: ApiKey, minute: int, hits: int, fresh: bool, now: float) -> None:
    if hits == 1:
        # A new minute for this key: forget what is older than the clock window.
        cutoff = datetime.datetime.fromtimestamp(now - 2 * MAX_SKEW, tz=datetime.timezone.utc)
        with transaction.atomic():
            ApiNonce.objects.filter(api_key=key, seen_at__lt=cutoff).delete()
            ApiRateWindow.objects.filter(api_key=key, minute__lt=minute - 1).delete()
    if hits > key.rate_limit_per_minute:
        raise ApiRefused(429, "rate_limited", f"请求过于频繁：该密钥每分钟最多 {key.rate_limit_per_minute} 次，请 {60 - int(now) % 60} 秒后重试")
    if not fresh:
        raise ApiRefused(409, "replay", "请求重放：该随机串(nonce)已经使用过，已拒绝")


_WINDOWS, _NONCES = ApiRateWindow._meta.db_table, ApiNonce._meta.db_table

# PostgreSQL: the count and the nonce in one statement, atomic on its own, so a till request
# costs one round trip here instead of four (BEGIN, two inserts, COMMIT). Its commit does not
# wait for the WAL to reach the disk (synchronous_commit off for this transaction only; every
# other write of the application stays synchronous): that wait was most of a verification's
# time. The price: should the database server itself crash, the last fraction of a second of
# counts and nonces (at most three wal_writer_delay, 0.6 s by default) may be lost, so a
# request signed just before the crash could be accepted once more within its 300 s clock
# window. Uses are protected from that by their idempotency keys, written synchronously.
_COUNT_AND_REMEMBER = (
    f"WITH s AS (SELECT set_config('synchronous_commit', 'off', true)),"
    f" w AS (INSERT INTO {_WINDOWS} (api_key_id, minute, hits) VALUES (%s, %s, 1)"
    f" ON CONFLICT (api_key_id, minute) DO UPDATE SET hits = {_WINDOWS}.hits + 1 RETURNING hits),"
    f" n AS (INSERT INTO {_NONCES} (api_key_id, nonce, seen_at) SELECT %s, %s, %s FROM w WHERE w.hits <= %s"
    f" ON CONFLICT (api_key_id, nonce) DO NOTHING RETURNING 1)"
    f" SELECT w.hits, (SELECT count(*) FROM n), (SELECT 1 FROM s) FROM w"
)


def _count_and_remember_at_once(key: ApiKey, minute: int, nonce: str, seen_at) -> tuple[int, bool]:
    with connection.cursor() as cursor:
        cursor.execute(_COUNT_AND_REMEMBER, [key.pk, minute, key.pk, nonce, seen_at, key.rate_limit_per_minute])
        hits, stored, _ = cursor.fetchone()
    return hits, hits > key.rate_limit_per_minute or stored == 1


def _count_and_remember(key: ApiKey, minute: int, nonce: str, seen_at) -> tuple[int, bool]:
    """The same in one transaction, for SQLite (no data-modifying WITH)."""
    fresh = True
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_WINDOWS} (api_key_id, minute, hits) VALUES (%s, %s, 1) "
            f"ON CONFLICT (api_key_id, minute) DO UPDATE SET hits = {_WINDOWS}.hits + 1 RETURNING hits",
            [key.pk, minute],
        )
        hits = cursor.fetchone()[0]
        if hits <= key.rate_limit_per_minute:
            cursor.execute(f"INSERT INTO {_NONCES} (api_key_id, nonce, seen_at) VALUES (%s, %s, %s) ON CONFLICT (api_key_id, nonce) DO NOTHING",
                           [key.pk, nonce, seen_at])
            fresh = cursor.rowcount == 1
    return hits, fresh


def log_refusal(request, key_id: str, refused: ApiRefused) -> None:
    key_id = (key_id or "-")[:32]
    logger.warning("API request refused (%s %s): key=%s path=%s", refused.status, refused.code, key_id, request.path)
    # One audit entry per key and kind of refusal a minute: enough to see an attack, too few
    # to let one fill the trail. The in-process cache is enough for that purpose.
    if cache.add(f"cards:api-refused:{key_id}:{refused.code}:{int(time.time()) // 60}", 1, timeout=120):
        with transaction.atomic():
            audit.record(actor=None, actor_name=f"api:{key_id}", action=audit.Action.LOGIN_FAILED, object_type="cards.apikey",
                         summary=f"接口请求被拒绝({refused.status})：{refused.message}", changes={"code": refused.code, "path": request.path}, request=request)
