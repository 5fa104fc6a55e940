"""The till API, driven as a merchant's till system would: signed requests from a test client."""

import datetime
import json
import time

import pytest
from django.test import Client
from django.utils import timezone

from gonghui.cards import apikeys, counter, services
from gonghui.cards.models import CardUse
from gonghui.core.models import AuditEntry
from gonghui.testing import login_as

pytestmark = pytest.mark.django_db

VERIFY = "/api/v1/cards/verify"
USES = "/api/v1/cards/uses"


def signed(client, method, path, payload=None, *, key, secret, timestamp=None, nonce=None, headers=None, tamper=None):
    body = json.dumps(payload).encode() if payload is not None else b""
    sig_headers = apikeys.signed_headers(key_id=key, secret=secret, method=method, path=path, body=body, timestamp=timestamp, nonce=nonce)
    if tamper:
        sig_headers.update(tamper)
    all_headers = {**sig_headers, **(headers or {})}
    if method == "GET":
        return client.get(path, headers=all_headers)
    return client.post(path, data=body, content_type="application/json", headers=all_headers)


@pytest.fixture
def till(world):
    key, secret = world.keys["A"]
    card = services.card_issue(acting_user=world.clerks["A"], member=world.members["A"][0])
    return {"client": Client(), "key": key.key_id, "secret": secret, "card": card, "store": world.stores["A"][0], "world": world}


def call(till, method, path, payload=None, **kw):
    return signed(till["client"], method, path, payload, key=kw.pop("key", till["key"]), secret=kw.pop("secret", till["secret"]), **kw)


def test_a_signed_verification_answers_valid_with_the_masked_holder_and_the_offers(till):
    response = call(till, "POST", VERIFY, {"card": till["card"].number, "store_id": till["store"].pk})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["valid"] is True and body["code"] == "ok" and body["holder"] == "浒***0"
    assert body["card"].startswith("5182 ****") and [o["text"] for o in body["offers"]] == ["9折"]


def test_a_verification_of_a_lost_card_answers_invalid_with_the_reason(till):
    services.card_report_lost(acting_user=till["world"].clerks["A"], card=till["card"], on=timezone.localdate())
    body = call(till, "POST", VERIFY, {"card": till["card"].number, "store_id": till["store"].pk}).json()
    assert body["valid"] is False and body["code"] == "lost" and "挂失" in body["message"] and body["offers"] == []


def test_a_store_of_another_partner_is_404(till):
    response = call(till, "POST", VERIFY, {"card": till["card"].number, "store_id": till["world"].stores["B"][0].pk})
    assert response.status_code == 404 and "不属于本商户" in response.json()["detail"]


def test_the_merchant_lists_only_its_own_stores(till):
    body = call(till, "GET", "/api/v1/cards/stores").json()
    assert sorted(s["name"] for s in body) == sorted(s.name for s in till["world"].stores["A"])


def test_a_wrong_signature_is_refused_and_audited(till):
    response = call(till, "POST", VERIFY, {"card": till["card"].number, "store_id": till["store"].pk}, secret="gs_not-the-secret")
    assert response.status_code == 401 and "签名错误" in response.json()["detail"]
    entry = AuditEntry.objects.filter(action="login_failed", object_type="cards.apikey").latest("seq")
    assert entry.actor_name == f"api:{till['key']}" and "签名错误" in entry.summary


def test_a_body_changed_after_signing_is_refused(till):
    body = json.dumps({"card": till["card"].number, "store_id": till["store"].pk}).encode()
    headers = apikeys.signed_headers(key_id=till["key"], secret=till["secret"], method="POST", path=VERIFY, body=body)
    other = json.dumps({"card": till["card"].number, "store_id": till["world"].stores["A"][1].pk}).encode()
    assert till["client"].post(VERIFY, data=other, content_type="application/json", headers=headers).status_code == 401


def test_a_stale_or_future_timestamp_is_refused(till):
    payload = {"card": till["card"].number, "store_id": till["store"].pk}
    for skew in (-apikeys.MAX_SKEW - 10, apikeys.MAX_SKEW + 10):
        response = call(till, "POST", VERIFY, payload, timestamp=int(time.time()) + skew)
        assert response.status_code == 401 and "时间戳" in response.json()["detail"]


