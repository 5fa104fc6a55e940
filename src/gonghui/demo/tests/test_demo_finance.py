"""The demo city's union funds: every joint and workplace union has its dues for 2012, most
paid in full, a few behind; audits with findings."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from gonghui.core.indicators import Period
from gonghui.demo import finance
from gonghui.demo.city import city_generate
from gonghui.finance import indicators
from gonghui.finance.models import DuesRecord, FundsAudit
from gonghui.orgs.models import Org

SCALE = 0.3


@pytest.fixture
def demo(db):
    city_generate(seed=2013, scale=SCALE)
    return finance.build(seed=2013, scale=SCALE)


def test_every_union_has_its_2012_dues_and_they_add_up(demo):
    unions = Org.objects.filter(level__gte=3, status="active")
    assert set(DuesRecord.objects.filter(year=2012).values_list("org", flat=True)) == set(unions.values_list("pk", flat=True))
    for dues in DuesRecord.objects.all():
        assert dues.due == (dues.payroll * dues.rate / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) and 0 <= dues.collected <= dues.due
    root, year = Org.objects.get(level=1), Period.year(2012)
    rate = indicators.collection_rate(root, year)
    assert Decimal("80") < rate.percent < Decimal("100")
    assert indicators.dues_collected(root, year) > indicators.dues_collected(root, Period.year(2011))
    assert 0 < indicators.unions_behind(root, year) < unions.count() // 5


def test_the_audits_of_2012_have_findings(demo):
    root, year = Org.objects.get(level=1), Period.year(2012)
    assert indicators.audits(root, year) == FundsAudit.objects.count() == round(12 * SCALE)
    assert indicators.audit_findings(root, year) >= indicators.audits(root, year)
