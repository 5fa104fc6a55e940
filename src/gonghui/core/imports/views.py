import os

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from gonghui.core import audit, scope
from gonghui.core.forms import attach_errors
from gonghui.core.imports import selectors, services, storage
from gonghui.core.imports.forms import StartForm, UploadForm
from gonghui.core.imports.spec import get_spec
from gonghui.core.imports.template import template_bytes
from gonghui.core.listing import Column, Listing
from gonghui.core.models import ImportJob, ImportMode, ImportStatus
from gonghui.core.roles import reads_business_data

business_required = user_passes_test(reads_business_data, login_url="accounts:login")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _spec_or_404(name):
    try:
        return get_spec(name)
    except KeyError:
        raise Http404("没有这种导入") from None


def _back_url(spec):
    try:
        return reverse(spec.back_url) if spec.back_url else ""
    except NoReverseMatch:
        return ""


def _org_in_scope(user, code: str):
    Org = ImportJob._meta.get_field("org").related_model
    return scope.visible(Org.objects.all(), user, path_field="path").filter(code=code.strip()).first()


@login_required
@business_required
def template_download(request, spec_name):
    spec = _spec_or_404(spec_name)
    response = HttpResponse(template_bytes(spec), content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(spec.title + '导入模板.xlsx')}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@login_required
@business_required
def job_new(request, spec_name):
    spec = _spec_or_404(spec_name)
    if not spec.can_import(request.user, request.user.org):
        raise PermissionDenied("无权导入")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["org_code"]
        org = _org_in_scope(request.user, code) if code else request.user.org
        if org is None:
            form.add_error("org_code", "该编码的组织不存在或不在您的管辖范围内")
        else:
            upload = form.cleaned_data["file"]
            try:
                job = services.job_create(spec_name=spec.name, org=org, acting_user=request.user, chunks=upload.chunks(), original_name=upload.name, size=upload.size)
            except ValidationError as exc:
                attach_errors(form, exc)
            except PermissionDenied:
                form.add_error("org_code", "您无权向该组织导入")
            else:
                if form.cleaned_data["then"] == UploadForm.DIRECTLY:
                    services.job_import_directly(job=job, acting_user=request.user)
                else:
                    services.enqueue_validation(job)
                return redirect("imports:job-detail", job.pk)
    recent = selectors.jobs_visible(request.user).filter(spec=spec.name, created_by=request.user)[:10]
    return render(request, "core/imports/new.html", {
        "form": form, "spec": spec, "title": f"导入{spec.title}", "recent": recent, "back_url": _back_url(spec),
    })


def _job_context(request, job):
    spec = get_spec(job.spec)
    live = services.live(job)
    return {
        "job": job, "spec": spec, "live": live, "title": f"导入{spec.title}：{job.original_name}",
        "can_start": job.status == ImportStatus.VALIDATED and services.can_start(request.user, job),
        "can_retry": services.can_start(request.user, job) and services.can_retry(job),
        "can_download_errors": job.has_error_file and job.created_by_id == request.user.pk,
        "start_form": StartForm(initial={"mode": ImportMode.ALL if not job.invalid_rows else ImportMode.VALID}),
        "modes": ImportMode, "statuses": ImportStatus, "back_url": _back_url(spec),
        "unchanged": max(0, job.valid_rows - job.created_count - job.updated_count),
    }


@login_required
@business_required
def job_detail(request, job_id):
    job = selectors.job_get(request.user, job_id)
    return render(request, "core/imports/detail.html", _job_context(request, job))


@login_required
@business_required
def job_progress(request, job_id):
    """The progress card, polled by htmx every second while a pass runs; once it ends the
    whole page reloads to show the outcome."""
    job = selectors.job_get(request.user, job_id)
    context = _job_context(request, job)
    response = render(request, "core/imports/detail.html#progress", context)
    if not context["live"]["running"] and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
@business_required
@require_POST
def job_start(request, job_id):
    job = selectors.job_get(request.user, job_id)
    form = StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择导入方式")
        return redirect("imports:job-detail", job.pk)
    try:
        started = services.job_start(job=job, acting_user=request.user, mode=form.cleaned_data["mode"])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        if not started:
            messages.info(request, "该文件已经开始导入，不会重复导入")
    return redirect("imports:job-detail", job.pk)


@login_required
@business_required
@require_POST
def job_retry(request, job_id):
    job = selectors.job_get(request.user, job_id)
    if not services.job_retry(job=job, acting_user=request.user):
        messages.info(request, "该任务正在运行或无需重试")
    return redirect("imports:job-detail", job.pk)


@login_required
@business_required
def job_errors(request, job_id):
    """The error workbook holds the rows as uploaded: only the uploader downloads it."""
    job = selectors.job_get(request.user, job_id)
    path = storage.error_path(job)
    if job.created_by_id != request.user.pk or not job.has_error_file or not os.path.exists(path):
        raise Http404("错误清单不存在")
    audit.record(actor=request.user, action=audit.Action.EXPORT, target=job, summary=f"下载导入错误清单「{job.original_name}」", changes={"rows": job.invalid_rows}, request=request)
    name = os.path.splitext(job.original_name)[0] + "-错误清单.xlsx"
    return FileResponse(open(path, "rb"), as_attachment=True, filename=name, content_type=XLSX)


JOB_LISTING = Listing(
    columns=[
        Column("created_at", "上传时间", sort="created_at"),
        Column("spec", "导入类型", value=lambda j: _spec_title(j.spec)),
        Column("original_name", "文件名"),
        Column("org.name", "导入到"),
        Column("created_by.username", "导入人"),
        Column("status", "状态"),
        Column("total_rows", "数据行"),
        Column("invalid_rows", "错误行"),
        Column("created_count", "新增"),
        Column("updated_count", "更新"),
    ],
    search_fields=["original_name"],
    search_hint="文件名",
    default_sort="-created_at",
    row_url=lambda j: reverse("imports:job-detail", args=[j.pk]),
    export_name="导入记录",
)


def _spec_title(name):
    try:
        return get_spec(name).title
    except KeyError:
        return name


@login_required
@business_required
def job_list(request):
    queryset = selectors.jobs_visible(request.user)
    spec_name = request.GET.get("spec", "")
    if spec_name:
        queryset = queryset.filter(spec=spec_name)
    if request.GET.get("mine"):
        queryset = queryset.filter(created_by=request.user)
    return JOB_LISTING.respond(request, queryset, title="导入记录")
