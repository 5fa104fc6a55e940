"""Every write of culture work: deliveries, libraries, learning enterprises and their
assessments, culture bodies, recognitions. Each checks its input and the place's scope,
runs in one transaction and writes its audit entry there."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.culture import permissions
from gonghui.culture.models import (
    LEVEL_RANK, AssessmentLevel, BodyKind, CultureBody, CultureRecognition, Delivery, DeliveryKind, LearningAssessment, LearningEnterprise,
    RecognitionKind, RecognitionLevel, WorkersLibrary,
)

EARLIEST = datetime.date(1990, 1, 1)
# The most one record can hold: more is a typing slip (a delivery of 1,000 performances to
# one workplace in a day did not happen), refused with the limit named.
QUANTITY_LIMITS = {DeliveryKind.PERFORMANCE: 20, DeliveryKind.FILM: 100, DeliveryKind.BOOKS: 50_000}
AUDIENCE_LIMIT = 100_000


def _text(errors, data, key, label, max_length, *, required=True) -> str:
    value = " ".join(str(data.get(key) or "").split())
    if required and not value:
        errors[key] = f"{label}不能为空"
    elif len(value) > max_length:
        errors[key] = f"{label}不能超过 {max_length} 个字"
    return value


def _count(errors, data, key, label, *, minimum=0, maximum=None, unit="") -> int:
    value = data.get(key)
    if value in (None, ""):
        value = 0 if minimum == 0 else None
    try:
        number = int(value)
        if isinstance(value, float) and not value.is_integer():
            raise ValueError
    except (TypeError, ValueError):
        errors[key] = f"{label}须为整数"
        return 0
    if number < minimum:
        errors[key] = f"{label}不能小于 {minimum}" if minimum else f"{label}不能为负数"
    elif maximum is not None and number > maximum:
        errors[key] = f"{label} {number}{unit} 超出合理范围(单条记录最多 {maximum}{unit})，请核对"
    return number


def _day(errors, data, key, label) -> datetime.date | None:
    value = data.get(key)
    if not isinstance(value, datetime.date):
        errors[key] = f"{label}不能为空"
        return None
    if value > timezone.localdate():
        errors[key] = f"{label}不能晚于今天"
    elif value < EARLIEST:
        errors[key] = f"{label}不能早于 1990 年"
    return value


def _check_place(acting_user, org, enterprise, key="place"):
    if org is None or not permissions.can_record_at(acting_user, org):
        raise ValidationError({key: "受送单位不存在或不在您的管辖范围内(填工会编码或企业统一社会信用代码)"})
    if enterprise is not None and enterprise.org_id != org.pk:
        raise ValidationError({key: "企业与所属工会不符"})


def _require_writer(acting_user):
    if not permissions.can_record_culture(acting_user):
        raise PermissionDenied("无权录入职工文化记录")


DELIVERY_FIELDS = ["kind", "title", "org", "enterprise", "delivered_on", "quantity", "audience", "note"]


@transaction.atomic
def delivery_record(*, acting_user, org, enterprise=None, data: dict, request=None) -> Delivery:
    """Record one delivery of culture (送文化) to a place in the clerk's subtree."""
    _require_writer(acting_user)
    _check_place(acting_user, org, enterprise)
    errors = {}
    kind = data.get("kind")
    if kind not in DeliveryKind.values:
        errors["kind"] = "请选择类别：文艺演出、电影或书籍"
    title = _text(errors, data, "title", "节目/影片/书目", 120)
    delivered_on = _day(errors, data, "delivered_on", "日期")
    unit = {"books": "册"}.get(kind, "场")
    quantity = _count(errors, data, "quantity", "数量", minimum=1, maximum=QUANTITY_LIMITS.get(kind), unit=unit)
    audience = _count(errors, data, "audience", "受惠职工", maximum=AUDIENCE_LIMIT, unit="人次")
    note = _text(errors, data, "note", "说明", 300, required=False)
    if errors:
        raise ValidationError(errors)
    same = Delivery.objects.select_for_update().filter(kind=kind, org=org, enterprise=enterprise, delivered_on=delivered_on, title=title)
    if same.exists():
        raise ValidationError({"title": f"{delivered_on:%Y-%m-%d} 已向该单位登记过同一{DeliveryKind(kind).label}「{title}」，请勿重复登记"})
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(kind=kind, title=title, org=org, enterprise=enterprise, delivered_on=delivered_on, quantity=quantity,
                                               audience=audience, note=note, recorded_by=acting_user)
    except IntegrityError:
        raise ValidationError({"title": f"{delivered_on:%Y-%m-%d} 已向该单位登记过同一{DeliveryKind(kind).label}「{title}」，请勿重复登记"}) from None
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=delivery, request=request,
                 summary=f"登记送{delivery.get_kind_display()}「{title}」到 {delivery.place_name}", changes=audit.created(delivery, DELIVERY_FIELDS))
    return delivery


