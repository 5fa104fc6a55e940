"""Every write of union funds: dues by union and year, performance audits and their
findings. Each checks the union's scope and its figures, runs in one transaction and
writes its audit entry there. The Excel import of dues (finance.imports) uses the same
checks (`clean_dues`)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.finance import permissions
from gonghui.finance.models import DEFAULT_RATE, AuditFinding, AuditStatus, DuesRecord, FindingStatus, FundsAudit

CENT = Decimal("0.01")
MAX_MONEY = Decimal("9999999999.99")  # the widest column, Decimal(12, 2)
# Arrears of earlier years may be paid late, so a year's takings may pass what that year
# owed; past twice that it is a slip of the keyboard (a digit too many).
COLLECTED_OVER_DUE = 2


def money(value, label: str) -> Decimal:
    if value in (None, ""):
        raise ValidationError(f"{label}不能为空")
    try:
        amount = Decimal(str(value).replace(",", "").replace("，", "").strip().removesuffix("元"))
    except InvalidOperation:
        raise ValidationError(f"{label}「{value}」不是金额") from None
    if not amount.is_finite():
        raise ValidationError(f"{label}「{value}」不是金额")
    if amount < 0:
        raise ValidationError(f"{label}不能为负数")
    if amount > MAX_MONEY:
        raise ValidationError(f"{label} {amount} 元超出可登记的范围")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def clean_dues(*, year, payroll, rate, collected, today: datetime.date | None = None) -> dict:
    """Year, payroll, rate and collected, checked together; due computed. Raises a
    ValidationError naming each field that is wrong."""
    errors, cleaned = {}, {}
    today = today or timezone.localdate()
    try:
        year = int(year)
        if not 1990 <= year <= today.year:
            raise ValueError
        cleaned["year"] = year
    except (TypeError, ValueError):
        errors["year"] = f"年度须为 1990 至 {today.year} 之间的年份"
    for key, value, label in (("payroll", payroll, "工资总额"), ("collected", collected, "实收")):
        try:
            cleaned[key] = money(value, label)
        except ValidationError as exc:
            errors[key] = exc.messages[0]
    try:
        rate = money(DEFAULT_RATE if rate in (None, "") else rate, "拨缴比例")
        if not Decimal(0) < rate <= Decimal(100):
            raise ValidationError("拨缴比例须大于 0 且不超过 100(%)")
        cleaned["rate"] = rate
    except ValidationError as exc:
        errors["rate"] = exc.messages[0]
    if not errors:
        due = (cleaned["payroll"] * cleaned["rate"] / 100).quantize(CENT, rounding=ROUND_HALF_UP)
        cleaned["due"] = due
        if cleaned["collected"] > cleaned["payroll"]:
            errors["collected"] = f"实收 {cleaned['collected']:,} 元超过工资总额 {cleaned['payroll']:,} 元，不可能，请核对"
        elif cleaned["collected"] > due * COLLECTED_OVER_DUE:
            errors["collected"] = f"实收 {cleaned['collected']:,} 元超过应收 {due:,} 元的两倍，请核对(补缴往年欠款请在说明中注明)"
    if errors:
        raise ValidationError(errors)
    return cleaned


DUES_FIELDS = ["org", "year", "payroll", "rate", "due", "collected", "note"]


def _require(acting_user, org):
    if org is None or not permissions.can_record_for(acting_user, org):
        raise ValidationError({"org_code": "该工会不存在或不在您的管辖范围内"})


@transaction.atomic
def dues_record(*, acting_user, org, data: dict, request=None) -> DuesRecord:
    """A union's dues for a year; a second row for the same union and year is refused."""
    _require(acting_user, org)
    cleaned = clean_dues(year=data.get("year"), payroll=data.get("payroll"), rate=data.get("rate"), collected=data.get("collected"))
    note = (data.get("note") or "").strip()[:300]
    if DuesRecord.objects.filter(org=org, year=cleaned["year"]).exists():
        raise ValidationError({"year": f"「{org.name}」{cleaned['year']} 年度的经费收缴已登记，请在原记录上修改"})
    try:
        with transaction.atomic():
            dues = DuesRecord.objects.create(org=org, note=note, recorded_by=acting_user, **cleaned)
    except IntegrityError:
        raise ValidationError({"year": f"「{org.name}」{cleaned['year']} 年度的经费收缴刚刚已被登记，请勿重复提交"}) from None
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=dues, request=request, summary=f"登记「{org.name}」{dues.year} 年度经费收缴",
                 changes=audit.created(dues, DUES_FIELDS))
    return dues


