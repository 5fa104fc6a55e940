"""Every write of harmonious-enterprise creation and CSR evaluation: in a transaction,
audited, refused with a Chinese message naming the field and the reason."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.harmony import permissions, selectors
from gonghui.harmony.models import (
    SINGLE_ITEM_SHARE, ApplicationStatus, AwardLevel, CriteriaItem, CriteriaSheet, CsrEvaluation, HarmonyApplication, HarmonyAward, ItemScore, grade_for,
)


def _decimal(value, key, label) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({key: f"{label}须为数字"}) from None
    if not number.is_finite():
        raise ValidationError({key: f"{label}须为数字"})
    return number.quantize(Decimal("0.01"))


def _year(value) -> int:
    if not isinstance(value, int) or not 2000 <= value <= 2100:
        raise ValidationError({"year": "年度须为2000至2100之间的年份"})
    return value


def _day(value, key, label) -> datetime.date:
    if not isinstance(value, datetime.date):
        raise ValidationError({key: f"请填写{label}"})
    if value > timezone.localdate():
        raise ValidationError({key: f"{label}不能晚于今天"})
    return value


# The criteria sheet -------------------------------------------------------------------------


def sheet_create(*, acting_user, year: int, title: str, pass_score, request=None) -> CriteriaSheet:
    if not permissions.can_set_criteria(acting_user):
        raise PermissionDenied("评分标准由市总工会制定")
    year = _year(year)
    title = (title or "").strip() or "和谐企业创建评分标准"
    score = _decimal(pass_score, "pass_score", "达标分数")
    if score <= 0:
        raise ValidationError({"pass_score": "达标分数须大于0"})
    if CriteriaSheet.objects.filter(year=year).exists():
        raise ValidationError({"year": f"{year}年的评分标准已存在"})
    try:
        with transaction.atomic():
            sheet = CriteriaSheet.objects.create(year=year, title=title[:100], pass_score=score, created_by=acting_user)
            audit.record(actor=acting_user, action=audit.Action.CREATE, target=sheet, summary=f"制定评分标准：{sheet}",
                         changes=audit.created(sheet, ["year", "title", "pass_score"]), request=request)
    except IntegrityError:
        raise ValidationError({"year": f"{year}年的评分标准已存在"}) from None
    return sheet


def item_add(*, acting_user, sheet, name: str, max_points, request=None) -> CriteriaItem:
    if not permissions.can_set_criteria(acting_user):
        raise PermissionDenied("评分标准由市总工会制定")
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise ValidationError({"name": "请填写评分项目(最多80字)"})
    points = _decimal(max_points, "max_points", "满分")
    if points <= 0:
        raise ValidationError({"max_points": "满分须大于0"})
    if ItemScore.objects.filter(item__sheet=sheet).exists():
        raise ValidationError({"name": "该年度已有申报按此标准评分，不能再增加评分项目"})
    if sheet.items.filter(name=name).exists():
        raise ValidationError({"name": f"评分项目「{name}」已存在"})
    with transaction.atomic():
        number = (sheet.items.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        item = CriteriaItem.objects.create(sheet=sheet, number=number, name=name, max_points=points)
        audit.record(actor=acting_user, action=audit.Action.CREATE, target=item, summary=f"{sheet}增加评分项目：{name}(满分{points})",
                     changes=audit.created(item, ["sheet", "number", "name", "max_points"]), request=request)
    return item


# Applications, scores and awards ------------------------------------------------------------


def application_create(*, acting_user, credit_code: str, year: int, level: str, applied_on, request=None) -> HarmonyApplication:
    if not permissions.can_apply(acting_user):
        raise PermissionDenied("只有经办人可以录入申报")
    enterprise = selectors.enterprise_by_code(acting_user.org.path, credit_code)
    if enterprise is None:
        raise ValidationError({"credit_code": "该统一社会信用代码的企业不存在或不在您的管辖范围内"})
    year = _year(year)
    if level not in AwardLevel.values:
        raise ValidationError({"level": "请选择申报级别(镇级或村级)"})
    applied_on = _day(applied_on, "applied_on", "申报日期")
    if HarmonyApplication.objects.filter(enterprise=enterprise, year=year).exists():
        raise ValidationError({"credit_code": f"{enterprise.name}已申报{year}年度和谐企业创建，不能重复申报"})
    try:
        with transaction.atomic():
            application = HarmonyApplication.objects.create(enterprise=enterprise, org=enterprise.org, year=year, level=level, applied_on=applied_on,
                                                            created_by=acting_user)
            audit.record(actor=acting_user, action=audit.Action.CREATE, target=application, summary=f"和谐企业创建申报：{application}",
                         changes=audit.created(application, ["enterprise", "year", "level", "applied_on"]), request=request)
    except IntegrityError:
        raise ValidationError({"credit_code": f"{enterprise.name}已申报{year}年度和谐企业创建，不能重复申报"}) from None
    return application


def application_score(*, acting_user, application, points: dict, request=None) -> HarmonyApplication:
    """Score every item of the year's sheet; `points` maps item id to the points given."""
    if not permissions.can_assess(acting_user, application):
        raise PermissionDenied("无权为该申报评分")
    sheet = selectors.sheet_for(application.year)
    if sheet is None or not sheet.items.exists():
        raise ValidationError(f"{application.year}年的评分标准尚未制定，不能评分")
    errors, given = {}, {}
    for item in sheet.items.all():
        key = f"item_{item.pk}"
        raw = points.get(item.pk, points.get(str(item.pk)))
        if raw in (None, ""):
            errors[key] = f"「{item.name}」未评分"
            continue
        try:
            value = _decimal(raw, key, item.name)
        except ValidationError as exc:
            errors.update(exc.message_dict)
            continue
        if value < 0:
            errors[key] = f"「{item.name}」得分不能为负数"
        elif value > item.max_points:
            errors[key] = f"「{item.name}」得分{value}超过该项满分{item.max_points}"
        given[item] = value
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        application = HarmonyApplication.objects.select_for_update().get(pk=application.pk)
        if application.status == ApplicationStatus.AWARDED:
            raise ValidationError("该申报已命名，不能重新评分")
        before = audit.snapshot(application, ["status", "total_score"])
        application.scores.all().delete()
        ItemScore.objects.bulk_create([ItemScore(application=application, item=item, points=value) for item, value in given.items()])
        application.total_score = sum(given.values(), Decimal("0"))
        application.status, application.scored_by, application.scored_at = ApplicationStatus.SCORED, acting_user, timezone.now()
        application.save(update_fields=["total_score", "status", "scored_by", "scored_at"])
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=application, summary=f"和谐企业评分：{application} 总分{application.total_score}",
                     changes={**audit.diff(before, audit.snapshot(application, ["status", "total_score"])),
                              "items": {item.name: str(value) for item, value in given.items()}}, request=request)
    return application


