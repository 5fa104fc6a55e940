"""Every write of women workers' protection and psychological help: agreements, counselling
rooms and appeal points, welfare activities. Each checks the place's scope and its figures,
runs in one transaction and writes its audit entry there."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.women import permissions
from gonghui.women.models import CarePoint, CarePointKind, ProtectionAgreement, WelfareActivity

EARLIEST = datetime.date(1990, 1, 1)
MAX_PEOPLE = 100_000  # more than any one enterprise of the city employs


def _text(errors, data, key, label, max_length, *, required=True) -> str:
    value = " ".join(str(data.get(key) or "").split())
    if required and not value:
        errors[key] = f"{label}不能为空"
    elif len(value) > max_length:
        errors[key] = f"{label}不能超过 {max_length} 个字"
    return value


def _people(errors, data, key, label, *, minimum=0, maximum=MAX_PEOPLE) -> int:
    try:
        number = int(data.get(key) if data.get(key) not in (None, "") else 0)
    except (TypeError, ValueError):
        errors[key] = f"{label}须为整数"
        return 0
    if number < 0:
        errors[key] = f"{label}不能为负数"
    elif number < minimum:
        errors[key] = f"{label}至少为 {minimum}"
    elif number > maximum:
        errors[key] = f"{label} {number} 人超出合理范围(最多 {maximum} 人)，请核对"
    return number


def _day(errors, data, key, label, *, future_ok=False) -> datetime.date | None:
    value = data.get(key)
    if not isinstance(value, datetime.date):
        errors[key] = f"{label}不能为空"
        return None
    if not future_ok and value > timezone.localdate():
        errors[key] = f"{label}不能晚于今天"
    elif value < EARLIEST:
        errors[key] = f"{label}不能早于 1990 年"
    return value


def _check_place(acting_user, org, enterprise, *, enterprise_required=False):
    if not permissions.can_record_women(acting_user):
        raise PermissionDenied("无权录入")
    if org is None or not permissions.can_record_at(acting_user, org):
        raise ValidationError({"place": "该单位不存在或不在您的管辖范围内(填企业统一社会信用代码或工会组织编码)"})
    if enterprise_required and enterprise is None:
        raise ValidationError({"place": "请填写企业的统一社会信用代码(须是企业)"})
    if enterprise is not None and enterprise.org_id != org.pk:
        raise ValidationError({"place": "企业与所属工会不符"})


AGREEMENT_FIELDS = ["enterprise", "org", "signed_on", "expires_on", "women_covered", "terms"]


@transaction.atomic
def agreement_record(*, acting_user, enterprise, data: dict, request=None) -> ProtectionAgreement:
    """An enterprise's special-protection agreement for women workers. Terms run at most
    three years (集体合同期限一般为1至3年); two in force at once are refused."""
    _check_place(acting_user, enterprise.org if enterprise else None, enterprise, enterprise_required=True)
    errors = {}
    signed_on = _day(errors, data, "signed_on", "签订日期")
    expires_on = _day(errors, data, "expires_on", "到期日期", future_ok=True)
    if signed_on and expires_on and "signed_on" not in errors and "expires_on" not in errors:
        if expires_on <= signed_on:
            errors["expires_on"] = "到期日期须晚于签订日期"
        elif (expires_on - signed_on).days > 3 * 366:
            errors["expires_on"] = "专项集体合同期限不超过三年"
    women = _people(errors, data, "women_covered", "覆盖女职工", minimum=1, maximum=max(enterprise.employee_count, 1) if enterprise.employee_count else MAX_PEOPLE)
    terms = _text(errors, data, "terms", "主要条款", 500, required=False)
    if errors:
        raise ValidationError(errors)
    overlapping = ProtectionAgreement.objects.select_for_update().filter(enterprise=enterprise, signed_on__lt=expires_on, expires_on__gt=signed_on).first()
    if overlapping is not None:
        raise ValidationError({"signed_on": f"该企业已有 {overlapping.signed_on:%Y-%m-%d} 至 {overlapping.expires_on:%Y-%m-%d} 的专项集体合同，期限重叠"})
    try:
        with transaction.atomic():
            agreement = ProtectionAgreement.objects.create(enterprise=enterprise, org=enterprise.org, signed_on=signed_on, expires_on=expires_on,
                                                           women_covered=women, terms=terms, recorded_by=acting_user)
    except IntegrityError:
        raise ValidationError({"signed_on": "该企业这一天的专项集体合同刚刚已被登记，请勿重复提交"}) from None
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=agreement, request=request, summary=f"登记{agreement}",
                 changes=audit.created(agreement, AGREEMENT_FIELDS))
    return agreement


CARE_FIELDS = ["kind", "name", "org", "enterprise", "opened_on", "staff", "counsellors_certified"]


@transaction.atomic
def care_point_open(*, acting_user, org, enterprise=None, data: dict, request=None) -> CarePoint:
    """A counselling room or an appeal service point set up in an enterprise or at a union."""
    _check_place(acting_user, org, enterprise)
    errors = {}
    kind = data.get("kind")
    if kind not in CarePointKind.values:
        errors["kind"] = "请选择心理辅导室或职工诉求服务点"
    name = _text(errors, data, "name", "名称", 120)
    opened_on = _day(errors, data, "opened_on", "设立日期")
    staff = _people(errors, data, "staff", "工作人员", minimum=1, maximum=200)
    certified = _people(errors, data, "counsellors_certified", "持证心理咨询师", maximum=200)
    if not errors and certified > staff:
        errors["counsellors_certified"] = "持证心理咨询师人数不能多于工作人员"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            point = CarePoint.objects.create(kind=kind, name=name, org=org, enterprise=enterprise, opened_on=opened_on, staff=staff,
                                             counsellors_certified=certified, recorded_by=acting_user)
    except IntegrityError:
        raise ValidationError({"name": f"「{org.name}」已有名为「{name}」的{CarePointKind(kind).label}"}) from None
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=point, request=request, summary=f"设立{point.get_kind_display()}「{name}」",
                 changes=audit.created(point, CARE_FIELDS))
    return point


@transaction.atomic
def care_point_close(*, acting_user, care_point: CarePoint, closed_on, request=None) -> CarePoint:
    if not permissions.can_record_at(acting_user, care_point.org):
        raise PermissionDenied("无权处理")
    point = CarePoint.objects.select_for_update().get(pk=care_point.pk)
    if point.closed_on:
        raise ValidationError({"closed_on": f"已于 {point.closed_on:%Y-%m-%d} 撤销"})
    if not isinstance(closed_on, datetime.date) or closed_on < point.opened_on or closed_on > timezone.localdate():
        raise ValidationError({"closed_on": "撤销日期须在设立日期之后、不晚于今天"})
    point.closed_on = closed_on
    point.save(update_fields=["closed_on"])
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=point, request=request, summary=f"撤销{point.get_kind_display()}「{point.name}」",
                 changes={"closed_on": [None, closed_on]})
    return point


@transaction.atomic
def welfare_activity_record(*, acting_user, enterprise, data: dict, request=None) -> WelfareActivity:
    """A psychological-welfare activity held in an enterprise (送职工精神福利)."""
    _check_place(acting_user, enterprise.org if enterprise else None, enterprise, enterprise_required=True)
    errors = {}
    held_on = _day(errors, data, "held_on", "日期")
    title = _text(errors, data, "title", "活动内容", 120)
    limit = enterprise.employee_count or MAX_PEOPLE
    participants = _people(errors, data, "participants", "参加职工", minimum=1, maximum=limit)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            activity = WelfareActivity.objects.create(enterprise=enterprise, org=enterprise.org, held_on=held_on, title=title, participants=participants,
                                                      recorded_by=acting_user)
    except IntegrityError:
        raise ValidationError({"title": f"{held_on:%Y-%m-%d} 已在该企业登记过「{title}」，请勿重复登记"}) from None
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=activity, request=request, summary=f"送职工精神福利：{activity}",
                 changes=audit.created(activity, ["enterprise", "held_on", "title", "participants"]))
    return activity
