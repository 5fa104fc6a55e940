import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from gonghui.cards import indicators, selectors, services
from gonghui.cards.counter import card_verify
from gonghui.cards.models import Card, CardEvent, CardStatus, IssueBatch
from gonghui.cards.numbers import PREFIX, card_number, clean_card_number, draw_numbers, luhn_check_digit, luhn_ok
from gonghui.core.indicators import Period
from gonghui.core.models import AuditEntry
from gonghui.members import services as member_services
from gonghui.testing import login_as

pytestmark = pytest.mark.django_db


# Card numbers --------------------------------------------------------------------------------


def test_a_card_number_is_sixteen_digits_with_a_luhn_check_digit():
    number = card_number(12345)
    assert len(number) == 16 and number.startswith(PREFIX) and luhn_ok(number)
    assert luhn_check_digit("7992739871") == "3"  # the textbook example of ISO/IEC 7812


def test_a_mistyped_or_swapped_digit_is_caught_before_any_look_up():
    number = card_number(4242)
    typo = number[:7] + str((int(number[7]) + 1) % 10) + number[8:]
    swapped = number[:5] + number[6] + number[5] + number[7:]
    with pytest.raises(ValidationError, match="校验位"):
        clean_card_number(typo)
    if swapped != number:
        with pytest.raises(ValidationError, match="校验位"):
            clean_card_number(swapped)
    with pytest.raises(ValidationError, match="16位"):
        clean_card_number("5182 1234")
    with pytest.raises(ValidationError, match="开头"):
        clean_card_number("6222" + number[4:])


def test_a_card_number_is_read_with_spaces_hyphens_and_full_width_digits():
    number = card_number(987654321)
    spaced = " ".join(number[i : i + 4] for i in range(0, 16, 4))
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert clean_card_number(spaced) == clean_card_number(full_width) == clean_card_number(number[:8] + "-" + number[8:]) == number


def test_drawn_numbers_are_distinct_and_avoid_taken_ones():
    import random

    first = draw_numbers(500, rng=random.Random(7))
    assert len(set(first)) == 500 and all(luhn_ok(n) for n in first)
    again = draw_numbers(500, rng=random.Random(7), taken=set(first[:10]))
    assert not set(again) & set(first[:10])


# The lifecycle ---------------------------------------------------------------------------------


def test_a_card_is_issued_reported_lost_replaced_and_the_old_number_refused_at_once(world):
    clerk, member = world.clerks["A"], world.members["A"][0]
    partner, store = world.partners["A"], world.stores["A"][0]
    card = services.card_issue(acting_user=clerk, member=member)
    assert card.status == CardStatus.ISSUED and card.issued_by == clerk
    assert card_verify(partner=partner, store=store, code=card.number).valid

    today = timezone.localdate()
    services.card_report_lost(acting_user=clerk, card=card, on=today, reason="钱包遗失")
    verdict = card_verify(partner=partner, store=store, code=card.number)
    assert not verdict.valid and verdict.code == "lost" and "挂失" in verdict.message

    new = services.card_replace(acting_user=clerk, card=card, reason="遗失补办")
    card.refresh_from_db()
    assert card.status == CardStatus.REPLACED and new.replaces == card and new.number != card.number
    old = card_verify(partner=partner, store=store, code=card.number)
    assert not old.valid and old.code == "replaced"
    assert card_verify(partner=partner, store=store, code=new.number).valid
    # The history of the new card carries the old one's.
    kinds = [e.kind for e in selectors.card_history(new)]
    assert kinds == [CardEvent.Kind.ISSUED, CardEvent.Kind.REPORTED_LOST, CardEvent.Kind.REPLACED, CardEvent.Kind.ISSUED]
    assert AuditEntry.objects.filter(object_type="cards.card", object_id=str(card.pk)).count() == 3


def test_a_lost_card_found_again_is_valid_again(world):
    clerk, member = world.clerks["A"], world.members["A"][0]
    card = services.card_issue(acting_user=clerk, member=member)
    services.card_report_lost(acting_user=clerk, card=card, on=timezone.localdate())
    services.card_found(acting_user=clerk, card=card)
    card.refresh_from_db()
    assert card.status == CardStatus.ISSUED and card.ended_on is None
    assert card_verify(partner=world.partners["A"], store=world.stores["A"][0], code=card.number).valid


