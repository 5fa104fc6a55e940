"""Cases: the list, the overdue list, registration, the case page and each step of its way."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.views.decorators.http import require_POST

from gonghui.core.forms import attach_errors
from gonghui.core.listing import Column, Filter, Listing
from gonghui.service import permissions, selectors, services
from gonghui.service.forms import AcceptForm, AssignForm, AttachmentForm, CaseForm, ConcludeForm, ReasonForm, VisitForm, WorkerForm
from gonghui.service.models import CaseCategory, CaseStatus, Channel
from gonghui.service.views.pages import business_page, form_page
from gonghui.service.workdays import working_days_between


def _days_taken(case):
    end = case.concluded_on or timezone.localdate()
    return working_days_between(case.received_on, end)


def _overdue_days(case):
    today = timezone.localdate()
    end = case.concluded_on or today
    return working_days_between(case.due_on, end) if end > case.due_on else 0


CASE_COLUMNS = [
    Column("number", "案件编号", sort="number"),
    Column("received_on", "受理日期", sort="received_on"),
    Column("channel", "渠道"),
    Column("category", "类别"),
    Column("reporter_display", "反映人"),
    Column("enterprise_name", "涉及企业"),
    Column("workers_count", "涉及人数", sort="workers_count"),
    Column("amount_involved", "涉及金额(元)", sort="amount_involved"),
    Column("org.name", "承办单位"),
    Column("status", "状态"),
    Column("due_on", "办理期限", sort="due_on"),
    Column("days", "已用/用时(工作日)", value=_days_taken),
]
CASE_FILTERS = [
    Filter("status", "状态", CaseStatus.choices, "status"),
    Filter("channel", "渠道", Channel.choices, "channel"),
    Filter("category", "类别", CaseCategory.choices, "category"),
]
CASE_EXPORT = [Column("outcome", "办理结果"), Column("amount_recovered", "挽回金额(元)"), Column("concluded_on", "办结日期"),
               Column("satisfaction", "满意度"), Column("registered_org.name", "登记单位")]

CASE_LISTING = Listing(
    columns=CASE_COLUMNS, search_fields=["number", "enterprise_name", "reporter_name"], search_hint="案件编号、企业或反映人",
    filters=CASE_FILTERS, default_sort="-received_on", row_url=lambda c: reverse("service:case-detail", args=[c.pk]),
    export_name="来访来电案件", extra_export=CASE_EXPORT,
)
OVERDUE_LISTING = Listing(
    columns=[*CASE_COLUMNS[:2], CASE_COLUMNS[3], CASE_COLUMNS[8], CASE_COLUMNS[9], CASE_COLUMNS[10], Column("late", "超期(工作日)", value=_overdue_days)],
    search_fields=["number", "enterprise_name"], search_hint="案件编号或企业", filters=CASE_FILTERS[1:], default_sort="due_on",
    row_url=lambda c: reverse("service:case-detail", args=[c.pk]), export_name="超期案件",
)


@business_page
def case_list(request):
    return CASE_LISTING.respond(request, selectors.cases(request.user), template="service/case_list.html", title="来访来电案件",
                                context={"can_register": permissions.can_register_case(request.user)})


@business_page
def case_overdue(request):
    return OVERDUE_LISTING.respond(request, selectors.overdue_cases(request.user), template="service/case_list.html", title="超期未办结案件",
                                   context={"overdue": True})


@business_page
def case_create(request):
    if not permissions.can_register_case(request.user):
        raise PermissionDenied("您没有登记案件的权限")
    form = CaseForm(request.POST or None, initial={"received_on": timezone.localdate()})

    def done(data):
        code = data.pop("enterprise_code").strip()
        enterprise = selectors.enterprise_by_code(request.user, code)
        if code and enterprise is None:
            raise ValidationError({"enterprise_code": "在您的管辖范围内找不到该信用代码的企业，请核对或只填企业名称"})
        names = [line.strip() for line in data.pop("worker_names").splitlines() if line.strip()]
        case = services.case_register(acting_user=request.user, data={**data, "enterprise": enterprise}, workers=[(n, None) for n in names], request=request)
        messages.success(request, f"已登记案件 {case.number}，办理期限 {case.due_on:%Y-%m-%d}")
        return redirect("service:case-detail", case.pk)

    return form_page(request, form, title="登记来访来电案件", cancel_url=reverse("service:case-list"), on_valid=done, submit_label="登记")


@business_page
def case_detail(request, case_id):
    case = selectors.case_get(request.user, case_id)
    can_handle = permissions.can_handle_case(request.user, case)
    return render(request, "service/case_detail.html", {
        "case": case, "title": f"案件 {case.number}",
        "steps": case.steps.select_related("from_org", "to_org", "actor"),
        "workers": case.workers.select_related("member"),
        "attachments": case.attachments.all(),
        "can_handle": can_handle,
        "can_reveal": permissions.can_reveal(request.user) and bool(case.reporter_phone),
        "days_taken": _days_taken(case), "overdue_days": _overdue_days(case),
        "attachment_form": AttachmentForm() if can_handle else None,
    })


def _handled_case(request, case_id):
    case = selectors.case_get(request.user, case_id)
    if not permissions.can_handle_case(request.user, case):
        raise PermissionDenied("无权办理该案件")
    return case


def _back(case):
    return reverse("service:case-detail", args=[case.pk])


def _step_page(request, case, form, *, title, submit_label, act):
    def done(data):
        act(data)
        messages.success(request, f"{title}：已办理")
        return redirect(_back(case)) if selectors.cases(request.user).filter(pk=case.pk).exists() else redirect("service:case-list")

    return form_page(request, form, title=f"{title} · 案件 {case.number}", cancel_url=_back(case), on_valid=done, submit_label=submit_label)


@business_page
def case_assign(request, case_id):
    case = _handled_case(request, case_id)
    sites = list(selectors.assignable_sites(request.user, case))
    form = AssignForm(request.POST or None, sites=sites)
    by_id = {str(s.org_id): s.org for s in sites}
    return _step_page(request, case, form, title="交办", submit_label="交办", act=lambda d: services.case_assign(
        acting_user=request.user, case=case, to_org=by_id.get(d["to_org"]), reason=d["reason"], request=request))


@business_page
def case_accept(request, case_id):
    case = _handled_case(request, case_id)
    return _step_page(request, case, AcceptForm(request.POST or None), title="受理办理", submit_label="受理", act=lambda d: services.case_accept(
        acting_user=request.user, case=case, reason=d["reason"], request=request))


@business_page
def case_refer(request, case_id):
    case = _handled_case(request, case_id)
    return _step_page(request, case, ReasonForm(request.POST or None), title="上报上级", submit_label="上报", act=lambda d: services.case_refer(
        acting_user=request.user, case=case, reason=d["reason"], request=request))


@business_page
def case_conclude(request, case_id):
    case = _handled_case(request, case_id)
    form = ConcludeForm(request.POST or None, initial={"concluded_on": timezone.localdate()})
    return _step_page(request, case, form, title="办结", submit_label="办结", act=lambda d: services.case_conclude(acting_user=request.user, case=case, request=request, **d))


@business_page
def case_visit(request, case_id):
    case = _handled_case(request, case_id)
    form = VisitForm(request.POST or None, initial={"visited_on": timezone.localdate()})
    return _step_page(request, case, form, title="回访", submit_label="回访", act=lambda d: services.case_visit(acting_user=request.user, case=case, request=request, **d))


@business_page
def case_worker_add(request, case_id):
    case = _handled_case(request, case_id)

    def act(data):
        member = selectors.member_by_id_number(request.user, data["id_number"])
        if data["id_number"] and member is None:
            raise ValidationError({"id_number": "在您的管辖范围内找不到该身份证号的会员"})
        services.case_worker_add(acting_user=request.user, case=case, name=data["name"], member=member, request=request)

    return _step_page(request, case, WorkerForm(request.POST or None), title="添加涉及职工", submit_label="添加", act=act)


@business_page
@require_POST
def case_attachment_add(request, case_id):
    case = _handled_case(request, case_id)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(acting_user=request.user, case=case, upload=form.cleaned_data["file"], request=request)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "附件已上传")
            return redirect(_back(case))
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, f"附件未上传：{error}")
    return redirect(_back(case))


@business_page
def attachment_download(request, case_attachment_id):
    attachment = selectors.attachment_get(request.user, case_attachment_id)
    path = services.attachment_path(attachment)
    if not path.is_file():
        raise Http404("附件文件已不存在")
    return FileResponse(open(path, "rb"), as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type)


@business_page
@require_POST
def case_phone_reveal(request, case_id):
    case = selectors.case_get(request.user, case_id)
    value = services.case_reveal_phone(acting_user=request.user, case=case, request=request)
    return HttpResponse(f'<span class="font-monospace">{escape(value)}</span>')
