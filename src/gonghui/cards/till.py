"""The till's card verification on its shortest road: a WSGI layer in front of Django that
answers `POST /api/v1/cards/verify` itself, on PostgreSQL, in one round trip.

Tills verify at every sale, so this one request is most of the platform's traffic. Through
Django it cost the URL resolver, django-ninja's schemas and four statements. Here it costs
one prepared statement: it reads the version of the merchants' data (cards.models.TillStamp),
counts the request and stores its nonce (as cards.apikeys does) if that version is the one
this process read the key, its partner, stores and offers at, and reads the card with its
member. Keys, partners, stores and offers are kept per process (they change rarely, and
reading them cost more than all the rest); when the version has moved on, nothing was
written, the process reads them again and asks once more, so a revoked key or an ended offer
counts from the moment its change commits, as on Django's road.

Only a plain, well-formed request takes this road: a key this process has already checked
(its secret known), a good signature, a JSON body of exactly a card number and a store id.
Anything else, an e-card token included, goes on to Django untouched and is answered there
(nothing has been written by then). Once the statement has run, the answer is given here,
refusals included, with the same functions, messages and logging as the Django road; the
tests hold both roads to the same answers and headers.
"""

import datetime
import http
import io
import json
import logging
import threading
import time

import psycopg
from django.core.exceptions import DisallowedHost, ValidationError
from django.core.handlers.wsgi import WSGIRequest
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse
from django.middleware.security import SecurityMiddleware
from django.utils import timezone

from gonghui.cards import apikeys, counter
from gonghui.cards.api import offers_out
from gonghui.cards.middleware import TillHeaders
from gonghui.cards.models import ApiKey, ApiNonce, ApiRateWindow, Benefit, Card, Store, TillStamp, UseVia
from gonghui.cards.numbers import clean_card_number
from gonghui.core.sealing import SealedValue
from gonghui.members.models import Member

logger = logging.getLogger(__name__)

VERIFY_PATH = "/api/v1/cards/verify"  # where gonghui.api mounts cards.api's verify
MAX_BODY = 4096

_VERIFY = (
    f"WITH v AS (SELECT version FROM {TillStamp._meta.db_table} WHERE id = 1),"
    f" s AS (SELECT set_config('synchronous_commit', 'off', true)),"  # as apikeys._COUNT_AND_REMEMBER says why
    f" w AS (INSERT INTO {ApiRateWindow._meta.db_table} (api_key_id, minute, hits) SELECT %(key)s, %(minute)s, 1 FROM v"
    f"   WHERE v.version = %(version)s AND %(usable)s"
    f"   ON CONFLICT (api_key_id, minute) DO UPDATE SET hits = {ApiRateWindow._meta.db_table}.hits + 1 RETURNING hits),"
    f" n AS (INSERT INTO {ApiNonce._meta.db_table} (api_key_id, nonce, seen_at) SELECT %(key)s, %(nonce)s, %(now)s FROM w"
    f"   WHERE w.hits <= %(limit)s ON CONFLICT (api_key_id, nonce) DO NOTHING RETURNING 1),"
    f" cd AS (SELECT {counter.CARD_COLUMNS_SQL} FROM {Card._meta.db_table} c JOIN {Member._meta.db_table} m ON m.id = c.member_id"
    f"   WHERE c.number = %(number)s)"
    f" SELECT (SELECT version FROM v), (SELECT hits FROM w), (SELECT count(*) FROM n), (SELECT 1 FROM s), cd.* FROM (SELECT 1) one LEFT JOIN cd ON true"
)


class _Merchant:
    """A key as this process knows it: the key with its partner, the partner's stores and offers."""

    def __init__(self, key: ApiKey):
        self.key = key
        self.stores = {store.pk: store for store in Store.objects.filter(partner_id=key.partner_id, closed_on__isnull=True)}
        self.benefits = list(Benefit.objects.filter(partner_id=key.partner_id, ended_on__isnull=True))


class _Known:
    """What this process has read of keys, partners, stores and offers, and the version it
    read them at. Shared by the process's threads: the pair is replaced whole, under a lock."""

    def __init__(self):
        self.state: tuple[int | None, dict[str, _Merchant]] = (None, {})
        self.lock = threading.Lock()

    def merchant(self, key_id: str, secret: str, fresh: bool) -> tuple[int | None, _Merchant | None]:
        version, merchants = self.state
        if not fresh and version is not None and key_id in merchants:
            return version, merchants[key_id]
        with self.lock:
            version, merchants = self.state
            if fresh or version is None:
                version, merchants = _stamp(), {}
            merchant = merchants.get(key_id)
            if merchant is None:
                key = ApiKey.objects.select_related("partner").filter(key_id=key_id).first()
                if key is not None:
                    key.secret = SealedValue(secret, "api_secret")
                    merchant = _Merchant(key)
                    merchants = {**merchants, key_id: merchant}
            self.state = (version, merchants)
            return version, merchant


def _stamp() -> int | None:
    """The version now (read before what it covers, so what is read with it is at least that new)."""
    return TillStamp.objects.filter(pk=1).values_list("version", flat=True).first()


_known = _Known()


