import datetime
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from gonghui.cards import counter, services
from gonghui.cards.models import Card, CardStatus, CardUse
from gonghui.core.models import AuditEntry
from gonghui.core.roles import Role
from gonghui.testing import TEST_PASSWORD, login_as

pytestmark = pytest.mark.django_db


def _verify(client, store, code):
    return client.post(reverse("cards:counter"), {"action": "verify", "store": store.pk, "code": code})


def _record(client, verify_response, amount="200.00", benefit=None):
    ctx = verify_response.context
    return client.post(reverse("cards:counter"), {
        "action": "use", "store": ctx["store"].pk, "code": ctx["code"], "form_key": ctx["form_key"], "amount": amount,
        "benefit": "" if benefit is None else benefit,
    })


def test_a_merchant_verifies_a_card_sees_the_masked_name_and_offers_and_records_a_use(world, client):
    card = services.card_issue(acting_user=world.clerks["A"], member=world.members["A"][0])
    store, benefit = world.stores["A"][0], world.benefits["A"]
    login_as(client, world.merchants["A"])
    page = _verify(client, store, card.number_display)
    text = page.content.decode()
    assert page.status_code == 200 and "有效" in text
    assert "浒***0" in text and world.members["A"][0].name not in text  # 浒山会员0, masked
    assert "9折" in text
    done = _record(client, page, amount="200.00", benefit=benefit.pk)
    assert done.status_code == 302
    use = CardUse.objects.get()
    assert (use.store, use.amount, use.discount, use.benefit_text, use.recorded_by) == (store, Decimal("200.00"), Decimal("20.00"), "9折", world.merchants["A"])
    card.refresh_from_db()
    assert card.status == CardStatus.ACTIVE and card.activated_on == timezone.localdate()  # activated by its first use


def test_a_double_submitted_use_is_recorded_once(world, client):
    card = services.card_issue(acting_user=world.clerks["A"], member=world.members["A"][0])
    login_as(client, world.merchants["A"])
    page = _verify(client, world.stores["A"][0], card.number)
    _record(client, page)
    _record(client, page)
    assert CardUse.objects.count() == 1


@pytest.mark.parametrize("code,expected", [
    ("5182 0000 0000 0001", "校验位"),
    ("12345", "16位"),
])
def test_a_malformed_number_is_refused_with_the_reason(world, client, code, expected):
    login_as(client, world.merchants["A"])
    text = _verify(client, world.stores["A"][0], code).content.decode()
    assert "无效" in text and expected in text


def test_an_unknown_lost_or_replaced_card_is_refused_and_nothing_is_recorded(world, client):
    from gonghui.cards.numbers import card_number

    clerk = world.clerks["A"]
    card = services.card_issue(acting_user=clerk, member=world.members["A"][0])
    login_as(client, world.merchants["A"])
    store = world.stores["A"][0]
    assert "卡号不存在" in _verify(client, store, card_number(1)).content.decode()
    page = _verify(client, store, card.number)  # verified while still good...
    services.card_report_lost(acting_user=clerk, card=card, on=timezone.localdate())
    refused = _record(client, page)  # ...then reported lost before the use was recorded
    assert refused.status_code == 200 and "挂失" in refused.content.decode() and CardUse.objects.count() == 0
    assert AuditEntry.objects.filter(action=counter.REFUSED).exists()
    new = services.card_replace(acting_user=clerk, card=card, reason="遗失")
    assert "补换" in _verify(client, store, card.number).content.decode()
    assert "有效" in _verify(client, store, new.number).content.decode()


def test_a_merchant_cannot_use_or_see_another_partners_stores_or_uses(world, client):
    card = services.card_issue(acting_user=world.clerks["B"], member=world.members["B"][0])
    use_b, _ = counter.use_record(partner=world.partners["B"], store=world.stores["B"][0], code=card.number, amount="50", channel="counter")
    login_as(client, world.merchants["A"])
    assert _verify(client, world.stores["B"][0], card.number).status_code == 404
    assert client.get(reverse("cards:store-detail", args=[world.stores["B"][0].pk])).status_code == 404
    assert client.get(reverse("cards:use-detail", args=[use_b.pk])).status_code == 404
    assert client.get(reverse("cards:partner-detail", args=[world.partners["B"].pk])).status_code == 404
    assert client.get(reverse("cards:use-list") + f"?store={world.stores['B'][0].pk}").status_code == 404
    own_list = client.get(reverse("cards:use-list")).content.decode()
    assert world.stores["B"][0].name not in own_list
    assert client.get(reverse("cards:partner-detail", args=[world.partners["A"].pk])).status_code == 200
    # The clerks' pages are not the merchant's.
    assert client.get(reverse("cards:card-list")).status_code == 302
    assert client.get(reverse("cards:partner-list")).status_code == 302


def test_a_merchant_of_a_suspended_partner_is_refused_at_the_counter(world, client):
    card = services.card_issue(acting_user=world.clerks["A"], member=world.members["A"][0])
    services.partner_set_status(acting_user=world.clerks["A"], partner=world.partners["A"], status="suspended", on=timezone.localdate(), reason="整改")
    login_as(client, world.merchants["A"])
    assert "合作已暂停或终止" in _verify(client, world.stores["A"][0], card.number).content.decode()


def test_a_closed_store_cannot_verify(world, client):
    card = services.card_issue(acting_user=world.clerks["A"], member=world.members["A"][0])
    services.store_close(acting_user=world.clerks["A"], store=world.stores["A"][1], on=timezone.localdate())
    login_as(client, world.merchants["A"])
    assert _verify(client, world.stores["A"][1], card.number).status_code == 404


