"""Every write of honours and the model workers' association: in a transaction, audited,
refused with a Chinese message naming the field and the reason."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.core.scope import covers
from gonghui.honours import permissions, selectors
from gonghui.honours.models import (
    COLLECTIVE_KINDS, PERSON_KINDS, AdvancedMethod, AssociationBranch, Honour, HonourKind, HonourLevel, HonourStatus, ModelStudio, ModelWorker,
    RecipientKind, TeamKind, VolunteerTeam,
)

HONOUR_FIELDS = ["kind", "level", "year", "awarded_on", "awarded_by", "recipient_kind", "member", "enterprise", "recipient_union", "team_name",
                 "org", "recommended_by", "certificate_number", "status"]
# The federation confers these itself: a clerk proposes, a reviewer approves.
CONFERRED_BY_FEDERATION = frozenset({HonourLevel.CITY})


def _choice(value, choices, label, errors, key):
    if value in choices.values:
        return value
    by_label = {c.label: c.value for c in choices}
    if value in by_label:
        return by_label[value]
    errors[key] = f"{label}「{value}」不是可选值({'、'.join(choices.labels)})"
    return None


def clean_honour(root_path: str, data: dict) -> dict:
    """Check an honour as typed or imported, finding its recipient inside the subtree at
    root_path. Returns the model's fields; raises ValidationError by field."""
    errors, fields = {}, {}
    kind = _choice((data.get("kind") or "").strip(), HonourKind, "荣誉类别", errors, "kind")
    level = _choice((data.get("level") or "").strip(), HonourLevel, "级别", errors, "level")
    recipient_kind = _choice((data.get("recipient_kind") or "").strip(), RecipientKind, "获得者类型", errors, "recipient_kind")
    year = data.get("year")
    awarded_on = data.get("awarded_on")
    if not isinstance(year, int) or not 1950 <= year <= 2100:
        errors["year"] = "年度须为1950至2100之间的年份"
    if not isinstance(awarded_on, datetime.date):
        errors["awarded_on"] = "请填写授予日期"
    elif awarded_on > timezone.localdate():
        errors["awarded_on"] = "授予日期不能晚于今天"
    elif isinstance(year, int) and awarded_on.year != year:
        errors["awarded_on"] = f"授予日期({awarded_on:%Y-%m-%d})不在{year}年度内"
    awarded_by = (data.get("awarded_by") or "").strip()
    if not awarded_by:
        errors["awarded_by"] = "请填写授予机关"
    elif len(awarded_by) > 80:
        errors["awarded_by"] = "授予机关过长(最多80字)"
    if kind and recipient_kind:
        if kind in PERSON_KINDS and recipient_kind != RecipientKind.PERSON:
            errors["recipient_kind"] = f"「{HonourKind(kind).label}」只授予个人"
        elif kind in COLLECTIVE_KINDS and recipient_kind == RecipientKind.PERSON:
            errors["recipient_kind"] = f"「{HonourKind(kind).label}」只授予集体(工会、企业或班组)"
        elif kind == HonourKind.MODEL_HOME and recipient_kind != RecipientKind.UNION:
            errors["recipient_kind"] = "「模范职工之家」只授予工会"
    member = enterprise = union = None
    team_name = (data.get("team_name") or "").strip()
    if recipient_kind == RecipientKind.PERSON:
        member = selectors.member_by_id_number(root_path, data.get("id_number"))
        if member is None:
            errors["id_number"] = "该身份证号不是您管辖范围内的在册会员(请先登记会员)"
        org = member.org if member else None
    elif recipient_kind == RecipientKind.ENTERPRISE:
        enterprise = selectors.enterprise_by_code(root_path, data.get("credit_code"))
        if enterprise is None:
            errors["credit_code"] = "该统一社会信用代码的企业不存在或不在您的管辖范围内"
        org = enterprise.org if enterprise else None
    elif recipient_kind in (RecipientKind.UNION, RecipientKind.TEAM):
        union = selectors.union_by_code(root_path, data.get("union_code"))
        if union is None:
            errors["union_code"] = "该工会编码不存在或不在您的管辖范围内"
        org = union
        if recipient_kind == RecipientKind.TEAM:
            if not team_name:
                errors["team_name"] = "请填写班组(团队)名称"
            elif len(team_name) > 80:
                errors["team_name"] = "班组(团队)名称过长(最多80字)"
            union = None
    else:
        org = None
    recommended_by = None
    if (data.get("recommended_by_code") or "").strip():
        recommended_by = selectors.union_by_code(root_path, data["recommended_by_code"])
        if recommended_by is None:
            errors["recommended_by_code"] = "推荐单位的工会编码不存在或不在您的管辖范围内"
    certificate = (data.get("certificate_number") or "").strip()
    if len(certificate) > 40:
        errors["certificate_number"] = "证书编号过长(最多40字)"
    if errors:
        raise ValidationError(errors)
    fields.update(kind=kind, level=level, year=year, awarded_on=awarded_on, awarded_by=awarded_by, recipient_kind=recipient_kind,
                  member=member, enterprise=enterprise, recipient_union=union, team_name=team_name if recipient_kind == RecipientKind.TEAM else "",
                  org=org, recommended_by=recommended_by, certificate_number=certificate, citation=(data.get("citation") or "").strip()[:300])
    return fields


