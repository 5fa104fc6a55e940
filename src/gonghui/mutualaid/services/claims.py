"""Claims: entered for an enrolled worker, adjudicated by the year's rules with the working
kept, approved or refused by a reviewer, paid to the card's payout account.

The cap of a person's year is shared by all their claims, so every step that spends it
locks the person's enrolment row first: two reviewers approving two claims of one person at
once are served one after the other, and the second sees what the first granted. The claim's
own status moves by a conditional UPDATE, so a second click on the same claim changes nothing.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.sealing import SealedValue
from gonghui.mutualaid import permissions
from gonghui.mutualaid.adjudication import Adjudication, Rules, adjudicate, yuan
from gonghui.mutualaid.models import DECIDED, Claim, ClaimDocument, ClaimExpense, ClaimStatus, HospitalLevel, Plan, WorkerEnrolment

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_DOCUMENTS = 10
# What a scanned document may be, by its first bytes (an extension proves nothing).
DOCUMENT_MAGIC = {b"%PDF": ".pdf", b"\x89PNG": ".png", b"\xff\xd8\xff": ".jpg"}


def documents_root() -> Path:
    return Path(settings.VAR_DIR) / "mutualaid" / "claims"


def used_amounts(member_id: int, scheme_year_id: int, plan: str, *, exclude_claim=None) -> tuple[Decimal, Decimal]:
    """What a person was already granted this year: (in this plan, in all plans)."""
    decided = Claim.objects.filter(member_id=member_id, scheme_year_id=scheme_year_id, status__in=DECIDED)
    if exclude_claim is not None:
        decided = decided.exclude(pk=exclude_claim)
    total = decided.aggregate(s=Sum("approved_amount"))["s"] or Decimal(0)
    in_plan = decided.filter(plan=plan).aggregate(s=Sum("approved_amount"))["s"] or Decimal(0)
    return in_plan, total


def judge(worker: WorkerEnrolment, *, plan, diagnosis, hospital_level, expense, exclude_claim=None) -> tuple[Adjudication, object]:
    """Adjudicate under the year's current rules; (result, the rule version)."""
    version = worker.scheme_year.current_rules
    in_plan, total = used_amounts(worker.member_id, worker.scheme_year_id, plan, exclude_claim=exclude_claim)
    result = adjudicate(rules=Rules.of(version), plan=plan, diagnosis=diagnosis, hospital_level=hospital_level, expense=expense,
                        used_plan=in_plan, used_total=total)
    return result, version


def _amount(value, label, errors, key):
    try:
        amount = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, AttributeError, ValueError):
        errors[key] = f"{label}须是金额"
        return None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("1e9") or amount != amount.quantize(Decimal("0.01")):
        errors[key] = f"{label}须是不小于0、最多两位小数的金额"
        return None
    return yuan(amount)


