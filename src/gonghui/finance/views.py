import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core.forms import attach_errors
from gonghui.core.listing import Column, Filter, Listing
from gonghui.core.roles import reads_business_data
from gonghui.finance import permissions, selectors, services
from gonghui.finance.forms import AuditForm, DuesEditForm, DuesForm, FindingForm, RectifyForm, ReportForm
from gonghui.finance.models import AuditStatus, FindingStatus
from gonghui.orgs import selectors as org_selectors

business_required = user_passes_test(reads_business_data, login_url="accounts:login")
YEARS = [(str(y), f"{y}年度") for y in range(datetime.date.today().year, 2004, -1)]


def _collection_rate(d):
    return f"{d.collected * 100 / d.due:.1f}%" if d.due else "—"


DUES_LISTING = Listing(
    columns=[
        Column("org.name", "工会"),
        Column("org.code", "工会编码"),
        Column("year", "年度", sort="year"),
        Column("payroll", "工资总额(元)", sort="payroll"),
        Column("rate", "拨缴比例(%)"),
        Column("due", "应收(元)", sort="due"),
        Column("collected", "实收(元)", sort="collected"),
        Column("arrears", "欠缴(元)"),
        Column("rate_done", "收缴率", value=_collection_rate),
    ],
    search_fields=["org__name", "org__code"],
    search_hint="工会名称或编码",
    filters=[Filter("year", "年度", YEARS, "year")],
    default_sort="-year",
    row_url=lambda d: reverse("finance:dues-detail", args=[d.pk]),
    export_name="经费收缴",
    extra_export=[Column("note", "说明")],
)


@login_required
@business_required
def dues_list(request, behind=False):
    rows = selectors.dues_behind(request.user) if behind else selectors.dues_visible(request.user)
    rows, node = org_selectors.within_requested_node(request.user, rows, request.GET.get("org", ""))
    return DUES_LISTING.respond(request, rows, template="finance/dues_list.html", title=f"经费收缴{'(欠缴)' if behind else ''}{'(' + node.name + ')' if node else ''}",
                           context={"can_write": permissions.can_record_finance(request.user), "behind": behind})


def _form_page(request, form, title, cancel_url, save):
    if not permissions.can_record_finance(request.user):
        raise PermissionDenied("无权录入工会经费")
    if request.method == "POST" and form.is_valid():
        try:
            target = save(form)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            if target:
                return redirect(target)
    return render(request, "core/form.html", {"form": form, "title": title, "cancel_url": cancel_url})


def _union(request, form):
    org = org_selectors.org_get_by_code(request.user, form.cleaned_data["org_code"])
    if org is None:
        form.add_error("org_code", "该编码的工会不存在或不在您的管辖范围内")
    return org


@login_required
@business_required
def dues_create(request):
    def save(form):
        org = _union(request, form)
        if org is None:
            return None
        dues = services.dues_record(acting_user=request.user, org=org, data=form.cleaned_data, request=request)
        messages.success(request, f"已登记「{org.name}」{dues.year} 年度经费收缴")
        return reverse("finance:dues-detail", args=[dues.pk])

    return _form_page(request, DuesForm(request.POST or None, initial={"year": datetime.date.today().year - 1}), "登记经费收缴", reverse("finance:dues-list"), save)


@login_required
@business_required
def dues_detail(request, dues_id):
    dues = selectors.dues_get(request.user, dues_id)
    can_edit = permissions.can_record_for(request.user, dues.org)
    form = DuesEditForm(request.POST or None, initial={"payroll": dues.payroll, "rate": dues.rate, "collected": dues.collected, "note": dues.note})
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("无权修改该记录")
        if form.is_valid():
            try:
                services.dues_update(acting_user=request.user, dues=dues, data=form.cleaned_data, request=request)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, "已保存")
                return redirect("finance:dues-detail", dues.pk)
    return render(request, "finance/dues_detail.html", {"dues": dues, "title": str(dues), "form": form, "can_edit": can_edit, "rate_done": _collection_rate(dues)})


