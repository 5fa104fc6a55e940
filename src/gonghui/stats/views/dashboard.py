"""The dashboard of a level (city, town, village): the key figures of the subtree, trends by
month and by year, and the nodes below compared; each chart with its table. Charts are
drawn by ECharts (vendored) from data handed over as JSON in the page (json_script), so the
page runs under the CSP with no inline script."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from gonghui.core.indicators import REGISTRY, Period, sharing
from gonghui.orgs.models import Org, OrgStatus
from gonghui.stats import figures
from gonghui.stats.views.common import page_scope, scope_context, stats_required

# The figures a leader looks at first; those of areas not installed are left out.
KEY_CODES = [
    "members.members", "members.recruited", "orgs.new_single_unions", "orgs.unions_primary", "cards.issued", "cards.valid",
    "bargaining.establishment_rate", "harmony.sme_creation_rate", "mutualaid.workers", "service.cases",
    "assistance.archived_helped_amount", "culture.audience",
]
MONTH_CODES = ["members.recruited", "cards.issued", "cards.uses", "service.cases"]
YEAR_CODES = ["members.recruited", "cards.issued", "orgs.new_single_unions"]
COMPARE_CODES = ["members.members", "members.recruited", "cards.issued", "orgs.new_single_unions", "harmony.sme_creation_rate"]
logger = logging.getLogger(__name__)

DASHBOARD_NAMES = {1: "市级看板", 2: "镇(街道)看板", 3: "村(社区)看板", 4: "基层工会看板"}


def _registered(codes):
    return [REGISTRY[c] for c in codes if c in REGISTRY]


def _series_chart(chart_id, title, labels, series, kind="line"):
    """One chart's data: labels on the x axis, one series per indicator; the same drives the table."""
    return {
        "id": chart_id, "title": title, "kind": kind, "labels": labels, "wide": not chart_id.startswith("compare-"),
        "series": [{"name": name, "unit": unit, "code": code, "values": [_plain(v) for v in values]} for code, name, unit, values in series],
    }


def _plain(value):
    number = figures.number(value)
    return float(number) if number is not None and not isinstance(number, int) else number


@login_required
@stats_required
def dashboard(request):
    org, year = page_scope(request)
    shown = figures.snapshot(_snapshot_key(org, year), lambda version: _dashboard_data(org, year, version))
    key, charts = shown.data
    return render(request, "stats/dashboard.html", scope_context(request, org, year, title=f"{org.name}{year}年工作概况", key=key, charts=charts,
                                                                  level_name=DASHBOARD_NAMES.get(org.level, ""), shown=shown,
                                                                  today=datetime.date.today()))


def _snapshot_key(org, year: int) -> tuple:
    return ("dashboard", org.pk, org.path, year)


def warm_up() -> None:
    """As a server process starts, work out in the background the dashboards of the tree's
    top nodes for the report year: the page leaders open first, whose first visitor would
    otherwise wait seconds at a city's scale."""
    if not figures.caching():
        return
    year = settings.REPORT_YEAR

    def work():
        try:
            for org in Org.objects.filter(parent__isnull=True, status=OrgStatus.ACTIVE):
                figures.snapshot(_snapshot_key(org, year), lambda version, org=org: _dashboard_data(org, year, version))
        except Exception:
            logger.exception("working out the top dashboards at start failed")

    figures.refresh(("warm-up",), work)


def _dashboard_data(org, year: int, version: str) -> tuple[list, list]:
    """The key figures and the charts of org's dashboard for a year (the same for everyone who
    may see org: a page's scope is its node)."""
    period = Period.year(year)
    with sharing():
        key = figures.figures(org, period, items=_registered(KEY_CODES))
        charts = []
        monthly = _registered(MONTH_CODES)
        if monthly:
            rows = [(i.code, i.name, i.unit, [v for _, v in figures.by_month(i, org, year, version=version)]) for i in monthly]
            charts.append(_series_chart("months", f"{year}年逐月", [f"{m}月" for m in range(1, 13)], rows))
        yearly = _registered(YEAR_CODES)
        if yearly:
            rows = [(i.code, i.name, i.unit, [v for _, v in figures.by_year(i, org, year, version=version)]) for i in yearly]
            charts.append(_series_chart("years", f"{year - 4}—{year}年", [f"{y}年" for y in range(year - 4, year + 1)], rows, kind="bar"))
        nodes = figures.children(org)
        if nodes:
            for item in _registered(COMPARE_CODES):
                values = [v for _, v in figures.by_child(item, org, period, nodes=nodes, version=version)]
                charts.append(_series_chart(f"compare-{item.code.replace('.', '-')}", f"{item.name}：下级比较", [n.name for n in nodes],
                                            [(item.code, item.name, item.unit, values)], kind="bar"))
    for chart in charts:
        chart["dom_id"] = f"data-{chart['id']}"
        chart["rows"] = [[label, *[s["values"][i] for s in chart["series"]]] for i, label in enumerate(chart["labels"])]
    return key, charts
