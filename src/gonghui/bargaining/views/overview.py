"""The app's front page: every figure of the area for a node and a year, the rates with
their base linking to the lists behind them, and the registry's own figures on unions
formed and members recruited (computed by orgs and members, not typed here)."""

from django.shortcuts import render
from django.urls import reverse

from gonghui.core.indicators import REGISTRY, Ratio
from gonghui.members import indicators as member_indicators  # noqa: F401  (registers members.*)
from gonghui.orgs import indicators as org_indicators  # noqa: F401  (registers orgs.*)

from gonghui.bargaining import indicators  # noqa: F401  (registers bargaining.*)
from gonghui.bargaining.views.common import business_page, period_of, requested_node, requested_year
from gonghui.bargaining.views.rates import RATES, rate_rows

SECTIONS = [
    ("集体合同与工资集体协商", ["contract_enterprises_single", "contract_joint_unions", "wage_agreement_enterprises", "workers_covered",
                            "industry_agreements_new", "agreements_filed", "agreements_expiring"]),
    ("工资集体协商指导员", ["instructors", "instructors_certified", "instructor_classes"]),
    ("职代会与厂务公开", ["congress_new", "regional_congresses", "inspections"]),
    ("工会规范化建设", ["five_star_unions", "three_star_unions", "model_homes", "member_reviews", "chair_elections"]),
]
REGISTRY_FIGURES = ["orgs.new_single_unions", "members.recruited"]


@business_page
def overview(request):
    year = requested_year(request)
    node, period = requested_node(request), period_of(year)
    sections = [(title, [(REGISTRY[f"bargaining.{code}"], REGISTRY[f"bargaining.{code}"].value(node, period)) for code in codes]) for title, codes in SECTIONS]
    from_registry = [(REGISTRY[code], REGISTRY[code].value(node, period)) for code in REGISTRY_FIGURES if code in REGISTRY]
    rates = [(reverse(f"bargaining:rate-{slug}"), figure, ratio) for slug, figure, ratio in rate_rows(node, period)]
    return render(request, "bargaining/overview.html", {
        "title": "协商与民主管理", "node": node, "year": year, "years": range(period.end.year, 2009, -1), "sections": sections,
        "from_registry": from_registry, "rates": rates, "is_ratio": Ratio, "rate_count": len(RATES),
    })
