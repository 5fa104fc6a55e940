from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core.forms import attach_errors
from gonghui.core.listing import Column, Filter, Listing
from gonghui.core.roles import reads_business_data
from gonghui.orgs import permissions, selectors, services
from gonghui.orgs.forms import EnterpriseForm, OrgCreateForm, OrgEditForm, OrgMoveForm, RegistrationForm
from gonghui.orgs.models import Formation, Industry, Level, OrgKind, Ownership, RegistrationKind

business_required = user_passes_test(reads_business_data, login_url="accounts:login")


# The tree ------------------------------------------------------------------------------------


@login_required
@business_required
def tree(request):
    return redirect("orgs:org-detail", request.user.org_id)


@login_required
@business_required
def org_detail(request, org_id):
    org = selectors.org_get(request.user, org_id)
    return render(request, "orgs/org_detail.html", {
        "org": org,
        "title": org.name,
        "ancestors": selectors.org_ancestors(request.user, org),
        "counts": selectors.subtree_counts(org),
        "children": selectors.children_with_counts(org),
        "registrations": org.registrations.select_related("recorded_by")[:20],
        "can_edit": permissions.can_edit_org(request.user, org),
        "can_move": permissions.can_move_org(request.user, org),
        "levels": Level,
    })


@login_required
@business_required
def org_create(request, org_id):
    parent = selectors.org_get(request.user, org_id)
    if not permissions.can_edit_org(request.user, parent):
        raise PermissionDenied("无权在该组织下新建")
    form = OrgCreateForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.org_create(acting_user=request.user, parent=parent, request=request, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已新建「{org.name}」")
            return redirect("orgs:org-detail", org.pk)
    return render(request, "core/form.html", {"form": form, "title": f"在「{parent.name}」下新建组织", "cancel_url": reverse("orgs:org-detail", args=[parent.pk])})


@login_required
@business_required
def org_edit(request, org_id):
    org = selectors.org_get(request.user, org_id)
    if not permissions.can_edit_org(request.user, org):
        raise PermissionDenied("无权修改该组织")
    initial = {f: getattr(org, f) for f in ("name", "kind", "status", "established_on", "chair_name", "address")}
    form = OrgEditForm(request.POST or None, org=org, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.org_update(acting_user=request.user, org=org, request=request, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("orgs:org-detail", org.pk)
    return render(request, "core/form.html", {"form": form, "title": f"修改「{org.name}」", "cancel_url": reverse("orgs:org-detail", args=[org.pk])})


@login_required
@business_required
def org_move(request, org_id):
    org = selectors.org_get(request.user, org_id)
    if not permissions.can_move_org(request.user, org):
        raise PermissionDenied("无权移动该组织")
    form = OrgMoveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new_parent = selectors.org_get_by_code(request.user, form.cleaned_data["new_parent"])
        if new_parent is None:
            form.add_error("new_parent", "该编码的组织不存在或不在您的管辖范围内")
        else:
            try:
                services.org_move(acting_user=request.user, org=org, new_parent=new_parent, request=request)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, f"已将「{org.name}」移到「{new_parent.name}」之下")
                return redirect("orgs:org-detail", org.pk)
    return render(request, "core/form.html", {"form": form, "title": f"移动「{org.name}」(含全部下级)", "submit_label": "移动", "cancel_url": reverse("orgs:org-detail", args=[org.pk])})


ORG_LISTING = Listing(
    columns=[
        Column("name", "名称", sort="name"),
        Column("code", "组织编码", sort="code"),
        Column("level", "层级", sort="level"),
        Column("kind", "类型"),
        Column("parent.name", "上级"),
        Column("chair_name", "工会主席"),
        Column("established_on", "成立日期", sort="established_on"),
        Column("status", "状态"),
    ],
    search_fields=["name", "code", "chair_name"],
    search_hint="名称、编码或主席",
    filters=[
        Filter("level", "层级", Level.choices, "level"),
        Filter("kind", "类型", OrgKind.choices, "kind"),
    ],
    default_sort="path",
    row_url=lambda o: reverse("orgs:org-detail", args=[o.pk]),
    export_name="工会组织",
)


@login_required
@business_required
def org_list(request):
    queryset, node = selectors.within_requested_node(request.user, selectors.orgs_visible(request.user).select_related("parent"), request.GET.get("org", ""), path_field="path")
    return ORG_LISTING.respond(request, queryset, title=f"工会组织{'(' + node.name + ')' if node else ''}")


# Enterprises ---------------------------------------------------------------------------------

ENTERPRISE_LISTING = Listing(
    columns=[
        Column("name", "企业名称", sort="name"),
        Column("credit_code", "统一社会信用代码", sort="credit_code"),
        Column("industry", "行业门类"),
        Column("ownership", "经济类型"),
        Column("above_scale", "规模以上"),
        Column("employee_count", "职工人数", sort="employee_count"),
        Column("address_town.name", "所在镇(街道)"),
        Column("org.name", "所属工会"),
        Column("formation", "建会方式"),
    ],
    search_fields=["name", "credit_code"],
    search_hint="企业名称或信用代码",
    filters=[
        Filter("formation", "建会方式", Formation.choices, "formation"),
        Filter("industry", "行业", Industry.choices, "industry"),
        Filter("ownership", "经济类型", Ownership.choices, "ownership"),
        Filter("above_scale", "规模", [("True", "规模以上"), ("False", "规模以下")], "above_scale"),
    ],
    default_sort="name",
    row_url=lambda e: reverse("orgs:enterprise-detail", args=[e.pk]),
    export_name="企业",
    extra_export=[Column("address", "地址"), Column("credit_code_flagged", "信用代码校验位存疑")],
)


@login_required
@business_required
def enterprise_list(request):
    queryset, node = selectors.within_requested_node(request.user, selectors.enterprises_visible(request.user), request.GET.get("org", ""), path_field="org__path")
    return ENTERPRISE_LISTING.respond(request, queryset, template="orgs/enterprise_list.html", title=f"企业{'(' + node.name + ')' if node else ''}")


@login_required
@business_required
def enterprise_detail(request, enterprise_id):
    enterprise = selectors.enterprise_get(request.user, enterprise_id)
    return render(request, "orgs/enterprise_detail.html", {"enterprise": enterprise, "title": enterprise.name, "can_edit": permissions.can_edit_org(request.user, enterprise.org)})


def _enterprise_form_data(request, form):
    data = dict(form.cleaned_data)
    data["org"] = selectors.org_get_by_code(request.user, data.pop("org_code"))
    data["address_town"] = selectors.towns_visible(request.user).filter(pk=data["address_town"]).first()
    accept = bool(data.pop("accept_flagged", False))
    return data, accept


@login_required
@business_required
def enterprise_create(request):
    if not permissions.can_edit_org(request.user, request.user.org):
        raise PermissionDenied("无权登记企业")
    form = EnterpriseForm(request.POST or None, towns=_towns_for(request.user), can_accept_flagged=permissions.can_accept_flagged_credit_code(request.user))
    if request.method == "POST" and form.is_valid():
        data, accept = _enterprise_form_data(request, form)
        try:
            enterprise = services.enterprise_create(acting_user=request.user, data=data, accept_flagged=accept, request=request)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已登记「{enterprise.name}」")
            return redirect("orgs:enterprise-detail", enterprise.pk)
    return render(request, "core/form.html", {"form": form, "title": "登记企业", "cancel_url": reverse("orgs:enterprise-list")})


@login_required
@business_required
def enterprise_edit(request, enterprise_id):
    enterprise = selectors.enterprise_get(request.user, enterprise_id)
    if not permissions.can_edit_org(request.user, enterprise.org):
        raise PermissionDenied("无权修改该企业")
    initial = {f: getattr(enterprise, f) for f in ("credit_code", "name", "industry", "ownership", "above_scale", "employee_count", "address")}
    initial.update(address_town=str(enterprise.address_town_id), org_code=enterprise.org.code)
    form = EnterpriseForm(request.POST or None, initial=initial, towns=_towns_for(request.user), can_accept_flagged=permissions.can_accept_flagged_credit_code(request.user))
    if request.method == "POST" and form.is_valid():
        data, accept = _enterprise_form_data(request, form)
        try:
            services.enterprise_update(acting_user=request.user, enterprise=enterprise, data=data, accept_flagged=accept, request=request)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("orgs:enterprise-detail", enterprise.pk)
    return render(request, "core/form.html", {"form": form, "title": f"修改「{enterprise.name}」", "cancel_url": reverse("orgs:enterprise-detail", args=[enterprise.pk])})


def _towns_for(user):
    """Towns an enterprise may lie in: the user's subtree's towns, or the user's own town."""
    towns = list(selectors.towns_visible(user))
    if not towns and user.org.level > Level.TOWN:
        town_id = user.org.ancestor_ids()[1]
        towns = list(type(user.org).objects.filter(pk=town_id))
    return towns


# Legal-person registration -------------------------------------------------------------------

REGISTRATION_LISTING = Listing(
    columns=[
        Column("org.name", "工会"),
        Column("kind", "登记类型"),
        Column("certificate_number", "证书编号", sort="certificate_number"),
        Column("registered_on", "登记日期", sort="registered_on"),
        Column("valid_until", "有效期至", sort="valid_until"),
        Column("legal_representative", "法定代表人"),
        Column("recorded_by.username", "经办人"),
    ],
    search_fields=["org__name", "certificate_number", "legal_representative"],
    search_hint="工会名称、证书编号或法定代表人",
    filters=[Filter("kind", "登记类型", RegistrationKind.choices, "kind")],
    default_sort="-registered_on",
    row_url=lambda r: reverse("orgs:org-detail", args=[r.org_id]),
    export_name="法人资格登记",
)


@login_required
@business_required
def registration_list(request):
    queryset, node = selectors.within_requested_node(request.user, selectors.registrations_visible(request.user), request.GET.get("org", ""), path_field="org__path")
    return REGISTRATION_LISTING.respond(request, queryset, title="工会法人资格登记")


@login_required
@business_required
def registration_create(request, org_id):
    org = selectors.org_get(request.user, org_id)
    if not permissions.can_edit_org(request.user, org):
        raise PermissionDenied("无权为该组织登记")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_record(acting_user=request.user, org=org, request=request, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "已记录法人资格登记")
            return redirect("orgs:org-detail", org.pk)
    return render(request, "core/form.html", {"form": form, "title": f"「{org.name}」法人资格登记", "cancel_url": reverse("orgs:org-detail", args=[org.pk])})
