"""Cases: registration, the way down and up the network, conclusion and return visit.

Each step locks the case row, checks the step is the next one allowed from the status the
row has *now* (not the one the clerk's page showed), writes the change by a conditional
update on that status, and logs the step with who, when and why. Two clerks acting on one
case at once: the second finds the status moved on and is refused, nothing is written twice.
"""

import datetime
import re
import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.sealing import SealedValue
from gonghui.core.validators import clean_mobile, normalise
from gonghui.service import permissions
from gonghui.service.models import (
    Case, CaseCategory, CaseStatus, CaseStep, CaseWorker, CategoryTimeLimit, Channel, Outcome, Satisfaction, ServiceSite, StepKind,
)
from gonghui.service.models.network import SiteTier
from gonghui.service.workdays import add_working_days

# Used until the federation sets its own (办理时限设置).
DEFAULT_WORKING_DAYS = {
    CaseCategory.WAGE_ARREARS: 7, CaseCategory.CONTRACT: 10, CaseCategory.WORK_INJURY: 15,
    CaseCategory.SOCIAL_INSURANCE: 10, CaseCategory.DISMISSAL: 10, CaseCategory.OTHER: 7,
}
EARLIEST = datetime.date(2000, 1, 1)
LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}")

# From which statuses each step may be taken, and what it is called when refused.
ALLOWED_FROM = {
    StepKind.ASSIGN: (CaseStatus.REGISTERED, CaseStatus.ASSIGNED),
    StepKind.ACCEPT: (CaseStatus.ASSIGNED,),
    StepKind.REFER: (CaseStatus.REGISTERED, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS),
    StepKind.CONCLUDE: (CaseStatus.IN_PROGRESS,),
    StepKind.VISIT: (CaseStatus.CONCLUDED,),
}
NEEDS_FIRST = {
    StepKind.ASSIGN: "案件已在办理或已办结，不能再交办",
    StepKind.ACCEPT: "案件须先交办到服务站或服务点，才能受理办理",
    StepKind.REFER: "已办结的案件不能上报",
    StepKind.CONCLUDE: "案件须先交办并受理办理，才能办结",
    StepKind.VISIT: "案件须先办结，才能回访",
}


def time_limit_for(category: str) -> int:
    row = CategoryTimeLimit.objects.filter(category=category).first()
    return row.working_days if row else DEFAULT_WORKING_DAYS.get(category, 7)


def time_limit_set(*, acting_user, category: str, working_days: int, request=None) -> CategoryTimeLimit:
    """Set a category's time limit; it applies to cases registered from then on."""
    if not permissions.can_set_time_limits(acting_user):
        raise PermissionDenied("只有市总工会可以设置办理时限")
    if category not in CaseCategory.values:
        raise ValidationError({"category": "案件类别不存在"})
    if not isinstance(working_days, int) or not 1 <= working_days <= 90:
        raise ValidationError({"working_days": "办理时限应为1至90个工作日"})
    with transaction.atomic():
        row, _ = CategoryTimeLimit.objects.select_for_update().get_or_create(category=category, defaults={"working_days": working_days})
        before = row.working_days
        row.working_days, row.updated_by = working_days, acting_user
        row.save()
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=row, summary=f"设置「{CaseCategory(category).label}」办理时限为{working_days}个工作日",
                     changes={"working_days": [before, working_days]}, request=request)
    return row


def _money(value, field: str, label: str) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else "0")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: f"{label}应为数字"}) from None
    if amount < 0:
        raise ValidationError({field: f"{label}不能为负数"})
    if amount >= Decimal("10000000000"):
        raise ValidationError({field: f"{label}过大"})
    return amount


def _phone(value: str) -> str:
    text = normalise(value or "").replace(" ", "")
    if not text:
        return ""
    if LANDLINE.fullmatch(text):
        return text
    try:
        return clean_mobile(text)
    except ValidationError:
        raise ValidationError({"reporter_phone": "联系电话应为11位手机号或带区号的固定电话"}) from None


def _day(value, field: str, label: str, *, not_before: datetime.date = EARLIEST) -> datetime.date:
    if not isinstance(value, datetime.date):
        raise ValidationError({field: f"{label}不能为空"})
    if value > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天"})
    if value < not_before:
        raise ValidationError({field: f"{label}不能早于{not_before:%Y-%m-%d}"})
    return value


def _step(case, *, kind, from_org, to_org, actor, reason=""):
    CaseStep.objects.create(case=case, kind=kind, status_after=case.status, from_org=from_org, to_org=to_org, actor=actor, at=timezone.now(), reason=reason[:500])