def test_a_store_benefit_applies_only_at_that_store(world):
    from gonghui.cards.tests.conftest import add_percent_benefit

    card = services.card_issue(acting_user=world.clerks["A"], member=world.members["A"][0])
    one, two = world.stores["A"]
    extra = add_percent_benefit(world.clerks["A"], world.partners["A"], percent="20", store=two)
    at_one = counter.card_verify(partner=world.partners["A"], store=one, code=card.number)
    at_two = counter.card_verify(partner=world.partners["A"], store=two, code=card.number)
    assert extra not in at_one.offers and extra in at_two.offers
    with pytest.raises(Exception, match="不适用"):
        counter.use_record(partner=world.partners["A"], store=one, code=card.number, amount="10", benefit_id=extra.pk, channel="counter")


# The e-card ----------------------------------------------------------------------------------------


@pytest.fixture
def member_account(world):
    member = world.members["A"][0]
    services.card_issue(acting_user=world.clerks["A"], member=member)
    user = services.ecard_account_open(acting_user=world.clerks["A"], member=member, username="hy-member", password=TEST_PASSWORD + "x")
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save()
    return user


def _token_from(page) -> str:
    return re.search(r'id="ecard-token">([^<]+)<', page.content.decode()).group(1)


def test_a_member_account_opened_by_a_clerk_must_change_its_first_password(world, client):
    member = world.members["A"][1]
    user = services.ecard_account_open(acting_user=world.clerks["A"], member=member, username="hy-first", password=TEST_PASSWORD)
    assert user.role == Role.MEMBER and user.member == member and user.must_change_password
    client.force_login(user)
    assert client.get(reverse("cards:ecard"))["Location"] == reverse("accounts:password")


def test_the_e_card_shows_a_qr_of_a_token_with_no_personal_data(world, client, member_account):
    login_as(client, member_account)
    page = client.get(reverse("cards:ecard"))
    text = page.content.decode()
    assert page.status_code == 200 and "<svg" in text
    token = _token_from(page)
    member = world.members["A"][0]
    payload = signing.loads(token, salt=counter.ECARD_SALT)
    assert set(payload) == {"c", "n"}
    for private in (member.name, str(member.id_number), member.mobile, Card.objects.get(member=member).number):
        assert str(private) not in token
    assert client.get(reverse("core:home"))["Location"] == reverse("cards:ecard")
    assert "<svg" in client.get(reverse("cards:ecard-qr")).content.decode()


def test_an_e_card_token_works_once(world, client, member_account):
    login_as(client, member_account)
    token = _token_from(client.get(reverse("cards:ecard")))
    merchant = login_as(type(client)(), world.merchants["A"])
    page = _verify(merchant, world.stores["A"][0], token)
    assert "有效" in page.content.decode() and page.context["verdict"].via == "ecard"
    _record(merchant, page, amount="88")
    assert CardUse.objects.filter(via="ecard").count() == 1
    again = _verify(merchant, world.stores["A"][0], token).content.decode()
    assert "已使用过" in again
    fresh = _token_from(client.get(reverse("cards:ecard")))
    assert "有效" in _verify(merchant, world.stores["A"][0], fresh).content.decode()


def test_an_expired_or_forged_e_card_token_is_refused(world, member_account):
    card = Card.objects.get(member=world.members["A"][0])
    token = counter.ecard_token(card)
    partner, store = world.partners["A"], world.stores["A"][0]
    later = timezone.now() + datetime.timedelta(seconds=counter.ECARD_TTL + 5)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        expired = counter.card_verify(partner=partner, store=store, code=token)
    assert not expired.valid and expired.code == "token_expired" and "过期" in expired.message
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    assert counter.card_verify(partner=partner, store=store, code=forged).code == "token_forged"
    other_salt = signing.dumps({"c": card.pk, "n": "x" * 16}, salt="something-else")
    assert counter.card_verify(partner=partner, store=store, code=other_salt).code == "token_forged"


def test_the_e_card_of_a_member_who_left_shows_no_qr(world, client, member_account):
    from gonghui.members import services as member_services

    member_services.member_end(acting_user=world.clerks["A"], member=world.members["A"][0], status="left", on=timezone.localdate())
    login_as(client, member_account)
    text = client.get(reverse("cards:ecard")).content.decode()
    assert "<svg" not in text and "已失效" in text


# The public directory ------------------------------------------------------------------------------


def test_the_directory_is_public_and_shows_no_personal_data(world, client):
    response = client.get(reverse("cards:directory"))
    text = response.content.decode()
    assert response.status_code == 200
    assert world.partners["A"].name in text and world.partners["B"].name in text and "9折" in text
    assert "周经理" not in text and "13905740001" not in text and "HZ-2012-A" not in text
    only_b = client.get(reverse("cards:directory") + f"?town={world.town('B').pk}&category=catering").content.decode()
    assert world.partners["B"].name in only_b and world.partners["A"].name not in only_b


def test_a_suspended_partner_leaves_the_directory(world, client):
    services.partner_set_status(acting_user=world.clerks["A"], partner=world.partners["A"], status="suspended", on=timezone.localdate(), reason="整改")
    assert world.partners["A"].name not in client.get(reverse("cards:directory")).content.decode()


def test_a_merchant_lands_on_the_counter(world, client):
    login_as(client, world.merchants["A"])
    assert client.get(reverse("core:home"))["Location"] == reverse("cards:counter")