def test_a_cancelled_card_is_refused_and_cannot_be_cancelled_twice(world):
    clerk = world.clerks["A"]
    card = services.card_issue(acting_user=clerk, member=world.members["A"][0])
    services.card_cancel(acting_user=clerk, card=card, on=timezone.localdate(), reason="本人申请")
    verdict = card_verify(partner=world.partners["A"], store=world.stores["A"][0], code=card.number)
    assert not verdict.valid and verdict.code == "cancelled"
    with pytest.raises(ValidationError, match="不能注销"):
        services.card_cancel(acting_user=clerk, card=card, on=timezone.localdate(), reason="再次")


def test_a_member_gets_no_second_card_while_holding_one(world):
    clerk, member = world.clerks["A"], world.members["A"][0]
    card = services.card_issue(acting_user=clerk, member=member)
    with pytest.raises(ValidationError, match="已有服务卡"):
        services.card_issue(acting_user=clerk, member=member)
    services.card_report_lost(acting_user=clerk, card=card, on=timezone.localdate())
    with pytest.raises(ValidationError, match="补换"):
        services.card_issue(acting_user=clerk, member=member)


def test_the_database_refuses_a_second_current_card_for_a_member(world):
    clerk, member = world.clerks["A"], world.members["A"][0]
    services.card_issue(acting_user=clerk, member=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Card.objects.create(number=card_number(1), member=member, issued_on=timezone.localdate())


def test_the_database_refuses_an_ended_card_without_its_date(world):
    card = services.card_issue(acting_user=world.clerks["A"], member=world.members["A"][0])
    with pytest.raises(IntegrityError), transaction.atomic():
        Card.objects.filter(pk=card.pk).update(status=CardStatus.CANCELLED)


def test_a_member_who_leaves_the_union_is_refused_at_once_and_the_card_is_cancelled_by_the_sweep(world):
    clerk, member = world.clerks["A"], world.members["A"][0]
    card = services.card_issue(acting_user=clerk, member=member)
    left_on = timezone.localdate()
    member_services.member_end(acting_user=clerk, member=member, status="left", on=left_on)
    verdict = card_verify(partner=world.partners["A"], store=world.stores["A"][0], code=card.number)
    assert not verdict.valid and verdict.code == "member_left" and "离会" in verdict.message
    assert services.cards_cancel_for_departed_members() == 1
    card.refresh_from_db()
    assert card.status == CardStatus.CANCELLED and card.ended_on == left_on and "离会" in card.end_reason
    assert services.cards_cancel_for_departed_members() == 0


def test_the_sweep_command_cancels_departed_members_cards(world):
    from django.core.management import call_command

    clerk, member = world.clerks["A"], world.members["A"][0]
    card = services.card_issue(acting_user=clerk, member=member)
    member_services.member_end(acting_user=clerk, member=member, status="retired", on=timezone.localdate())
    call_command("cards_sweep", stdout=__import__("io").StringIO())
    card.refresh_from_db()
    assert card.status == CardStatus.CANCELLED


def test_a_departed_member_gets_no_card_and_no_replacement(world):
    clerk, member = world.clerks["A"], world.members["A"][0]
    card = services.card_issue(acting_user=clerk, member=member)
    member_services.member_end(acting_user=clerk, member=member, status="deceased", on=timezone.localdate())
    with pytest.raises(ValidationError, match="不在册"):
        services.card_replace(acting_user=clerk, card=card, reason="遗失")
    other = world.members["A"][1]
    member_services.member_end(acting_user=clerk, member=other, status="left", on=timezone.localdate())
    with pytest.raises(ValidationError, match="不是在册会员"):
        services.card_issue(acting_user=clerk, member=other)


# Batch issue -----------------------------------------------------------------------------------


def test_a_batch_issue_gives_a_card_to_every_active_member_without_one_in_the_subtree(world):
    clerk, town = world.clerks["A"], world.town("A")
    a0, a1, a2 = world.members["A"]
    held = services.card_issue(acting_user=clerk, member=a0)
    member_services.member_end(acting_user=clerk, member=a2, status="left", on=timezone.localdate())
    batch = services.cards_issue_batch(acting_user=clerk, org=town)
    assert batch.card_count == 1
    assert list(Card.objects.filter(batch=batch).values_list("member", flat=True)) == [a1.pk]
    assert Card.objects.filter(member__in=world.members["B"]).count() == 0  # the other town is untouched
    assert CardEvent.objects.filter(card__batch=batch, kind=CardEvent.Kind.ISSUED).count() == 1
    assert selectors.current_card(a0) == held
    with pytest.raises(ValidationError, match="都已有服务卡"):
        services.cards_issue_batch(acting_user=clerk, org=town)


def test_a_batch_issue_for_one_union_stays_inside_that_union(world):
    clerk = world.clerks["A"]
    union = world.members["A"][0].org
    batch = services.cards_issue_batch(acting_user=clerk, org=union)
    holders = set(Card.objects.filter(batch=batch).values_list("member__org", flat=True))
    assert holders == {union.pk}


def test_a_batch_issue_writes_cards_in_bulk(world, django_assert_max_num_queries):
    from gonghui.testing import member_data
    from gonghui.members.models import Member

    town = world.town("A")
    org = world.members["A"][0].org
    Member.objects.bulk_create([Member(org=org, collected_on=datetime.date(2012, 1, 1), **{k: v for k, v in member_data(300 + i).items() if k not in {"enterprise"}},
                                       birth_date=datetime.date(1985, 3, 15), sex="M") for i in range(300)])
    with django_assert_max_num_queries(40):
        batch = services.cards_issue_batch(acting_user=world.clerks["A"], org=town)
    assert batch.card_count == 303


def test_the_issue_list_prints_and_exports_to_excel(world, client):
    from python_calamine import CalamineWorkbook
    import io

    clerk = world.clerks["A"]
    batch = services.cards_issue_batch(acting_user=clerk, org=world.town("A"))
    login_as(client, clerk)
    page = client.get(reverse("cards:batch-detail", args=[batch.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert all(m.name in text for m in world.members["A"]) and "领卡签名" in text
    assert str(world.members["A"][0].id_number) not in text  # ID numbers masked
    assert world.members["A"][0].id_number[:6] + "********" in text
    export = client.get(reverse("cards:batch-detail", args=[batch.pk]) + "?export=xlsx")
    content = b"".join(export.streaming_content) if export.streaming else export.content
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert rows[0][:2] == ["卡号", "姓名"] and len(rows) == 1 + batch.card_count
    assert AuditEntry.objects.filter(action="export", object_type="cards.card").exists()


def test_a_clerk_issues_a_batch_through_the_page(world, client):
    login_as(client, world.clerks["A"])
    response = client.post(reverse("cards:batch-create"), {"org_code": world.town("A").code})
    batch = IssueBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cards:batch-detail", args=[batch.pk])
    refused = client.post(reverse("cards:batch-create"), {"org_code": world.town("B").code})
    assert refused.status_code == 200 and "不在您的管辖范围内" in refused.content.decode()


# Scope -----------------------------------------------------------------------------------------


def test_a_town_clerk_gets_404_for_the_cards_of_another_towns_members(world, client):
    card_b = services.card_issue(acting_user=world.clerks["B"], member=world.members["B"][0])
    login_as(client, world.clerks["A"])
    for name in ("cards:card-detail", "cards:card-lost", "cards:card-replace", "cards:card-cancel", "cards:card-payout"):
        assert client.get(reverse(name, args=[card_b.pk])).status_code == 404, name
    assert client.post(reverse("cards:card-found", args=[card_b.pk])).status_code == 404
    assert client.get(reverse("cards:card-issue", args=[world.members["B"][1].pk])).status_code == 404
    listing = client.get(reverse("cards:card-list")).content.decode()
    assert card_b.number not in listing and world.members["B"][0].name not in listing


def test_a_town_clerk_lists_only_their_own_towns_partners(world, client):
    login_as(client, world.clerks["A"])
    text = client.get(reverse("cards:partner-list")).content.decode()
    assert world.partners["A"].name in text and world.partners["B"].name not in text
    assert client.get(reverse("cards:partner-detail", args=[world.partners["B"].pk])).status_code == 404
    assert client.get(reverse("cards:store-detail", args=[world.stores["B"][0].pk])).status_code == 404


def test_the_member_page_shows_the_card_and_the_way_to_issue_or_replace(world, client):
    clerk, member = world.clerks["A"], world.members["A"][0]
    login_as(client, clerk)
    page = client.get(reverse("members:member-detail", args=[member.pk])).content.decode()
    assert "尚未发卡" in page and reverse("cards:card-issue", args=[member.pk]) in page
    response = client.post(reverse("cards:card-issue", args=[member.pk]))
    card = Card.objects.get(member=member)
    assert response["Location"] == reverse("cards:card-detail", args=[card.pk])
    page = client.get(reverse("members:member-detail", args=[member.pk])).content.decode()
    assert card.number_display in page and reverse("cards:card-replace", args=[card.pk]) in page


# The payout account ------------------------------------------------------------------------------


def test_a_card_marked_as_payout_account_is_found_for_later_payouts_and_shown_masked(world, client):
    clerk, member = world.clerks["A"], world.members["A"][0]
    card = services.card_issue(acting_user=clerk, member=member)
    assert selectors.payout_account_for(member) is None
    with pytest.raises(ValidationError, match="银行账号"):
        services.card_payout_set(acting_user=clerk, card=card, bank="农业银行慈溪支行", account="12345")
    services.card_payout_set(acting_user=clerk, card=card, bank="农业银行慈溪支行", account="6228 4803 9812 3456 789")
    account = selectors.payout_account_for(member)
    assert account.bank == "农业银行慈溪支行" and account.account.reveal() == "6228480398123456789" and account.masked.endswith("6789")
    with connection.cursor() as cursor:
        cursor.execute("SELECT payout_account FROM cards_card WHERE id = %s", [card.pk])
        raw = cursor.fetchone()[0]
    assert raw and "6228480398123456789" not in raw  # sealed at rest
    login_as(client, clerk)
    page = client.get(reverse("cards:card-detail", args=[card.pk])).content.decode()
    assert "6228480398123456789" not in page and "***************6789" in page
    # A replacement carries the payout account on.
    new = services.card_replace(acting_user=clerk, card=card, reason="损坏")
    assert selectors.payout_account_for(member).card_number == new.number


# Indicators ------------------------------------------------------------------------------------


def test_the_indicators_count_cards_partners_stores_and_uses(world):
    from gonghui.cards import counter

    clerk = world.clerks["A"]
    cards = [services.card_issue(acting_user=clerk, member=m) for m in world.members["A"]]
    services.card_cancel(acting_user=clerk, card=cards[2], on=timezone.localdate(), reason="本人申请")
    counter.use_record(partner=world.partners["A"], store=world.stores["A"][0], code=cards[0].number, amount="100", benefit_id=world.benefits["A"].pk, channel="counter")
    year = Period.year(timezone.localdate().year)
    town_a, city = world.town("A"), world.city.federation
    assert indicators.issued(town_a, year) == 3
    assert indicators.valid(town_a, year) == 2
    assert indicators.partners(town_a, year) == 1 and indicators.partners(city, year) == 2
    assert indicators.stores(town_a, year) == 2 and indicators.stores(city, year) == 4
    assert indicators.uses(town_a, year) == 1 and indicators.uses(world.town("B"), year) == 0
    assert indicators.uses_by(city, year, by="partner") == [(world.partners["A"].name, 1)]
    assert indicators.uses_by(city, year, by="category") == [("餐饮", 1)]
    assert indicators.uses_by(city, year, by="month") == [(f"{timezone.localdate():%Y-%m}", 1)]
    last_year = Period.year(timezone.localdate().year - 1)
    assert indicators.issued(town_a, last_year) == 0 and indicators.valid(town_a, last_year) == 0
