"""Dispute early warning: enterprises at risk, collective incidents."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core.listing import Column, Filter, Listing
from gonghui.service import permissions, selectors, services
from gonghui.service.forms import HandlingForm, IncidentForm, StepForm, WarningForm
from gonghui.service.models import RiskLevel, RiskSign, WatchStatus
from gonghui.service.views.pages import business_page, form_page

WARNING_LISTING = Listing(
    columns=[
        Column("enterprise.name", "企业"),
        Column("org.name", "所属工会"),
        Column("sign", "风险迹象"),
        Column("level", "风险等级", sort="level"),
        Column("workers_affected", "涉及职工"),
        Column("identified_on", "发现日期", sort="identified_on"),
        Column("status", "状态"),
        Column("closed_on", "解除日期"),
    ],
    search_fields=["enterprise__name"], search_hint="企业名称",
    filters=[Filter("sign", "风险迹象", RiskSign.choices, "sign"), Filter("level", "风险等级", RiskLevel.choices, "level"),
             Filter("status", "状态", WatchStatus.choices, "status")],
    default_sort="-identified_on", row_url=lambda w: reverse("service:warning-detail", args=[w.pk]), export_name="预警企业",
)
INCIDENT_LISTING = Listing(
    columns=[
        Column("occurred_on", "发生日期", sort="occurred_on"),
        Column("org.name", "发生地"),
        Column("enterprise.name", "涉及企业"),
        Column("workers_count", "参与人数", sort="workers_count"),
        Column("cause", "起因"),
        Column("resolved_on", "平息日期"),
    ],
    search_fields=["cause", "enterprise__name"], search_hint="起因或企业", default_sort="-occurred_on",
    row_url=lambda i: reverse("service:incident-detail", args=[i.pk]), export_name="群体性事件",
)


@business_page
def warning_list(request):
    return WARNING_LISTING.respond(request, selectors.warnings(request.user), template="service/warning_list.html", title="劳动争议预警企业")


@business_page
def incident_list(request):
    return INCIDENT_LISTING.respond(request, selectors.incidents(request.user), template="service/warning_list.html", title="群体性事件")


def _enterprise(request, code, field="enterprise_code"):
    code = (code or "").strip()
    enterprise = selectors.enterprise_by_code(request.user, code)
    if code and enterprise is None:
        raise ValidationError({field: "在您的管辖范围内找不到该信用代码的企业"})
    return enterprise


@business_page
def warning_create(request):
    def done(data):
        enterprise = _enterprise(request, data.pop("enterprise_code"))
        warning = services.warning_create(acting_user=request.user, enterprise=enterprise, data=data, request=request)
        return redirect("service:warning-detail", warning.pk)

    return form_page(request, WarningForm(request.POST or None), title="列入劳动争议预警", cancel_url=reverse("service:warning-list"), on_valid=done)


@business_page
def warning_detail(request, risk_warning_id):
    warning = selectors.warning_get(request.user, risk_warning_id)
    can_write = permissions.can_write_for(request.user, warning.org) and warning.status == WatchStatus.WATCHING
    return render(request, "service/record_detail.html", {
        "title": f"预警企业：{warning.enterprise.name}", "back": reverse("service:warning-list"),
        "fields": [("风险迹象", warning.get_sign_display()), ("风险等级", warning.get_level_display()), ("涉及职工人数", warning.workers_affected),
                   ("发现日期", warning.identified_on), ("状态", warning.get_status_display()), ("解除日期", warning.closed_on), ("情况说明", warning.description)],
        "actions": [("记录处置情况", reverse("service:warning-handle", args=[warning.pk]))] if can_write else [],
        "sections": [{"title": "处置记录", "headers": ["日期", "处置情况", "经办人"],
                      "rows": [[h.handled_on, h.action, h.actor.display_name if h.actor else ""] for h in warning.handlings.select_related("actor")]}],
    })


@business_page
def warning_handle(request, risk_warning_id):
    warning = selectors.warning_get(request.user, risk_warning_id)
    if not permissions.can_write_for(request.user, warning.org):
        raise PermissionDenied("无权处置该预警")

    def done(data):
        services.warning_handle(acting_user=request.user, warning=warning, data=data, request=request)
        messages.success(request, "处置情况已记录")
        return redirect("service:warning-detail", warning.pk)

    return form_page(request, HandlingForm(request.POST or None), title=f"记录处置情况 · {warning.enterprise.name}",
                     cancel_url=reverse("service:warning-detail", args=[warning.pk]), on_valid=done)


@business_page
def incident_create(request):
    def done(data):
        org = selectors.org_by_code(request.user, data.pop("org_code"))
        if org is None:
            raise ValidationError({"org_code": "在您的管辖范围内找不到该组织编码"})
        enterprise = _enterprise(request, data.pop("enterprise_code"))
        incident = services.incident_create(acting_user=request.user, org=org, data={**data, "enterprise": enterprise}, request=request)
        return redirect("service:incident-detail", incident.pk)

    return form_page(request, IncidentForm(request.POST or None), title="登记群体性事件", cancel_url=reverse("service:incident-list"), on_valid=done)


@business_page
def incident_detail(request, collective_incident_id):
    incident = selectors.incident_get(request.user, collective_incident_id)
    can_write = permissions.can_write_for(request.user, incident.org) and incident.resolved_on is None
    return render(request, "service/record_detail.html", {
        "title": f"群体性事件：{incident.cause}", "back": reverse("service:incident-list"),
        "fields": [("发生日期", incident.occurred_on), ("发生地", incident.org.name), ("涉及企业", incident.enterprise.name if incident.enterprise else ""),
                   ("参与职工人数", incident.workers_count), ("平息日期", incident.resolved_on)],
        "actions": [("记录应急处置措施", reverse("service:incident-step", args=[incident.pk]))] if can_write else [],
        "sections": [{"title": "应急处置", "headers": ["时间", "措施", "经办人"],
                      "rows": [[s.taken_at, s.step, s.actor.display_name if s.actor else ""] for s in incident.steps.select_related("actor")]}],
    })


@business_page
def incident_step(request, collective_incident_id):
    incident = selectors.incident_get(request.user, collective_incident_id)
    if not permissions.can_write_for(request.user, incident.org):
        raise PermissionDenied("无权处置该事件")

    def done(data):
        services.incident_step_add(acting_user=request.user, incident=incident, data=data, request=request)
        return redirect("service:incident-detail", incident.pk)

    return form_page(request, StepForm(request.POST or None), title="记录应急处置措施", cancel_url=reverse("service:incident-detail", args=[incident.pk]), on_valid=done)
