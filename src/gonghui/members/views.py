import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_POST

from gonghui.core import audit
from gonghui.core.forms import attach_errors
from gonghui.core.listing import Column, Filter, Listing
from gonghui.core.roles import reads_business_data
from gonghui.members import permissions, selectors, services
from gonghui.members.forms import MemberEndForm, MemberForm, MemberRegisterForm, TransferForm
from gonghui.members.models import Household, MemberStatus, Sex, TransferStatus
from gonghui.orgs import selectors as org_selectors

business_required = user_passes_test(reads_business_data, login_url="accounts:login")

MEMBER_COLUMNS = [
    Column("name", "姓名", sort="name"),
    Column("id_number", "身份证号"),
    Column("sex", "性别"),
    Column("birth_date", "出生日期", sort="birth_date"),
    Column("mobile", "手机号"),
    Column("household", "户籍类型"),
    Column("enterprise.name", "工作单位"),
    Column("org.name", "所在工会"),
    Column("joined_on", "入会日期", sort="joined_on"),
    Column("status", "会籍状态"),
]
EXTRA_COLUMNS = [Column("ethnicity", "民族"), Column("education", "文化程度"), Column("status_changed_on", "状态变更日期")]
YEARS = [(str(y), f"{y}年") for y in range(datetime.date.today().year, 1979, -1)]

MEMBER_LISTING = Listing(
    columns=MEMBER_COLUMNS,
    searched_by_view=True,
    search_hint="姓名、身份证号、手机号或工作单位",
    filters=[
        Filter("status", "会籍状态", MemberStatus.choices, "status"),
        Filter("household", "户籍", Household.choices, "household"),
        Filter("sex", "性别", Sex.choices, "sex"),
        Filter("joined", "入会年份", YEARS, "joined_on__year"),
    ],
    default_sort="-joined_on",
    row_url=lambda m: reverse("members:member-detail", args=[m.pk]),
    export_name="会员名册",
    extra_export=EXTRA_COLUMNS,
)


def _revealed(column: Column) -> Column:
    if column.key not in {"id_number", "mobile"}:
        return column
    return Column(column.key, column.label, value=lambda m, k=column.key: getattr(m, k).reveal())


REVEALED_LISTING = Listing(
    columns=[_revealed(c) for c in MEMBER_COLUMNS], filters=MEMBER_LISTING.filters, default_sort="-joined_on",
    export_name="会员名册(完整信息)", extra_export=EXTRA_COLUMNS,
)


@login_required
@business_required
def member_list(request):
    members = selectors.members_search(request.user, text=request.GET.get("q", ""))
    members, node = org_selectors.within_requested_node(request.user, members, request.GET.get("org", ""))
    listing = MEMBER_LISTING
    if request.GET.get("export") == "xlsx" and request.GET.get("reveal") == "1":
        if not permissions.can_reveal(request.user):
            raise PermissionDenied("您没有导出完整敏感信息的权限")
        audit.record(actor=request.user, action=audit.Action.REVEAL, object_type="members.member", summary="导出含完整身份证号、手机号的会员名册", request=request)
        listing = REVEALED_LISTING
    return listing.respond(request, members, template="members/member_list.html", title=f"会员{'(' + node.name + ')' if node else ''}",
                           context={"can_reveal": permissions.can_reveal(request.user), "awaiting": selectors.transfers_awaiting(request.user).count()})


def _enterprise_for(request, form, org, key="enterprise_code"):
    code = form.cleaned_data.get(key)
    if not code:
        return None, True
    enterprise = selectors.enterprise_under(org, code) or org_selectors.enterprises_visible(request.user).filter(credit_code=code.strip().upper()).first()
    if enterprise is None:
        form.add_error(key, "该信用代码的企业不存在或不在范围内")
        return None, False
    return enterprise, True


@login_required
@business_required
def member_create(request):
    form = MemberRegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = org_selectors.org_get_by_code(request.user, form.cleaned_data["org_code"])
        if org is None:
            form.add_error("org_code", "该编码的工会不存在或不在您的管辖范围内")
        else:
            enterprise, ok = _enterprise_for(request, form, org)
            if ok:
                try:
                    member = services.member_register(acting_user=request.user, org=org, data={**form.cleaned_data, "enterprise": enterprise}, request=request)
                except ValidationError as exc:
                    attach_errors(form, exc)
                else:
                    messages.success(request, f"已登记会员 {member.name}")
                    return redirect("members:member-detail", member.pk)
    return render(request, "core/form.html", {"form": form, "title": "登记会员", "cancel_url": reverse("members:member-list")})


@login_required
@business_required
def member_detail(request, member_id):
    member = selectors.member_get(request.user, member_id)
    return render(request, "members/member_detail.html", {
        "member": member,
        "title": member.name,
        "periods": member.periods.select_related("org"),
        "transfers": member.transfers.select_related("from_org", "to_org", "requested_by", "decided_by"),
        "can_edit": permissions.can_edit_member(request.user, member),
        "can_reveal": permissions.can_reveal(request.user),
        "active": member.status == MemberStatus.ACTIVE,
    })


