"""The demo city's service cards: cards for most members, the partner network, a year of
uses, all of it consistent with the cards' own rules."""

import datetime

import pytest
from django.db.models import Count, F

from gonghui.cards import counter, indicators
from gonghui.cards.models import Card, CardUse, IssueBatch, Partner, Store
from gonghui.cards.numbers import luhn_ok
from gonghui.core.indicators import Period
from gonghui.demo.cards import build_cards
from gonghui.demo.city import city_generate
from gonghui.demo.members import members_generate
from gonghui.members.models import MemberStatus
from gonghui.orgs.models import Org

SCALE = 0.02


@pytest.fixture
def demo_cards(db):
    city_generate(seed=2013, scale=SCALE)
    members_generate(seed=2013, scale=SCALE)
    return build_cards(seed=2013, scale=SCALE)


def test_the_demo_issues_the_reports_share_of_cards_with_valid_numbers_one_per_member(demo_cards):
    assert demo_cards["cards"] == round(146_800 * SCALE) == Card.objects.count()
    assert all(luhn_ok(n) for n in Card.objects.values_list("number", flat=True))
    assert not Card.objects.values("member").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert not Card.objects.exclude(member__status=MemberStatus.ACTIVE).exists()
    assert sum(IssueBatch.objects.values_list("card_count", flat=True)) == Card.objects.filter(batch__isnull=False).count()
    federation = Org.objects.get(level=1)
    assert indicators.issued(federation, Period.year(2012)) == demo_cards["cards"]


def test_the_demo_has_partners_stores_and_a_year_of_uses(demo_cards):
    federation = Org.objects.get(level=1)
    year = Period.year(2012)
    assert demo_cards["partners"] == Partner.objects.count() >= 3
    assert demo_cards["stores"] == Store.objects.count() >= demo_cards["partners"]
    assert CardUse.objects.count() == demo_cards["uses"] == indicators.uses(federation, year)
    assert not CardUse.objects.exclude(used_at__year=2012).exists()
    assert not CardUse.objects.exclude(store__partner=F("partner")).exists()
    assert {login["username"] for login in demo_cards["logins"]} == {"merchant", "member"}


def test_a_demo_card_verifies_at_a_demo_store_today(demo_cards):
    card = Card.objects.filter(status="active", member__status="active").first()
    partner = Partner.objects.first()
    store = partner.stores.first()
    verdict = counter.card_verify(partner=partner, store=store, code=card.number, day=datetime.date(2013, 3, 1))
    assert verdict.valid and verdict.offers
