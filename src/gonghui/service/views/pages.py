"""What every page of the service centre shares: who may open it, and the form page that
turns a service's refusal into messages on the form's fields."""

from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import ValidationError
from django.shortcuts import render

from gonghui.core.forms import attach_errors
from gonghui.service import permissions

service_required = user_passes_test(permissions.reads_service, login_url="accounts:login")


def business_page(view):
    return login_required(service_required(view))


def form_page(request, form, *, title, cancel_url, on_valid, submit_label="保存"):
    """Render `form`; on a valid POST call on_valid(cleaned_data), whose ValidationError lands
    on the form and whose return (a redirect) is the answer."""
    if request.method == "POST" and form.is_valid():
        try:
            return on_valid(form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
    return render(request, "core/form.html", {"form": form, "title": title, "submit_label": submit_label, "cancel_url": cancel_url},
                  status=400 if request.method == "POST" else 200)
