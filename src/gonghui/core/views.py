from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import resolve, reverse

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
    # A business account's home is its level's dashboard: the key figures of its subtree
    # (cached), not the whole catalogue. Found by its URL name, since core stands below the
    # app that draws it.
    if reads_business_data(user) and user.org_id:
        return resolve(reverse("stats:dashboard")).func(request)
    return render(request, "core/home.html", {"title": "首页"})


def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
