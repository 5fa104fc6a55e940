"""The demo city's mutual-aid scheme: the report's share of units and workers enrolled and paid
for, and claims of the year whose payouts are what the year's rules compute."""

from decimal import Decimal

import pytest

from gonghui.core.indicators import REGISTRY, Period
from gonghui.demo.city import city_generate
from gonghui.demo.members import members_generate
from gonghui.demo.mutualaid import build
from gonghui.mutualaid.adjudication import Rules, adjudicate
from gonghui.mutualaid.models import Claim, ClaimStatus, WorkerEnrolment
from gonghui.orgs.models import Org

SCALE = 0.02


@pytest.fixture
def demo_aid(db):
    city_generate(seed=2013, scale=SCALE)
    members_generate(seed=2013, scale=SCALE)
    return build(seed=2013, scale=SCALE)


def test_the_demo_enrols_the_reports_share_of_units_and_workers_spread_over_the_towns(demo_aid):
    root, year = Org.objects.get(level=1), Period.year(2012)
    value = lambda code: REGISTRY[code].value(root, year)  # noqa: E731
    assert value("mutualaid.units") == round(187 * SCALE)
    assert value("mutualaid.workers") == round(41_268 * SCALE) == WorkerEnrolment.objects.count()
    towns = {path[:16] for path in WorkerEnrolment.objects.values_list("org__path", flat=True)}
    assert len(towns) == min(round(187 * SCALE), 19)
    assert value("mutualaid.contributions") == Decimal(20) * round(41_268 * SCALE)


def test_the_demo_claims_meet_the_reports_figures_by_real_adjudication(demo_aid):
    root, year = Org.objects.get(level=1), Period.year(2012)
    value = lambda code: REGISTRY[code].value(root, year)  # noqa: E731
    assert value("mutualaid.hospital_people") == round(113 * SCALE)
    assert value("mutualaid.hospital_amount") == round(136_517 * SCALE)
    assert value("mutualaid.serious_disease_people") == round(25 * SCALE)
    assert Claim.objects.filter(status=ClaimStatus.SUBMITTED).count() == 3  # waiting for a reviewer, not in the figures
    assert not Claim.objects.exclude(status__in=[ClaimStatus.PAID, ClaimStatus.SUBMITTED]).exists()
    for claim in Claim.objects.filter(status=ClaimStatus.PAID).select_related("rules"):
        assert claim.rules.number == 1
        again = adjudicate(rules=Rules.of(claim.rules), plan=claim.plan, diagnosis=claim.diagnosis.reveal(), hospital_level=claim.hospital_level,
                           expense=claim.total_expense, used_plan=0, used_total=0)
        assert again.payable == claim.approved_amount and again.lines == claim.working
        assert claim.started_on >= claim.enrolment.covered_from and claim.enrolment.left_on is None
        if claim.plan == "hospital":
            assert sum(e.amount for e in claim.expenses.all()) == claim.total_expense