def case_register(*, acting_user, data: dict, workers: list | None = None, request=None) -> Case:
    """Register a case at the acting clerk's node. `workers` are (name, member or None) pairs
    for the workers known by name; the count may be larger than the names known."""
    if not permissions.can_register_case(acting_user):
        raise PermissionDenied("您没有登记案件的权限")
    errors = {}
    if data.get("channel") not in Channel.values:
        errors["channel"] = "请选择来源渠道"
    if data.get("category") not in CaseCategory.values:
        errors["category"] = "请选择案件类别"
    anonymous = bool(data.get("anonymous"))
    name = (data.get("reporter_name") or "").strip()[:40]
    if not anonymous and not name:
        errors["reporter_name"] = "请填写反映人姓名，或勾选匿名"
    description = (data.get("description") or "").strip()
    if not description:
        errors["description"] = "请填写反映内容"
    workers = list(workers or [])
    count = data.get("workers_count")
    if not isinstance(count, int) or count < 1:
        errors["workers_count"] = "涉及职工人数至少为1"
    elif count < len(workers):
        errors["workers_count"] = f"涉及职工人数({count})少于已列出姓名的职工({len(workers)}人)"
    enterprise = data.get("enterprise")
    if enterprise is not None and not permissions.can_write_for(acting_user, enterprise.org):
        errors["enterprise"] = "涉及企业不在您的管辖范围内，请填写企业名称"
    for _, member in workers:
        if member is not None and not permissions.can_write_for(acting_user, member.org):
            errors["workers"] = "所列会员不在您的管辖范围内"
    try:
        received_on = _day(data.get("received_on"), "received_on", "受理日期")
        amount = _money(data.get("amount_involved"), "amount_involved", "涉及金额")
        phone = _phone(data.get("reporter_phone"))
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    org = acting_user.org
    with transaction.atomic():
        case = Case.objects.create(
            number=uuid.uuid4().hex[:20], org=org, registered_org=org, channel=data["channel"], received_on=received_on, anonymous=anonymous,
            reporter_name="" if anonymous else name, reporter_phone=SealedValue(phone, "mobile") if phone else "",
            enterprise=enterprise, enterprise_name=(data.get("enterprise_name") or (enterprise.name if enterprise else "")).strip()[:120],
            category=data["category"], workers_count=count, amount_involved=amount, description=description,
            due_on=add_working_days(received_on, time_limit_for(data["category"])), created_by=acting_user,
        )
        case.number = f"FW{received_on.year}{case.pk:06d}"
        case.save(update_fields=["number"])
        CaseWorker.objects.bulk_create([CaseWorker(case=case, name=n.strip()[:40], member=m) for n, m in workers if n.strip()])
        _step(case, kind=StepKind.REGISTER, from_org=org, to_org=org, actor=acting_user, reason=f"{case.get_channel_display()}登记")
        audit.record(actor=acting_user, action=audit.Action.CREATE, target=case, summary=f"登记案件 {case.number}",
                     changes=audit.created(case, ["channel", "category", "workers_count", "amount_involved", "received_on"]), request=request)
    return case


def case_worker_add(*, acting_user, case: Case, name: str, member=None, request=None) -> CaseWorker:
    if not permissions.can_handle_case(acting_user, case):
        raise PermissionDenied("无权办理该案件")
    name = (name or "").strip()[:40]
    if not name:
        raise ValidationError({"name": "请填写职工姓名"})
    if member is not None and not permissions.can_write_for(acting_user, member.org):
        raise ValidationError({"member": "该会员不在您的管辖范围内"})
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.workers.count() >= locked.workers_count:
            raise ValidationError({"name": f"已列出{locked.workers_count}名职工，与涉及人数相符；如人数有误请在办结时说明"})
        worker = CaseWorker.objects.create(case=locked, name=name, member=member)
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=locked, summary=f"案件 {locked.number} 添加涉及职工", request=request)
    return worker


def _lock_for(acting_user, case: Case, kind: str) -> Case:
    """The case row, locked, after the checks every step shares."""
    locked = Case.objects.select_for_update().select_related("org").get(pk=case.pk)
    if not permissions.can_handle_case(acting_user, locked):
        raise PermissionDenied("无权办理该案件")
    if locked.status not in ALLOWED_FROM[kind]:
        raise ValidationError(f"{NEEDS_FIRST[kind]}(案件当前状态：{locked.get_status_display()})")
    return locked


def _move(locked: Case, kind: str, **changes) -> None:
    """Write the step's changes only if the status is still the one checked (a second guard
    for databases where the row lock is the whole database's)."""
    changes["updated_at"] = timezone.now()
    if not Case.objects.filter(pk=locked.pk, status=locked.status).update(**changes):
        raise ValidationError("案件状态已被他人改变，请刷新页面后查看")
    for field, value in changes.items():
        setattr(locked, field, value)


