"""Recuperation: groups, the permit each needs, and each participant's certificate."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gonghui.core import audit
from gonghui.service import permissions
from gonghui.service.models import RecuperationCertificate, RecuperationGroup
from gonghui.service.services.records import past_date, required_text


def group_create(*, acting_user, org, data: dict, request=None) -> RecuperationGroup:
    if org is None or not permissions.can_write_for(acting_user, org):
        raise ValidationError({"org": "组团工会应为本级或下级工会"})
    name = required_text(data, "name", "团队名称", 120)
    destination = required_text(data, "destination", "休养地", 120)
    start = past_date(data, "start_on", "出发日期", future_ok=True)
    end = past_date(data, "end_on", "返回日期", future_ok=True)
    if end < start:
        raise ValidationError({"end_on": "返回日期不能早于出发日期"})
    with transaction.atomic():
        group = RecuperationGroup.objects.create(org=org, name=name, destination=destination, start_on=start, end_on=end, created_by=acting_user)
        audit.record(actor=acting_user, action=audit.Action.CREATE, target=group, summary=f"登记休养团队「{name}」", request=request)
    return group


def permit_issue(*, acting_user, group: RecuperationGroup, data: dict, request=None) -> RecuperationGroup:
    if not permissions.can_issue_permit(acting_user, group):
        raise PermissionDenied("许可证由市总工会或镇(街道)总工会发放")
    number = required_text(data, "permit_number", "许可证号", 30)
    issued = past_date(data, "permit_issued_on", "发放日期")
    if RecuperationGroup.objects.filter(permit_number=number).exists():
        raise ValidationError({"permit_number": f"许可证号「{number}」已被使用"})
    try:
        with transaction.atomic():
            if not RecuperationGroup.objects.filter(pk=group.pk, permit_number__isnull=True).update(permit_number=number, permit_issued_on=issued):
                raise ValidationError("该团队已领取许可证")
            group.permit_number, group.permit_issued_on = number, issued
            audit.record(actor=acting_user, action=audit.Action.UPDATE, target=group, summary=f"发放休养许可证 {number}", request=request)
    except IntegrityError:
        raise ValidationError({"permit_number": f"许可证号「{number}」已被使用"}) from None
    return group


def certificate_add(*, acting_user, group: RecuperationGroup, data: dict, request=None) -> RecuperationCertificate:
    """A participant's certificate, numbered after the group's permit."""
    if not permissions.can_write_for(acting_user, group.org):
        raise PermissionDenied("无权为该团队发证")
    name = required_text(data, "name", "姓名", 40)
    member = data.get("member")
    if member is not None and not permissions.can_write_for(acting_user, member.org):
        raise ValidationError({"member": "该会员不在您的管辖范围内"})
    issued = past_date(data, "issued_on", "发证日期")
    with transaction.atomic():
        locked = RecuperationGroup.objects.select_for_update().get(pk=group.pk)
        if not locked.permit_number:
            raise ValidationError("团队须先领取许可证，才能发放休养证")
        if member is not None and locked.certificates.filter(member=member).exists():
            raise ValidationError({"member": f"{member.name}已领取本团队的休养证"})
        number = f"{locked.permit_number}-{locked.certificates.count() + 1:03d}"
        try:
            with transaction.atomic():
                certificate = RecuperationCertificate.objects.create(group=locked, number=number, name=name, member=member, issued_on=issued)
        except IntegrityError:
            raise ValidationError("休养证号冲突，请重试") from None
        audit.record(actor=acting_user, action=audit.Action.CREATE, target=certificate, summary=f"发放休养证 {number}", request=request)
    return certificate
