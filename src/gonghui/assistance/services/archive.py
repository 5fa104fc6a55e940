"""The hardship archive: apply → check by the workplace union → home visit → income check →
public notice → archive; annual review; exit. Each step in a transaction, audited, refused
with a Chinese message naming the field and the reason."""

import datetime
import uuid
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.assistance import permissions
from gonghui.assistance.models import (
    OPEN_STATUSES, AnnualReview, Cause, DocumentKind, FamilyMember, FileStatus, Grade, HardshipFile, ReviewOutcome, SchoolLevel,
    SupportingDocument, Threshold,
)
from gonghui.core import audit
from gonghui.members.models import MemberStatus

NOTICE_MIN_DAYS = 5  # 公示不少于5个工作日的简化：不少于5天
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
# What a scanned paper may be, told by its first bytes, never by its name.
DOCUMENT_TYPES = {b"%PDF-": ("application/pdf", ".pdf"), b"\xff\xd8\xff": ("image/jpeg", ".jpg"), b"\x89PNG\r\n\x1a\n": ("image/png", ".png")}


def money(value, field: str, label: str) -> Decimal:
    try:
        amount = Decimal(str(value if value not in (None, "") else "0")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: f"{label}「{value}」不是金额"}) from None
    if amount < 0 or amount > Decimal("9999999999"):
        raise ValidationError({field: f"{label}不能为负数或过大"})
    return amount


def threshold_for(org, year: int) -> Threshold | None:
    """The setting that applies to a union: its town's for the year, else the federation's."""
    prefixes = [org.path[:i] for i in range(8, len(org.path) + 1, 8)]
    return Threshold.objects.filter(year=year, org__path__in=prefixes).select_related("org").order_by("-org__path").first()


@transaction.atomic
def threshold_set(*, acting_user, org, year: int, per_capita_income, request=None) -> Threshold:
    if not permissions.can_set_threshold(acting_user, org):
        raise PermissionDenied("只有市、镇(街道)审核人可以设定本级困难标准")
    amount = money(per_capita_income, "per_capita_income", "人均年收入标准")
    if amount <= 0:
        raise ValidationError({"per_capita_income": "人均年收入标准须大于0"})
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": "年度不正确"})
    threshold, created = Threshold.objects.select_for_update().get_or_create(org=org, year=year, defaults={"per_capita_income": amount, "set_by": acting_user})
    before = str(threshold.per_capita_income)
    if not created:
        threshold.per_capita_income, threshold.set_by = amount, acting_user
        threshold.save(update_fields=["per_capita_income", "set_by"])
    audit.record(actor=acting_user, action=audit.Action.CREATE if created else audit.Action.UPDATE, target=threshold,
                 summary=f"{org.name} {year}年困难标准 人均{amount}元", changes={"per_capita_income": [None if created else before, str(amount)]}, request=request)
    return threshold


def _clean_family(rows: list[dict], year: int) -> list[dict]:
    cleaned, errors = [], []
    for n, row in enumerate(rows, start=1):
        name = (row.get("name") or "").strip()
        if not name:
            continue
        relation = (row.get("relation") or "").strip()
        birth_year = row.get("birth_year")
        if not relation:
            errors.append(f"第{n}位家庭成员未填与职工关系")
        if not isinstance(birth_year, int) or not 1900 <= birth_year <= year:
            errors.append(f"第{n}位家庭成员出生年份不正确")
        level = row.get("school_level") or ""
        if level not in SchoolLevel.values:
            errors.append(f"第{n}位家庭成员在读学段不正确")
        try:
            income = money(row.get("annual_income"), "family", f"第{n}位家庭成员年收入")
        except ValidationError as exc:
            errors.append(exc.message_dict["family"][0])
            income = Decimal(0)
        cleaned.append({"name": name[:40], "relation": relation[:20], "birth_year": birth_year, "annual_income": income, "school_level": level})
    if errors:
        raise ValidationError({"family": errors})
    return cleaned


def per_capita(worker_income: Decimal, other_income: Decimal, family_incomes, size: int) -> Decimal:
    return ((worker_income + other_income + sum(family_incomes, Decimal(0))) / size).quantize(Decimal("0.01"))


def _eligible(per_capita_income: Decimal, threshold: Decimal, field="worker_income"):
    if per_capita_income >= threshold:
        raise ValidationError({field: f"家庭人均年收入{per_capita_income}元，不低于当地困难标准{threshold}元，不符合建档条件"})


