"""The demo city's safety records: the report's 2012 figures at the demo's scale, from records
that obey the app's own rules."""

from decimal import Decimal

import pytest

from gonghui.core.indicators import REGISTRY, Period, Ratio
from gonghui.demo.safety import build
from gonghui.demo.city import city_generate
from gonghui.demo.members import members_generate
from gonghui.orgs.models import Org
from gonghui.stats.tests.report_2012 import FIGURES_2012

SCALE = 0.02


@pytest.fixture
def demo(db):
    import gonghui.safety.indicators  # noqa: F401  (registers the figures)

    city_generate(seed=2013, scale=SCALE)
    members_generate(seed=2013, scale=SCALE)
    return build(seed=2013, scale=SCALE)


def test_the_demo_yields_the_reports_figures_at_its_scale(demo):
    root = Org.objects.get(level=1)
    figures = [f for f in FIGURES_2012 if f.code.startswith("safety.")]
    assert figures
    for figure in figures:
        value = REGISTRY[figure.code].value(root, Period.year(2012))
        if isinstance(value, Ratio):
            assert abs(value.percent - Decimal(figure.value)) <= Decimal("0.5"), (figure.code, value)
        else:
            assert value == round(figure.value * SCALE), (figure.code, value)
    assert isinstance(demo, str) and demo