def case_assign(*, acting_user, case: Case, to_org, reason: str = "", request=None) -> Case:
    """Hand the case down to a station or point of the holder's subtree (the holder's own node
    too, when it is one and handles the case itself)."""
    with transaction.atomic():
        locked = _lock_for(acting_user, case, StepKind.ASSIGN)
        if to_org is None or not to_org.path.startswith(locked.org.path) or not permissions.can_write_for(acting_user, to_org):
            raise ValidationError({"to_org": "只能交办到本级及下级的服务站、服务点"})
        site = ServiceSite.objects.filter(org=to_org, closed_on__isnull=True).first()
        if site is None or site.tier == SiteTier.CENTRE and to_org.pk != locked.org_id:
            raise ValidationError({"to_org": f"「{to_org.name}」不是职工服务站或服务点，不能交办"})
        from_org = locked.org
        _move(locked, StepKind.ASSIGN, status=CaseStatus.ASSIGNED, org=to_org)
        _step(locked, kind=StepKind.ASSIGN, from_org=from_org, to_org=to_org, actor=acting_user, reason=reason)
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=locked, summary=f"案件 {locked.number} 交办至 {to_org.name}",
                     changes={"org": [from_org.pk, to_org.pk], "status": ["", CaseStatus.ASSIGNED]}, request=request)
    return locked


def case_accept(*, acting_user, case: Case, reason: str = "", request=None) -> Case:
    with transaction.atomic():
        locked = _lock_for(acting_user, case, StepKind.ACCEPT)
        _move(locked, StepKind.ACCEPT, status=CaseStatus.IN_PROGRESS)
        _step(locked, kind=StepKind.ACCEPT, from_org=locked.org, to_org=locked.org, actor=acting_user, reason=reason or "受理办理")
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=locked, summary=f"受理办理案件 {locked.number}", request=request)
    return locked


def case_refer(*, acting_user, case: Case, reason: str, request=None) -> Case:
    """Send the case up to the level above, which decides anew (it comes back as registered)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "上报须说明理由"})
    with transaction.atomic():
        locked = _lock_for(acting_user, case, StepKind.REFER)
        parent = locked.org.parent
        if parent is None:
            raise ValidationError("案件已在市总工会职工服务中心，没有上一级可以上报")
        from_org = locked.org
        _move(locked, StepKind.REFER, status=CaseStatus.REGISTERED, org=parent)
        _step(locked, kind=StepKind.REFER, from_org=from_org, to_org=parent, actor=acting_user, reason=reason)
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=locked, summary=f"案件 {locked.number} 上报至 {parent.name}",
                     changes={"org": [from_org.pk, parent.pk]}, request=request)
    return locked


def case_conclude(*, acting_user, case: Case, outcome: str, amount_recovered, conclusion: str, concluded_on: datetime.date,
                  satisfaction: str = "", request=None) -> Case:
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = "请选择办理结果"
    if satisfaction and satisfaction not in Satisfaction.values:
        errors["satisfaction"] = "满意度选项不存在"
    conclusion = (conclusion or "").strip()
    if not conclusion:
        errors["conclusion"] = "请填写办结情况"
    try:
        recovered = _money(amount_recovered, "amount_recovered", "挽回金额")
        day = _day(concluded_on, "concluded_on", "办结日期", not_before=case.received_on)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock_for(acting_user, case, StepKind.CONCLUDE)
        _move(locked, StepKind.CONCLUDE, status=CaseStatus.CONCLUDED, outcome=outcome, amount_recovered=recovered, conclusion=conclusion,
              concluded_on=day, satisfaction=satisfaction)
        _step(locked, kind=StepKind.CONCLUDE, from_org=locked.org, to_org=locked.org, actor=acting_user, reason=f"{locked.get_outcome_display()}：{conclusion}")
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=locked, summary=f"办结案件 {locked.number}",
                     changes={"status": [CaseStatus.IN_PROGRESS, CaseStatus.CONCLUDED], "amount_recovered": [None, str(recovered)]}, request=request)
    return locked


def case_visit(*, acting_user, case: Case, visited_on: datetime.date, satisfaction: str, note: str = "", request=None) -> Case:
    if satisfaction not in Satisfaction.values:
        raise ValidationError({"satisfaction": "请选择回访时反映人的满意度"})
    with transaction.atomic():
        locked = _lock_for(acting_user, case, StepKind.VISIT)
        day = _day(visited_on, "visited_on", "回访日期", not_before=locked.concluded_on)
        _move(locked, StepKind.VISIT, status=CaseStatus.VISITED, visited_on=day, satisfaction=satisfaction)
        _step(locked, kind=StepKind.VISIT, from_org=locked.org, to_org=locked.org, actor=acting_user,
              reason=f"回访：{locked.get_satisfaction_display()}{'；' + note.strip() if note.strip() else ''}")
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=locked, summary=f"回访案件 {locked.number}", request=request)
    return locked


def case_reveal_phone(*, acting_user, case: Case, request=None) -> str:
    if not permissions.can_reveal(acting_user):
        raise PermissionDenied("您没有查看完整敏感信息的权限")
    with transaction.atomic():
        audit.record(actor=acting_user, action=audit.Action.REVEAL, target=case, summary=f"查看案件 {case.number} 反映人的完整联系电话", request=request)
    value = case.reporter_phone
    return value.reveal() if isinstance(value, SealedValue) else ""
