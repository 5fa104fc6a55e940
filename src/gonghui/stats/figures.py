"""Figures: what an indicator comes to for a scope and a period, read as a number.

`stats` only renders what the apps declare (gonghui.core.indicators): it never computes a
figure of its own. This module turns an indicator's result (a count, an amount, a Ratio)
into something comparable (a number, a percentage for a rate), and computes the series the
pages and the report need: a year and the one before, by month, by year, by child node.

Speed: a figure is a query over a subtree; the catalogue is ~200 of them and a dashboard
compares 19 towns on a few. Figures computed together share the queries they have in common
(core.indicators.sharing), and a town comparison is one grouped query where the indicator
declares one (Indicator.by_child). Results are cached per (indicator, node, period) under the
last write of the audit chain: every write a person makes goes through a service that appends an audit
entry in the same transaction, so a new write entry means the records may have changed and every
cached figure is stale at once (the cache lives 10 minutes at most in any case, for writes
that bypass the services, such as the demo generator).
"""

import datetime
import logging
import threading
import time
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from gonghui.core.indicators import Indicator, Period, Ratio, catalogue, sharing
from gonghui.core.models import AuditEntry
from gonghui.orgs.models import Org, OrgStatus

logger = logging.getLogger(__name__)

CACHE_SECONDS = 600
CACHE_MAX = 50_000  # figures kept per process; a whole catalogue by town is ~3,000


class _FigureCache:
    """Per process, for one data version at a time: when the version moves on, everything
    cached under the old one is dropped at once. (Django's default cache keeps 300 entries,
    fewer than one catalogue with its year before.)"""

    def __init__(self):
        self.lock = threading.Lock()
        self.version = None
        self.values: dict = {}

    def get(self, version, key):
        with self.lock:
            if version != self.version:
                return None
            found = self.values.get(key)
        if found is None or found[0] < time.monotonic():
            return None
        return found[1]

    def set(self, version, key, value):
        with self.lock:
            if version != self.version:
                self.version, self.values = version, {}
            if len(self.values) >= CACHE_MAX:
                self.values.clear()
            self.values[key] = (time.monotonic() + CACHE_SECONDS, value)

    def clear(self):
        with self.lock:
            self.version, self.values = None, {}


cache = _FigureCache()


# Pages -----------------------------------------------------------------------------------------
# A dashboard is a few hundred figures over the whole subtree: seconds at a city's scale, more
# than a leader should wait each time a clerk anywhere has written something. So what a page
# showed is kept per process, with the data version and the time it was worked out at; after a
# write the page is shown as it was, saying when, while one background thread works it out
# anew, and the next visit gets the new one.


@dataclass
class Snapshot:
    data: object
    version: str
    computed_at: datetime.datetime
    fresh: bool = True  # False: an earlier version, being worked out anew


class _Snapshots:
    def __init__(self):
        self.lock = threading.Lock()
        self.entries: dict = {}
        self.refreshing: dict = {}  # key -> the thread working it out anew

    def clear(self):
        with self.lock:
            self.entries, self.refreshing = {}, {}


snapshots = _Snapshots()


def in_background(key, work) -> None:
    """Run work() in a daemon thread with its own database connection (closed at the end)."""
    from django.db import connection

    def run():
        try:
            work()
        finally:
            connection.close()
            with snapshots.lock:
                snapshots.refreshing.pop(key, None)

    thread = threading.Thread(target=run, name="stats-refresh", daemon=True)
    with snapshots.lock:
        snapshots.refreshing[key] = thread
    thread.start()


refresh = in_background  # tests replace it to run the work where they can see it


def snapshot(key, compute) -> Snapshot:
    """compute(version) for this key as last worked out, or worked out now if never; after a
    write, the last one (fresh False) while it is worked out anew in the background."""
    version = data_version()
    if not caching():
        return Snapshot(compute(version), version, timezone.now())
    with snapshots.lock:
        known = snapshots.entries.get(key)
    if known is not None and known.version == version:
        return known
    if known is None:
        made = Snapshot(compute(version), version, timezone.now())
        with snapshots.lock:
            snapshots.entries[key] = made
        return made

    def again():
        try:
            current = data_version()  # read first: a write meanwhile leaves the result stale, so it is redone
            made = Snapshot(compute(current), current, timezone.now())
            with snapshots.lock:
                snapshots.entries[key] = made
        except Exception:
            logger.exception("working a page's figures out anew failed")
        finally:
            with snapshots.lock:
                snapshots.refreshing.pop(key, None)

    with snapshots.lock:
        start = key not in snapshots.refreshing
        if start:
            snapshots.refreshing[key] = None
    if start:
        refresh(key, again)
    return Snapshot(known.data, known.version, known.computed_at, fresh=False)


# The audit actions that change records; sign-ins, exports and reveals change none.
WRITES = ("create", "update", "delete", "import")


