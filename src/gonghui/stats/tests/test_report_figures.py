"""The proof: the demo city, generated at scale 1, gives the source report's figures for 2012.

The demo is generated once for the module (city, members, cards and every area's records,
through `gonghui demo` itself) inside a transaction rolled back at the end, and each figure of
part one (FIGURES_2012) is computed there by its indicator at the federation root for 2012 and
compared as the report's wording reads ("eq": exactly; "ge": at least; a rate on its
percentage to one place). A figure that differs, or whose indicator is not registered,
fails with the report's sentence."""

from decimal import Decimal

import pytest
from django.db import transaction

from gonghui.core.indicators import REGISTRY, Period, Ratio
from gonghui.stats.tests.report_2012 import FIGURES_2012


@pytest.fixture(scope="module")
def demo_year_values(django_db_setup, django_db_blocker):
    """Every registered figure of the report, computed once on the demo city. The tests
    compare only, so none of them opens a savepoint over a million pending rows (on
    PostgreSQL each savepoint's rollback would bring back every deferred constraint check)."""
    from django.core.management import call_command

    from gonghui.orgs.models import Org

    # Through the command (statistics stand below the demo, which imports them).
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("demo", seed=2013, scale=1, verbosity=0)
        federation = Org.objects.get(level=1)
        values = {f.code: REGISTRY[f.code].value(federation, Period.year(2012)) for f in FIGURES_2012 if f.code in REGISTRY}
        values["by_child"] = _by_child_against_each_child(federation)
        transaction.set_rollback(True)
    return values


def _by_child_against_each_child(federation) -> list:
    """Where an indicator gives its figure for every child in one grouped query (the town
    comparisons of the dashboard), the figures that differ from each child's own."""
    from gonghui.orgs.models import Org

    differ = []
    for parent in (federation, Org.objects.filter(level=2).order_by("code").first()):
        nodes = list(Org.objects.filter(parent=parent))
        for item in (i for i in REGISTRY.values() if i.by_child):
            for period in (Period.year(2012), Period.year(2011), Period.month(2012, 3)):
                grouped = item.by_child(parent, period)
                differ += [(item.code, node.code, period.label) for node in nodes if grouped.get(node.path, 0) != item.value(node, period)]
    return differ


@pytest.mark.parametrize("figure", FIGURES_2012, ids=[f.code for f in FIGURES_2012])
def test_the_demo_year_gives_the_reports_figure(figure, demo_year_values, db):
    if figure.code not in demo_year_values:
        pytest.fail(f"指标 {figure.code} 未登记(报告原文：{figure.sentence})")
    value = demo_year_values[figure.code]
    shown = value.percent if isinstance(value, Ratio) else value
    expected = Decimal(figure.value) if isinstance(value, Ratio) else figure.value
    if figure.op == "ge":
        assert shown is not None and shown >= expected, f"{figure.code} = {shown}，报告为至少 {figure.value}：{figure.sentence}"
    else:
        assert shown == expected, f"{figure.code} = {shown}，报告为 {figure.value}：{figure.sentence}"


def test_a_figure_grouped_by_child_equals_each_childs_own(demo_year_values, db):
    assert demo_year_values["by_child"] == []
