"""The hardship archive's pages: list, apply, the file with its steps, documents, thresholds."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.assistance import permissions, selectors, services
from gonghui.assistance.forms import DocumentForm, ExitForm, FamilyFormSet, FileApplyForm, NoticeForm, ReasonForm, ReviewForm, ThresholdForm, VisitForm
from gonghui.assistance.models import FileStatus, Grade
from gonghui.assistance.views import business_page, form_page, refusal_message
from gonghui.core.forms import attach_errors
from gonghui.core.listing import Column, Filter, Listing
from gonghui.orgs import selectors as org_selectors

YEARS = [(str(y), f"{y}年") for y in range(datetime.date.today().year, 2004, -1)]

FILE_LISTING = Listing(
    columns=[
        Column("member.name", "困难职工"),
        Column("file_number", "档案编号"),
        Column("member.id_number", "身份证号"),
        Column("grade", "困难类别"),
        Column("cause_main", "主要致困原因"),
        Column("household_size", "家庭人口"),
        Column("per_capita_income", "人均年收入(元)", sort="per_capita_income"),
        Column("threshold", "认定标准(元)"),
        Column("org.name", "所在工会"),
        Column("status", "状态"),
        Column("applied_on", "申请日期", sort="applied_on"),
        Column("archived_on", "建档日期", sort="archived_on"),
    ],
    extra_export=[Column("cause_secondary", "次要致困原因"), Column("is_model_worker", "困难劳模"), Column("notice_start", "公示开始"),
                  Column("notice_end", "公示结束"), Column("exited_on", "脱困日期"), Column("exit_reason", "脱困原因")],
    searched_by_view=True,
    search_hint="姓名、身份证号或档案编号",
    filters=[Filter("status", "状态", FileStatus.choices, "status"), Filter("grade", "类别", Grade.choices, "grade"),
             Filter("archived", "建档年份", YEARS, "archived_on__year"), Filter("model", "困难劳模", [("1", "是")], "is_model_worker")],
    default_sort="-applied_on",
    row_url=lambda f: reverse("assistance:file-detail", args=[f.pk]),
    export_name="困难职工档案",
)


@business_page
def file_list(request):
    files = selectors.files_search(request.user, request.GET.get("q", ""))
    files, node = org_selectors.within_requested_node(request.user, files, request.GET.get("org", ""))
    return FILE_LISTING.respond(request, files, template="assistance/file_list.html", title="困难职工档案" + (f"({node.name})" if node else ""))


@business_page
def file_apply(request):
    form = FileApplyForm(request.POST or None, initial={"applied_on": datetime.date.today()})
    family = FamilyFormSet(request.POST or None, prefix="family")
    if request.method == "POST" and form.is_valid() and family.is_valid():
        member = selectors.member_by_id_number(request.user, form.cleaned_data["id_number"])
        rows = [f.cleaned_data for f in family if f.cleaned_data]
        try:
            hardship_file = services.file_apply(acting_user=request.user, member=member, data=form.cleaned_data, family=rows, request=request)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已提交 {hardship_file.member.name} 的建档申请")
            return redirect("assistance:file-detail", hardship_file.pk)
    return render(request, "assistance/file_apply.html", {"form": form, "family": family, "title": "困难职工建档申请"})


STEPS = [
    ("申请", "applied_by", "applied_on"),
    ("单位审核", "checked_by", "checked_at"),
    ("入户走访", "visited_by", "visited_on"),
    ("收入核实", "income_checked_by", "income_checked_at"),
    ("公示", "notice_by", "notice_start"),
    ("建档", "archived_by", "archived_on"),
]


@business_page
def file_detail(request, file_id):
    hardship_file = selectors.file_get(request.user, file_id)
    user = request.user
    steps = [{"label": label, "who": getattr(hardship_file, who), "when": getattr(hardship_file, when)} for label, who, when in STEPS]
    return render(request, "assistance/file_detail.html", {
        "file": hardship_file, "title": str(hardship_file), "steps": steps,
        "family": hardship_file.family.all(), "documents": hardship_file.documents.select_related("uploaded_by"),
        "reviews": hardship_file.reviews.select_related("reviewed_by"), "grants": hardship_file.member.assistance_grants.select_related("programme").filter(status="paid"),
        "missing": services.missing_documents(hardship_file),
        "can_check": hardship_file.status == FileStatus.APPLIED and permissions.can_check_file(user, hardship_file),
        "can_visit": hardship_file.status in (FileStatus.CHECKED, FileStatus.VISITED) and permissions.can_visit_file(user, hardship_file),
        "can_decide": permissions.can_decide_file(user, hardship_file),
        "can_upload": permissions.can_see_documents(user, hardship_file) and hardship_file.status not in (FileStatus.EXITED, FileStatus.REJECTED),
        "can_see_documents": permissions.can_see_documents(user, hardship_file),
        "today": datetime.date.today(),
    })


def _post_step(request, file_id, act, done_message):
    hardship_file = selectors.file_get(request.user, file_id)
    try:
        act(hardship_file)
    except ValidationError as exc:
        messages.error(request, refusal_message(exc))
    else:
        messages.success(request, done_message)
    return redirect("assistance:file-detail", hardship_file.pk)


@business_page
@require_POST
def file_check(request, file_id):
    return _post_step(request, file_id, lambda f: services.file_check(acting_user=request.user, hardship_file=f, request=request), "单位审核通过")


@business_page
@require_POST
def file_income_check(request, file_id):
    return _post_step(request, file_id, lambda f: services.file_income_check(acting_user=request.user, hardship_file=f, request=request), "收入已核实")


@business_page
@require_POST
def file_archive(request, file_id):
    return _post_step(request, file_id, lambda f: services.file_archive(acting_user=request.user, hardship_file=f, request=request), "已建档")


def _file_form(request, file_id, form_class, act, title, *, allowed, initial=None):
    hardship_file = selectors.file_get(request.user, file_id)
    if not allowed(request.user, hardship_file):
        raise PermissionDenied("无权办理")
    url = reverse("assistance:file-detail", args=[hardship_file.pk])
    form = form_class(request.POST or None, request.FILES or None, initial=initial)
    return form_page(request, form, lambda data: act(hardship_file, data), title=f"{hardship_file.member.name}：{title}", done=lambda _: url, cancel_url=url)


@business_page
def file_visit(request, file_id):
    return _file_form(request, file_id, VisitForm, lambda f, d: services.file_visit(acting_user=request.user, hardship_file=f, request=request, **d),
                      "入户走访", allowed=permissions.can_visit_file, initial={"visited_on": datetime.date.today()})


@business_page
def file_notice(request, file_id):
    today = datetime.date.today()
    return _file_form(request, file_id, NoticeForm, lambda f, d: services.file_publish_notice(acting_user=request.user, hardship_file=f, request=request, **d),
                      "发布公示", allowed=permissions.can_decide_file, initial={"start": today, "end": today + datetime.timedelta(days=6)})


@business_page
def file_reject(request, file_id):
    return _file_form(request, file_id, ReasonForm, lambda f, d: services.file_reject(acting_user=request.user, hardship_file=f, request=request, **d),
                      "退回(未通过)", allowed=lambda u, f: permissions.can_decide_file(u, f) or permissions.can_check_file(u, f))


@business_page
def file_exit(request, file_id):
    return _file_form(request, file_id, ExitForm, lambda f, d: services.file_exit(acting_user=request.user, hardship_file=f, request=request, **d),
                      "脱困", allowed=permissions.can_decide_file, initial={"on": datetime.date.today()})


@business_page
def file_review(request, file_id):
    return _file_form(request, file_id, ReviewForm, lambda f, d: services.file_review(acting_user=request.user, hardship_file=f, request=request, **d),
                      "年度复核", allowed=permissions.can_decide_file, initial={"year": datetime.date.today().year})


@business_page
def document_upload(request, file_id):
    return _file_form(request, file_id, DocumentForm, lambda f, d: services.document_add(acting_user=request.user, hardship_file=f, request=request, **d),
                      "上传证明材料", allowed=permissions.can_see_documents)


@business_page
def document_download(request, document_id):
    document = selectors.document_get(request.user, document_id)
    try:
        path = services.document_open(acting_user=request.user, document=document, request=request)
    except ValidationError as exc:
        messages.error(request, refusal_message(exc))
        return redirect("assistance:file-detail", document.hardship_file_id)
    response = FileResponse(open(path, "rb"), as_attachment=True, filename=document.original_name, content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


THRESHOLD_LISTING = Listing(
    columns=[Column("year", "年度", sort="year"), Column("org.name", "设定单位"), Column("per_capita_income", "家庭人均年收入标准(元)"),
             Column("set_by.display_name", "设定人"), Column("set_at", "设定时间")],
    default_sort="-year", export_name="困难标准",
)


@business_page
def threshold_list(request):
    form = ThresholdForm(request.POST or None)
    can_set = permissions.can_set_threshold(request.user, request.user.org) if request.user.org_id else False
    if request.method == "POST":
        if not can_set:
            raise PermissionDenied("只有市、镇(街道)审核人可以设定困难标准")
        if form.is_valid():
            try:
                services.threshold_set(acting_user=request.user, org=request.user.org, request=request, **form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, "已设定困难标准")
                return redirect("assistance:threshold-list")
    return THRESHOLD_LISTING.respond(request, selectors.thresholds_visible(request.user), template="assistance/setting_list.html", title="困难职工认定标准",
                                     context={"form": form if can_set else None})
