"""Targets: the list, setting one by hand (or through the Excel import), and progress per node."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core.forms import attach_errors
from gonghui.core.indicators import REGISTRY
from gonghui.core.listing import Column, Filter, Listing
from gonghui.orgs import selectors as org_selectors
from gonghui.stats import permissions, selectors, services
from gonghui.stats.forms import TargetForm
from gonghui.stats.views.common import page_scope, scope_context, stats_required


def _indicator_name(target):
    item = REGISTRY.get(target.indicator_code)
    return item.name if item else f"(未安装的指标 {target.indicator_code})"


TARGET_LISTING = Listing(
    columns=[
        Column("year", "年度", sort="year"),
        Column("indicator_code", "指标编码", sort="indicator_code"),
        Column("indicator", "指标", value=_indicator_name),
        Column("org.name", "工会"),
        Column("org.code", "工会编码", sort="org__code"),
        Column("value", "目标值", sort="value"),
        Column("note", "说明"),
    ],
    search_fields=("indicator_code", "org__name", "org__code"),
    search_hint="指标编码或工会",
    filters=[Filter("year", "年度", [(str(y), f"{y}年") for y in selectors.years()], "year")],
    default_sort="-year",
    row_url=lambda t: reverse("stats:target-edit", args=[t.pk]),
    export_name="目标",
)


@login_required
@stats_required
def target_list(request):
    targets = selectors.targets_visible(request.user)
    targets, node = org_selectors.within_requested_node(request.user, targets, request.GET.get("org", ""))
    return TARGET_LISTING.respond(request, targets, template="stats/target_list.html", title="目标管理",
                                  context={"can_set": permissions.can_set_targets(request.user)})


def _save(request, form, target=None):
    org = org_selectors.org_get_by_code(request.user, form.cleaned_data["org_code"])
    if org is None:
        form.add_error("org_code", "该编码的工会不存在或不在您的管辖范围内")
        return None
    try:
        return services.target_set(acting_user=request.user, indicator_code=form.cleaned_data["indicator_code"], org=org,
                                   year=form.cleaned_data["year"], value=form.cleaned_data["value"], note=form.cleaned_data["note"], request=request)
    except ValidationError as exc:
        attach_errors(form, exc)
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
    return None


@login_required
@stats_required
def target_create(request):
    if not permissions.can_set_targets(request.user):
        raise PermissionDenied("您无权设定目标")
    initial = {"org_code": request.user.org.code, "year": selectors.year_of(request.GET.get("year")) + 1}
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        target = _save(request, form)
        if target:
            messages.success(request, f"已设定 {target.org.name}{target.year}年目标")
            return redirect("stats:target-list")
    return render(request, "core/form.html", {"form": form, "title": "设定目标", "cancel_url": reverse("stats:target-list")})


@login_required
@stats_required
def target_edit(request, target_id):
    target = selectors.target_get(request.user, target_id)
    if not permissions.can_set_target(request.user, target.org):
        raise PermissionDenied("您无权修改该目标")
    form = TargetForm(request.POST or None, initial={"indicator_code": target.indicator_code, "org_code": target.org.code, "year": target.year,
                                                     "value": target.value, "note": target.note})
    if request.method == "POST" and form.is_valid():
        if _save(request, form):
            messages.success(request, "目标已保存")
            return redirect("stats:target-list")
    return render(request, "stats/target_form.html", {"form": form, "title": f"修改目标：{target.org.name}{target.year}年", "target": target,
                                                      "cancel_url": reverse("stats:target-list")})


@login_required
@stats_required
@require_POST
def target_delete(request, target_id):
    target = selectors.target_get(request.user, target_id)
    try:
        services.target_delete(acting_user=request.user, target=target, request=request)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("stats:target-edit", target.pk)
    messages.success(request, "目标已删除")
    return redirect("stats:target-list")


@login_required
@stats_required
def progress(request):
    org, _ = page_scope(request)
    year = selectors.year_of(request.GET.get("year")) if request.GET.get("year") else selectors.year_of(None) + 1
    rows = selectors.progress(request.user, org, year)
    share = selectors.year_share(year)
    items = [{"p": row, "behind": row.behind(share)} for row in rows]
    behind = [i for i in items if i["behind"]]
    return render(request, "stats/progress.html", scope_context(request, org, year, title=f"{year}年目标进度", items=items, behind=behind,
                                                                 share=(share * 100).quantize(1)))