def duplicate_of(fields: dict) -> Honour | None:
    """The same honour already given (or proposed) to the same recipient."""
    same = Honour.objects.filter(kind=fields["kind"], level=fields["level"], year=fields["year"]).exclude(status=HonourStatus.REJECTED)
    if fields["recipient_kind"] == RecipientKind.PERSON:
        return same.filter(member=fields["member"]).first()
    if fields["recipient_kind"] == RecipientKind.ENTERPRISE:
        return same.filter(enterprise=fields["enterprise"]).first()
    if fields["recipient_kind"] == RecipientKind.UNION:
        return same.filter(recipient_union=fields["recipient_union"]).first()
    return same.filter(recipient_kind=RecipientKind.TEAM, org=fields["org"], team_name=fields["team_name"]).first()


def duplicate_message(fields: dict) -> str:
    return f"{fields['year']}年{HonourLevel(fields['level']).label}「{HonourKind(fields['kind']).label}」已授予(或已提名)该对象，不能重复授予"


def status_for(level) -> str:
    return HonourStatus.PROPOSED if level in CONFERRED_BY_FEDERATION else HonourStatus.AWARDED


def model_worker_file(member, day) -> ModelWorker:
    """The model worker's file, opened on their first model-worker honour."""
    worker, _ = ModelWorker.objects.get_or_create(member=member, defaults={"org": member.org, "opened_on": day})
    return worker


def honour_record(*, acting_user, data: dict, request=None) -> Honour:
    """Record an honour. The city's own (市级) become a proposal awaiting a reviewer; others
    are recorded as awarded."""
    if not permissions.can_record_honours(acting_user):
        raise PermissionDenied("只有市总工会或镇(街道)总工会的经办人可以录入荣誉")
    fields = clean_honour(acting_user.org.path, data)
    if not permissions.can_record_level(acting_user, fields["level"]):
        raise ValidationError({"level": f"{HonourLevel(fields['level']).label}荣誉由市总工会录入，您所在的工会不能录入"})
    if duplicate_of(fields):
        raise ValidationError({"kind": duplicate_message(fields)})
    if fields["certificate_number"] and Honour.objects.filter(certificate_number=fields["certificate_number"]).exists():
        raise ValidationError({"certificate_number": f"证书编号 {fields['certificate_number']} 已被使用"})
    try:
        with transaction.atomic():
            honour = Honour.objects.create(status=status_for(fields["level"]), proposed_by=acting_user, **fields)
            if honour.status == HonourStatus.AWARDED and honour.kind == HonourKind.MODEL_WORKER:
                model_worker_file(honour.member, honour.awarded_on)
            verb = "提名" if honour.status == HonourStatus.PROPOSED else "录入"
            audit.record(actor=acting_user, action=audit.Action.CREATE, target=honour, summary=f"{verb}荣誉：{honour}",
                         changes=audit.created(honour, HONOUR_FIELDS), request=request)
    except IntegrityError:
        # Two clicks at once: the database's unique constraint keeps the second out.
        raise ValidationError({"kind": duplicate_message(fields)}) from None
    return honour


def _decide(*, acting_user, honour, approve: bool, note: str, request):
    with transaction.atomic():
        honour = Honour.objects.select_for_update().get(pk=honour.pk)
        if not permissions.can_decide_honour(acting_user, honour):
            raise PermissionDenied("只有市总工会的审核人(非提名人)可以审核该提名")
        if honour.status != HonourStatus.PROPOSED:
            raise ValidationError(f"该荣誉已{honour.get_status_display()}，不能再审核")
        before = audit.snapshot(honour, ["status"])
        honour.status = HonourStatus.AWARDED if approve else HonourStatus.REJECTED
        honour.decided_by, honour.decided_at, honour.decision_note = acting_user, timezone.now(), (note or "").strip()[:200]
        honour.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        if approve and honour.kind == HonourKind.MODEL_WORKER:
            model_worker_file(honour.member, honour.awarded_on)
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=honour, summary=f"{'批准' if approve else '不批准'}荣誉提名：{honour}",
                     changes=audit.diff(before, audit.snapshot(honour, ["status"])), request=request)
    return honour


def honour_approve(*, acting_user, honour, note: str = "", request=None) -> Honour:
    return _decide(acting_user=acting_user, honour=honour, approve=True, note=note, request=request)


