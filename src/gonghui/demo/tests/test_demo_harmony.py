"""The demo city's harmony records: the report's 2012 figures at the demo's scale, from records
that obey the app's own rules."""

from decimal import Decimal

import pytest

from gonghui.core.indicators import REGISTRY, Period, Ratio
from gonghui.demo.harmony import build
from gonghui.demo.city import city_generate
from gonghui.demo.members import members_generate
from gonghui.orgs.models import Org
from gonghui.stats.tests.report_2012 import FIGURES_2012

SCALE = 0.02


@pytest.fixture
def demo(db):
    import gonghui.harmony.indicators  # noqa: F401  (registers the figures)

    city_generate(seed=2013, scale=SCALE)
    members_generate(seed=2013, scale=SCALE)
    return build(seed=2013, scale=SCALE)


def test_the_demo_yields_the_reports_figures_at_its_scale(demo):
    root = Org.objects.get(level=1)
    figures = [f for f in FIGURES_2012 if f.code.startswith("harmony.")]
    assert figures
    for figure in figures:
        value = REGISTRY[figure.code].value(root, Period.year(2012))
        if isinstance(value, Ratio):
            assert abs(value.percent - Decimal(figure.value)) <= Decimal("0.5"), (figure.code, value)
        else:
            assert value == round(figure.value * SCALE), (figure.code, value)
    assert isinstance(demo, str) and demo




def test_every_demo_award_obeys_the_rules_of_the_service(demo):
    from gonghui.harmony.models import SINGLE_ITEM_SHARE, HarmonyAward, ItemScore

    for award in HarmonyAward.objects.select_related("application", "single_item"):
        sheet_pass = award.application.total_score >= 80
        if award.single_item_id is None:
            assert sheet_pass
        else:
            points = ItemScore.objects.get(application=award.application, item=award.single_item).points
            assert points >= award.single_item.max_points * SINGLE_ITEM_SHARE
    root = Org.objects.get(level=1)
    rate_2013 = REGISTRY["harmony.sme_creation_rate"].value(root, Period.year(2013))
    assert rate_2013.percent >= 50
