"""The city's figures read its whole tree without testing each row's path (only while it is
the sole root), and figures read together share one query inside a `sharing` block."""

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core import scope
from gonghui.core.indicators import REGISTRY, Period, shared, sharing
from gonghui.testing import make_enterprise, make_org

# core stands below orgs: its tests reach the tree through the app registry.
Enterprise = apps.get_model("orgs", "Enterprise")
FEDERATION, TOWN, PRIMARY = 1, 2, 4
YEAR = Period.year(2012)


def enterprises_single(org, period):
    return REGISTRY["orgs.enterprises_single"].value(org, period)


def test_the_sole_root_sees_every_row_without_a_path_test(city):
    query = str(scope.within(Enterprise.objects.all(), city.federation.path).query)
    assert "path" not in query
    assert scope.within(Enterprise.objects.all(), city.federation.path).count() == Enterprise.objects.count()


def test_a_second_root_keeps_the_first_roots_figures_to_its_own_tree(city):
    before = enterprises_single(city.federation, YEAR)
    other = make_org(name="余姚市总工会", level=FEDERATION, kind="federation", code="Y")
    town = make_org(name="余姚镇总工会", level=TOWN, kind="town", parent=other, code="Y-01")
    union = make_org(name="余姚企业工会", level=PRIMARY, kind="enterprise", parent=town, code="Y-01-001")
    make_enterprise(org=union, town=town, number=900, formation="single")
    assert "path" in str(scope.within(Enterprise.objects.all(), city.federation.path).query)
    assert enterprises_single(city.federation, YEAR) == before
    assert enterprises_single(other, YEAR) == 1


def test_a_town_is_still_read_by_its_path(city):
    town = city.towns[0]
    rows = scope.within(Enterprise.objects.all(), town.path)
    assert "path" in str(rows.query)
    assert set(rows) == {e for e in Enterprise.objects.all() if e.org.path.startswith(town.path)}


def test_a_shared_query_runs_once_inside_a_sharing_block_and_each_time_outside(city):
    calls = []

    @shared
    def counted(org, period):
        calls.append(org.pk)
        return scope.within(Enterprise.objects.all(), org.path).count()

    with sharing():
        with CaptureQueriesContext(connection) as queries:
            first, second = counted(city.federation, YEAR), counted(city.federation, YEAR)
        town = counted(city.towns[0], YEAR)
    assert first == second and len(calls) == 2 and town < first
    assert len(queries) == 2  # the roots, then the count
    counted(city.federation, YEAR)
    counted(city.federation, YEAR)
    assert len(calls) == 4