@transaction.atomic
def dues_update(*, acting_user, dues: DuesRecord, data: dict, request=None) -> DuesRecord:
    """Correct payroll, rate or collected of a year already recorded (the union and year stay)."""
    if not permissions.can_record_for(acting_user, dues.org):
        raise PermissionDenied("无权修改该记录")
    dues = DuesRecord.objects.select_for_update().select_related("org").get(pk=dues.pk)
    cleaned = clean_dues(year=dues.year, payroll=data.get("payroll"), rate=data.get("rate"), collected=data.get("collected"))
    before = audit.snapshot(dues, DUES_FIELDS)
    for key in ("payroll", "rate", "due", "collected"):
        setattr(dues, key, cleaned[key])
    dues.note = (data.get("note") or "").strip()[:300]
    dues.recorded_by = acting_user
    dues.save()
    changes = audit.diff(before, audit.snapshot(dues, DUES_FIELDS))
    if changes:
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=dues, request=request, summary=f"修改「{dues.org.name}」{dues.year} 年度经费收缴", changes=changes)
    return dues


AUDIT_FIELDS = ["org", "fiscal_year", "started_on", "reported_on", "auditors", "funds_audited", "conclusion", "status"]


@transaction.atomic
def funds_audit_open(*, acting_user, org, data: dict, request=None) -> FundsAudit:
    """Start a performance audit of a union's funds for one fiscal year."""
    _require(acting_user, org)
    errors = {}
    today = timezone.localdate()
    try:
        year = int(data.get("fiscal_year"))
        if not 1990 <= year <= today.year:
            raise ValueError
    except (TypeError, ValueError):
        errors["fiscal_year"] = f"审计年度须为 1990 至 {today.year} 之间的年份"
        year = None
    started_on = data.get("started_on")
    if not isinstance(started_on, datetime.date) or started_on > today:
        errors["started_on"] = "审计开始日期不能为空，也不能晚于今天"
    elif year and started_on.year < year:
        errors["started_on"] = "审计开始日期不能早于审计年度"
    auditors = " ".join(str(data.get("auditors") or "").split())
    if not auditors:
        errors["auditors"] = "审计组成员不能为空"
    try:
        funds = money(data.get("funds_audited") or 0, "审计经费总额")
    except ValidationError as exc:
        errors["funds_audited"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            funds_audit = FundsAudit.objects.create(org=org, fiscal_year=year, started_on=started_on, auditors=auditors[:200], funds_audited=funds,
                                                    recorded_by=acting_user)
    except IntegrityError:
        raise ValidationError({"fiscal_year": f"「{org.name}」{year} 年度已有经费绩效审计"}) from None
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=funds_audit, request=request, summary=f"开始「{org.name}」{year} 年度经费绩效审计",
                 changes=audit.created(funds_audit, AUDIT_FIELDS))
    return funds_audit


