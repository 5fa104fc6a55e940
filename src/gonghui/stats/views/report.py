"""The annual work report page and its downloads (Word, Excel, JSON) for a node and a year."""

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from gonghui.core import audit
from gonghui.stats import report
from gonghui.stats.report import word, workbook
from gonghui.stats.report.sentences import written_sections
from gonghui.stats.views.common import page_scope, scope_context, stats_required

FORMATS = {"docx", "xlsx", "json"}


@login_required
@stats_required
def report_page(request):
    org, year = page_scope(request)
    data = report.report_data(org, year)
    return render(request, "stats/report.html", scope_context(request, org, year, title=f"{year}年工作报告", sections=written_sections(data.values, org)))


def _attachment(response, name: str):
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
@stats_required
def report_download(request):
    kind = request.GET.get("format", "")
    if kind not in FORMATS:
        raise Http404("没有这种格式")
    org, year = page_scope(request)
    name = report.filename(org, year, kind)
    if kind == "docx":
        response = _attachment(HttpResponse(word.document_bytes(report.report_data(org, year)),
                                            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"), name)
    elif kind == "xlsx":
        response = workbook.response(name, org, year)
    else:
        body = json.dumps(report.json_rows(org, year), ensure_ascii=False, indent=1)
        response = _attachment(HttpResponse(body, content_type="application/json; charset=utf-8"), name)
    audit.record(actor=request.user, action=audit.Action.EXPORT, object_type="stats.report", object_id=org.pk,
                 summary=f"下载{org.name}{year}年工作报告({kind})", request=request)
    return response
