"""Pages of 困难帮扶: the archive (archive.py) and programmes, funds and grants (relief.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from gonghui.core.forms import attach_errors
from gonghui.core.roles import reads_business_data

business_required = user_passes_test(reads_business_data, login_url="accounts:login")


def business_page(view):
    return login_required(business_required(view))


def form_page(request, form, act, *, title, done, cancel_url, submit_label="保存", success="已保存"):
    """Show a form; on a valid POST call act(cleaned_data) (a service call), then go to done(result).
    A refusal of the service lands on the field it names; nothing is written."""
    if request.method == "POST" and form.is_valid():
        try:
            result = act(form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, success)
            return redirect(done(result))
    return render(request, "core/form.html", {"form": form, "title": title, "cancel_url": cancel_url, "submit_label": submit_label})


def refusal_message(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "；".join(m for msgs in exc.message_dict.values() for m in msgs)
    return "；".join(exc.messages)