@transaction.atomic
def file_apply(*, acting_user, member, data: dict, family: list[dict], request=None) -> HardshipFile:
    """A union applies for a member's household. A person with an open file anywhere in the
    federation is refused with where; a household at or above the threshold is refused."""
    if member is None or not permissions.can_apply_for(acting_user, member.org):
        raise ValidationError({"id_number": "该会员不存在或不在您的管辖范围内"})
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError({"id_number": f"{member.name}不是在册会员"})
    existing = HardshipFile.objects.select_related("org").filter(member=member, status__in=OPEN_STATUSES).first()
    if existing is not None:
        raise ValidationError({"id_number": f"{member.name}已在「{existing.org.name}」建有困难职工档案(状态：{existing.get_status_display()})，不能重复申请"})
    errors = {}
    if data.get("grade") not in Grade.values:
        errors["grade"] = "请选择困难类别"
    if data.get("cause_main") not in Cause.values:
        errors["cause_main"] = "请选择主要致困原因"
    if data.get("cause_secondary") and (data["cause_secondary"] not in Cause.values or data["cause_secondary"] == data.get("cause_main")):
        errors["cause_secondary"] = "次要致困原因须不同于主要原因"
    applied_on = data.get("applied_on") or timezone.localdate()
    if applied_on > timezone.localdate():
        errors["applied_on"] = "申请日期不能晚于今天"
    if errors:
        raise ValidationError(errors)
    worker_income = money(data.get("worker_income"), "worker_income", "本人年收入")
    other_income = money(data.get("other_income"), "other_income", "其他家庭收入")
    rows = _clean_family(family, applied_on.year)
    threshold = threshold_for(member.org, applied_on.year)
    if threshold is None:
        raise ValidationError({"applied_on": f"{applied_on.year}年的困难标准尚未设定，请先由市或镇(街道)总工会设定"})
    size = 1 + len(rows)
    income = per_capita(worker_income, other_income, [r["annual_income"] for r in rows], size)
    _eligible(income, threshold.per_capita_income)
    hardship_file = HardshipFile(
        member=member, org=member.org, grade=data["grade"], cause_main=data["cause_main"], cause_secondary=data.get("cause_secondary") or "",
        is_model_worker=bool(data.get("is_model_worker")), worker_income=worker_income, other_income=other_income, household_size=size,
        per_capita_income=income, threshold=threshold.per_capita_income, diagnosis=(data.get("diagnosis") or "")[:500],
        situation=(data.get("situation") or "")[:2000], applied_on=applied_on, applied_by=acting_user,
    )
    try:
        with transaction.atomic():
            hardship_file.save()
    except IntegrityError:
        raise ValidationError({"id_number": f"{member.name}刚刚已有人提交建档申请，请勿重复提交"}) from None
    FamilyMember.objects.bulk_create([FamilyMember(hardship_file=hardship_file, **row) for row in rows])
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=hardship_file, summary=f"{member.name} 申请困难职工建档，人均{income}元",
                 changes={"grade": [None, hardship_file.grade], "per_capita_income": [None, str(income)]}, request=request)
    return hardship_file


def _locked(hardship_file, expected: str) -> HardshipFile:
    locked = HardshipFile.objects.select_for_update().select_related("member", "org").get(pk=hardship_file.pk)
    if locked.status != expected:
        raise ValidationError({"status": f"档案当前状态为「{locked.get_status_display()}」，不能办理这一步(应为「{FileStatus(expected).label}」)"})
    return locked


def _step(acting_user, hardship_file, new_status, summary, request, **fields):
    before = hardship_file.status
    hardship_file.status = new_status
    for key, value in fields.items():
        setattr(hardship_file, key, value)
    hardship_file.save()
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=hardship_file, summary=f"{hardship_file.member.name} 困难档案：{summary}",
                 changes={"status": [before, new_status]}, request=request)
    return hardship_file


@transaction.atomic
def file_check(*, acting_user, hardship_file, request=None) -> HardshipFile:
    """The workplace union confirms the application (单位审核)."""
    if not permissions.can_check_file(acting_user, hardship_file):
        raise PermissionDenied("无权审核该申请")
    hardship_file = _locked(hardship_file, FileStatus.APPLIED)
    return _step(acting_user, hardship_file, FileStatus.CHECKED, "单位审核通过", request, checked_by=acting_user, checked_at=timezone.now())


@transaction.atomic
def file_visit(*, acting_user, hardship_file, visited_on: datetime.date, note: str, request=None) -> HardshipFile:
    if not permissions.can_visit_file(acting_user, hardship_file):
        raise PermissionDenied("入户走访由镇(街道)或市总工会办理")
    hardship_file = _locked(hardship_file, FileStatus.CHECKED)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "请填写走访记录"})
    if visited_on is None or visited_on > timezone.localdate() or visited_on < hardship_file.applied_on:
        raise ValidationError({"visited_on": "走访日期须在申请日期之后且不晚于今天"})
    return _step(acting_user, hardship_file, FileStatus.VISITED, "入户走访", request, visited_by=acting_user, visited_on=visited_on, visit_note=note[:2000])


