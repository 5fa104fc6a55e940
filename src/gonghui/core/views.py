import datetime

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render

from gonghui.core.indicators import Period, catalogue
from gonghui.core.roles import is_audit_admin, is_security_admin, is_system_admin, reads_business_data


@login_required
def home(request):
    user = request.user
    if is_system_admin(user):
        return redirect("accounts:user-list")
    if is_security_admin(user):
        return redirect("accounts:grant-list")
    if is_audit_admin(user):
        return redirect("accounts:audit-list")
    figures = []
    if reads_business_data(user) and user.org_id:
        period = Period.year(datetime.date.today().year)
        figures = [{"indicator": item, "value": item.value(user.org, period)} for item in catalogue()]
    return render(request, "core/home.html", {"title": "首页", "figures": figures})


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
