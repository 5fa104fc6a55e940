"""The service network's directory, time limits per category, and the centre's figures."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gonghui.core.indicators import REGISTRY, Period, Ratio
from gonghui.core.listing import Column, Filter, Listing
from gonghui.service import permissions, selectors, services
from gonghui.service.forms import SiteForm, TimeLimitForm
from gonghui.service.models import CaseCategory, CategoryTimeLimit, SiteTier
from gonghui.service.services.cases import DEFAULT_WORKING_DAYS
from gonghui.service.views.pages import business_page, form_page

SITE_LISTING = Listing(
    columns=[
        Column("name", "网点名称", sort="name"),
        Column("tier", "类别"),
        Column("org.name", "所属工会"),
        Column("address", "地址"),
        Column("hours", "服务时间"),
        Column("phone", "服务电话"),
        Column("staff", "工作人员"),
        Column("established_on", "设立日期", sort="established_on"),
        Column("closed_on", "撤销日期"),
    ],
    search_fields=["name", "address", "org__name"], search_hint="网点名称、地址或工会",
    filters=[Filter("tier", "类别", SiteTier.choices, "tier")], default_sort="org__path",
    row_url=lambda s: reverse("service:site-edit", args=[s.pk]), export_name="职工服务网点",
)


@business_page
def site_list(request):
    return SITE_LISTING.respond(request, selectors.sites(request.user), template="service/site_list.html", title="职工服务网点名录")


def _site_data(request, data):
    org = selectors.org_by_code(request.user, data.pop("org_code"))
    if org is None:
        raise ValidationError({"org_code": "在您的管辖范围内找不到该组织编码"})
    return org, data


@business_page
def site_create(request):
    form = SiteForm(request.POST or None)

    def done(data):
        org, rest = _site_data(request, data)
        site = services.site_mark(acting_user=request.user, org=org, data=rest, request=request)
        messages.success(request, f"已设立{site.get_tier_display()}「{site.name}」")
        return redirect("service:site-list")

    return form_page(request, form, title="设立服务网点", cancel_url=reverse("service:site-list"), on_valid=done)


@business_page
def site_edit(request, service_site_id):
    site = selectors.site_get(request.user, service_site_id)
    if not permissions.can_mark_site(request.user, site.org):
        raise PermissionDenied("无权修改该服务网点")
    initial = {f: getattr(site, f) for f in ("tier", "name", "address", "hours", "phone", "staff", "established_on", "closed_on")}
    form = SiteForm(request.POST or None, initial={**initial, "org_code": site.org.code})
    form.fields["org_code"].disabled = True

    def done(data):
        data.pop("org_code", None)
        services.site_update(acting_user=request.user, site=site, data=data, request=request)
        messages.success(request, "已保存")
        return redirect("service:site-list")

    return form_page(request, form, title=f"修改服务网点「{site.name}」", cancel_url=reverse("service:site-list"), on_valid=done)


@business_page
def time_limits(request):
    current = {c: DEFAULT_WORKING_DAYS[c] for c in CaseCategory.values}
    current.update(dict(CategoryTimeLimit.objects.values_list("category", "working_days")))
    if not permissions.can_set_time_limits(request.user):
        return render(request, "service/time_limits.html", {"title": "案件办理时限", "limits": [(CaseCategory(c).label, d) for c, d in current.items()]})
    form = TimeLimitForm(request.POST or None, current=current)

    def done(data):
        for category, days in data.items():
            if days != current[category]:
                services.time_limit_set(acting_user=request.user, category=category, working_days=days, request=request)
        messages.success(request, "办理时限已保存，对此后登记的案件生效")
        return redirect("service:time-limits")

    return form_page(request, form, title="案件办理时限设置", cancel_url=reverse("service:case-list"), on_valid=done)


# Cases, then their outcome, lawyers, warning, recuperation and the network: the report's order.
FIGURE_ORDER = [
    "service.cases", "service.cases_by_category", "service.cases_by_town", "service.workers_involved", "service.amount_involved",
    "service.cases_concluded", "service.amount_recovered", "service.handling_days_avg", "service.cases_overdue",
    "service.lawyer_rules_reviewed", "service.lawyer_lectures", "service.legal_aid", "service.risk_enterprises", "service.collective_incidents",
    "service.recuperation_groups", "service.recuperation_permits", "service.recuperation_certificates", "service.stations", "service.points",
]


def _value_text(value):
    if isinstance(value, Ratio):
        return f"{value}({value.numerator}/{value.denominator})"
    return f"{value:,}" if isinstance(value, int) else str(value)


@business_page
def figures(request):
    """The service centre's figures for the user's node and a year: the numbers the report
    is made of, each with how it is counted, and its parts where it splits."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), timezone.localdate().year)
    period = Period.year(year)
    org = request.user.org
    rows = []
    codes = [c for c in FIGURE_ORDER if c in REGISTRY] + sorted(c for c in REGISTRY if c.startswith("service.") and c not in FIGURE_ORDER)
    for code in codes:
        item = REGISTRY[code]
        value = item.value(org, period)
        parts = [(label, _value_text(v)) for label, v in item.breakdown(org, period)] if item.breakdown else []
        rows.append({"code": code, "name": item.name, "unit": item.unit, "value": _value_text(value), "definition": item.definition, "parts": parts})
    years = list(range(timezone.localdate().year, 2009, -1))
    return render(request, "service/figures.html", {"title": f"职工服务数据 · {org.name} · {year}年", "rows": rows, "year": year, "years": years,
                                                    "today": datetime.date.today()})
