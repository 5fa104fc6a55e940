"""Every write to the member registry: register, update, leave, transfer, reveal. Each in a
transaction and audited; personal data appears in the audit trail masked."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.sealing import SealedValue, index_for
from gonghui.core.scope import covers
from gonghui.core.validators import clean_id_number, clean_mobile, id_number_birth_date, id_number_sex
from gonghui.members import permissions
from gonghui.members.models import ETHNICITIES, Education, Household, Member, MembershipPeriod, MemberStatus, Transfer, TransferStatus

MEMBER_FIELDS = ["name", "id_number", "mobile", "ethnicity", "education", "household", "enterprise", "org", "joined_on", "status", "status_changed_on"]


def clean_member_data(data: dict) -> dict:
    """Check and normalise what a clerk typed or a row held; raise ValidationError by field.
    Birth date and sex come from the ID number, never typed."""
    errors, cleaned = {}, {}
    name = (data.get("name") or "").strip()
    if not name:
        errors["name"] = "姓名不能为空"
    elif len(name) > 40:
        errors["name"] = "姓名过长(最多40字)"
    cleaned["name"] = name
    try:
        number = clean_id_number(data.get("id_number"))
    except ValidationError as exc:
        errors["id_number"] = exc.messages[0]
    else:
        cleaned.update(id_number=number, birth_date=id_number_birth_date(number), sex=id_number_sex(number))
    mobile = data.get("mobile")
    cleaned["mobile"] = ""
    if mobile:
        try:
            cleaned["mobile"] = clean_mobile(mobile)
        except ValidationError as exc:
            errors["mobile"] = exc.messages[0]
    ethnicity = (data.get("ethnicity") or "汉族").strip()
    if ethnicity and not ethnicity.endswith("族") and ethnicity + "族" in ETHNICITIES:
        ethnicity += "族"
    if ethnicity not in ETHNICITIES:
        errors["ethnicity"] = f"民族「{ethnicity}」不在56个民族名称中"
    cleaned["ethnicity"] = ethnicity
    for key, choices, label in (("education", Education, "文化程度"), ("household", Household, "户籍类型")):
        value = (data.get(key) or "").strip()
        if key == "household" and not value:
            value = Household.URBAN
        if value and value not in choices.values:
            by_label = {c.label: c.value for c in choices}
            if value in by_label:
                value = by_label[value]
            else:
                errors[key] = f"{label}「{value}」不是可选值({'、'.join(c.label for c in choices)})"
        cleaned[key] = value
    joined_on = data.get("joined_on")
    if not isinstance(joined_on, datetime.date):
        errors["joined_on"] = "入会日期不能为空"
    elif joined_on > timezone.localdate():
        errors["joined_on"] = "入会日期不能晚于今天"
    elif "birth_date" in cleaned and joined_on < cleaned["birth_date"] + datetime.timedelta(days=365 * 16):
        errors["joined_on"] = "入会时未满16周岁"
    cleaned["joined_on"] = joined_on
    cleaned["enterprise"] = data.get("enterprise")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_place(acting_user, org, enterprise):
    if org is None or not permissions.can_register_in(acting_user, org):
        raise ValidationError({"org": "所在工会不存在、不在您的管辖范围内，或不是村(社区)、联合工会或基层工会"})
    if enterprise is not None and not covers(acting_user, enterprise.org.path):
        raise ValidationError({"enterprise": "工作单位不在您的管辖范围内"})


def already_active_message(member: Member) -> str:
    return f"{member.name}({member.id_number.masked})已是「{member.org.name}」的在册会员，请办理转会"


@transaction.atomic
def member_register(*, acting_user, org, data: dict, request=None) -> Member:
    """Register a person as a member of org. A person who left earlier joins again; a person
    active anywhere in the federation is refused with where."""
    cleaned = clean_member_data(data)
    _check_place(acting_user, org, cleaned.get("enterprise"))
    existing = Member.objects.select_for_update().select_related("org").filter(id_number_index=index_for(Member, "id_number", cleaned["id_number"])).first()
    if existing is not None and existing.status == MemberStatus.ACTIVE:
        raise ValidationError({"id_number": already_active_message(existing)})
    today = timezone.localdate()
    if existing is None:
        member = Member(org=org, collected_on=today, **cleaned)
        try:
            with transaction.atomic():
                member.save()
        except IntegrityError:
            raise ValidationError({"id_number": "该身份证号刚刚已被登记，请勿重复提交"}) from None
        reason = MembershipPeriod.Reason.JOINED
    else:
        member = existing
        for key, value in cleaned.items():
            setattr(member, key, value)
        member.org, member.status, member.status_changed_on = org, MemberStatus.ACTIVE, None
        member.save()
        reason = MembershipPeriod.Reason.REJOINED
    MembershipPeriod.objects.create(member=member, org=org, started_on=cleaned["joined_on"], reason=reason)
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=member, summary=f"登记会员 {member.name}", changes=audit.created(member, MEMBER_FIELDS), request=request)
    return member


@transaction.atomic
def member_update(*, acting_user, member: Member, data: dict, request=None) -> Member:
    """Correct a member's record. The union changes only by transfer."""
    if not permissions.can_edit_member(acting_user, member):
        raise PermissionDenied("无权修改该会员")
    member = Member.objects.select_for_update().select_related("org").get(pk=member.pk)
    cleaned = clean_member_data(data)
    _check_place(acting_user, member.org, cleaned.get("enterprise"))
    other = Member.objects.filter(id_number_index=index_for(Member, "id_number", cleaned["id_number"])).exclude(pk=member.pk).select_related("org").first()
    if other is not None:
        raise ValidationError({"id_number": f"该身份证号已属于会员 {other.name}({other.id_number.masked})"})
    before = audit.snapshot(member, MEMBER_FIELDS)
    for key, value in cleaned.items():
        setattr(member, key, value)
    member.save()
    MembershipPeriod.objects.filter(member=member, ended_on__isnull=True, reason__in=["joined", "rejoined"]).update(started_on=member.joined_on)
    changes = audit.diff(before, audit.snapshot(member, MEMBER_FIELDS))
    if changes:
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=member, summary=f"修改会员 {member.name}", changes=changes, request=request)
    return member


