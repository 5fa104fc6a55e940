"""Law firms, lawyers, their pairings with unions and what they did for them."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gonghui.core import audit
from gonghui.service import permissions
from gonghui.service.models import ActivityKind, LawFirm, Lawyer, LawyerActivity, LawyerPairing
from gonghui.service.services.records import count, past_date, required_text


def firm_create(*, acting_user, data: dict, request=None) -> LawFirm:
    org = acting_user.org
    if not permissions.can_write_for(acting_user, org):
        raise PermissionDenied("您没有登记律师事务所的权限")
    name = required_text(data, "name", "律师事务所名称", 120)
    if LawFirm.objects.filter(org=org, name=name).exists():
        raise ValidationError({"name": f"「{name}」已登记"})
    with transaction.atomic():
        firm = LawFirm.objects.create(org=org, name=name, address=(data.get("address") or "").strip()[:200], phone=(data.get("phone") or "").strip()[:40])
        audit.record(actor=acting_user, action=audit.Action.CREATE, target=firm, summary=f"登记律师事务所「{name}」", request=request)
    return firm


def lawyer_create(*, acting_user, firm: LawFirm, data: dict, request=None) -> Lawyer:
    if not permissions.can_write_for(acting_user, firm.org):
        raise PermissionDenied("无权为该律师事务所登记律师")
    name = required_text(data, "name", "律师姓名", 40)
    license_number = (data.get("license_number") or "").strip()
    if not re.fullmatch(r"\d{17}", license_number):
        raise ValidationError({"license_number": "律师执业证号应为17位数字"})
    if Lawyer.objects.filter(license_number=license_number).exists():
        raise ValidationError({"license_number": "该执业证号已登记"})
    with transaction.atomic():
        lawyer = Lawyer.objects.create(firm=firm, name=name, license_number=license_number, phone=(data.get("phone") or "").strip()[:40])
        audit.record(actor=acting_user, action=audit.Action.CREATE, target=lawyer, summary=f"登记律师 {name}", request=request)
    return lawyer


def pairing_create(*, acting_user, lawyer: Lawyer, org, data: dict, request=None) -> LawyerPairing:
    """Pair a lawyer (of a firm the acting user sees, or one recorded above them) with a union of their subtree."""
    if org is None or not permissions.can_write_for(acting_user, org):
        raise ValidationError({"org": "只能为本级及下级工会结对"})
    if lawyer is None:
        raise ValidationError({"lawyer": "请选择律师"})
    started = past_date(data, "started_on", "结对日期")
    if LawyerPairing.objects.filter(lawyer=lawyer, org=org, ended_on__isnull=True).exists():
        raise ValidationError({"lawyer": f"{lawyer.name}已与「{org.name}」结对"})
    with transaction.atomic():
        pairing = LawyerPairing.objects.create(lawyer=lawyer, org=org, started_on=started)
        audit.record(actor=acting_user, action=audit.Action.CREATE, target=pairing, summary=f"律师 {lawyer.name} 与「{org.name}」结对", request=request)
    return pairing


def pairing_end(*, acting_user, pairing: LawyerPairing, data: dict, request=None) -> LawyerPairing:
    if not permissions.can_write_for(acting_user, pairing.org):
        raise PermissionDenied("无权办理该结对")
    ended = past_date(data, "ended_on", "结束日期")
    if ended < pairing.started_on:
        raise ValidationError({"ended_on": "结束日期不能早于结对日期"})
    with transaction.atomic():
        if not LawyerPairing.objects.filter(pk=pairing.pk, ended_on__isnull=True).update(ended_on=ended):
            raise ValidationError("该结对已结束")
        pairing.ended_on = ended
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=pairing, summary="结束律师结对", request=request)
    return pairing


def activity_record(*, acting_user, pairing: LawyerPairing, data: dict, request=None) -> LawyerActivity:
    if not permissions.can_write_for(acting_user, pairing.org):
        raise PermissionDenied("无权为该结对记录活动")
    kind = data.get("kind")
    if kind not in ActivityKind.values:
        raise ValidationError({"kind": "请选择活动类别"})
    held_on = past_date(data, "held_on", "活动日期")
    if held_on < pairing.started_on or (pairing.ended_on and held_on > pairing.ended_on):
        raise ValidationError({"held_on": "活动日期应在结对期内"})
    enterprise = data.get("enterprise")
    if kind == ActivityKind.RULES_REVIEW and enterprise is None:
        raise ValidationError({"enterprise": "审查规章制度须写明企业"})
    if enterprise is not None and not permissions.can_write_for(acting_user, enterprise.org):
        raise ValidationError({"enterprise": "该企业不在您的管辖范围内"})
    subject = required_text(data, "subject", "主题/事由")
    with transaction.atomic():
        activity = LawyerActivity.objects.create(pairing=pairing, kind=kind, held_on=held_on, enterprise=enterprise, subject=subject,
                                                 attendees=count(data, "attendees", "人数"), recorded_by=acting_user)
        audit.record(actor=acting_user, action=audit.Action.CREATE, target=activity, summary=f"记录律师活动：{activity.get_kind_display()}", request=request)
    return activity