def missing_documents(hardship_file) -> list[str]:
    """The papers the income check needs and the file does not have yet."""
    kinds = set(hardship_file.documents.values_list("kind", flat=True))
    needed = [DocumentKind.INCOME]
    if Cause.ILLNESS in (hardship_file.cause_main, hardship_file.cause_secondary):
        needed.append(DocumentKind.MEDICAL)
    if Cause.DISABILITY in (hardship_file.cause_main, hardship_file.cause_secondary):
        needed.append(DocumentKind.DISABILITY)
    return [k.label for k in needed if k not in kinds]


@transaction.atomic
def file_income_check(*, acting_user, hardship_file, request=None) -> HardshipFile:
    """Income checked against the papers and the threshold of the year applied."""
    if not permissions.can_visit_file(acting_user, hardship_file):
        raise PermissionDenied("收入核实由镇(街道)或市总工会办理")
    hardship_file = _locked(hardship_file, FileStatus.VISITED)
    if missing := missing_documents(hardship_file):
        raise ValidationError({"documents": f"缺少证明材料：{'、'.join(missing)}，请先上传"})
    _eligible(hardship_file.per_capita_income, hardship_file.threshold)
    return _step(acting_user, hardship_file, FileStatus.INCOME_CHECKED, "收入核实", request, income_checked_by=acting_user, income_checked_at=timezone.now())


@transaction.atomic
def file_publish_notice(*, acting_user, hardship_file, start: datetime.date, end: datetime.date, place: str, request=None) -> HardshipFile:
    if not permissions.can_decide_file(acting_user, hardship_file):
        raise PermissionDenied("公示由镇(街道)或市总工会审核人发布")
    hardship_file = _locked(hardship_file, FileStatus.INCOME_CHECKED)
    if start is None or end is None:
        raise ValidationError({"start": "请填写公示起止日期"})
    if (end - start).days + 1 < NOTICE_MIN_DAYS:
        raise ValidationError({"end": f"公示期不少于{NOTICE_MIN_DAYS}天"})
    if start < hardship_file.applied_on:
        raise ValidationError({"start": "公示开始日期不能早于申请日期"})
    place = (place or "").strip()
    if not place:
        raise ValidationError({"place": "请填写公示地点"})
    return _step(acting_user, hardship_file, FileStatus.NOTICE, f"公示 {start}至{end}", request, notice_by=acting_user, notice_start=start, notice_end=end, notice_place=place[:100])


@transaction.atomic
def file_archive(*, acting_user, hardship_file, request=None) -> HardshipFile:
    """After a notice period without a founded objection the household is archived."""
    if not permissions.can_decide_file(acting_user, hardship_file):
        raise PermissionDenied("建档由镇(街道)或市总工会审核人审批")
    hardship_file = _locked(hardship_file, FileStatus.NOTICE)
    today = timezone.localdate()
    if today <= hardship_file.notice_end:
        raise ValidationError({"status": f"公示期至{hardship_file.notice_end}，公示期满后才能建档"})
    number = f"KN{today.year}{hardship_file.pk:06d}"
    return _step(acting_user, hardship_file, FileStatus.ARCHIVED, f"建档 {number}", request, archived_by=acting_user, archived_on=today, file_number=number)


@transaction.atomic
def file_reject(*, acting_user, hardship_file, reason: str, request=None) -> HardshipFile:
    if not (permissions.can_decide_file(acting_user, hardship_file) or (hardship_file.status == FileStatus.APPLIED and permissions.can_check_file(acting_user, hardship_file))):
        raise PermissionDenied("无权退回该申请")
    locked = HardshipFile.objects.select_for_update().select_related("member").get(pk=hardship_file.pk)
    if locked.status not in OPEN_STATUSES or locked.status == FileStatus.ARCHIVED:
        raise ValidationError({"status": f"档案当前状态为「{locked.get_status_display()}」，不能退回(已建档的请办理脱困)"})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写未通过原因"})
    return _step(acting_user, locked, FileStatus.REJECTED, f"未通过：{reason}", request, rejected_reason=reason[:200])


@transaction.atomic
def file_exit(*, acting_user, hardship_file, on: datetime.date, reason: str, request=None) -> HardshipFile:
    """The household leaves the archive (脱困)."""
    if not permissions.can_decide_file(acting_user, hardship_file):
        raise PermissionDenied("脱困由镇(街道)或市总工会审核人办理")
    hardship_file = _locked(hardship_file, FileStatus.ARCHIVED)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写脱困原因"})
    if on is None or on < hardship_file.archived_on or on > timezone.localdate():
        raise ValidationError({"on": "脱困日期须在建档日期之后且不晚于今天"})
    return _step(acting_user, hardship_file, FileStatus.EXITED, f"脱困：{reason}", request, exited_by=acting_user, exited_on=on, exit_reason=reason[:200])


