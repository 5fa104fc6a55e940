"""Every write of 统计与报告: setting and removing targets. Figures are never written."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gonghui.core import audit
from gonghui.core.indicators import REGISTRY
from gonghui.stats import permissions
from gonghui.stats.models import Target


def _check(*, indicator_code: str, year: int, value) -> None:
    errors = {}
    if indicator_code not in REGISTRY:
        errors["indicator_code"] = f"指标「{indicator_code}」不存在"
    if not isinstance(year, int) or not 1990 <= year <= 2100:
        errors["year"] = "年度须在 1990 至 2100 之间"
    if value is None or Decimal(value) < 0:
        errors["value"] = "目标值不能为负数"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def target_set(*, acting_user, indicator_code: str, org, year: int, value, note: str = "", request=None) -> Target:
    """Set (or change) the target of an indicator for a node and a year; one per triple."""
    if not permissions.can_set_target(acting_user, org):
        raise PermissionDenied("您无权为该组织设定目标")
    _check(indicator_code=indicator_code, year=year, value=value)
    target = Target.objects.select_for_update().filter(indicator_code=indicator_code, org=org, year=year).first()
    if target is None:
        try:
            with transaction.atomic():
                target = Target.objects.create(indicator_code=indicator_code, org=org, year=year, value=value, note=note, created_by=acting_user)
        except IntegrityError:
            raise ValidationError({"indicator_code": "该指标、组织和年度的目标刚被他人设定，请刷新后再改"}) from None
        audit.record(actor=acting_user, action=audit.Action.CREATE, object_type="stats.target", object_id=target.pk,
                     summary=f"设定{org.name}{year}年目标 {indicator_code} = {value}", request=request)
        return target
    before = audit.snapshot(target, ["value", "note"])
    target.value, target.note = value, note
    target.save(update_fields=["value", "note", "updated_at"])
    audit.record(actor=acting_user, action=audit.Action.UPDATE, object_type="stats.target", object_id=target.pk,
                 summary=f"修改{org.name}{year}年目标 {indicator_code}", changes=audit.diff(before, audit.snapshot(target, ["value", "note"])), request=request)
    return target


@transaction.atomic
def target_delete(*, acting_user, target: Target, request=None) -> None:
    if not permissions.can_set_target(acting_user, target.org):
        raise PermissionDenied("您无权删除该目标")
    audit.record(actor=acting_user, action=audit.Action.DELETE, object_type="stats.target", object_id=target.pk,
                 summary=f"删除{target.org.name}{target.year}年目标 {target.indicator_code}", request=request)
    target.delete()
