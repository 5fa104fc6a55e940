"""Every read the statistics pages make, scoped to the acting user: the node a page is about
(any node of the user's subtree), the indicator asked for, the targets and their progress."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.http import Http404

from gonghui.core import scope
from gonghui.core.indicators import REGISTRY, Indicator, Period
from gonghui.orgs import selectors as org_selectors
from gonghui.orgs.models import Org
from gonghui.stats import figures
from gonghui.stats.models import Target

FIRST_YEAR = 2000


def scope_org(user, raw_org_id: str | None) -> Org:
    """The node a page is about: ?org=<id> when given (in the user's subtree, else 404), else
    the user's own node."""
    raw = (raw_org_id or "").strip()
    if not raw:
        if not user.org_id:
            raise Http404("您的账号未归属任何组织")
        return user.org
    if not raw.isdigit():
        raise Http404("组织不存在")
    return org_selectors.org_get(user, int(raw))


def year_of(raw: str | None) -> int:
    """?year= within the years the platform can have records for; else the report year."""
    this_year = datetime.date.today().year
    if raw and raw.strip().isdigit() and FIRST_YEAR <= int(raw) <= this_year:
        return int(raw)
    return settings.REPORT_YEAR


def years() -> range:
    return range(datetime.date.today().year, FIRST_YEAR - 1, -1)


def indicator_get(code: str) -> Indicator:
    item = REGISTRY.get(code or "")
    if item is None:
        raise Http404("指标不存在")
    return item


def scope_trail(user, org) -> list[Org]:
    """The nodes from the user's own down to org, for the breadcrumb."""
    return org_selectors.org_ancestors(user, org)


def targets_visible(user):
    return scope.visible(Target.objects.select_related("org", "created_by"), user)


def target_get(user, target_id) -> Target:
    return scope.get_visible_or_404(Target.objects.select_related("org"), user, pk=target_id)


@dataclass(frozen=True)
class Progress:
    target: Target
    indicator: Indicator | None
    value: object  # the indicator's result for the target's node and year to date

    @property
    def number(self):
        return figures.number(self.value)

    @property
    def percent(self) -> Decimal | None:
        if self.number is None or not self.target.value:
            return None
        return (Decimal(self.number) * 100 / self.target.value).quantize(Decimal("0.1"))

    @property
    def met(self) -> bool:
        return self.number is not None and Decimal(self.number) >= self.target.value

    def behind(self, expected_share: Decimal) -> bool:
        """Behind: below the share of the year gone by (a whole-year target is met pro rata)."""
        return self.percent is not None and not self.met and self.percent < expected_share * 100

    @property
    def shown(self) -> str:
        return figures.display(self.value)


def year_share(year: int, today: datetime.date | None = None) -> Decimal:
    """How much of `year` has gone by (1 for a past year)."""
    today = today or datetime.date.today()
    if today.year > year:
        return Decimal(1)
    if today.year < year:
        return Decimal(0)
    return (Decimal(today.timetuple().tm_yday) / Decimal(366 if today.year % 4 == 0 else 365)).quantize(Decimal("0.001"))


def progress(user, org: Org, year: int) -> list[Progress]:
    """The targets of year set for org and the nodes below it the user sees, each with the
    figure so far (the year to date; a rate as it stands)."""
    rows = scope.within(targets_visible(user).filter(year=year), org.path).order_by("indicator_code", "org__path")
    period = Period.year(year)
    version = figures.data_version()
    result = []
    for target in rows:
        item = REGISTRY.get(target.indicator_code)
        value = figures.raw_value(item, target.org, period, version=version) if item else None
        result.append(Progress(target, item, value))
    return result