AUDIT_LISTING = Listing(
    columns=[
        Column("org.name", "被审计工会"),
        Column("fiscal_year", "审计年度", sort="fiscal_year"),
        Column("started_on", "开始日期", sort="started_on"),
        Column("reported_on", "报告日期"),
        Column("funds_audited", "审计经费(元)"),
        Column("finding_count", "发现问题"),
        Column("open_count", "未整改"),
        Column("status", "状态"),
    ],
    search_fields=["org__name", "auditors"],
    filters=[Filter("status", "状态", AuditStatus.choices, "status"), Filter("year", "审计年度", YEARS, "fiscal_year")],
    default_sort="-started_on",
    row_url=lambda a: reverse("finance:audit-detail", args=[a.pk]),
    export_name="经费绩效审计",
    extra_export=[Column("auditors", "审计组成员"), Column("conclusion", "审计结论")],
)


@login_required
@business_required
def audit_list(request):
    rows, node = org_selectors.within_requested_node(request.user, selectors.audits_visible(request.user), request.GET.get("org", ""))
    return AUDIT_LISTING.respond(request, rows, template="finance/audit_list.html", title=f"经费绩效审计{'(' + node.name + ')' if node else ''}",
                                 context={"can_write": permissions.can_record_finance(request.user)})


@login_required
@business_required
def audit_create(request):
    def save(form):
        org = _union(request, form)
        if org is None:
            return None
        funds_audit = services.funds_audit_open(acting_user=request.user, org=org, data=form.cleaned_data, request=request)
        messages.success(request, f"已开始{funds_audit}")
        return reverse("finance:audit-detail", args=[funds_audit.pk])

    return _form_page(request, AuditForm(request.POST or None), "开始经费绩效审计", reverse("finance:audit-list"), save)


@login_required
@business_required
def audit_detail(request, funds_audit_id):
    funds_audit = selectors.audit_get(request.user, funds_audit_id)
    can_edit = permissions.can_record_for(request.user, funds_audit.org)
    finding_form = FindingForm(request.POST if request.POST.get("action") == "finding" else None, prefix="finding")
    report_form = ReportForm(request.POST if request.POST.get("action") == "report" else None, prefix="report")
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("无权处理该审计")
        form = finding_form if request.POST.get("action") == "finding" else report_form
        if form.is_valid():
            try:
                if form is finding_form:
                    services.finding_add(acting_user=request.user, funds_audit=funds_audit, request=request, **form.cleaned_data)
                else:
                    services.funds_audit_report(acting_user=request.user, funds_audit=funds_audit, request=request, **form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, "已保存")
                return redirect("finance:audit-detail", funds_audit.pk)
    return render(request, "finance/audit_detail.html", {
        "audit": funds_audit, "title": str(funds_audit), "findings": funds_audit.findings.all(), "can_edit": can_edit,
        "finding_form": finding_form, "report_form": report_form, "rectify_form": RectifyForm(prefix="rectify"),
        "reporting": funds_audit.status == AuditStatus.IN_PROGRESS, "rectified": FindingStatus.RECTIFIED,
    })


@login_required
@business_required
@require_POST
def finding_rectify(request, audit_finding_id):
    finding = selectors.finding_get(request.user, audit_finding_id)
    if not permissions.can_record_for(request.user, finding.audit.org):
        raise PermissionDenied("无权处理该审计")
    form = RectifyForm(request.POST, prefix="rectify")
    if form.is_valid():
        try:
            services.finding_rectify(acting_user=request.user, finding=finding, request=request, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(m for msgs in exc.message_dict.values() for m in msgs))
        else:
            messages.success(request, "已登记整改情况")
    else:
        messages.error(request, "；".join(f"{form.fields[k].label}：{v[0]}" for k, v in form.errors.items() if k in form.fields) or "请填写整改情况")
    return redirect("finance:audit-detail", finding.audit_id)
