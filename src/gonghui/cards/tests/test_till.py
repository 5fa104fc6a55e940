"""The till's verification on its shortest road (cards.till): answered before Django on
PostgreSQL once a process knows the key, with the same answers, refusals and headers as the
Django road; everything else handed on to Django."""

import io
import json

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import close_old_connections, connection
from django.test import RequestFactory
from django.utils import timezone

from gonghui.cards import apikeys, counter, services
from gonghui.cards.till import VERIFY_PATH, TillFastPath
from gonghui.core.models import AuditEntry

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="the short road runs on PostgreSQL only")


class DjangoApp:
    """Django's own WSGI handler, without closing the test's connection at each request (as
    the test client does)."""

    def __init__(self):
        self.handler = WSGIHandler()

    def __call__(self, environ, start_response):
        request_started.disconnect(close_old_connections)
        try:
            return self.handler(environ, start_response)
        finally:
            request_started.connect(close_old_connections)


class Answer:
    def __init__(self, status, headers, body, by_django):
        self.status, self.headers, self.body, self.by_django = int(status.split()[0]), dict(headers), body, by_django

    def json(self):
        return json.loads(self.body)


def through(app, payload, *, key, secret, nonce=None, raw=None, tamper=None) -> Answer:
    body = raw if raw is not None else json.dumps(payload).encode()
    headers = apikeys.signed_headers(key_id=key, secret=secret, method="POST", path=VERIFY_PATH, body=body, nonce=nonce)
    headers.update(tamper or {})
    environ = RequestFactory().generic("POST", VERIFY_PATH, data=body, content_type="application/json",
                                       **{"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}).environ
    environ["wsgi.input"] = io.BytesIO(body)
    started = []

    def count(**kwargs):
        started.append(1)

    request_started.connect(count)
    got = {}
    try:
        chunks = app(environ, lambda status, headers, exc_info=None: got.update(status=status, headers=headers))
        data = b"".join(chunks)
    finally:
        request_started.disconnect(count)
    return Answer(got["status"], got["headers"], data, by_django=bool(started))


@pytest.fixture
def till(world):
    key, secret = world.keys["A"]
    card = services.card_issue(acting_user=world.clerks["A"], member=world.members["A"][0])
    apps = {"fast": TillFastPath(DjangoApp()), "django": DjangoApp()}
    ask = {"key": key.key_id, "secret": secret}
    first = through(apps["fast"], {"card": card.number, "store_id": world.stores["A"][0].pk}, **ask)  # the process learns the key
    assert first.status == 200 and first.by_django
    return {"apps": apps, "ask": ask, "card": card, "store": world.stores["A"][0], "world": world, "key": key}


def both(till, payload, **kw):
    """The same request (fresh nonces) down the short road and down Django's."""
    return through(till["apps"]["fast"], payload, **till["ask"], **kw), through(till["apps"]["django"], payload, **till["ask"], **kw)


def same_answer(fast, slow):
    assert fast.status == slow.status and fast.json() == slow.json()
    assert {k: v for k, v in fast.headers.items() if k != "Content-Length"} == {k: v for k, v in slow.headers.items() if k != "Content-Length"}


@postgresql_only
def test_a_known_keys_verification_is_answered_before_django_as_django_answers_it(till):
    fast, slow = both(till, {"card": till["card"].number, "store_id": till["store"].pk})
    assert not fast.by_django and slow.by_django
    same_answer(fast, slow)
    assert fast.json()["valid"] is True and [o["text"] for o in fast.json()["offers"]] == ["9折"]


@postgresql_only
def test_the_short_roads_statement_is_prepared_once_on_its_connection(till):
    # Django turns psycopg's preparing off; unprepared, PostgreSQL parsed and planned the
    # statement at every verification, most of the database's work.
    for _ in range(3):
        assert not through(till["apps"]["fast"], {"card": till["card"].number, "store_id": till["store"].pk}, **till["ask"]).by_django
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), max(generic_plans + custom_plans) FROM pg_prepared_statements WHERE statement LIKE %s",
                       ["WITH v AS (SELECT version FROM cards_tillstamp%"])
        prepared, executions = cursor.fetchone()
    assert prepared == 1 and executions >= 3


@postgresql_only
def test_a_card_number_with_spaces_takes_the_short_road_too(till):
    number = till["card"].number
    fast, slow = both(till, {"card": f" {number[:4]} {number[4:8]} {number[8:12]} {number[12:]} ", "store_id": till["store"].pk})
    assert not fast.by_django
    same_answer(fast, slow)


