"""The demo city's contests and innovation come out at the report's figures, scaled."""

import pytest

from gonghui.campaigns.models import ContestEntry
from gonghui.core.indicators import REGISTRY, Period
from gonghui.demo import campaigns
from gonghui.demo.city import city_generate
from gonghui.demo.members import members_generate
from gonghui.orgs.models import Org
from gonghui.stats.tests.report_2012 import FIGURES_2012, TARGETS_2013

SCALE = 0.05


@pytest.fixture
def demo(db):
    city_generate(seed=2013, scale=SCALE)
    members_generate(seed=2013, scale=SCALE)
    return campaigns.build(seed=2013, scale=SCALE)


def _expected(value):
    return max(1, round(value * SCALE))


def test_every_campaigns_figure_of_2012_comes_out_scaled(demo):
    federation, year = Org.objects.get(level=1), Period.year(2012)
    figures = [f for f in FIGURES_2012 if f.code.startswith("campaigns.")]
    assert len(figures) == 24
    for figure in figures:
        value = REGISTRY[figure.code].value(federation, year)
        assert value == _expected(figure.value) if figure.code != "campaigns.innovation_benefit" else value == round(67_520_000 * SCALE), figure.code


def test_early_2013_shows_progress_toward_the_targets(demo):
    federation, year = Org.objects.get(level=1), Period.year(2013)
    for target in [t for t in TARGETS_2013 if t.code.startswith("campaigns.")]:
        assert REGISTRY[target.code].value(federation, year) > 0, target.code


def test_the_demo_entries_keep_the_contest_rules(demo):
    assert not ContestEntry.objects.filter(stage="trials").exclude(prize="", medal="", title="").exists()
    assert ContestEntry.objects.filter(member__isnull=False).exists()
    towns = Org.objects.filter(level=2)
    federation, year = Org.objects.get(level=1), Period.year(2012)
    by_town = sum(REGISTRY["campaigns.skills_trainees"].value(t, year) for t in towns)
    assert by_town == REGISTRY["campaigns.skills_trainees"].value(federation, year)


def test_the_same_seed_gives_the_same_entries(demo):
    first = list(ContestEntry.objects.order_by("contest__code", "bib").values_list("name", "id_number_index")[:50])
    ContestEntry.objects.all().delete()
    from gonghui.campaigns.models import Contest, InHouseRating, Innovation, TrainingBase

    for model in (Contest, InHouseRating, Innovation, TrainingBase):
        model.objects.all().delete()
    campaigns.build(seed=2013, scale=SCALE)
    assert list(ContestEntry.objects.order_by("contest__code", "bib").values_list("name", "id_number_index")[:50]) == first