def honour_reject(*, acting_user, honour, note: str = "", request=None) -> Honour:
    if not (note or "").strip():
        raise ValidationError({"note": "不批准时请填写审核意见"})
    return _decide(acting_user=acting_user, honour=honour, approve=False, note=note, request=request)


# The model workers' association ------------------------------------------------------------


def _require_keeper(acting_user):
    if not permissions.can_keep_model_workers(acting_user):
        raise PermissionDenied("只有市总工会或镇(街道)总工会的经办人可以办理")


def _name(data, key, label, limit=100) -> str:
    name = (data.get(key) or "").strip()
    if not name:
        raise ValidationError({key: f"请填写{label}"})
    if len(name) > limit:
        raise ValidationError({key: f"{label}过长(最多{limit}字)"})
    return name


def _date(data, key, label) -> datetime.date:
    day = data.get(key)
    if not isinstance(day, datetime.date):
        raise ValidationError({key: f"请填写{label}"})
    if day > timezone.localdate():
        raise ValidationError({key: f"{label}不能晚于今天"})
    return day


def _union(acting_user, data) -> object:
    union = selectors.union_by_code(acting_user.org.path, data.get("union_code")) if (data.get("union_code") or "").strip() else acting_user.org
    if union is None:
        raise ValidationError({"union_code": "该工会编码不存在或不在您的管辖范围内"})
    return union


def _model_worker(acting_user, data, key="id_number"):
    worker = selectors.model_worker_by_id_number(acting_user.org.path, data.get(key))
    if worker is None:
        raise ValidationError({key: "该身份证号不是您管辖范围内已建档的劳模(须先获得劳动模范荣誉)"})
    return worker


def _create(model, acting_user, request, unique_label, **fields):
    if model.objects.filter(name=fields["name"]).exists():
        raise ValidationError({"name": f"{unique_label}「{fields['name']}」已存在"})
    try:
        with transaction.atomic():
            obj = model.objects.create(**fields)
            audit.record(actor=acting_user, action=audit.Action.CREATE, target=obj, summary=f"新增{model._meta.verbose_name}：{obj}",
                         changes=audit.created(obj, [k for k in fields if k != "model_workers"]), request=request)
    except IntegrityError:
        raise ValidationError({"name": f"{unique_label}「{fields['name']}」已存在"}) from None
    return obj


def branch_create(*, acting_user, data: dict, request=None) -> AssociationBranch:
    _require_keeper(acting_user)
    return _create(AssociationBranch, acting_user, request, "分会", name=_name(data, "name", "分会名称", 80), org=_union(acting_user, data),
                   founded_on=_date(data, "founded_on", "成立日期"), contact_name=(data.get("contact_name") or "").strip()[:40])


def studio_create(*, acting_user, data: dict, request=None) -> ModelStudio:
    _require_keeper(acting_user)
    leader = _model_worker(acting_user, data)
    return _create(ModelStudio, acting_user, request, "工作室", name=_name(data, "name", "工作室名称"), leader=leader, org=leader.org,
                   level=data.get("level") or "city", named_on=_date(data, "named_on", "授牌日期"))


def method_create(*, acting_user, data: dict, request=None) -> AdvancedMethod:
    _require_keeper(acting_user)
    worker = _model_worker(acting_user, data)
    return _create(AdvancedMethod, acting_user, request, "操作法", name=_name(data, "name", "操作法名称"), model_worker=worker, org=worker.org,
                   named_on=_date(data, "named_on", "命名日期"))


def team_create(*, acting_user, data: dict, request=None) -> VolunteerTeam:
    _require_keeper(acting_user)
    if data.get("kind") not in TeamKind.values:
        raise ValidationError({"kind": "请选择服务队类型"})
    return _create(VolunteerTeam, acting_user, request, "服务队", name=_name(data, "name", "服务队名称"), kind=data["kind"],
                   org=_union(acting_user, data), founded_on=_date(data, "founded_on", "成立日期"))


def model_worker_join(*, acting_user, model_worker, branch=None, team=None, request=None) -> ModelWorker:
    """Put a model worker into an association branch and/or a service team of the actor's subtree."""
    _require_keeper(acting_user)
    if not covers(acting_user, model_worker.org.path):
        raise PermissionDenied("该劳模不在您的管辖范围内")
    with transaction.atomic():
        before = audit.snapshot(model_worker, ["branch"])
        if branch is not None:
            model_worker.branch = branch
            model_worker.save(update_fields=["branch"])
        if team is not None:
            team.model_workers.add(model_worker)
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=model_worker,
                     summary=f"劳模{model_worker.member.name}加入{'、'.join(str(x) for x in (branch, team) if x)}",
                     changes=audit.diff(before, audit.snapshot(model_worker, ["branch"])), request=request)
    return model_worker
