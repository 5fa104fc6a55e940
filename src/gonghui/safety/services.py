"""Every write of labour-protection records: in a transaction, audited, refused with a
Chinese message naming the field and the reason."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.safety import permissions, selectors
from gonghui.safety.models import AnkangHonour, AnkangKind, AnkangLevel, ClassifiedManagement, InspectorLevel, SafetyClass, SafetyInspector


def _require(acting_user):
    if not permissions.can_record_safety(acting_user):
        raise PermissionDenied("只有市总工会或镇(街道)总工会的经办人可以办理")


def _day(value, key, label) -> datetime.date:
    if not isinstance(value, datetime.date):
        raise ValidationError({key: f"请填写{label}"})
    if value > timezone.localdate():
        raise ValidationError({key: f"{label}不能晚于今天"})
    return value


def _year(value) -> int:
    if not isinstance(value, int) or not 2000 <= value <= 2100:
        raise ValidationError({"year": "年度须为2000至2100之间的年份"})
    return value


def _member(acting_user, id_number):
    member = selectors.member_by_id_number(acting_user.org.path, id_number)
    if member is None:
        raise ValidationError({"id_number": "该身份证号不是您管辖范围内的在册会员(请先登记会员)"})
    return member


def _enterprise(acting_user, credit_code):
    enterprise = selectors.enterprise_by_code(acting_user.org.path, credit_code)
    if enterprise is None:
        raise ValidationError({"credit_code": "该统一社会信用代码的企业不存在或不在您的管辖范围内"})
    return enterprise


def _created(acting_user, obj, summary, fields, request):
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=obj, summary=summary, changes=audit.created(obj, fields), request=request)


def inspector_appoint(*, acting_user, id_number: str, level: str, appointed_on, certificate_number: str = "", request=None) -> SafetyInspector:
    _require(acting_user)
    member = _member(acting_user, id_number)
    if level not in InspectorLevel.values:
        raise ValidationError({"level": "请选择级别(省级、宁波市级或市级)"})
    appointed_on = _day(appointed_on, "appointed_on", "聘任日期")
    duplicate = f"{member.name}已是在任的{InspectorLevel(level).label}监督检查员，不能重复聘任"
    if SafetyInspector.objects.filter(member=member, level=level, ended_on__isnull=True).exists():
        raise ValidationError({"id_number": duplicate})
    try:
        with transaction.atomic():
            inspector = SafetyInspector.objects.create(member=member, org=member.org, level=level, appointed_on=appointed_on,
                                                       certificate_number=(certificate_number or "").strip()[:40], recorded_by=acting_user)
            _created(acting_user, inspector, f"聘任{inspector}", ["member", "level", "appointed_on", "certificate_number"], request)
    except IntegrityError:
        raise ValidationError({"id_number": duplicate}) from None
    return inspector


def inspector_end(*, acting_user, inspector, ended_on, request=None) -> SafetyInspector:
    if not permissions.can_end_appointment(acting_user, inspector):
        raise PermissionDenied("无权办理该检查员")
    ended_on = _day(ended_on, "ended_on", "解聘日期")
    with transaction.atomic():
        inspector = SafetyInspector.objects.select_for_update().select_related("member").get(pk=inspector.pk)
        if inspector.ended_on is not None:
            raise ValidationError({"ended_on": f"已于{inspector.ended_on:%Y-%m-%d}解聘"})
        if ended_on < inspector.appointed_on:
            raise ValidationError({"ended_on": "解聘日期不能早于聘任日期"})
        inspector.ended_on = ended_on
        inspector.save(update_fields=["ended_on"])
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=inspector, summary=f"解聘{inspector}",
                     changes={"ended_on": [None, ended_on.isoformat()]}, request=request)
    return inspector


def ankang_record(*, acting_user, data: dict, request=None) -> AnkangHonour:
    """Record an Ankang Cup honour given to an enterprise, a team, an organising union or a person."""
    _require(acting_user)
    kind, level = data.get("kind"), data.get("level")
    if kind not in AnkangKind.values:
        raise ValidationError({"kind": "请选择类别"})
    if level not in AnkangLevel.values:
        raise ValidationError({"level": "请选择级别"})
    year = _year(data.get("year"))
    awarded_on = _day(data.get("awarded_on"), "awarded_on", "授予日期")
    if awarded_on.year != year:
        raise ValidationError({"awarded_on": f"授予日期不在{year}年度内"})
    fields = {"year": year, "level": level, "kind": kind, "awarded_on": awarded_on}
    if kind == AnkangKind.ENTERPRISE:
        enterprise = _enterprise(acting_user, data.get("credit_code"))
        fields.update(enterprise=enterprise, org=enterprise.org)
        same = {"enterprise": enterprise}
    elif kind == AnkangKind.INDIVIDUAL:
        member = _member(acting_user, data.get("id_number"))
        fields.update(member=member, org=member.org)
        same = {"member": member}
    else:
        union = selectors.union_by_code(acting_user.org.path, data.get("union_code"))
        if union is None:
            raise ValidationError({"union_code": "该工会编码不存在或不在您的管辖范围内"})
        if kind == AnkangKind.ORGANISER:
            fields.update(recipient_union=union, org=union)
            same = {"recipient_union": union}
        else:
            team = (data.get("team_name") or "").strip()
            if not team or len(team) > 80:
                raise ValidationError({"team_name": "请填写班组名称(最多80字)"})
            fields.update(team_name=team, org=union)
            same = {"org": union, "team_name": team}
    duplicate = f"{year}年{AnkangLevel(level).label}安康杯「{AnkangKind(kind).label}」已授予该对象，不能重复授予"
    if AnkangHonour.objects.filter(year=year, level=level, kind=kind, **same).exists():
        raise ValidationError({"kind": duplicate})
    try:
        with transaction.atomic():
            honour = AnkangHonour.objects.create(recorded_by=acting_user, **fields)
            _created(acting_user, honour, f"安康杯荣誉：{year}年{honour.get_level_display()}{honour.get_kind_display()} {honour.recipient_name}",
                     ["year", "level", "kind", "org", "awarded_on"], request)
    except IntegrityError:
        raise ValidationError({"kind": duplicate}) from None
    return honour


def classification_record(*, acting_user, credit_code: str, year: int, safety_class: str, assessed_on, request=None) -> ClassifiedManagement:
    _require(acting_user)
    enterprise = _enterprise(acting_user, credit_code)
    year = _year(year)
    if safety_class not in SafetyClass.values:
        raise ValidationError({"safety_class": "请选择分类(A、B或C类)"})
    assessed_on = _day(assessed_on, "assessed_on", "评定日期")
    duplicate = f"{enterprise.name}已评定{year}年度的劳动保护分类，不能重复评定"
    if ClassifiedManagement.objects.filter(enterprise=enterprise, year=year).exists():
        raise ValidationError({"credit_code": duplicate})
    try:
        with transaction.atomic():
            row = ClassifiedManagement.objects.create(enterprise=enterprise, org=enterprise.org, year=year, safety_class=safety_class,
                                                      assessed_on=assessed_on, recorded_by=acting_user)
            _created(acting_user, row, f"劳动保护分类管理：{enterprise.name} {year}年 {row.get_safety_class_display()}",
                     ["enterprise", "year", "safety_class", "assessed_on"], request)
    except IntegrityError:
        raise ValidationError({"credit_code": duplicate}) from None
    return row