@transaction.atomic
def delivery_delete(*, acting_user, delivery: Delivery, request=None) -> None:
    """Withdraw a delivery recorded by mistake; the audit trail keeps what it held."""
    _require_writer(acting_user)
    if not permissions.can_record_at(acting_user, delivery.org):
        raise PermissionDenied("无权删除该记录")
    before = audit.snapshot(delivery, DELIVERY_FIELDS)
    audit.record(actor=acting_user, action=audit.Action.DELETE, target=delivery, request=request,
                 summary=f"删除送{delivery.get_kind_display()}记录「{delivery.title}」", changes={k: [v, None] for k, v in before.items()})
    delivery.delete()


LIBRARY_FIELDS = ["name", "org", "enterprise", "opened_on", "books_held", "area_m2"]


@transaction.atomic
def library_create(*, acting_user, org, enterprise=None, data: dict, request=None) -> WorkersLibrary:
    _require_writer(acting_user)
    _check_place(acting_user, org, enterprise)
    errors = {}
    name = _text(errors, data, "name", "书屋名称", 120)
    opened_on = _day(errors, data, "opened_on", "建成日期")
    books = _count(errors, data, "books_held", "藏书", maximum=1_000_000, unit="册")
    area = _count(errors, data, "area_m2", "面积", maximum=100_000, unit="平方米")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            library = WorkersLibrary.objects.create(name=name, org=org, enterprise=enterprise, opened_on=opened_on, books_held=books, area_m2=area,
                                                    recorded_by=acting_user)
    except IntegrityError:
        raise ValidationError({"name": f"「{org.name}」已有名为「{name}」的职工书屋"}) from None
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=library, request=request, summary=f"登记职工书屋「{name}」",
                 changes=audit.created(library, LIBRARY_FIELDS))
    return library


LEARNING_FIELDS = ["enterprise", "org", "started_on", "plan"]


@transaction.atomic
def learning_enterprise_enrol(*, acting_user, enterprise, data: dict, request=None) -> LearningEnterprise:
    """An enterprise joins the learning-enterprise drive; once only."""
    _require_writer(acting_user)
    if enterprise is None:
        raise ValidationError({"place": "请填写企业的统一社会信用代码(学习型企业须是企业)"})
    _check_place(acting_user, enterprise.org, enterprise)
    errors = {}
    started_on = _day(errors, data, "started_on", "开始创建日期")
    plan = _text(errors, data, "plan", "学习培训计划", 300, required=False)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            learning = LearningEnterprise.objects.create(enterprise=enterprise, org=enterprise.org, started_on=started_on, plan=plan, recorded_by=acting_user)
    except IntegrityError:
        raise ValidationError({"place": f"「{enterprise.name}」已在学习型企业名单中"}) from None
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=learning, request=request, summary=f"「{enterprise.name}」开始创建学习型企业",
                 changes=audit.created(learning, LEARNING_FIELDS))
    return learning