def clean_claim(data: dict) -> dict:
    """Check a claim as entered; ValidationError by field. Nothing is written."""
    errors, cleaned = {}, {}
    plan = data.get("plan")
    if plan not in Plan.values:
        errors["plan"] = "请选择保障项目"
    cleaned["plan"] = plan
    diagnosis = (data.get("diagnosis") or "").strip()
    if not diagnosis or len(diagnosis) > 200:
        errors["diagnosis"] = "诊断不能为空，最多200字"
    cleaned["diagnosis"] = diagnosis
    hospital = (data.get("hospital") or "").strip()
    if not hospital or len(hospital) > 80:
        errors["hospital"] = "医院不能为空，最多80字"
    cleaned["hospital"] = hospital
    level = data.get("hospital_level") or ""
    if level not in HospitalLevel.values:
        errors["hospital_level"] = "请选择医院等级"
    cleaned["hospital_level"] = level
    started, ended = data.get("started_on"), data.get("ended_on")
    if not isinstance(started, datetime.date):
        errors["started_on"] = "入院/确诊日期不能为空"
    if plan == Plan.HOSPITAL and not isinstance(ended, datetime.date):
        errors["ended_on"] = "住院须填出院日期"
    elif isinstance(ended, datetime.date) and isinstance(started, datetime.date) and ended < started:
        errors["ended_on"] = "出院日期不能早于入院日期"
    if isinstance(started, datetime.date) and started > timezone.localdate():
        errors["started_on"] = "入院/确诊日期不能晚于今天"
    cleaned["started_on"], cleaned["ended_on"] = started, ended if isinstance(ended, datetime.date) else None
    total = _amount(data.get("total_expense", ""), "医疗费用合计", errors, "total_expense")
    items = []
    for n, (item, value) in enumerate(data.get("expenses") or [], start=1):
        item = (item or "").strip()
        amount = _amount(value, f"第{n}项费用金额", errors, "expenses")
        if not item or len(item) > 60:
            errors["expenses"] = f"第{n}项费用的项目名称不能为空，最多60字"
        elif amount is not None and amount <= 0:
            errors["expenses"] = f"第{n}项费用「{item}」的金额须大于0"
        elif amount is not None:
            items.append((item, amount))
    if plan == Plan.HOSPITAL and not items and "expenses" not in errors:
        errors["expenses"] = "住院申请须列出费用明细"
    if total is not None and "expenses" not in errors and (items or total) and sum((a for _, a in items), Decimal(0)) != total:
        errors["expenses"] = f"费用明细合计 {sum((a for _, a in items), Decimal(0)):,.2f} 元与医疗费用合计 {total:,.2f} 元不符"
    cleaned["total_expense"], cleaned["expenses"] = total, items
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_cover(worker: WorkerEnrolment, cleaned: dict) -> None:
    year, started = worker.scheme_year, cleaned["started_on"]
    if worker.payment_id is None:
        raise ValidationError({"certificate": "该职工所在单位尚未缴纳本年度互助金，不在保障期内"})
    if not year.starts_on <= started <= year.ends_on:
        raise ValidationError({"started_on": f"入院/确诊日期 {started:%Y-%m-%d} 不在{year.year}年度保障期({year.starts_on:%Y-%m-%d}至{year.ends_on:%Y-%m-%d})内"})
    if started < worker.covered_from:
        raise ValidationError({"started_on": f"该职工于 {worker.enrolled_on:%Y-%m-%d} 参保，等待期内发生的不予保障(保障自 {worker.covered_from:%Y-%m-%d} 起)"})
    if cleaned["plan"] == Plan.WOMEN_HEALTH and worker.member.sex != "F":
        raise ValidationError({"plan": "女职工安康互助仅限女职工申请"})
    if worker.left_on is not None and started > worker.left_on:
        raise ValidationError({"started_on": f"该职工已于 {worker.left_on:%Y-%m-%d} 退保，此后发生的不予保障"})


def _check_duplicate(worker: WorkerEnrolment, cleaned: dict) -> None:
    others = Claim.objects.filter(member_id=worker.member_id, plan=cleaned["plan"]).exclude(status=ClaimStatus.REFUSED).select_related("scheme_year")
    if cleaned["plan"] == Plan.HOSPITAL:
        same = others.filter(started_on__lte=cleaned["ended_on"], ended_on__gte=cleaned["started_on"]).first()
        if same is not None:
            raise ValidationError({"started_on": f"同一次住院已申请过(申请号 {same.number}，{same.started_on:%Y-%m-%d}至{same.ended_on:%Y-%m-%d})，不能重复申请"})
        return
    for other in others.filter(scheme_year_id=worker.scheme_year_id):
        if other.diagnosis.reveal() == cleaned["diagnosis"]:
            raise ValidationError({"diagnosis": f"该病种本年度已申请过(申请号 {other.number})，定额补助每年每病种一次"})


REFUSAL_FIELD = {"诊断": "diagnosis", "起付线": "total_expense", "封顶": "total_expense", "报销比例": "plan"}


