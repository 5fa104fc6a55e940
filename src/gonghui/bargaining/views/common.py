"""What every page of the app shares: the role gate, the year and node a page is asked
for, and the one pattern of a create form (parse, call a service, show its refusal)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from gonghui.core.forms import attach_errors
from gonghui.core.indicators import Period
from gonghui.core.roles import reads_business_data
from gonghui.orgs import selectors as org_selectors

from gonghui.bargaining import permissions

business_required = user_passes_test(reads_business_data, login_url="accounts:login")


def business_page(view):
    return login_required(business_required(view))


def requested_year(request) -> int:
    raw = request.GET.get("year", "")
    this_year = timezone.localdate().year
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= this_year else this_year


def requested_node(request):
    """The node a page is about (?org=<id>, within the user's subtree; 404 otherwise)."""
    raw = request.GET.get("org", "")
    if not raw:
        return request.user.org
    if not raw.isdigit():
        from django.http import Http404

        raise Http404("组织不存在")
    return org_selectors.org_get(request.user, int(raw))


def period_of(year: int) -> Period:
    return Period.year(year)


def parse_day(raw: str, default: datetime.date) -> datetime.date:
    try:
        return datetime.date.fromisoformat(raw)
    except ValueError:
        return default


def org_from_code(request, form, key="org_code", *, default_own=False):
    """The visible union a form names by its code; the form carries the error otherwise."""
    code = (form.cleaned_data.get(key) or "").strip()
    if not code and default_own:
        return request.user.org
    org = org_selectors.org_get_by_code(request.user, code) if code else None
    if org is None:
        form.add_error(key, "该编码的工会不存在或不在您的管辖范围内")
    return org


def create_page(request, form, *, title, cancel_url, save, success):
    """A form page whose valid POST calls `save(form)` -> object or None (form has errors);
    a service's refusal lands on the form, and nothing is written."""
    if not permissions.can_record(request.user):
        raise PermissionDenied("您的角色不能录入")
    if request.method == "POST" and form.is_valid():
        try:
            obj = save(form)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            if obj is not None:
                messages.success(request, "已保存")
                return redirect(success(obj))
    return render(request, "core/form.html", {"form": form, "title": title, "cancel_url": cancel_url})