def test_a_replayed_nonce_is_refused(till):
    payload = {"card": till["card"].number, "store_id": till["store"].pk}
    assert call(till, "POST", VERIFY, payload, nonce="same-nonce-123").status_code == 200
    replay = call(till, "POST", VERIFY, payload, nonce="same-nonce-123")
    assert replay.status_code == 409 and "重放" in replay.json()["detail"]


def test_missing_headers_unknown_and_revoked_keys_are_refused(till):
    payload = {"card": till["card"].number, "store_id": till["store"].pk}
    bare = till["client"].post(VERIFY, data=json.dumps(payload), content_type="application/json")
    assert bare.status_code == 401 and "缺少签名请求头" in bare.json()["detail"]
    assert call(till, "POST", VERIFY, payload, key="gk_0000000000000000").status_code == 401
    key = till["world"].keys["A"][0]
    apikeys.api_key_revoke(acting_user=till["world"].clerks["A"], key=key)
    revoked = call(till, "POST", VERIFY, payload)
    assert revoked.status_code == 401 and "吊销" in revoked.json()["detail"]


def test_a_signed_in_session_is_not_enough_for_the_till_api(till):
    """The till API never takes the session cookie the rest of the API uses."""
    client = login_as(Client(), till["world"].merchants["A"])
    response = client.post(VERIFY, data=json.dumps({"card": till["card"].number, "store_id": till["store"].pk}), content_type="application/json")
    assert response.status_code == 401


