"""The scheme's front page with its figures, and the federation's years and rules."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core.forms import attach_errors
from gonghui.core.indicators import REGISTRY, Period
from gonghui.core.roles import reads_business_data
from gonghui.mutualaid import permissions, selectors, services
from gonghui.mutualaid.forms import RulesForm, SchemeYearForm, rules_initial
from gonghui.mutualaid.services.rules import rules_as_data

business_required = user_passes_test(reads_business_data, login_url="accounts:login")

FIGURES = [
    "mutualaid.units", "mutualaid.workers", "mutualaid.contributions", "mutualaid.claims",
    "mutualaid.serious_disease_people", "mutualaid.serious_disease_amount", "mutualaid.hospital_people", "mutualaid.hospital_amount",
    "mutualaid.women_health_people", "mutualaid.women_health_amount", "mutualaid.payouts", "mutualaid.loss_ratio",
]
BREAKDOWNS = ["mutualaid.payouts", "mutualaid.payouts_town", "mutualaid.payouts_month", "mutualaid.claims"]


@login_required
@business_required
def home(request):
    """The scheme at a glance for the user's part of the tree: the year's figures and breakdowns."""
    years = list(selectors.scheme_years(request.user))
    raw = request.GET.get("year", "")
    chosen = next((y for y in years if str(y.year) == raw), years[0] if years else None)
    figures, breakdowns = [], []
    if chosen is not None and request.user.org is not None:
        period = Period.year(chosen.year)
        org = request.user.org
        figures = [(REGISTRY[code], REGISTRY[code].value(org, period)) for code in FIGURES]
        breakdowns = [(REGISTRY[code], REGISTRY[code].breakdown(org, period)) for code in BREAKDOWNS]
    return render(request, "mutualaid/home.html", {
        "title": "职工医疗互助保障", "years": years, "chosen": chosen, "figures": figures, "breakdowns": breakdowns,
        "can_set_rules": permissions.can_set_rules(request.user),
    })


@login_required
@business_required
def year_new(request):
    if not permissions.can_set_rules(request.user):
        raise PermissionDenied("只有市总工会可以设定互助保障年度")
    form = SchemeYearForm(request.POST or None, initial={"year": datetime.date.today().year})
    if request.method == "POST" and form.is_valid():
        try:
            year = services.scheme_year_create(acting_user=request.user, year=form.cleaned_data["year"], data=form.cleaned_data, request=request)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已设定{year.year}年度医疗互助规则")
            return redirect("mutualaid:year-detail", year.year)
    return render(request, "core/form.html", {"form": form, "title": "设定医疗互助年度及规则", "cancel_url": reverse("mutualaid:home")})


@login_required
@business_required
def year_detail(request, scheme_year):
    year = selectors.scheme_year_get(request.user, scheme_year)
    versions = list(year.rule_versions.prefetch_related("diseases", "bands").select_related("created_by").order_by("-number"))
    return render(request, "mutualaid/year_detail.html", {
        "title": f"医疗互助{year.year}年度规则", "year": year, "versions": versions, "can_set_rules": permissions.can_set_rules(request.user),
    })


@login_required
@business_required
def rules_edit(request, scheme_year):
    year = selectors.scheme_year_get(request.user, scheme_year)
    if not permissions.can_set_rules(request.user):
        raise PermissionDenied("只有市总工会可以设定互助保障规则")
    form = RulesForm(request.POST or None, initial=rules_initial(rules_as_data(year.current_rules)))
    if request.method == "POST" and form.is_valid():
        try:
            version = services.rules_set(acting_user=request.user, scheme_year=year, data=form.cleaned_data, request=request)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已保存{year.year}年度规则第{version.number}版")
            return redirect("mutualaid:year-detail", year.year)
    return render(request, "core/form.html", {
        "form": form, "title": f"调整{year.year}年度规则", "cancel_url": reverse("mutualaid:year-detail", args=[year.year]),
        "submit_label": "保存规则",
    })
