import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core.forms import attach_errors
from gonghui.core.listing import Column, Filter, Listing
from gonghui.core.roles import reads_business_data
from gonghui.orgs import selectors as org_selectors
from gonghui.women import permissions, selectors, services
from gonghui.women.forms import AgreementForm, CarePointForm, CloseForm, WelfareActivityForm
from gonghui.women.models import CarePointKind

business_required = user_passes_test(reads_business_data, login_url="accounts:login")
YEARS = [(str(y), f"{y}年") for y in range(datetime.date.today().year, 2004, -1)]
PLACE_MISSING = "该单位不存在或不在您的管辖范围内(填企业统一社会信用代码或工会组织编码)"


def _page(request, listing, queryset, title, **context):
    queryset, node = org_selectors.within_requested_node(request.user, queryset, request.GET.get("org", ""))
    context.update(can_write=permissions.can_record_women(request.user))
    return listing.respond(request, queryset, template="women/list.html", title=f"{title}{'(' + node.name + ')' if node else ''}", context=context)


def _form_page(request, form, title, cancel, save):
    if not permissions.can_record_women(request.user):
        raise PermissionDenied("无权录入")
    if request.method == "POST" and form.is_valid():
        org, enterprise = selectors.place_find(request.user, form.cleaned_data["place"])
        if org is None:
            form.add_error("place", PLACE_MISSING)
        else:
            try:
                target = save(form, org, enterprise)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                return redirect(target)
    return render(request, "core/form.html", {"form": form, "title": title, "cancel_url": reverse(cancel)})


AGREEMENT_LISTING = Listing(
    columns=[
        Column("enterprise.name", "企业"),
        Column("org.name", "所属工会"),
        Column("signed_on", "签订日期", sort="signed_on"),
        Column("expires_on", "到期日期", sort="expires_on"),
        Column("women_covered", "覆盖女职工(人)", sort="women_covered"),
    ],
    search_fields=["enterprise__name", "enterprise__credit_code"],
    search_hint="企业名称或信用代码",
    filters=[Filter("year", "签订年份", YEARS, "signed_on__year")],
    default_sort="-signed_on",
    row_url=lambda a: reverse("women:agreement-detail", args=[a.pk]),
    export_name="女职工特殊保护专项集体合同",
    extra_export=[Column("terms", "主要条款")],
)


@login_required
@business_required
def agreement_list(request):
    return _page(request, AGREEMENT_LISTING, selectors.agreements_visible(request.user), "女职工特殊保护专项集体合同",
                 create_url=reverse("women:agreement-create"), create_label="登记专项集体合同")


@login_required
@business_required
def agreement_create(request):
    def save(form, org, enterprise):
        if enterprise is None:
            raise ValidationError({"place": "请填写企业的统一社会信用代码(专项集体合同由企业签订)"})
        agreement = services.agreement_record(acting_user=request.user, enterprise=enterprise, data=form.cleaned_data, request=request)
        messages.success(request, f"已登记{agreement}")
        return reverse("women:agreement-detail", args=[agreement.pk])

    return _form_page(request, AgreementForm(request.POST or None), "登记女职工特殊保护专项集体合同", "women:agreement-list", save)


@login_required
@business_required
def agreement_detail(request, protection_agreement_id):
    agreement = selectors.agreement_get(request.user, protection_agreement_id)
    return render(request, "women/agreement_detail.html", {"agreement": agreement, "title": str(agreement)})


CARE_LISTING = Listing(
    columns=[
        Column("name", "名称", sort="name"),
        Column("kind", "类别"),
        Column("place", "所在单位", value=lambda p: p.place_name),
        Column("opened_on", "设立日期", sort="opened_on"),
        Column("closed_on", "撤销日期"),
        Column("staff", "工作人员(人)"),
        Column("counsellors_certified", "持证心理咨询师(人)"),
    ],
    search_fields=["name", "enterprise__name", "org__name"],
    filters=[Filter("kind", "类别", CarePointKind.choices, "kind")],
    default_sort="-opened_on",
    row_url=lambda p: reverse("women:care-point-detail", args=[p.pk]),
    export_name="心理辅导室与诉求服务点",
)


@login_required
@business_required
def care_point_list(request):
    return _page(request, CARE_LISTING, selectors.care_points_visible(request.user), "心理辅导室与职工诉求服务点",
                 create_url=reverse("women:care-point-create"), create_label="登记辅导室/服务点")


@login_required
@business_required
def care_point_create(request):
    def save(form, org, enterprise):
        point = services.care_point_open(acting_user=request.user, org=org, enterprise=enterprise, data=form.cleaned_data, request=request)
        messages.success(request, f"已登记{point.get_kind_display()}「{point.name}」")
        return reverse("women:care-point-detail", args=[point.pk])

    return _form_page(request, CarePointForm(request.POST or None), "登记心理辅导室或职工诉求服务点", "women:care-point-list", save)


@login_required
@business_required
def care_point_detail(request, care_point_id):
    point = selectors.care_point_get(request.user, care_point_id)
    can_close = permissions.can_record_at(request.user, point.org) and point.closed_on is None
    form = CloseForm(request.POST or None)
    if request.method == "POST":
        if not can_close:
            raise PermissionDenied("无权处理")
        if form.is_valid():
            try:
                services.care_point_close(acting_user=request.user, care_point=point, closed_on=form.cleaned_data["closed_on"], request=request)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, "已撤销")
                return redirect("women:care-point-detail", point.pk)
    return render(request, "women/care_point_detail.html", {"point": point, "title": point.name, "form": form, "can_close": can_close})


WELFARE_LISTING = Listing(
    columns=[
        Column("held_on", "日期", sort="held_on"),
        Column("enterprise.name", "企业"),
        Column("title", "活动内容"),
        Column("participants", "参加职工(人)", sort="participants"),
        Column("org.name", "所属工会"),
    ],
    search_fields=["enterprise__name", "title"],
    filters=[Filter("year", "年份", YEARS, "held_on__year")],
    default_sort="-held_on",
    export_name="送职工精神福利活动",
)


@login_required
@business_required
def welfare_list(request):
    return _page(request, WELFARE_LISTING, selectors.welfare_activities_visible(request.user), "送职工精神福利活动",
                 create_url=reverse("women:welfare-create"), create_label="登记活动")


@login_required
@business_required
def welfare_create(request):
    def save(form, org, enterprise):
        if enterprise is None:
            raise ValidationError({"place": "请填写企业的统一社会信用代码(活动须在企业开展)"})
        activity = services.welfare_activity_record(acting_user=request.user, enterprise=enterprise, data=form.cleaned_data, request=request)
        messages.success(request, f"已登记：{activity}")
        return reverse("women:welfare-list")

    return _form_page(request, WelfareActivityForm(request.POST or None), "登记送职工精神福利活动", "women:welfare-list", save)
