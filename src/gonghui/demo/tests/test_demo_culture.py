"""The demo city's workers' culture: the report's figures of 2012 at the scale asked for,
deterministic for a seed, and early-2013 progress toward the 2013 targets."""

import datetime

import pytest

from gonghui.core.indicators import REGISTRY, Period
from gonghui.culture import indicators  # noqa: F401  (declares the figures)
from gonghui.culture.models import Delivery, LearningAssessment, WorkersLibrary
from gonghui.demo import culture
from gonghui.demo.city import city_generate
from gonghui.orgs.models import Org
from gonghui.stats.tests.report_2012 import FIGURES_2012

SCALE = 0.3


@pytest.fixture
def demo(db):
    city_generate(seed=2013, scale=SCALE)
    return culture.build(seed=2013, scale=SCALE)


def test_the_demo_yields_the_reports_culture_figures_at_its_scale(demo):
    root, year = Org.objects.get(level=1), Period.year(2012)
    for figure in [f for f in FIGURES_2012 if f.code.startswith("culture.")]:
        value, wanted = REGISTRY[figure.code].value(root, year), round(figure.value * SCALE)
        assert value == wanted if figure.op == "eq" else value >= wanted, (figure.code, value, wanted)


def test_deliveries_go_to_enterprises_of_many_towns_and_2013_shows_progress(demo):
    towns = {path[:16] for path in Delivery.objects.filter(delivered_on__year=2012).values_list("org__path", flat=True)}
    assert len(towns) >= 5
    assert not Delivery.objects.exclude(enterprise__org=models_F("org")).exists()
    early = Period(datetime.date(2013, 1, 1), datetime.date(2013, 3, 31))
    root = Org.objects.get(level=1)
    assert REGISTRY["culture.performances"].value(root, early) > 0 and REGISTRY["culture.learning_models_new"].value(root, early) > 0
    assert not LearningAssessment.objects.filter(assessed_on__gt=datetime.date(2013, 3, 31)).exists()
    assert WorkersLibrary.objects.exclude(level="").count() == REGISTRY["culture.ningbo_libraries"].value(root, Period.year(2012)) + REGISTRY["culture.national_libraries"].value(root, Period.year(2012))


def models_F(name):
    from django.db.models import F

    return F(name)


def test_the_same_seed_gives_the_same_culture_records(demo):
    from gonghui.culture.models import CultureBody, CultureRecognition, LearningEnterprise

    def snapshot():
        return (list(Delivery.objects.order_by("pk").values_list("kind", "title", "delivered_on", "quantity", "audience", "enterprise__credit_code")),
                list(LearningAssessment.objects.order_by("pk").values_list("learning_enterprise__enterprise__credit_code", "level", "assessed_on")))

    first = snapshot()
    for model in (Delivery, CultureRecognition, WorkersLibrary, LearningAssessment, LearningEnterprise, CultureBody):
        model.objects.all().delete()
    culture.build(seed=2013, scale=SCALE)
    assert snapshot() == first and first[0]


def test_the_smallest_city_builds_every_area_of_this_part_without_a_hitch(db):
    from gonghui.demo import finance, outreach, women

    city_generate(seed=5, scale=0.01)
    for area in (culture, finance, women, outreach):
        assert area.build(seed=5, scale=0.01)
    root = Org.objects.get(level=1)
    assert REGISTRY["outreach.groups"].value(root, Period.year(2012)) >= 1
