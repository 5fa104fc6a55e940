import datetime
from itertools import groupby

from django.apps import apps
from django.conf import settings

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render

from gonghui.core.indicators import Period, catalogue
from gonghui.core.roles import is_audit_admin, is_member, is_merchant, is_security_admin, is_system_admin, reads_business_data


@login_required
def home(request):
    user = request.user
    if is_system_admin(user):
        return redirect("accounts:user-list")
    if is_security_admin(user):
        return redirect("accounts:grant-list")
    if is_audit_admin(user):
        return redirect("accounts:audit-list")
    # Outside the federation: a merchant's page is the counter, a member's their e-card.
    if is_merchant(user):
        return redirect("cards:counter")
    if is_member(user):
        return redirect("cards:ecard")
    this_year = datetime.date.today().year
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() and 1990 <= int(request.GET["year"]) <= this_year else settings.REPORT_YEAR
    groups = []
    if reads_business_data(user) and user.org_id:
        period = Period.year(year)
        for label, items in groupby(catalogue(), key=lambda item: apps.get_app_config(item.code.split(".")[0]).verbose_name):
            groups.append({"label": label, "figures": [{"indicator": item, "value": item.value(user.org, period)} for item in items]})
    return render(request, "core/home.html", {"title": "首页", "groups": groups, "year": year, "years": range(this_year, 1999, -1)})


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