@transaction.atomic
def member_end(*, acting_user, member: Member, status: str, on: datetime.date, request=None) -> Member:
    """A member leaves the registry: transferred out of the federation, retired, left, died."""
    if not permissions.can_edit_member(acting_user, member):
        raise PermissionDenied("无权修改该会员")
    member = Member.objects.select_for_update().get(pk=member.pk)
    if status not in MemberStatus.values or status == MemberStatus.ACTIVE:
        raise ValidationError({"status": "请选择转出、退休、离会或死亡"})
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError({"status": f"该会员当前状态为「{member.get_status_display()}」，不能重复办理"})
    if on < member.joined_on or on > timezone.localdate():
        raise ValidationError({"on": "变更日期须在入会日期之后且不晚于今天"})
    member.status, member.status_changed_on = status, on
    member.save(update_fields=["status", "status_changed_on", "updated_at"])
    MembershipPeriod.objects.filter(member=member, ended_on__isnull=True).update(ended_on=on)
    Transfer.objects.filter(member=member, status=TransferStatus.PENDING).update(status=TransferStatus.REJECTED, decided_by=acting_user, decided_at=timezone.now())
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=member, summary=f"会员 {member.name} {member.get_status_display()}", changes={"status": ["active", status]}, request=request)
    return member


def _apply_transfer(transfer: Transfer, acting_user, request) -> None:
    member = transfer.member
    MembershipPeriod.objects.filter(member=member, ended_on__isnull=True).update(ended_on=transfer.effective_on)
    MembershipPeriod.objects.create(member=member, org=transfer.to_org, started_on=transfer.effective_on, reason=MembershipPeriod.Reason.TRANSFER)
    member.org = transfer.to_org
    member.enterprise = transfer.to_enterprise
    member.save(update_fields=["org", "enterprise", "updated_at"])
    transfer.status, transfer.decided_by, transfer.decided_at = TransferStatus.DONE, acting_user, timezone.now()
    transfer.save(update_fields=["status", "decided_by", "decided_at"])
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=member, summary=f"会员 {member.name} 由「{transfer.from_org.name}」转入「{transfer.to_org.name}」",
                 changes={"org": [transfer.from_org.name, transfer.to_org.name]}, request=request)