@transaction.atomic
def funds_audit_report(*, acting_user, funds_audit: FundsAudit, reported_on: datetime.date, conclusion: str, request=None) -> FundsAudit:
    """The audit report is issued: its date and conclusion."""
    if not permissions.can_record_for(acting_user, funds_audit.org):
        raise PermissionDenied("无权处理该审计")
    funds_audit = FundsAudit.objects.select_for_update().get(pk=funds_audit.pk)
    if funds_audit.status != AuditStatus.IN_PROGRESS:
        raise ValidationError({"reported_on": "该审计已出具报告"})
    if not isinstance(reported_on, datetime.date) or reported_on < funds_audit.started_on or reported_on > timezone.localdate():
        raise ValidationError({"reported_on": "报告日期须在审计开始日期之后、不晚于今天"})
    conclusion = " ".join((conclusion or "").split())
    if not conclusion:
        raise ValidationError({"conclusion": "审计结论不能为空"})
    before = audit.snapshot(funds_audit, AUDIT_FIELDS)
    funds_audit.reported_on, funds_audit.conclusion = reported_on, conclusion[:500]
    funds_audit.status = AuditStatus.CLOSED if not funds_audit.findings.exclude(status=FindingStatus.RECTIFIED).exists() else AuditStatus.REPORTED
    funds_audit.save()
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=funds_audit, request=request, summary=f"出具{funds_audit}报告",
                 changes=audit.diff(before, audit.snapshot(funds_audit, AUDIT_FIELDS)))
    return funds_audit


@transaction.atomic
def finding_add(*, acting_user, funds_audit: FundsAudit, description: str, amount, request=None) -> AuditFinding:
    if not permissions.can_record_for(acting_user, funds_audit.org):
        raise PermissionDenied("无权处理该审计")
    funds_audit = FundsAudit.objects.select_for_update().get(pk=funds_audit.pk)
    description = " ".join((description or "").split())
    errors = {}
    if not description:
        errors["description"] = "问题描述不能为空"
    elif len(description) > 300:
        errors["description"] = "问题描述不能超过 300 字"
    try:
        amount = money(amount or 0, "涉及金额")
    except ValidationError as exc:
        errors["amount"] = exc.messages[0]
    if errors:
        raise ValidationError(errors)
    finding = AuditFinding.objects.create(audit=funds_audit, description=description, amount=amount)
    if funds_audit.status == AuditStatus.CLOSED:
        funds_audit.status = AuditStatus.REPORTED
        funds_audit.save(update_fields=["status"])
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=finding, request=request, summary=f"{funds_audit} 发现问题：{description}",
                 changes=audit.created(finding, ["description", "amount", "status"]))
    return finding


@transaction.atomic
def finding_rectify(*, acting_user, finding: AuditFinding, status: str, measure: str, rectified_on=None, request=None) -> AuditFinding:
    """Move a finding on: rectifying, or rectified on a day. An audit whose report is out and
    whose findings are all rectified is closed."""
    if not permissions.can_record_for(acting_user, finding.audit.org):
        raise PermissionDenied("无权处理该审计")
    # Read afresh: the audit's report may have been issued since `finding` was loaded.
    funds_audit = FundsAudit.objects.select_for_update().select_related("org").get(pk=finding.audit_id)
    finding = AuditFinding.objects.select_for_update().get(pk=finding.pk)
    errors = {}
    if status not in (FindingStatus.RECTIFYING, FindingStatus.RECTIFIED):
        errors["status"] = "请选择整改中或已整改"
    measure = " ".join((measure or "").split())
    if not measure:
        errors["measure"] = "整改措施不能为空"
    if status == FindingStatus.RECTIFIED:
        if not isinstance(rectified_on, datetime.date):
            errors["rectified_on"] = "已整改须填写整改完成日期"
        elif rectified_on < funds_audit.started_on or rectified_on > timezone.localdate():
            errors["rectified_on"] = "整改完成日期须在审计开始之后、不晚于今天"
    else:
        rectified_on = None
    if finding.status == FindingStatus.RECTIFIED:
        errors["status"] = "该问题已整改完毕"
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(finding, ["status", "measure", "rectified_on"])
    finding.status, finding.measure, finding.rectified_on = status, measure[:300], rectified_on
    finding.save()
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=finding, request=request, summary=f"审计问题整改：{finding.description}",
                 changes=audit.diff(before, audit.snapshot(finding, ["status", "measure", "rectified_on"])))
    if funds_audit.reported_on and not funds_audit.findings.exclude(status=FindingStatus.RECTIFIED).exists():
        FundsAudit.objects.filter(pk=funds_audit.pk).update(status=AuditStatus.CLOSED)
    return finding