def _refusal_error(refusal: str) -> ValidationError:
    key = next((field for word, field in REFUSAL_FIELD.items() if word in refusal), "plan")
    return ValidationError({key: refusal})


def _safe_name(name: str) -> str:
    stem = re.sub(r"[^\w.\-]+", "_", Path(name or "file").name)[:80].lstrip(".")
    return stem or "file"


def _check_documents(documents) -> list:
    if len(documents) > MAX_DOCUMENTS:
        raise ValidationError({"documents": f"材料最多{MAX_DOCUMENTS}个"})
    checked = []
    for upload in documents:
        if upload.size > MAX_DOCUMENT_BYTES:
            raise ValidationError({"documents": f"材料「{upload.name}」超过20MB"})
        head = upload.read(8)
        upload.seek(0)
        if not any(head.startswith(magic) for magic in DOCUMENT_MAGIC):
            raise ValidationError({"documents": f"材料「{upload.name}」不是PDF、PNG或JPG文件"})
        checked.append(upload)
    return checked


def _store_documents(claim: Claim, documents, acting_user) -> None:
    """Written last, inside the claim's transaction: a failure removes what was written and
    rolls the claim back with it."""
    folder = documents_root() / str(claim.pk)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    try:
        for n, upload in enumerate(documents, start=1):
            relative = f"{claim.pk}/{n:02d}_{_safe_name(upload.name)}"
            path = documents_root() / relative
            with open(path, "wb") as out:
                written.append(path)
                for chunk in upload.chunks():
                    out.write(chunk)
            ClaimDocument.objects.create(claim=claim, original_name=(upload.name or "file")[:200], stored_path=relative, size=upload.size, uploaded_by=acting_user)
    except Exception:
        for path in written:
            path.unlink(missing_ok=True)
        raise


@transaction.atomic
def claim_submit(*, acting_user, worker: WorkerEnrolment, data: dict, documents=(), request=None) -> Claim:
    """Enter a claim: checked, adjudicated under the year's rules, kept with its working for a
    reviewer. A claim that cannot be paid (duplicate stay, outside the covered period, in the
    waiting period, diagnosis not listed, cap used up) is refused here, and nothing is saved."""
    if not permissions.can_submit_claim(acting_user, worker):
        raise PermissionDenied("无权为该职工申请")
    cleaned = clean_claim(data)
    documents = _check_documents(list(documents))
    # Serialises everything that reads or spends this person's cap.
    worker = WorkerEnrolment.objects.select_for_update().select_related("scheme_year", "member", "org").get(pk=worker.pk)
    _check_cover(worker, cleaned)
    _check_duplicate(worker, cleaned)
    result, version = judge(worker, plan=cleaned["plan"], diagnosis=cleaned["diagnosis"], hospital_level=cleaned["hospital_level"],
                            expense=cleaned["total_expense"])
    if result.refusal:
        raise _refusal_error(result.refusal)
    claim = Claim.objects.create(
        enrolment=worker, scheme_year=worker.scheme_year, member=worker.member, org=worker.org, plan=cleaned["plan"],
        diagnosis=SealedValue(cleaned["diagnosis"], "diagnosis"), hospital=cleaned["hospital"], hospital_level=cleaned["hospital_level"],
        started_on=cleaned["started_on"], ended_on=cleaned["ended_on"], total_expense=cleaned["total_expense"], rules=version,
        computed_amount=result.payable, working=result.lines, submitted_by=acting_user, submitted_at=timezone.now(),
    )
    ClaimExpense.objects.bulk_create([ClaimExpense(claim=claim, item=i, amount=a) for i, a in cleaned["expenses"]])
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=claim,
                 summary=f"受理 {worker.member.name} 的{claim.get_plan_display()}申请，核算 {result.payable} 元", request=request)
    if documents:
        _store_documents(claim, documents, acting_user)
    return claim