@transaction.atomic
def member_transfer(*, acting_user, member: Member, to_org, to_enterprise=None, effective_on: datetime.date, reason: str = "", request=None) -> Transfer:
    """Move a member to another union. Inside the actor's subtree it takes effect at once;
    to a union outside it, it waits for the receiving side to accept."""
    if not permissions.can_edit_member(acting_user, member):
        raise PermissionDenied("无权为该会员办理转会")
    member = Member.objects.select_for_update().select_related("org").get(pk=member.pk)
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError({"to_org": "只有在册会员可以转会"})
    if to_org is None or to_org.level < 3:
        raise ValidationError({"to_org": "转入工会须是村(社区)、联合工会或基层工会"})
    if to_org.pk == member.org_id:
        raise ValidationError({"to_org": "转入工会与当前工会相同"})
    if effective_on < member.joined_on or effective_on > timezone.localdate() + datetime.timedelta(days=90):
        raise ValidationError({"effective_on": "转会日期须在入会日期之后，且不晚于90天后"})
    if to_enterprise is not None and not to_enterprise.org.path.startswith(to_org.path):
        raise ValidationError({"to_enterprise": "新工作单位不属于转入工会"})
    if Transfer.objects.filter(member=member, status=TransferStatus.PENDING).exists():
        raise ValidationError({"to_org": "该会员已有待接收的转会申请"})
    transfer = Transfer.objects.create(
        member=member, from_org=member.org, to_org=to_org, to_enterprise=to_enterprise, status=TransferStatus.PENDING,
        reason=reason, requested_by=acting_user, effective_on=effective_on,
    )
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=transfer, summary=f"会员 {member.name} 申请转入「{to_org.name}」", request=request)
    if covers(acting_user, to_org.path):
        _apply_transfer(transfer, acting_user, request)
    return transfer


@transaction.atomic
def transfer_decide(*, acting_user, transfer: Transfer, accept: bool, request=None) -> Transfer:
    """The receiving union accepts or rejects a transfer request."""
    transfer = Transfer.objects.select_for_update().select_related("member", "from_org", "to_org").get(pk=transfer.pk)
    if not permissions.can_decide_transfer(acting_user, transfer):
        raise PermissionDenied("只有转入工会一方可以处理该申请")
    if transfer.status != TransferStatus.PENDING:
        raise ValidationError({"status": f"该申请已{transfer.get_status_display()}，不能重复处理"})
    if accept:
        transfer.member = Member.objects.select_for_update().get(pk=transfer.member_id)
        if transfer.member.status != MemberStatus.ACTIVE or transfer.member.org_id != transfer.from_org_id:
            raise ValidationError({"status": "会员状态已变化，该申请不能再接收"})
        _apply_transfer(transfer, acting_user, request)
    else:
        transfer.status, transfer.decided_by, transfer.decided_at = TransferStatus.REJECTED, acting_user, timezone.now()
        transfer.save(update_fields=["status", "decided_by", "decided_at"])
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=transfer, summary=f"拒绝会员 {transfer.member.name} 转入", request=request)
    return transfer


def member_reveal(*, acting_user, member: Member, field: str, request=None) -> str:
    """The whole value of a sealed field, for a user holding the grant; audited."""
    if field not in {"id_number", "mobile"}:
        raise ValidationError({"field": "该字段不能查看"})
    if not permissions.can_reveal(acting_user):
        raise PermissionDenied("您没有查看完整敏感信息的权限")
    value = getattr(member, field)
    with transaction.atomic():
        audit.record(actor=acting_user, action=audit.Action.REVEAL, target=member, summary=f"查看会员 {member.name} 的完整{Member._meta.get_field(field).verbose_name}", request=request)
    return value.reveal() if isinstance(value, SealedValue) else ""
