"""The demo city's help for workers in difficulty: the report's figures at the scale asked,
every grant within the rules (one per person per programme, from a fund that stays at or
above zero, ledger balanced), the same records for the same seed."""

import pytest
from django.db.models import Count, Sum

from gonghui.assistance import indicators
from gonghui.assistance.models import FileStatus, Fund, FundEntry, Grant, HardshipFile
from gonghui.core.indicators import Period
from gonghui.demo import assistance
from gonghui.demo.cards import build_cards
from gonghui.demo.city import city_generate
from gonghui.demo.members import members_generate
from gonghui.orgs.models import Org
from gonghui.stats.tests.report_2012 import FIGURES_2012

SCALE = 0.05


@pytest.fixture
def demo(db):
    city_generate(seed=2013, scale=SCALE)
    members_generate(seed=2013, scale=SCALE)
    build_cards(seed=2013, scale=SCALE)
    return assistance.build(seed=2013, scale=SCALE)


def test_the_demo_gives_the_reports_figures_in_proportion(demo):
    federation = Org.objects.get(level=1)
    year = Period.year(2012)
    for figure in [f for f in FIGURES_2012 if f.code.startswith("assistance.")]:
        value = getattr(indicators, figure.code.split(".", 1)[1])(federation, year)
        expected = round(figure.value * SCALE)
        if figure.code.endswith(("_amount", "_raised")):
            assert abs(value - expected) <= 100, figure.code
        elif figure.op == "ge":
            assert value >= expected, figure.code
        else:
            assert value == expected, figure.code


def test_every_demo_grant_keeps_the_rules(demo):
    assert not Grant.objects.values("programme", "beneficiary").annotate(n=Count("id")).filter(n__gt=1).exists()
    assert not Grant.objects.exclude(decided_by__isnull=True).filter(decided_by=models_f("proposed_by")).exists()
    for fund in Fund.objects.all():
        assert fund.balance >= 0
        assert fund.balance == (FundEntry.objects.filter(fund=fund).aggregate(s=Sum("amount"))["s"] or 0), fund.name
    assert FundEntry.objects.filter(kind="grant").count() == Grant.objects.count()
    archived_only = Grant.objects.filter(programme__kind__in=["archived_help", "model_worker_help", "education_grant"])
    assert not archived_only.filter(hardship_file__isnull=True).exists()
    assert not archived_only.exclude(hardship_file__archived_on__lt=models_f("paid_on")).exists()
    assert HardshipFile.objects.filter(status=FileStatus.ARCHIVED).exists() and HardshipFile.objects.filter(status=FileStatus.EXITED).exists()
    assert HardshipFile.objects.filter(status__in=["applied", "checked", "visited", "income_checked", "notice"]).exists()


def models_f(name):
    from django.db.models import F

    return F(name)