class TillFastPath:
    """WSGI middleware: the verification answered here when it can be, else by Django."""

    def __init__(self, application):
        self.application = application
        self._headers: dict[bool, list[tuple[str, str]]] = {}

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO") == VERIFY_PATH and environ.get("REQUEST_METHOD") == "POST" and connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
            answer = self.verify(environ)
            if answer is not None:
                status, payload, secure = answer
                body = json.dumps(payload).encode()
                start_response(f"{status} {http.HTTPStatus(status).phrase}", [*self.headers(secure), ("Content-Length", str(len(body)))])
                return [body]
        return self.application(environ, start_response)

    def headers(self, secure: bool) -> list[tuple[str, str]]:
        """What Django's till chain puts on a JSON answer (SecurityMiddleware, then
        TillHeaders), worked out once by the same middleware."""
        if secure not in self._headers:
            response = HttpResponse(content_type="application/json; charset=utf-8")
            request = type("Request", (), {"is_secure": lambda self: secure})()
            SecurityMiddleware(lambda r: response).process_response(request, response)
            TillHeaders(lambda r: response)(request)
            self._headers[secure] = [(name, value) for name, value in response.items() if name != "Content-Length"]
        return self._headers[secure]

    def verify(self, environ) -> tuple[int, dict, bool] | None:
        """(status, JSON answer, secure), or None to let Django answer."""
        get = environ.get
        key_id, stamp, nonce, given = (get("HTTP_X_GONGHUI_KEY", ""), get("HTTP_X_GONGHUI_TIMESTAMP", ""), get("HTTP_X_GONGHUI_NONCE", ""),
                                       get("HTTP_X_GONGHUI_SIGNATURE", ""))
        if not (key_id and stamp.isascii() and stamp.isdigit() and given) or get("QUERY_STRING"):
            return None
        now = time.time()
        if abs(now - int(stamp)) > apikeys.MAX_SKEW or not apikeys.NONCE_PATTERN.fullmatch(nonce):
            return None
        secret = apikeys.known_secret(key_id)
        if secret is None:
            return None
        try:
            length = int(get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        if not 0 < length <= MAX_BODY:
            return None
        body = environ["wsgi.input"].read(length)
        environ["wsgi.input"] = io.BytesIO(body)  # Django reads it again should it answer
        request = WSGIRequest(environ)
        try:
            request.get_host()
        except DisallowedHost:
            return None
        if not apikeys.hmac.compare_digest(apikeys.signature(secret, "POST", VERIFY_PATH, stamp, nonce, body), given.strip().lower()):
            return None
        parsed = _card_number(body)
        if parsed is None:
            return None
        number, store_id = parsed
        day = timezone.localdate()
        version, merchant = _known.merchant(key_id[:32], secret, fresh=False)
        for _ in range(2):  # once more if the version moved on between reading and asking
            if merchant is None or version is None:
                return None  # a key gone, or no version to trust: Django's road says what is wrong
            usable = apikeys.key_usable(merchant.key, now)
            row = _run({"version": version, "usable": usable, "key": merchant.key.pk, "minute": int(now) // 60, "nonce": nonce,
                        "now": datetime.datetime.fromtimestamp(now, tz=datetime.timezone.utc), "limit": merchant.key.rate_limit_per_minute, "number": number})
            if row is None:
                return None
            if row[0] == version:
                break
            version, merchant = _known.merchant(key_id[:32], secret, fresh=True)  # changed since: nothing was written; read again
        else:
            return None
        try:
            return (*_answer(request, merchant, row, store_id, now, day), request.is_secure())
        except apikeys.ApiRefused as refused:
            apikeys.log_refusal(request, key_id, refused)
            return refused.status, {"detail": refused.message}, request.is_secure()


def _card_number(body: bytes) -> tuple[str, int] | None:
    """(card number, store id) from a body of exactly {"card": "<number>", "store_id": <int>},
    else None (an e-card token, a badly formed number: Django's road says what is wrong)."""
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.keys() != {"card", "store_id"}:
        return None
    card, store_id = data["card"], data["store_id"]
    if not isinstance(card, str) or len(card) > 400 or type(store_id) is not int or not 0 < store_id < 2**31:
        return None
    text = card.strip()
    if counter.looks_like_token(text):
        return None
    try:
        return clean_card_number(text), store_id
    except ValidationError:
        return None


def _run(parameters: dict):
    """The one statement's row, the statement prepared on this connection; None if the
    database failed (nothing is written then: the statement is its own transaction)."""
    db = connections[DEFAULT_DB_ALIAS]
    if not db.in_atomic_block:  # as Django does at each request's start (never inside a test's transaction)
        db.close_if_unusable_or_obsolete()
    try:
        db.ensure_connection()
        if db.connection.prepare_threshold is None:
            # Django turns psycopg's preparing off (for connection poolers), and psycopg then
            # ignores prepare=True too. With a threshold never reached, only what asks for it
            # is prepared: this statement (Django's own cursors bind on the client, unprepared).
            db.connection.prepare_threshold = 2**31
        with psycopg.Cursor(db.connection) as cursor:
            cursor.execute(_VERIFY, parameters, prepare=True)
            return cursor.fetchone()
    except psycopg.Error as exc:
        # The class only: the server's message may quote the card number asked about.
        logger.warning("till verification fell back to Django: database error (%s)", type(exc).__name__)
        db.errors_occurred = True
        if not db.in_atomic_block:
            db.close_if_unusable_or_obsolete()
        return None


def _answer(request, merchant: _Merchant, row, store_id: int, now: float, day) -> tuple[int, dict]:
    _, hits, stored, _, *card_columns = row
    key = apikeys.key_checked(merchant.key, hits, stored == 1, now)
    store = merchant.stores.get(store_id)
    if store is None:
        return 404, {"detail": counter.StoreRefused.message}
    verdict = counter.partner_refusal(key.partner, day) or counter.card_verdict(
        counter.card_from_row(card_columns), UseVia.CARD,
        offers=lambda: sorted((b for b in merchant.benefits if b.applies_at(store, day)), key=Benefit.counter_order))
    if not verdict.valid:
        counter.refusal_logged(verdict=verdict, store=store, api_key=key, request=request)
    return 200, {"valid": verdict.valid, "code": verdict.code, "message": verdict.message, "holder": verdict.holder, "card": verdict.card_masked,
                 "offers": offers_out(verdict)}
