"""The indicator registry. Each app declares its figures in its own indicators.py:

    @indicator("orgs.unions_primary", "基层工会数", "家", "在范围内、状态为存续的基层工会个数", records=...)
    def unions_primary(org, period): ...

A figure is a function of a scope (an organisation node, its whole subtree) and a period;
`records` returns the queryset behind the figure, for drill-down; `breakdown`, where a
figure splits naturally (by channel, by plan, by grade), returns its parts as (label, value)
pairs. A rate is returned as a `Ratio`, so that every page shows its base with it. `stats`
only renders.
"""

import calendar
import contextvars
import datetime
import functools
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def month(cls, year: int, month: int) -> "Period":
        return cls(datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1]))

    @property
    def label(self) -> str:
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) and self.start.year == self.end.year:
            return f"{self.start.year}年"
        return f"{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}"


@dataclass(frozen=True)
class Ratio:
    """A rate with its base: numerator out of denominator, shown as a percentage to one place.
    `base` says in words what is counted (e.g. "已签订集体合同的企业 / 已建工会企业")."""

    numerator: int | Decimal
    denominator: int | Decimal
    base: str = ""

    @property
    def percent(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(self.numerator) * 100 / Decimal(self.denominator)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def __str__(self):
        percent = self.percent
        return "—" if percent is None else f"{percent}%"


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str
    definition: str
    compute: Callable = field(repr=False)
    records: Callable | None = field(default=None, repr=False)
    breakdown: Callable | None = field(default=None, repr=False)
    by_child: Callable | None = field(default=None, repr=False)

    def value(self, org, period: Period):
        return self.compute(org, period)


REGISTRY: dict[str, Indicator] = {}


def indicator(code: str, name: str, unit: str, definition: str, *, records: Callable | None = None, breakdown: Callable | None = None,
              by_child: Callable | None = None):
    """`by_child`, for a count over large tables, gives the figure for every child node of org
    in one grouped query: {child's path: value}, a child with no records left out (0). The pages
    that compare the towns read it instead of one query per town."""

    def register(compute):
        if code in REGISTRY and REGISTRY[code].compute.__qualname__ != compute.__qualname__:
            raise ValueError(f"indicator {code} declared twice")
        REGISTRY[code] = Indicator(code, name, unit, definition, compute, records, breakdown, by_child)
        return compute

    return register


_shared_results: contextvars.ContextVar[dict | None] = contextvars.ContextVar("shared_results", default=None)


@contextmanager
def sharing():
    """Inside this block a `shared` query runs once per scope and period, however many
    indicators read it: a page or the report computing many figures at once opens it. Outside,
    every figure runs its own queries (what a single figure or a test reads)."""
    if _shared_results.get() is not None:  # already inside one: keep its results
        yield
        return
    token = _shared_results.set({})
    try:
        yield
    finally:
        _shared_results.reset(token)


def shared(compute: Callable) -> Callable:
    """A function of (org, period) several indicators read parts of (e.g. the members at a date
    counted in total, women and migrant workers: one scan of the registry, not three)."""

    @functools.wraps(compute)
    def run(org, period):
        return remembered((compute, org.pk, org.path, period), lambda: compute(org, period))

    return run


def remembered(key, compute: Callable):
    """compute() once per key inside a `sharing` block; every time outside one."""
    results = _shared_results.get()
    if results is None:
        return compute()
    if key not in results:
        results[key] = compute()
    return results[key]


def catalogue() -> list[Indicator]:
    return sorted(REGISTRY.values(), key=lambda item: item.code)
