"""The rates with their base: numerator, denominator and what is counted, by the node's
children, and the list of what is not yet covered (the list a town clerk works from,
exportable and printable)."""

from django.urls import reverse

from gonghui.core.indicators import REGISTRY, Ratio
from gonghui.core.listing import Column, Filter, Listing
from gonghui.orgs.models import Formation, Ownership

from gonghui.bargaining import indicators
from gonghui.bargaining.views.common import business_page, period_of, requested_node, requested_year

ENTERPRISE_COLUMNS = [
    Column("name", "企业名称", sort="name"),
    Column("credit_code", "统一社会信用代码"),
    Column("formation", "建会方式"),
    Column("ownership", "经济类型"),
    Column("org.name", "所属工会"),
    Column("address_town.name", "所在镇(街道)"),
    Column("employee_count", "职工人数", sort="employee_count"),
]
UNION_COLUMNS = [
    Column("name", "工会名称", sort="name"),
    Column("code", "组织编码", sort="code"),
    Column("kind", "类型"),
    Column("parent.name", "上级工会"),
    Column("established_on", "成立日期", sort="established_on"),
    Column("chair_name", "工会主席"),
]


def _enterprise_listing(name):
    return Listing(columns=ENTERPRISE_COLUMNS, search_fields=("name", "credit_code"), search_hint="企业名称或信用代码",
                   filters=[Filter("formation", "建会方式", [(f.value, f.label) for f in Formation if f != Formation.NONE], "formation"),
                            Filter("ownership", "经济类型", Ownership.choices, "ownership")],
                   default_sort="name", export_name=name)


RATES = {
    "establishment": ("bargaining.establishment_rate", "未签订集体合同(工资协议)的已建会企业", _enterprise_listing("未签集体合同企业")),
    "congress-state": ("bargaining.congress_rate_state", "未建职代会的国有及国有控股企业", _enterprise_listing("未建职代会国有企业")),
    "congress-other": ("bargaining.congress_rate_other", "未建职代会的非国有企业", _enterprise_listing("未建职代会非国有企业")),
    "disclosure": ("bargaining.disclosure_rate", "未建厂务公开的单建工会企业", _enterprise_listing("未建厂务公开企业")),
    "two-displays": ("bargaining.two_displays_rate", "未做到“双亮”的基层工会",
                     Listing(columns=UNION_COLUMNS, search_fields=("name", "code"), search_hint="工会名称或编码", default_sort="code", export_name="未双亮基层工会")),
}


def rate_rows(node, period):
    """Each rate of the app for a node: (slug, indicator, Ratio)."""
    return [(slug, REGISTRY[code], REGISTRY[code].value(node, period)) for slug, (code, _, _) in RATES.items()]


@business_page
def rate_page(request, rate):
    code, uncovered_title, listing = RATES[rate]
    figure = REGISTRY[code]
    year = requested_year(request)
    node, period = requested_node(request), period_of(year)
    ratio: Ratio = figure.value(node, period)
    children = [(child, figure.value(child, period)) for child in node.children.filter(level__lte=3).order_by("code")] if node.level <= 2 else []
    records = figure.records(node, period).select_related("org", "address_town") if rate != "two-displays" else figure.records(node, period).select_related("parent")
    return listing.respond(request, records, template="bargaining/rate.html", title=f"{node.name} {figure.name}", context={
        "figure": figure, "ratio": ratio, "node": node, "year": year, "period": period, "as_of": indicators.as_of(period),
        "children": children, "uncovered_title": uncovered_title, "rate": rate,
        "rate_url": reverse(f"bargaining:rate-{rate}"), "years": range(period.end.year, 2009, -1),
    })
