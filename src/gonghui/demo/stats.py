"""The demo's 2013 targets (part three of the source report), for the city and split across
its towns, so that the progress page has something to show.

The city's target is the report's (TARGETS_2013, at the demo's scale for counts); each town
gets a share in proportion to its members, rounded so that the shares add up to the city's
(largest remainders); a town whose share rounds to nothing gets no target. A rate (50%) is
the same for every town. One more target the report implies rather than lists: recruitment
("发展会员11984人，超过宁波下达任务目标数的20%"), set for 2013 at 12,000 members.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count

from gonghui.core import scope
from gonghui.members.models import Member
from gonghui.orgs.models import Level, Org, OrgStatus
from gonghui.stats.models import Target
from gonghui.stats.tests.report_2012 import TARGETS_2013, Figure

YEAR = 2013
EXTRA_TARGETS = [Figure("members.recruited", 12_000, "ge", "发展会员11984人，超过宁波下达任务目标数的20%(2013年目标按12000人设)")]


def _is_rate(figure: Figure) -> bool:
    return isinstance(figure.value, Decimal)


def split(total: int, weights: list[int]) -> list[int]:
    """total in whole shares by weight, summing exactly to total (largest remainders)."""
    weight_sum = sum(weights) or 1
    exact = [Decimal(total) * w / weight_sum for w in weights]
    shares = [int(e) for e in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: (exact[i] - shares[i], weights[i]), reverse=True)
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


def build(*, seed: int, scale: float) -> str:
    city = Org.objects.filter(level=Level.FEDERATION).order_by("pk").first()
    if city is None:
        return "目标：没有市总工会，未生成"
    towns = list(Org.objects.filter(parent=city, level=Level.TOWN, status=OrgStatus.ACTIVE).order_by("code"))
    weights = []
    for town in towns:
        weights.append(scope.within(Member.objects.all(), town.path).aggregate(n=Count("pk"))["n"])
    Target.objects.filter(year=YEAR, org__in=[city, *towns]).delete()
    rows = []
    for figure in [*TARGETS_2013, *EXTRA_TARGETS]:
        note = figure.sentence[:300]
        if _is_rate(figure):
            rows += [Target(indicator_code=figure.code, org=node, year=YEAR, value=figure.value, note=note) for node in [city, *towns]]
            continue
        total = int((Decimal(figure.value) * Decimal(str(scale))).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        if total <= 0:
            continue
        rows.append(Target(indicator_code=figure.code, org=city, year=YEAR, value=total, note=note))
        rows += [Target(indicator_code=figure.code, org=town, year=YEAR, value=share, note=note)
                 for town, share in zip(towns, split(total, weights)) if share > 0]
    Target.objects.bulk_create(rows)
    return f"{YEAR}年目标 {len(TARGETS_2013) + len(EXTRA_TARGETS)} 项，分解到 {len(towns)} 个镇(街道)，共 {len(rows)} 条"