@transaction.atomic
def assessment_record(*, acting_user, learning_enterprise: LearningEnterprise, data: dict, request=None) -> LearningAssessment:
    """A year's assessment of a learning enterprise at one level; one per level and year."""
    _require_writer(acting_user)
    if not permissions.can_record_at(acting_user, learning_enterprise.org):
        raise PermissionDenied("无权为该企业登记评定")
    errors = {}
    level = data.get("level")
    if level not in AssessmentLevel.values:
        errors["level"] = "请选择评定级别"
    assessed_on = _day(errors, data, "assessed_on", "评定日期")
    year = _count(errors, data, "year", "年度", minimum=1990, maximum=2100)
    if assessed_on and not errors.get("year") and not (year <= assessed_on.year <= year + 1):
        errors["year"] = f"评定日期 {assessed_on:%Y-%m-%d} 与年度 {year} 不符(应在当年或次年)"
    if assessed_on and assessed_on < learning_enterprise.started_on:
        errors["assessed_on"] = "评定日期早于开始创建日期"
    score = data.get("score")
    if score not in (None, "") and not (Decimal(0) <= Decimal(score) <= Decimal(100)):
        errors["score"] = "得分须在 0 到 100 之间"
    awarded_by = _text(errors, data, "awarded_by", "评定机关", 80, required=False)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            assessment = LearningAssessment.objects.create(learning_enterprise=learning_enterprise, year=year, level=level, assessed_on=assessed_on,
                                                           score=score if score not in (None, "") else None, awarded_by=awarded_by, recorded_by=acting_user)
    except IntegrityError:
        raise ValidationError({"level": f"{year} 年度已登记过「{AssessmentLevel(level).label}」"}) from None
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=assessment, request=request,
                 summary=f"「{learning_enterprise.enterprise.name}」{year} 年度评为{assessment.get_level_display()}",
                 changes=audit.created(assessment, ["year", "level", "assessed_on", "score", "awarded_by"]))
    return assessment


@transaction.atomic
def body_create(*, acting_user, org, data: dict, request=None) -> CultureBody:
    _require_writer(acting_user)
    _check_place(acting_user, org, None, key="org_code")
    errors = {}
    name = _text(errors, data, "name", "名称", 120)
    kind = data.get("kind")
    if kind not in BodyKind.values:
        errors["kind"] = "请选择类别"
    founded_on = _day(errors, data, "founded_on", "成立(挂牌)日期")
    members_count = _count(errors, data, "members_count", "成员人数", maximum=100_000, unit="人")
    leader = _text(errors, data, "leader", "负责人", 40, required=False)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            body = CultureBody.objects.create(name=name, kind=kind, org=org, founded_on=founded_on, members_count=members_count, leader=leader, recorded_by=acting_user)
    except IntegrityError:
        raise ValidationError({"name": f"「{org.name}」已有名为「{name}」的文化团体"}) from None
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=body, request=request, summary=f"登记{body.get_kind_display()}「{name}」",
                 changes=audit.created(body, ["name", "kind", "org", "founded_on", "members_count", "leader"]))
    return body


@transaction.atomic
def recognition_record(*, acting_user, org, enterprise=None, library=None, data: dict, request=None) -> CultureRecognition:
    """A culture unit recognised by a higher body. A library's own level rises with it."""
    _require_writer(acting_user)
    _check_place(acting_user, org, enterprise)
    errors = {}
    kind = data.get("kind")
    if kind not in RecognitionKind.values:
        errors["kind"] = "请选择称号类别"
    level = data.get("level")
    if level not in RecognitionLevel.values:
        errors["level"] = "请选择级别"
    awarded_on = _day(errors, data, "awarded_on", "授予日期")
    awarded_by = _text(errors, data, "awarded_by", "授予机关", 80)
    if library is not None and (kind != RecognitionKind.WORKERS_LIBRARY or library.org_id != org.pk):
        errors["library"] = "只有“职工书屋”称号可关联书屋，且书屋须属于该单位"
    if errors:
        raise ValidationError(errors)
    if CultureRecognition.objects.filter(kind=kind, level=level, org=org, enterprise=enterprise, awarded_on=awarded_on).exists():
        raise ValidationError({"kind": "该单位在这一天已登记过同一称号，请勿重复登记"})
    try:
        with transaction.atomic():
            recognition = CultureRecognition.objects.create(kind=kind, level=level, org=org, enterprise=enterprise, library=library,
                                                            awarded_on=awarded_on, awarded_by=awarded_by, recorded_by=acting_user)
    except IntegrityError:
        raise ValidationError({"kind": "该单位在这一天已登记过同一称号，请勿重复登记"}) from None
    if library is not None:
        library = WorkersLibrary.objects.select_for_update().get(pk=library.pk)
        if not library.level or LEVEL_RANK[level] < LEVEL_RANK[library.level]:
            library.level = level
            library.save(update_fields=["level"])
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=recognition, request=request,
                 summary=f"{recognition.place_name} 获{recognition.get_level_display()}{recognition.get_kind_display()}",
                 changes=audit.created(recognition, ["kind", "level", "org", "enterprise", "library", "awarded_on", "awarded_by"]))
    return recognition
