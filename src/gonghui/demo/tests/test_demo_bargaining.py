"""The demo city's bargaining, democratic management and union building: the report's
figures in proportion at a small scale, every record keeping the app's own rules."""

import pytest
from django.db.models import F

from gonghui.bargaining import indicators
from gonghui.bargaining.models import Agreement, AgreementEnterprise, StarRating, WorkplaceDemocracy
from gonghui.core.indicators import Period
from gonghui.demo.bargaining import build
from gonghui.demo.city import city_generate
from gonghui.orgs.models import Org

SCALE = 0.05


@pytest.fixture
def demo(db):
    city_generate(seed=2013, scale=SCALE)
    return build(seed=2013, scale=SCALE)


def test_the_demo_writes_the_reports_figures_in_proportion(demo):
    root, year = Org.objects.get(level=1), Period.year(2012)
    assert indicators.contract_enterprises_single(root, year) == round(2535 * SCALE)
    assert indicators.contract_joint_unions(root, year) == round(350 * SCALE)
    assert indicators.five_star_unions(root, year) == round(86 * SCALE)
    assert indicators.three_star_unions(root, year) == round(26 * SCALE)
    assert indicators.regional_congresses(root, year) == round(32 * SCALE)
    assert indicators.instructors(root, year) == round(1046 * SCALE)
    assert indicators.instructors_certified(root, year) == round(628 * SCALE)
    assert indicators.congress_rate_state(root, year).percent in (None, 100)
    assert abs(indicators.congress_rate_other(root, year).percent - 97) <= 2
    assert abs(indicators.two_displays_rate(root, year).percent - 88) <= 2
    assert indicators.industry_agreements_new(root, Period.year(2013)) >= 1
    assert indicators.instructor_classes(root, Period.year(2013)) == 1
    assert "协商与民主管理" in demo


def test_the_demo_keeps_the_apps_rules(demo):
    assert not Agreement.objects.filter(expires_on__lte=F("signed_on")).exists()
    assert not Agreement.objects.filter(coverage="single").exclude(covered__enterprise=F("enterprise")).exists()
    assert not AgreementEnterprise.objects.filter(agreement__coverage="single").exclude(enterprise__formation="single").exists()
    assert not WorkplaceDemocracy.objects.filter(congress_established_on__lt=F("org__established_on")).exists()
    assert not StarRating.objects.exclude(year=2012).exists()


def test_the_demo_is_the_same_for_the_same_seed(db):
    city_generate(seed=7, scale=0.02)
    build(seed=7, scale=0.02)
    first = list(Agreement.objects.order_by("number").values_list("number", "org__code", "signed_on", "workers_covered"))
    assert first and len(first) == len(set(n for n, *_ in first))