@login_required
@business_required
def member_edit(request, member_id):
    member = selectors.member_get(request.user, member_id)
    if not permissions.can_edit_member(request.user, member):
        raise PermissionDenied("无权修改该会员")
    initial = {
        "name": member.name, "id_number": member.id_number.reveal(), "mobile": member.mobile.reveal(), "ethnicity": member.ethnicity,
        "education": member.education, "household": member.household, "joined_on": member.joined_on,
        "enterprise_code": member.enterprise.credit_code if member.enterprise else "",
    }
    form = MemberForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        enterprise, ok = _enterprise_for(request, form, member.org)
        if ok:
            try:
                services.member_update(acting_user=request.user, member=member, data={**form.cleaned_data, "enterprise": enterprise}, request=request)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, "已保存")
                return redirect("members:member-detail", member.pk)
    return render(request, "core/form.html", {"form": form, "title": f"修改会员 {member.name}", "cancel_url": reverse("members:member-detail", args=[member.pk])})


@login_required
@business_required
def member_end(request, member_id):
    member = selectors.member_get(request.user, member_id)
    if not permissions.can_edit_member(request.user, member):
        raise PermissionDenied("无权修改该会员")
    form = MemberEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.member_end(acting_user=request.user, member=member, request=request, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "已办理")
            return redirect("members:member-detail", member.pk)
    return render(request, "core/form.html", {"form": form, "title": f"会员 {member.name} 退会/转出/退休", "cancel_url": reverse("members:member-detail", args=[member.pk])})


@login_required
@business_required
def member_transfer(request, member_id):
    member = selectors.member_get(request.user, member_id)
    if not permissions.can_edit_member(request.user, member):
        raise PermissionDenied("无权为该会员办理转会")
    form = TransferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        to_org = selectors.transfer_target(form.cleaned_data["to_org_code"])
        if to_org is None:
            form.add_error("to_org_code", "该编码的工会不存在，或不是可接收会员的工会")
        else:
            enterprise = None
            code = form.cleaned_data.get("to_enterprise_code")
            if code:
                enterprise = selectors.enterprise_under(to_org, code)
                if enterprise is None:
                    form.add_error("to_enterprise_code", "转入工会下没有该信用代码的企业")
            if not form.errors:
                try:
                    transfer = services.member_transfer(acting_user=request.user, member=member, to_org=to_org, to_enterprise=enterprise,
                                                        effective_on=form.cleaned_data["effective_on"], reason=form.cleaned_data["reason"], request=request)
                except ValidationError as exc:
                    attach_errors(form, exc)
                else:
                    if transfer.status == TransferStatus.DONE:
                        messages.success(request, f"已转入「{to_org.name}」")
                    else:
                        messages.info(request, f"已向「{to_org.name}」发出转会申请，待对方接收")
                    return redirect("members:member-detail", member.pk)
    return render(request, "core/form.html", {"form": form, "title": f"会员 {member.name} 转会", "submit_label": "办理转会", "cancel_url": reverse("members:member-detail", args=[member.pk])})


@login_required
@business_required
@require_POST
def member_reveal(request, member_id, field):
    member = selectors.member_get(request.user, member_id)
    try:
        value = services.member_reveal(acting_user=request.user, member=member, field=field, request=request)
    except ValidationError:
        return HttpResponse("该字段不能查看", status=400)
    return HttpResponse(f'<span class="font-monospace">{escape(value)}</span>')


TRANSFER_LISTING = Listing(
    columns=[
        Column("member.name", "会员"),
        Column("from_org.name", "转出工会"),
        Column("to_org.name", "转入工会"),
        Column("effective_on", "转会日期", sort="effective_on"),
        Column("status", "状态"),
        Column("reason", "原因"),
        Column("requested_by.username", "申请人"),
        Column("requested_at", "申请时间", sort="requested_at"),
    ],
    filters=[Filter("status", "状态", TransferStatus.choices, "status")],
    default_sort="-requested_at",
    row_url=lambda t: reverse("members:transfer-detail", args=[t.pk]),
    export_name="转会记录",
)


@login_required
@business_required
def transfer_list(request):
    return TRANSFER_LISTING.respond(request, selectors.transfers_visible(request.user), title="转会记录")


@login_required
@business_required
def transfer_detail(request, transfer_id):
    transfer = selectors.transfer_get(request.user, transfer_id)
    if request.method == "POST":
        try:
            services.transfer_decide(acting_user=request.user, transfer=transfer, accept=request.POST.get("decision") == "accept", request=request)
        except ValidationError as exc:
            messages.error(request, "；".join(m for msgs in exc.message_dict.values() for m in msgs))
        else:
            messages.success(request, "已处理转会申请")
        return redirect("members:transfer-detail", transfer.pk)
    return render(request, "members/transfer_detail.html", {
        "transfer": transfer, "title": "转会申请", "can_decide": transfer.status == TransferStatus.PENDING and permissions.can_decide_transfer(request.user, transfer),
    })
