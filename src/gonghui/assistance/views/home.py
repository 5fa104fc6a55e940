"""The landing page of 困难帮扶: what waits for the user, and this year's figures for their node."""

import datetime

from django.db.models import Count
from django.shortcuts import render

from gonghui.assistance import indicators, selectors
from gonghui.assistance.models import FileStatus, GrantStatus
from gonghui.assistance.views import business_page
from gonghui.core.indicators import Period

FIGURES = ["archived_households", "archive_entries", "archive_exits", "people_helped", "helped_amount", "warmth_visited", "warmth_raised",
           "archived_helped", "archived_helped_amount", "education_children", "education_amount", "serious_illness_people", "summer_care", "funds_raised"]


@business_page
def home(request):
    user = request.user
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else datetime.date.today().year
    from gonghui.core.indicators import REGISTRY

    figures = [(REGISTRY[f"assistance.{code}"], REGISTRY[f"assistance.{code}"].value(user.org, Period.year(year))) for code in FIGURES] if user.org_id else []
    by_status = dict(selectors.files_visible(user).values_list("status").annotate(n=Count("id")))
    return render(request, "assistance/home.html", {
        "title": "困难帮扶", "year": year, "figures": figures,
        "files_by_status": [(label, by_status.get(value, 0)) for value, label in FileStatus.choices],
        "awaiting_grants": selectors.grants_visible(user).filter(status=GrantStatus.PROPOSED).count(),
        "indicators_module": indicators.__name__,
    })
