"""The demo city's women workers and psychological help: 22 enterprises with welfare
activities in 2012 (at the scale asked for), agreements in force, rooms and points."""

import pytest

from gonghui.core.indicators import REGISTRY, Period
from gonghui.demo import women
from gonghui.demo.city import city_generate
from gonghui.orgs.models import Org
from gonghui.stats.tests.report_2012 import FIGURES_2012
from gonghui.women import indicators  # noqa: F401  (declares the figures)
from gonghui.women.models import ProtectionAgreement

SCALE = 0.5


@pytest.fixture
def demo(db):
    city_generate(seed=2013, scale=SCALE)
    return women.build(seed=2013, scale=SCALE)


def test_the_demo_yields_the_reports_women_figures_at_its_scale(demo):
    root, year = Org.objects.get(level=1), Period.year(2012)
    for figure in [f for f in FIGURES_2012 if f.code.startswith("women.")]:
        assert REGISTRY[figure.code].value(root, year) == round(figure.value * SCALE)
    assert REGISTRY["women.psych_welfare_activities"].value(root, year) > REGISTRY["women.psych_welfare_enterprises"].value(root, year)


def test_agreements_run_at_most_three_years_and_cover_no_more_women_than_workers(demo):
    for agreement in ProtectionAgreement.objects.select_related("enterprise"):
        assert 0 < (agreement.expires_on - agreement.signed_on).days <= 3 * 366
        assert agreement.women_covered <= max(agreement.enterprise.employee_count, 1)
    root = Org.objects.get(level=1)
    assert REGISTRY["women.protection_agreements"].value(root, Period.year(2012)) > 0
    assert REGISTRY["women.counselling_rooms"].value(root, Period.year(2013)) > REGISTRY["women.counselling_rooms"].value(root, Period.year(2012))
