"""The demo city's outreach (双服务): the report's figures of 2012 at the scale asked for, each
place visited once by the group that works its town."""

import pytest
from django.db.models import Count

from gonghui.core.indicators import REGISTRY, Period
from gonghui.demo import outreach
from gonghui.demo.city import city_generate
from gonghui.orgs.models import Org
from gonghui.outreach import indicators  # noqa: F401  (declares the figures)
from gonghui.outreach.models import OutreachGroup, OutreachVisit
from gonghui.stats.tests.report_2012 import FIGURES_2012

SCALE = 0.5


@pytest.fixture
def demo(db):
    city_generate(seed=2013, scale=SCALE)
    return outreach.build(seed=2013, scale=SCALE)


def test_the_demo_yields_the_reports_outreach_figures_at_its_scale(demo):
    root, year = Org.objects.get(level=1), Period.year(2012)
    for figure in [f for f in FIGURES_2012 if f.code.startswith("outreach.")]:
        value, wanted = REGISTRY[figure.code].value(root, year), round(figure.value * SCALE)
        assert value == wanted if figure.op == "eq" else value >= wanted, (figure.code, value, wanted)


def test_every_group_has_a_leader_and_visits_and_no_visit_solves_more_than_raised(demo):
    groups = OutreachGroup.objects.annotate(n=Count("visits"))
    assert groups.count() == round(8 * SCALE) and all(g.n > 0 and g.leader is not None for g in groups)
    assert not OutreachVisit.objects.exclude(visited_on__year=2012).exists()
    assert all(v.problems_solved <= v.problems_raised for v in OutreachVisit.objects.all())