@transaction.atomic
def claim_decide(*, acting_user, claim: Claim, approve: bool, reason: str = "", request=None) -> Claim:
    """A reviewer approves (at the amount adjudicated now, under the current rules and what
    the person was granted meanwhile) or refuses with a reason."""
    if not permissions.can_decide_claim(acting_user, claim):
        raise PermissionDenied("只有审核人可以审核申请")
    reason = (reason or "").strip()[:200]
    worker = WorkerEnrolment.objects.select_for_update().select_related("scheme_year", "member").get(pk=claim.enrolment_id)
    current = Claim.objects.get(pk=claim.pk)
    if current.status != ClaimStatus.SUBMITTED:
        raise ValidationError({"decision": f"该申请已{current.get_status_display()}，不能重复审核"})
    today = timezone.localdate()
    if approve:
        result, version = judge(worker, plan=current.plan, diagnosis=current.diagnosis.reveal(), hospital_level=current.hospital_level,
                                expense=current.total_expense, exclude_claim=current.pk)
        if result.refusal:
            raise ValidationError({"decision": f"不能核准：{result.refusal}。请填写意见后不予支付"})
        changes = dict(status=ClaimStatus.APPROVED, approved_amount=result.payable, computed_amount=result.payable, working=result.lines, rules=version)
    else:
        if not reason:
            raise ValidationError({"reason": "不予支付须填写理由"})
        changes = dict(status=ClaimStatus.REFUSED)
    # Conditional: of two reviewers clicking at once, one moves the claim, the other finds it moved.
    moved = Claim.objects.filter(pk=current.pk, status=ClaimStatus.SUBMITTED).update(decided_by=acting_user, decided_on=today, decision_reason=reason, **changes)
    if not moved:
        raise ValidationError({"decision": "该申请刚刚已被其他审核人处理"})
    current.refresh_from_db()
    verdict = f"核准 {current.approved_amount} 元" if approve else f"不予支付：{reason}"
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=current, summary=f"审核 {worker.member.name} 的{current.get_plan_display()}申请：{verdict}",
                 changes={"status": ["submitted", current.status]}, request=request)
    return current


@transaction.atomic
def claim_pay(*, acting_user, claim: Claim, paid_on: datetime.date, request=None) -> Claim:
    """Record the payout of an approved claim, to the worker's card payout account when there is one."""
    from gonghui.cards.selectors import current_card

    if not permissions.can_pay_claim(acting_user, claim):
        raise PermissionDenied("无权登记支付")
    current = Claim.objects.select_for_update().select_related("member").get(pk=claim.pk)
    if current.status != ClaimStatus.APPROVED:
        raise ValidationError({"paid_on": f"该申请{current.get_status_display()}，不能登记支付"})
    if not isinstance(paid_on, datetime.date) or paid_on < current.decided_on or paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "支付日期须在核准日期之后，且不晚于今天"})
    card = current_card(current.member)
    bank, account = "", SealedValue("", "bank_account")
    if card is not None and card.payout_marked_on and card.payout_account:
        bank, account = card.payout_bank, card.payout_account
    Claim.objects.filter(pk=current.pk, status=ClaimStatus.APPROVED).update(status=ClaimStatus.PAID, paid_on=paid_on, paid_by=acting_user,
                                                                            payout_bank=bank, payout_account=account)
    current.refresh_from_db()
    where = f"代发至 {bank} {account.masked}" if account else "未设代发账户，另行支付"
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=current, summary=f"支付 {current.member.name} 互助金 {current.approved_amount} 元，{where}",
                 changes={"status": ["approved", "paid"]}, request=request)
    return current


def claim_reveal(*, acting_user, claim: Claim, request=None) -> str:
    """The whole diagnosis, for a user holding the grant; audited."""
    if not permissions.can_reveal(acting_user):
        raise PermissionDenied("您没有查看完整敏感信息的权限")
    with transaction.atomic():
        audit.record(actor=acting_user, action=audit.Action.REVEAL, target=claim, summary=f"查看申请 {claim.number} 的完整诊断", request=request)
    return claim.diagnosis.reveal()