def data_version() -> str:
    """Changes whenever an audited write lands: the last write entry of the hash chain (its
    hash, so that a test's rolled-back entry of the same number is not taken for it)."""
    last = AuditEntry.objects.filter(action__in=WRITES).order_by("-seq").values_list("seq", "hash").first()
    return f"{last[0]}-{last[1][:16]}" if last else "0"


def _cache_key(item: Indicator, org: Org, period: Period) -> tuple:
    return (item.code, org.pk, org.path, period.start, period.end)


def caching() -> bool:
    # Tests roll their writes back, and a rolled-back head comes again: no cache there.
    return getattr(settings, "STATS_CACHE", not settings.TESTING)


def raw_value(item: Indicator, org: Org, period: Period, *, version: str | None = None):
    """The indicator's own result (int, Decimal or Ratio), cached under the data version."""
    if not caching():
        return item.value(org, period)
    version = data_version() if version is None else version
    key = _cache_key(item, org, period)
    found = cache.get(version, key)
    if found is not None:
        return found
    value = item.value(org, period)
    cache.set(version, key, value)
    return value


def number(value) -> Decimal | int | None:
    """A result as a comparable number: a rate is its percentage."""
    if isinstance(value, Ratio):
        return value.percent
    if value is None:
        return None
    return value


def display(value, unit: str = "") -> str:
    """A result as the report writes it: 11984, 63.5万 for money past ten thousand is left to
    the sentences; here only rates get their % and money its two places when not whole."""
    if value is None:
        return "—"
    if isinstance(value, Ratio):
        return str(value)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}" if value == value.to_integral() else f"{value:.2f}"
    return str(value)


def change(current, previous) -> Decimal | int | None:
    a, b = number(current), number(previous)
    if a is None or b is None:
        return None
    return a - b


@dataclass(frozen=True)
class Figure:
    indicator: Indicator
    value: object
    previous: object = None

    @property
    def code(self):
        return self.indicator.code

    @property
    def number(self):
        return number(self.value)

    @property
    def area(self) -> str:
        """The app that declares the indicator, in its Chinese name (for grouping a page)."""
        from django.apps import apps

        label = self.code.split(".", 1)[0]
        return apps.get_app_config(label).verbose_name if apps.is_installed(f"gonghui.{label}") else label

    @property
    def change(self):
        return change(self.value, self.previous)

    @property
    def is_ratio(self) -> bool:
        return isinstance(self.value, Ratio)

    @property
    def shown(self) -> str:
        return display(self.value)

    @property
    def previous_shown(self) -> str:
        return display(self.previous)

    @property
    def change_shown(self) -> str:
        delta = self.change
        if delta is None:
            return "—"
        sign = "+" if delta > 0 else ""
        return f"{sign}{display(delta)}{'个百分点' if self.is_ratio else ''}"


def previous_period(period: Period) -> Period:
    return Period(period.start.replace(year=period.start.year - 1), period.end.replace(year=period.end.year - 1))


def figures(org: Org, period: Period, *, items=None, with_previous: bool = True) -> list[Figure]:
    """Every indicator (or `items`) for the subtree at org, with the same period a year before."""
    version = data_version()
    items = catalogue() if items is None else items
    before = previous_period(period)
    with sharing():
        return [
            Figure(item, raw_value(item, org, period, version=version), raw_value(item, org, before, version=version) if with_previous else None)
            for item in items
        ]


def children(org: Org) -> list[Org]:
    """The nodes a page compares: the live children of org, by code."""
    return list(Org.objects.filter(parent=org, status=OrgStatus.ACTIVE).order_by("code"))


def by_child(item: Indicator, org: Org, period: Period, *, nodes=None, version=None) -> list[tuple[Org, object]]:
    """The figure for each child of org (`nodes`, by default the live children): one grouped
    query where the indicator has one (Indicator.by_child), else one figure per child; either
    way kept in the cache under each child, like any figure."""
    version = data_version() if version is None else version
    nodes = children(org) if nodes is None else nodes
    if item.by_child is None:
        return [(child, raw_value(item, child, period, version=version)) for child in nodes]
    cached = caching()
    grouped = None
    result = []
    for child in nodes:
        key = _cache_key(item, child, period)
        value = cache.get(version, key) if cached else None
        if value is None:
            grouped = item.by_child(org, period) if grouped is None else grouped
            value = grouped.get(child.path, 0)
            if cached:
                cache.set(version, key, value)
        result.append((child, value))
    return result


def by_month(item: Indicator, org: Org, year: int, *, version=None, until: datetime.date | None = None) -> list[tuple[str, object]]:
    """The figure month by month in a year (months after `until` are left out)."""
    version = data_version() if version is None else version
    months = []
    for month in range(1, 13):
        period = Period.month(year, month)
        if until and period.start > until:
            break
        months.append((f"{month}月", raw_value(item, org, period, version=version)))
    return months


def by_year(item: Indicator, org: Org, last_year: int, *, years: int = 5, version=None) -> list[tuple[str, object]]:
    version = data_version() if version is None else version
    return [(f"{y}年", raw_value(item, org, Period.year(y), version=version)) for y in range(last_year - years + 1, last_year + 1)]
