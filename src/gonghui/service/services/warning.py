"""Dispute early warning: enterprises at risk and their handling; collective incidents and
the emergency steps taken."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.service import permissions
from gonghui.service.models import CollectiveIncident, EmergencyStep, RiskEnterprise, RiskHandling, RiskLevel, RiskSign, WatchStatus
from gonghui.service.services.records import count, past_date, required_text


def warning_create(*, acting_user, enterprise, data: dict, request=None) -> RiskEnterprise:
    if enterprise is None or not permissions.can_write_for(acting_user, enterprise.org):
        raise ValidationError({"enterprise": "请选择本级及下级范围内的企业"})
    if data.get("sign") not in RiskSign.values:
        raise ValidationError({"sign": "请选择风险迹象"})
    if data.get("level") not in RiskLevel.values:
        raise ValidationError({"level": "请选择风险等级"})
    identified = past_date(data, "identified_on", "发现日期")
    if RiskEnterprise.objects.filter(enterprise=enterprise, status=WatchStatus.WATCHING).exists():
        raise ValidationError({"enterprise": f"「{enterprise.name}」已在预警监控中，请在原记录中续记处置情况"})
    try:
        with transaction.atomic():
            warning = RiskEnterprise.objects.create(
                enterprise=enterprise, org=enterprise.org, sign=data["sign"], level=data["level"], identified_on=identified,
                workers_affected=count(data, "workers_affected", "涉及职工人数"), description=(data.get("description") or "").strip(), recorded_by=acting_user,
            )
            audit.record(actor=acting_user, action=audit.Action.CREATE, target=warning, summary=f"列入预警：{enterprise.name}", request=request)
    except IntegrityError:
        raise ValidationError({"enterprise": f"「{enterprise.name}」已在预警监控中"}) from None
    return warning


def warning_handle(*, acting_user, warning: RiskEnterprise, data: dict, request=None) -> RiskHandling:
    """Record what was done; optionally change the level or lift the warning."""
    if not permissions.can_write_for(acting_user, warning.org):
        raise PermissionDenied("无权处置该预警")
    action = required_text(data, "action", "处置情况", 500)
    day = past_date(data, "handled_on", "处置日期")
    if day < warning.identified_on:
        raise ValidationError({"handled_on": "处置日期不能早于发现日期"})
    level = data.get("level")
    if level not in (None, "", *RiskLevel.values):
        raise ValidationError({"level": "风险等级不存在"})
    with transaction.atomic():
        locked = RiskEnterprise.objects.select_for_update().get(pk=warning.pk)
        if locked.status != WatchStatus.WATCHING:
            raise ValidationError("该预警已解除，不能再记录处置")
        handling = RiskHandling.objects.create(warning=locked, handled_on=day, action=action, actor=acting_user)
        if level:
            locked.level = level
        if data.get("close"):
            locked.status, locked.closed_on = WatchStatus.CLOSED, day
        locked.save()
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=locked, summary=f"预警处置：{locked.enterprise.name}", request=request)
    return handling


def incident_create(*, acting_user, org, data: dict, request=None) -> CollectiveIncident:
    if org is None or not permissions.can_write_for(acting_user, org):
        raise ValidationError({"org": "只能登记本级及下级范围内的事件"})
    enterprise = data.get("enterprise")
    if enterprise is not None and not permissions.can_write_for(acting_user, enterprise.org):
        raise ValidationError({"enterprise": "该企业不在您的管辖范围内"})
    occurred = past_date(data, "occurred_on", "发生日期")
    with transaction.atomic():
        incident = CollectiveIncident.objects.create(org=org, enterprise=enterprise, occurred_on=occurred, workers_count=count(data, "workers_count", "参与职工人数", minimum=1),
                                                     cause=required_text(data, "cause", "起因"), recorded_by=acting_user)
        audit.record(actor=acting_user, action=audit.Action.CREATE, target=incident, summary="登记群体性事件", request=request)
    return incident


def incident_step_add(*, acting_user, incident: CollectiveIncident, data: dict, request=None) -> EmergencyStep:
    if not permissions.can_write_for(acting_user, incident.org):
        raise PermissionDenied("无权处置该事件")
    text = required_text(data, "step", "应急处置措施", 500)
    resolved = data.get("resolved_on")
    if resolved is not None:
        resolved = past_date(data, "resolved_on", "平息日期")
        if resolved < incident.occurred_on:
            raise ValidationError({"resolved_on": "平息日期不能早于发生日期"})
    with transaction.atomic():
        locked = CollectiveIncident.objects.select_for_update().get(pk=incident.pk)
        if locked.resolved_on is not None:
            raise ValidationError("该事件已平息")
        step = EmergencyStep.objects.create(incident=locked, taken_at=timezone.now(), step=text, actor=acting_user)
        if resolved:
            locked.resolved_on = resolved
            locked.save(update_fields=["resolved_on"])
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=locked, summary="记录应急处置措施", request=request)
    return step
