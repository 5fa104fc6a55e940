"""The demo's 2013 targets: the report's, for the city, split across the towns so that the
shares add up; rates the same for every town; deterministic."""

from decimal import Decimal

import pytest

from gonghui.demo import stats
from gonghui.demo.city import city_generate
from gonghui.demo.members import members_generate
from gonghui.orgs.models import Level, Org
from gonghui.stats.models import Target
from gonghui.stats.tests.report_2012 import TARGETS_2013

SCALE = 0.02


@pytest.fixture
def demo_targets(db):
    city_generate(seed=2013, scale=SCALE)
    members_generate(seed=2013, scale=SCALE)
    return stats.build(seed=2013, scale=SCALE)


def test_the_city_gets_each_target_and_the_towns_shares_add_up_to_it(demo_targets):
    city = Org.objects.get(level=Level.FEDERATION)
    towns = Org.objects.filter(level=Level.TOWN).count()
    for figure in TARGETS_2013:
        rows = Target.objects.filter(indicator_code=figure.code, year=2013)
        if isinstance(figure.value, Decimal):  # a rate: the same everywhere
            assert rows.count() == towns + 1 and set(rows.values_list("value", flat=True)) == {figure.value}
            continue
        total = round(figure.value * SCALE)
        if total == 0:
            assert not rows.exists()
            continue
        assert rows.get(org=city).value == total
        assert sum(rows.exclude(org=city).values_list("value", flat=True)) == total
        assert not rows.filter(value=0).exists()
    assert Target.objects.filter(indicator_code="members.recruited", org=city).get().value == round(12_000 * SCALE)


def test_the_split_is_exact_and_building_again_gives_the_same_rows(demo_targets):
    assert stats.split(10, [5, 3, 2]) == [5, 3, 2] and sum(stats.split(7, [1, 1, 1])) == 7 and stats.split(3, [10, 0, 0]) == [3, 0, 0]
    first = sorted(Target.objects.values_list("indicator_code", "org_id", "value"))
    stats.build(seed=2013, scale=SCALE)
    assert sorted(Target.objects.values_list("indicator_code", "org_id", "value")) == first