@postgresql_only
def test_a_lost_card_is_refused_on_the_short_road_with_the_reason_and_an_audit_entry(till):
    services.card_report_lost(acting_user=till["world"].clerks["A"], card=till["card"], on=timezone.localdate())
    before = AuditEntry.objects.filter(action=counter.REFUSED).count()
    fast, slow = both(till, {"card": till["card"].number, "store_id": till["store"].pk})
    assert not fast.by_django
    same_answer(fast, slow)
    assert fast.json()["code"] == "lost" and AuditEntry.objects.filter(action=counter.REFUSED).count() == before + 2


@postgresql_only
def test_an_unknown_card_and_another_partners_store_are_answered_as_django_answers_them(till):
    fast, slow = both(till, {"card": "5182000000000000", "store_id": till["store"].pk})
    assert fast.json()["valid"] is False
    same_answer(fast, slow)
    fast, slow = both(till, {"card": till["card"].number, "store_id": till["world"].stores["B"][0].pk})
    assert not fast.by_django and fast.status == 404
    same_answer(fast, slow)


@postgresql_only
def test_a_replayed_nonce_is_refused_on_the_short_road(till):
    payload = {"card": till["card"].number, "store_id": till["store"].pk}
    assert through(till["apps"]["fast"], payload, **till["ask"], nonce="nonce-once-only").status == 200
    again = through(till["apps"]["fast"], payload, **till["ask"], nonce="nonce-once-only")
    assert not again.by_django and again.status == 409 and "重放" in again.json()["detail"]


@postgresql_only
def test_a_key_revoked_after_the_process_learnt_it_is_refused_at_once(till):
    apikeys.api_key_revoke(acting_user=till["world"].clerks["A"], key=till["key"])
    fast, slow = both(till, {"card": till["card"].number, "store_id": till["store"].pk})
    assert not fast.by_django and fast.status == 401 and "吊销" in fast.json()["detail"]
    same_answer(fast, slow)


@postgresql_only
def test_a_flood_over_the_keys_limit_is_refused_on_the_short_road(till):
    type(till["key"]).objects.filter(pk=till["key"].pk).update(rate_limit_per_minute=2)
    answers = [through(till["apps"]["fast"], {"card": till["card"].number, "store_id": till["store"].pk}, **till["ask"]) for _ in range(3)]
    assert answers[-1].status == 429 and not answers[-1].by_django and "过于频繁" in answers[-1].json()["detail"]


@pytest.mark.parametrize("case", ["token", "bad number", "extra field", "store as text", "bad signature", "unknown key"])
def test_what_the_short_road_does_not_know_goes_on_to_django(till, case):
    card, store = till["card"], till["store"].pk
    payloads = {
        "token": {"card": counter.ecard_token(card), "store_id": store},
        "bad number": {"card": "12345", "store_id": store},
        "extra field": {"card": card.number, "store_id": store, "amount": 1},
        "store as text": {"card": card.number, "store_id": str(store)},
    }
    kw = {}
    if case == "bad signature":
        kw["tamper"] = {apikeys.SIGNATURE_HEADER: "0" * 64}
    if case == "unknown key":
        kw["tamper"] = {apikeys.KEY_HEADER: "gk_0000000000000000"}
    payload = payloads.get(case, {"card": card.number, "store_id": store})
    fast = through(till["apps"]["fast"], payload, **till["ask"], **kw)
    assert fast.by_django
    assert fast.status == {"bad signature": 401, "unknown key": 401}.get(case, 200), fast.body


def test_on_sqlite_django_answers_every_verification(till):
    if connection.vendor == "postgresql":
        pytest.skip("on PostgreSQL the short road answers")
    answer = through(till["apps"]["fast"], {"card": till["card"].number, "store_id": till["store"].pk}, **till["ask"])
    assert answer.by_django and answer.status == 200 and answer.json()["valid"] is True


@postgresql_only
def test_an_offer_ended_after_the_process_read_it_is_no_longer_offered(till):
    world = till["world"]
    services.benefit_end(acting_user=world.clerks["A"], benefit=world.benefits["A"], on=timezone.localdate())
    fast, slow = both(till, {"card": till["card"].number, "store_id": till["store"].pk})
    assert not fast.by_django and fast.json()["offers"] == []
    same_answer(fast, slow)


@postgresql_only
def test_a_store_closed_or_a_partner_suspended_after_the_process_read_them_is_refused_at_once(till):
    world = till["world"]
    services.store_close(acting_user=world.clerks["A"], store=till["store"], on=timezone.localdate())
    fast, slow = both(till, {"card": till["card"].number, "store_id": till["store"].pk})
    assert not fast.by_django and fast.status == 404
    same_answer(fast, slow)
    other = world.stores["A"][1]
    services.partner_set_status(acting_user=world.clerks["A"], partner=world.partners["A"], status="suspended", on=timezone.localdate(), reason="整改")
    fast, slow = both(till, {"card": till["card"].number, "store_id": other.pk})
    assert fast.status == 403 and "暂停" in fast.json()["detail"]
    same_answer(fast, slow)
