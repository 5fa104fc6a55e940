"""The scope matrix's keywords for the 5.1 service card (see gonghui/tests/test_scope_matrix.py).

Cards follow their member's union; partners, their stores, benefits, till keys and uses
follow the town that signed the partner. A partner's name, stores and offers are public
(the directory at /cards/directory/ lists every town's), so its marks are what is not:
the contract number and the contact person.
"""

import datetime

from gonghui.core.roles import Role
from gonghui.tests.scope_kinds import ObjectKind


def _cards_of_town(world, t):
    from gonghui.cards import selectors, services

    member = world.objects("member_id", t)[0]
    return [selectors.current_card(member) or services.card_issue(acting_user=world.users[t, Role.CLERK], member=member)]


def _card_batches_of_town(world, t):
    """A batch issue for the town's village, for a member registered there for it."""
    from gonghui.cards import services
    from gonghui.members import services as member_services
    from gonghui.testing import member_data

    clerk, village = world.users[t, Role.CLERK], world.within(t, world.city.villages)[0]
    n = 301 if t == "A" else 401
    member_services.member_register(acting_user=clerk, org=village, data=member_data(n, name="李浒批" if t == "A" else "赵观批", mobile=f"1390000{n:04d}"))
    return [services.cards_issue_batch(acting_user=clerk, org=village)]


def _card_partners_of_town(world, t):
    from gonghui.cards import services

    place, prefix = ("浒山", "XUSHAN") if t == "A" else ("观海卫", "GUANHAI")
    return [services.partner_create(acting_user=world.users[t, Role.CLERK], data={
        "name": f"{place}惠民超市", "category": "shopping", "town": world.town(t), "address": "", "description": "",
        "contact_name": f"{place}店长周", "contact_phone": "13905740001" if t == "A" else "13905740002", "contract_number": f"{prefix}-51-001",
        "contract_start": datetime.date(2012, 1, 1), "contract_end": datetime.date(2030, 12, 31),
    })]


def _card_stores_of_town(world, t):
    from gonghui.cards import services

    partner = world.objects("partner_id", t)[0]
    return [services.store_create(acting_user=world.users[t, Role.CLERK], partner=partner, data={
        "name": f"{partner.name}总店", "town": world.town(t), "address": "", "phone": "", "opened_on": datetime.date(2012, 1, 1)})]


def _card_benefits_of_town(world, t):
    from decimal import Decimal

    from gonghui.cards import services

    partner = world.objects("partner_id", t)[0]
    return [services.benefit_create(acting_user=world.users[t, Role.CLERK], partner=partner, data={
        "kind": "percent", "percent_off": Decimal("10"), "store": None, "conditions": "", "valid_from": datetime.date(2012, 1, 1)})]


def _card_keys_of_town(world, t):
    from gonghui.cards import apikeys

    return [apikeys.api_key_create(acting_user=world.users[t, Role.CLERK], partner=world.objects("partner_id", t)[0])[0]]


def _card_uses_of_town(world, t):
    from gonghui.cards import counter

    store = world.objects("store_id", t)[0]
    card = world.objects("card_id", t)[0]
    return [counter.use_record(partner=store.partner, store=store, code=card.number, amount="10", channel="counter")[0]]


KINDS: dict[str, ObjectKind] = {
    "card_id": ObjectKind("cards.Card", _cards_of_town, marks=lambda c: (c.number,)),
    "batch_id": ObjectKind("cards.IssueBatch", _card_batches_of_town, marks=lambda b: ()),
    "partner_id": ObjectKind("cards.Partner", _card_partners_of_town, marks=lambda p: (p.contract_number, p.contact_name)),
    "store_id": ObjectKind("cards.Store", _card_stores_of_town, marks=lambda s: ()),
    "benefit_id": ObjectKind("cards.Benefit", _card_benefits_of_town, marks=lambda b: ()),
    "key_id": ObjectKind("cards.ApiKey", _card_keys_of_town, marks=lambda k: (k.key_id,)),
    "use_id": ObjectKind("cards.CardUse", _card_uses_of_town, marks=lambda u: ()),
}