def test_a_flood_from_one_key_is_refused_with_429(till):
    world = till["world"]
    key, secret = apikeys.api_key_create(acting_user=world.clerks["A"], partner=world.partners["A"], rate_limit_per_minute=3)
    payload = {"card": till["card"].number, "store_id": till["store"].pk}
    # Pinned inside one minute, so that the window cannot roll over mid-test.
    now = (int(time.time()) // 60) * 60 + 5
    from unittest import mock

    with mock.patch("gonghui.cards.apikeys.time.time", return_value=now):
        codes = [call(till, "POST", VERIFY, payload, key=key.key_id, secret=secret, timestamp=now).status_code for _ in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    # Other keys are not held back by it.
    assert call(till, "POST", VERIFY, payload).status_code == 200


def test_a_rotated_key_works_with_the_old_one_through_the_grace_period_then_only_the_new(till):
    world = till["world"]
    old = world.keys["A"][0]
    new, new_secret = apikeys.api_key_rotate(acting_user=world.merchants["A"], key=old)
    payload = {"card": till["card"].number, "store_id": till["store"].pk}
    assert call(till, "POST", VERIFY, payload).status_code == 200
    assert call(till, "POST", VERIFY, payload, key=new.key_id, secret=new_secret).status_code == 200
    type(old).objects.filter(pk=old.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    expired = call(till, "POST", VERIFY, payload)
    assert expired.status_code == 401 and "过期" in expired.json()["detail"]


def test_recording_a_use_is_idempotent(till):
    payload = {"card": till["card"].number, "store_id": till["store"].pk, "amount": "120.50", "benefit_id": till["world"].benefits["A"].pk}
    first = call(till, "POST", USES, payload, headers={"Idempotency-Key": "till-7-000123"})
    assert first.status_code == 201, first.content
    assert first.json()["discount"] == "12.05"
    again = call(till, "POST", USES, payload, headers={"Idempotency-Key": "till-7-000123"})
    assert again.status_code == 201 and again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert CardUse.objects.count() == 1
    conflict = call(till, "POST", USES, {**payload, "amount": "99.00"}, headers={"Idempotency-Key": "till-7-000123"})
    assert conflict.status_code == 409 and CardUse.objects.count() == 1
    missing = call(till, "POST", USES, payload)
    assert missing.status_code == 422 and "Idempotency-Key" in missing.json()["detail"]
    read = call(till, "GET", f"/api/v1/cards/uses/{first.json()['id']}")
    assert read.status_code == 200 and read.json()["id"] == first.json()["id"]


def test_a_use_with_an_invalid_card_is_refused_with_422_and_nothing_recorded(till):
    services.card_cancel(acting_user=till["world"].clerks["A"], card=till["card"], on=timezone.localdate(), reason="本人申请")
    response = call(till, "POST", USES, {"card": till["card"].number, "store_id": till["store"].pk, "amount": "10"}, headers={"Idempotency-Key": "k-1"})
    assert response.status_code == 422 and "注销" in response.json()["detail"] and CardUse.objects.count() == 0


def test_an_e_card_token_is_spent_by_a_use_through_the_api(till):
    token = counter.ecard_token(till["card"])
    payload = {"card": token, "store_id": till["store"].pk, "amount": "30"}
    assert call(till, "POST", USES, payload, headers={"Idempotency-Key": "e-1"}).status_code == 201
    again = call(till, "POST", USES, payload, headers={"Idempotency-Key": "e-2"})
    assert again.status_code == 422 and "已使用过" in again.json()["detail"]


def test_another_partners_use_is_404(till):
    world = till["world"]
    card_b = services.card_issue(acting_user=world.clerks["B"], member=world.members["B"][0])
    use_b, _ = counter.use_record(partner=world.partners["B"], store=world.stores["B"][0], code=card_b.number, amount="5", channel="counter")
    assert call(till, "GET", f"/api/v1/cards/uses/{use_b.pk}").status_code == 404


def test_the_openapi_schema_documents_the_till_api_and_its_signature(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path in (VERIFY, USES, "/api/v1/cards/uses/{use_id}", "/api/v1/cards/stores"):
        assert path in paths, path
    post_uses = paths[USES]["post"]
    names = {p["name"] for p in post_uses["parameters"]}
    assert {apikeys.TIMESTAMP_HEADER, apikeys.NONCE_HEADER, apikeys.SIGNATURE_HEADER, "Idempotency-Key"} <= names
    assert "HMAC-SHA256" in post_uses["description"]
    assert post_uses["security"] == [{"SignedRequest": []}]
    assert schema["components"]["securitySchemes"]["SignedRequest"] == {"type": "apiKey", "in": "header", "name": apikeys.KEY_HEADER}
    assert {"401", "409", "429"} <= set(post_uses["responses"])


def test_a_till_answer_carries_the_security_headers_and_no_cookie(till):
    """Till requests take a short road past the session and account middleware (cards.middleware);
    the security headers of every other answer are still set, and no session is started."""
    response = call(till, "POST", VERIFY, {"card": till["card"].number, "store_id": till["store"].pk})
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY" and "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff" and not response.cookies


def test_a_till_request_to_a_host_not_allowed_is_refused(till):
    payload = {"card": till["card"].number, "store_id": till["store"].pk}
    assert call(till, "POST", VERIFY, payload, headers={"Host": "till.evil.example"}).status_code == 400


def test_a_key_already_used_is_still_checked_afresh_on_every_request(till):
    """The server remembers a key's secret once it has checked it, never its state: a wrong
    signature, a suspended partner and a revoked key are refused on the very next request."""
    payload = {"card": till["card"].number, "store_id": till["store"].pk}
    assert call(till, "POST", VERIFY, payload).status_code == 200
    wrong = call(till, "POST", VERIFY, payload, secret="gs_not-the-secret")
    assert wrong.status_code == 401 and "签名错误" in wrong.json()["detail"]
    world = till["world"]
    services.partner_set_status(acting_user=world.clerks["A"], partner=world.partners["A"], status="suspended", on=timezone.localdate(), reason="整改")
    suspended = call(till, "POST", VERIFY, payload)
    assert suspended.status_code == 403 and "暂停" in suspended.json()["detail"]
    services.partner_set_status(acting_user=world.clerks["A"], partner=world.partners["A"], status="active", on=timezone.localdate())
    assert call(till, "POST", VERIFY, payload).status_code == 200
    apikeys.api_key_revoke(acting_user=world.clerks["A"], key=world.keys["A"][0])
    assert call(till, "POST", VERIFY, payload).status_code == 401