def award_grant(*, acting_user, application, awarded_on, single_item=None, request=None) -> HarmonyAward:
    """Name the enterprise a harmonious enterprise of its level (a passing total needed), or
    give a single-item award (that item scored at SINGLE_ITEM_SHARE of its maximum or more)."""
    if not permissions.can_assess(acting_user, application):
        raise PermissionDenied("无权命名该申报")
    awarded_on = _day(awarded_on, "awarded_on", "命名日期")
    if awarded_on.year not in (application.year, application.year + 1):
        raise ValidationError({"awarded_on": f"命名日期须在{application.year}年度或次年"})
    with transaction.atomic():
        application = HarmonyApplication.objects.select_for_update().select_related("enterprise").get(pk=application.pk)
        if application.status == ApplicationStatus.APPLIED:
            raise ValidationError("该申报尚未评分，不能命名")
        sheet = selectors.sheet_for(application.year)
        if single_item is None:
            if application.total_score < sheet.pass_score:
                raise ValidationError(f"总分{application.total_score}未达到达标分数{sheet.pass_score}，不能命名为和谐企业")
            if application.awards.filter(single_item__isnull=True).exists():
                raise ValidationError(f"{application.enterprise.name}已命名为{application.year}年度和谐企业")
        else:
            if single_item.sheet_id != sheet.pk:
                raise ValidationError({"single_item": "该单项不属于本年度评分标准"})
            score = application.scores.filter(item=single_item).values_list("points", flat=True).first() or Decimal("0")
            if score < single_item.max_points * SINGLE_ITEM_SHARE:
                raise ValidationError({"single_item": f"「{single_item.name}」得分{score}未达到该项满分的{SINGLE_ITEM_SHARE:.0%}，不能授予单项"})
            if application.awards.filter(single_item=single_item).exists():
                raise ValidationError({"single_item": f"已授予「{single_item.name}」单项"})
        award = HarmonyAward.objects.create(application=application, enterprise=application.enterprise, org=application.org, year=application.year,
                                            level=application.level, single_item=single_item, awarded_on=awarded_on, awarded_by=acting_user)
        if single_item is None:
            application.status = ApplicationStatus.AWARDED
            application.save(update_fields=["status"])
        audit.record(actor=acting_user, action=audit.Action.CREATE, target=award, summary=f"命名{award.title}：{application}",
                     changes=audit.created(award, ["application", "level", "single_item", "awarded_on"]), request=request)
    return award


def csr_record(*, acting_user, credit_code: str, year: int, score, evaluated_on, evaluated_by: str, request=None) -> CsrEvaluation:
    if not permissions.can_apply(acting_user):
        raise PermissionDenied("只有经办人可以录入评价")
    enterprise = selectors.enterprise_by_code(acting_user.org.path, credit_code)
    if enterprise is None:
        raise ValidationError({"credit_code": "该统一社会信用代码的企业不存在或不在您的管辖范围内"})
    year = _year(year)
    value = _decimal(score, "score", "得分")
    if not 0 <= value <= 100:
        raise ValidationError({"score": "得分须在0至100之间"})
    evaluated_on = _day(evaluated_on, "evaluated_on", "评价日期")
    evaluated_by = (evaluated_by or "").strip()
    if not evaluated_by:
        raise ValidationError({"evaluated_by": "请填写评价机构"})
    if CsrEvaluation.objects.filter(enterprise=enterprise, year=year).exists():
        raise ValidationError({"credit_code": f"{enterprise.name}已有{year}年度的社会责任评价"})
    try:
        with transaction.atomic():
            evaluation = CsrEvaluation.objects.create(enterprise=enterprise, org=enterprise.org, year=year, score=value, grade=grade_for(value),
                                                      evaluated_on=evaluated_on, evaluated_by=evaluated_by[:80], recorded_by=acting_user)
            audit.record(actor=acting_user, action=audit.Action.CREATE, target=evaluation, summary=f"企业社会责任评价：{enterprise.name} {year}年 {value}分",
                         changes=audit.created(evaluation, ["enterprise", "year", "score", "grade"]), request=request)
    except IntegrityError:
        raise ValidationError({"credit_code": f"{enterprise.name}已有{year}年度的社会责任评价"}) from None
    return evaluation
