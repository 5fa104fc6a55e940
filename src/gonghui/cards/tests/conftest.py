"""The card world of the tests: the test city with members in both towns, a clerk per town,
and in each town a partner with two stores, a benefit, a merchant account and a till key."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from gonghui.core.roles import Role
from gonghui.testing import CityFactory, member_data
from gonghui.testing import make_user as build_user


@dataclass
class CardWorld:
    city: object
    clerks: dict = field(default_factory=dict)  # "A"/"B" -> clerk of the town
    members: dict = field(default_factory=dict)  # "A"/"B" -> [Member]
    partners: dict = field(default_factory=dict)
    stores: dict = field(default_factory=dict)  # "A"/"B" -> [Store, Store]
    benefits: dict = field(default_factory=dict)
    merchants: dict = field(default_factory=dict)
    keys: dict = field(default_factory=dict)  # "A"/"B" -> (ApiKey, secret)

    def town(self, t):
        return self.city.town_a if t == "A" else self.city.town_b


def register_member(clerk, org, sequence, **extra):
    from gonghui.members import services

    return services.member_register(acting_user=clerk, org=org, data=member_data(sequence, **extra))


def sign_partner(clerk, town, *, name, contract_number, category="catering"):
    from gonghui.cards import services

    return services.partner_create(acting_user=clerk, data={
        "name": name, "category": category, "town": town, "address": "新城大道1号", "description": "", "contact_name": "周经理",
        "contact_phone": "13905740001", "contract_number": contract_number,
        "contract_start": datetime.date(2012, 1, 1), "contract_end": datetime.date(2030, 12, 31),
    })


def add_store(clerk, partner, town, name):
    from gonghui.cards import services

    return services.store_create(acting_user=clerk, partner=partner, data={"name": name, "town": town, "address": "", "phone": "", "opened_on": datetime.date(2012, 1, 1)})


def add_percent_benefit(clerk, partner, percent="10", store=None):
    from gonghui.cards import services

    return services.benefit_create(acting_user=clerk, partner=partner, data={
        "kind": "percent", "percent_off": Decimal(percent), "store": store, "conditions": "限本人使用", "valid_from": datetime.date(2012, 1, 1),
    })


def build_card_world() -> CardWorld:
    from gonghui.cards import apikeys

    world = CardWorld(city=CityFactory().build())
    for t, first, shop in (("A", 11, "浒山"), ("B", 41, "观海卫")):
        town = world.town(t)
        clerk = world.clerks[t] = build_user(Role.CLERK, town, username=f"clerk-{t}")
        primaries = [p for p in world.city.primaries if p.path.startswith(town.path)]
        world.members[t] = [register_member(clerk, primaries[i % 2], first + i, name=f"{shop}会员{i}", mobile=f"1370000{first + i:04d}") for i in range(3)]
        partner = world.partners[t] = sign_partner(clerk, town, name=f"{shop}大药房", contract_number=f"HZ-2012-{t}")
        world.stores[t] = [add_store(clerk, partner, town, f"{shop}大药房{n}店") for n in ("一", "二")]
        world.benefits[t] = add_percent_benefit(clerk, partner)
        merchant = build_user(Role.MERCHANT, town, username=f"merchant-{t}")
        merchant.partner = partner
        merchant.save(update_fields=["partner"])
        world.merchants[t] = merchant
        world.keys[t] = apikeys.api_key_create(acting_user=clerk, partner=partner, label="收银系统")
    return world


@pytest.fixture
def world(db):
    return build_card_world()