@transaction.atomic
def file_review(*, acting_user, hardship_file, year: int, worker_income, other_income, grade: str, note: str = "", request=None) -> AnnualReview:
    """The yearly review: incomes re-declared, compared with that year's threshold. A household
    no longer below it leaves the archive."""
    if not permissions.can_decide_file(acting_user, hardship_file):
        raise PermissionDenied("年度复核由镇(街道)或市总工会审核人办理")
    hardship_file = _locked(hardship_file, FileStatus.ARCHIVED)
    if not hardship_file.archived_on.year < year <= timezone.localdate().year + 1:
        raise ValidationError({"year": "复核年度须在建档年度之后"})
    if hardship_file.reviews.filter(year=year).exists():
        raise ValidationError({"year": f"{year}年度已复核"})
    if grade not in Grade.values:
        raise ValidationError({"grade": "请选择困难类别"})
    threshold = threshold_for(hardship_file.org, year)
    if threshold is None:
        raise ValidationError({"year": f"{year}年的困难标准尚未设定"})
    worker = money(worker_income, "worker_income", "本人年收入")
    other = money(other_income, "other_income", "其他家庭收入")
    income = per_capita(worker, other, hardship_file.family.values_list("annual_income", flat=True), hardship_file.household_size)
    below = income < threshold.per_capita_income
    outcome = ReviewOutcome.EXIT if not below else (ReviewOutcome.REGRADED if grade != hardship_file.grade else ReviewOutcome.CONTINUE)
    review = AnnualReview.objects.create(hardship_file=hardship_file, year=year, per_capita_income=income, threshold=threshold.per_capita_income,
                                         grade=grade, outcome=outcome, note=(note or "")[:200], reviewed_by=acting_user, reviewed_on=timezone.localdate())
    hardship_file.worker_income, hardship_file.other_income, hardship_file.per_capita_income, hardship_file.grade = worker, other, income, grade
    if below:
        hardship_file.save()
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=hardship_file, summary=f"{hardship_file.member.name} {year}年度复核：{review.get_outcome_display()}", request=request)
    else:
        _step(acting_user, hardship_file, FileStatus.EXITED, f"{year}年度复核人均{income}元不低于标准{threshold.per_capita_income}元，脱困", request,
              exited_by=acting_user, exited_on=timezone.localdate(), exit_reason=f"{year}年度复核收入超过困难标准")
    return review


def document_dir():
    path = settings.VAR_DIR / "assistance" / "documents"
    path.mkdir(parents=True, exist_ok=True)
    return path


@transaction.atomic
def document_add(*, acting_user, hardship_file, kind: str, upload, request=None) -> SupportingDocument:
    """Store a scanned paper outside the web root; only PDF, JPEG and PNG, told by content."""
    if not permissions.can_see_documents(acting_user, hardship_file):
        raise PermissionDenied("无权为该档案上传材料")
    if hardship_file.status in (FileStatus.EXITED, FileStatus.REJECTED):
        raise ValidationError({"upload": "已脱困或未通过的档案不能再上传材料"})
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": "请选择材料类型"})
    if upload is None or not upload.size:
        raise ValidationError({"upload": "请选择文件"})
    if upload.size > DOCUMENT_MAX_BYTES:
        raise ValidationError({"upload": "文件超过10MB"})
    head = upload.read(16)
    upload.seek(0)
    found = next((v for magic, v in DOCUMENT_TYPES.items() if head.startswith(magic)), None)
    if found is None:
        raise ValidationError({"upload": "只能上传PDF、JPG或PNG格式的扫描件(按文件内容判断)"})
    content_type, suffix = found
    stored = uuid.uuid4().hex + suffix
    target = document_dir() / stored
    with open(target, "wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    try:
        document = SupportingDocument.objects.create(hardship_file=hardship_file, kind=kind, original_name=(upload.name or "材料")[-200:], stored_name=stored,
                                                     content_type=content_type, size=upload.size, uploaded_by=acting_user)
        audit.record(actor=acting_user, action=audit.Action.CREATE, target=document, summary=f"{hardship_file.member.name} 困难档案上传{document.get_kind_display()}", request=request)
    except Exception:
        # No row, no file: an unreachable stray under VAR_DIR is removed at once.
        target.unlink(missing_ok=True)
        raise
    return document


def document_open(*, acting_user, document, request=None):
    """The stored file of a document the user may see; audited as a reveal of personal data."""
    if not permissions.can_see_documents(acting_user, document.hardship_file):
        raise PermissionDenied("无权查看该材料")
    path = document_dir() / document.stored_name
    if not path.is_file():
        raise ValidationError({"upload": "材料文件已丢失，请重新上传"})
    with transaction.atomic():
        audit.record(actor=acting_user, action=audit.Action.REVEAL, target=document, summary=f"查看{document.hardship_file.member.name}的证明材料", request=request)
    return path
