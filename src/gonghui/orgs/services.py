"""Every write to the tree, its enterprises and registrations: one function per use case,
in a transaction, audited. Refusals raise ValidationError keyed by the form field."""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr

from gonghui.core import audit, scope
from gonghui.core.validators import clean_credit_code, credit_code_check_ok, normalise
from gonghui.orgs import permissions
from gonghui.orgs.models import KINDS_BY_LEVEL, Enterprise, Formation, LegalPersonRegistration, Level, Org, OrgKind

ORG_FIELDS = ["code", "name", "level", "kind", "parent", "status", "established_on", "chair_name", "address"]
ENTERPRISE_FIELDS = [
    "credit_code", "credit_code_flagged", "name", "industry", "ownership", "above_scale",
    "employee_count", "address_town", "address", "org", "formation",
]
PARENT_LEVELS = {Level.TOWN: {Level.FEDERATION}, Level.JOINT: {Level.TOWN}, Level.PRIMARY: {Level.TOWN, Level.JOINT}}


def _level_of_kind(kind: str) -> int:
    for level, kinds in KINDS_BY_LEVEL.items():
        if kind in kinds:
            return level
    raise ValidationError({"kind": "组织类型不存在"})


def _check_parent(level: int, parent: Org, field: str = "parent") -> None:
    if parent.level not in PARENT_LEVELS.get(level, set()):
        allowed = "、".join(Level(lvl).label for lvl in sorted(PARENT_LEVELS.get(level, set()))) or "无"
        raise ValidationError({field: f"{Level(level).label}的上级只能是{allowed}，而「{parent.name}」是{parent.get_level_display()}"})


def _next_child_code(parent: Org) -> str:
    taken = set(Org.objects.filter(parent=parent).values_list("code", flat=True))
    number = len(taken) + 1
    while f"{parent.code}-{number:03d}" in taken:
        number += 1
    return f"{parent.code}-{number:03d}"


@transaction.atomic
def org_create(*, acting_user, parent: Org, name: str, kind: str, code: str = "", established_on=None, chair_name: str = "", address: str = "", request=None) -> Org:
    """Create a union under `parent`, which must lie in the acting user's subtree."""
    if not permissions.can_edit_org(acting_user, parent):
        raise PermissionDenied("无权在该组织下新建")
    level = _level_of_kind(kind)
    _check_parent(level, parent)
    code = (code or "").strip() or _next_child_code(parent)
    if Org.objects.filter(code=code).exists():
        raise ValidationError({"code": f"组织编码 {code} 已被使用"})
    org = Org(
        code=code, name=name.strip(), level=level, kind=kind, parent=parent, path=f"new-{uuid.uuid4().hex}",
        established_on=established_on, chair_name=chair_name, address=address,
    )
    org.save()
    org.path = parent.path + scope.segment(org.pk)
    org.save(update_fields=["path"])
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=org, summary=f"新建组织「{org.name}」", changes=audit.created(org, ORG_FIELDS), request=request)
    return org


@transaction.atomic
def org_update(*, acting_user, org: Org, request=None, **fields) -> Org:
    if not permissions.can_edit_org(acting_user, org):
        raise PermissionDenied("无权修改该组织")
    allowed = {"name", "established_on", "chair_name", "address", "status", "kind"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"org_update cannot change {unknown}")
    if "kind" in fields and _level_of_kind(fields["kind"]) != org.level:
        raise ValidationError({"kind": "修改类型不能改变组织层级"})
    before = audit.snapshot(org, ORG_FIELDS)
    for name, value in fields.items():
        setattr(org, name, value)
    org.save()
    changes = audit.diff(before, audit.snapshot(org, ORG_FIELDS))
    if changes:
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=org, summary=f"修改组织「{org.name}」", changes=changes, request=request)
    return org


@transaction.atomic
def org_move(*, acting_user, org: Org, new_parent: Org, request=None) -> Org:
    """Move org and its whole subtree under new_parent: one UPDATE of the subtree's paths."""
    if not permissions.can_move_org(acting_user, org):
        raise PermissionDenied("无权移动该组织")
    if not permissions.can_edit_org(acting_user, new_parent):
        raise ValidationError({"new_parent": "新上级不在您的管辖范围内"})
    org = Org.objects.select_for_update().get(pk=org.pk)
    if new_parent.path.startswith(org.path):
        raise ValidationError({"new_parent": "不能把组织移动到它自己或它的下级组织之下"})
    _check_parent(org.level, new_parent, "new_parent")
    old_parent, old_path = org.parent, org.path
    new_path = new_parent.path + scope.segment(org.pk)
    Org.objects.filter(scope.subtree_q(old_path)).update(path=Concat(Value(new_path), Substr("path", len(old_path) + 1)))
    Org.objects.filter(pk=org.pk).update(parent=new_parent)
    org.refresh_from_db()
    audit.record(
        actor=acting_user, action=audit.Action.UPDATE, target=org, summary=f"移动组织「{org.name}」",
        changes={"parent": [old_parent.name if old_parent else None, new_parent.name]}, request=request,
    )
    return org


def formation_for(org: Org) -> str:
    """How an enterprise filed under `org` is covered (also used by the enterprise import)."""
    if org.level == Level.PRIMARY:
        return Formation.SINGLE
    if org.level == Level.JOINT and org.kind in {OrgKind.REGIONAL, OrgKind.INDUSTRY, OrgKind.VILLAGE, OrgKind.COMMUNITY}:
        return Formation.JOINT
    return Formation.NONE


def _clean_enterprise(acting_user, data: dict, *, accept_flagged: bool, existing: Enterprise | None) -> dict:
    errors = {}
    cleaned = dict(data)
    can_accept = permissions.can_accept_flagged_credit_code(acting_user)
    # A flagged code a reviewer accepted earlier stays accepted while it is unchanged.
    already_accepted = existing is not None and existing.credit_code_flagged and normalise(data.get("credit_code")) == existing.credit_code
    try:
        cleaned["credit_code"] = clean_credit_code(data.get("credit_code"), allow_bad_check_char=already_accepted or (accept_flagged and can_accept))
    except ValidationError as exc:
        if exc.code == "check_char" and accept_flagged and not can_accept:
            errors["credit_code"] = "只有审核人可以确认校验位存疑的早期试点代码"
        elif exc.code == "check_char":
            errors["credit_code"] = "统一社会信用代码校验位错误(早期试点代码须由审核人确认后录入)"
        else:
            errors["credit_code"] = exc.messages[0]
    else:
        duplicate = Enterprise.objects.filter(credit_code=cleaned["credit_code"])
        if existing is not None:
            duplicate = duplicate.exclude(pk=existing.pk)
        if duplicate.exists():
            errors["credit_code"] = f"统一社会信用代码 {cleaned['credit_code']} 已登记"
    org = data.get("org")
    if org is None or not permissions.can_edit_org(acting_user, org):
        errors["org"] = "所属工会不存在或不在您的管辖范围内"
    town = data.get("address_town")
    if town is None or town.level != Level.TOWN:
        errors["address_town"] = "请选择所在镇(街道)"
    if data.get("employee_count") is not None and data["employee_count"] < 0:
        errors["employee_count"] = "职工人数不能为负数"
    if not (data.get("name") or "").strip():
        errors["name"] = "企业名称不能为空"
    if errors:
        raise ValidationError(errors)
    cleaned["name"] = data["name"].strip()
    cleaned["formation"] = formation_for(org)
    if cleaned["formation"] == Formation.SINGLE:
        taken = Enterprise.objects.filter(org=org, formation=Formation.SINGLE)
        if existing is not None:
            taken = taken.exclude(pk=existing.pk)
        if taken.exists():
            raise ValidationError({"org": f"基层工会「{org.name}」已对应一家单建企业"})
    flagged = not credit_code_check_ok(cleaned["credit_code"])
    cleaned["credit_code_flagged"] = flagged
    cleaned["credit_code_accepted_by"] = (existing.credit_code_accepted_by if already_accepted else acting_user) if flagged else None
    return cleaned


def enterprise_create(*, acting_user, data: dict, accept_flagged: bool = False, request=None) -> Enterprise:
    """Register an enterprise. A code failing only its check character needs a reviewer's
    explicit acceptance (`accept_flagged`) and stays flagged."""
    with transaction.atomic():
        cleaned = _clean_enterprise(acting_user, data, accept_flagged=accept_flagged, existing=None)
        try:
            with transaction.atomic():
                enterprise = Enterprise.objects.create(**cleaned)
        except IntegrityError:
            raise ValidationError({"credit_code": "该企业刚刚已被登记，请勿重复提交"}) from None
        audit.record(actor=acting_user, action=audit.Action.CREATE, target=enterprise, summary=f"登记企业「{enterprise.name}」", changes=audit.created(enterprise, ENTERPRISE_FIELDS), request=request)
    return enterprise


def enterprise_update(*, acting_user, enterprise: Enterprise, data: dict, accept_flagged: bool = False, request=None) -> Enterprise:
    if not permissions.can_edit_org(acting_user, enterprise.org):
        raise PermissionDenied("无权修改该企业")
    with transaction.atomic():
        enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        cleaned = _clean_enterprise(acting_user, data, accept_flagged=accept_flagged, existing=enterprise)
        before = audit.snapshot(enterprise, ENTERPRISE_FIELDS)
        for name, value in cleaned.items():
            setattr(enterprise, name, value)
        enterprise.save()
        changes = audit.diff(before, audit.snapshot(enterprise, ENTERPRISE_FIELDS))
        if changes:
            audit.record(actor=acting_user, action=audit.Action.UPDATE, target=enterprise, summary=f"修改企业「{enterprise.name}」", changes=changes, request=request)
    return enterprise


@transaction.atomic
def registration_record(*, acting_user, org: Org, kind: str, certificate_number: str, registered_on, valid_until=None, legal_representative: str = "", note: str = "", request=None) -> LegalPersonRegistration:
    """Record a new, change or cancel registration of a union as a legal person."""
    if not permissions.can_edit_org(acting_user, org):
        raise PermissionDenied("无权为该组织登记")
    if valid_until and valid_until < registered_on:
        raise ValidationError({"valid_until": "有效期至不能早于登记日期"})
    history = LegalPersonRegistration.objects.filter(org=org).order_by("-registered_on", "-id")
    last = history.first()
    if kind == "new" and last and last.kind != "cancel":
        raise ValidationError({"kind": "该工会已办理法人登记，请选择变更"})
    if kind in {"change", "cancel"} and (last is None or last.kind == "cancel"):
        raise ValidationError({"kind": "该工会尚无有效的法人登记，请先新办"})
    registration = LegalPersonRegistration.objects.create(
        org=org, kind=kind, certificate_number=certificate_number.strip(), registered_on=registered_on,
        valid_until=valid_until, legal_representative=legal_representative, note=note, recorded_by=acting_user,
    )
    audit.record(
        actor=acting_user, action=audit.Action.CREATE, target=registration,
        summary=f"{org.name} 法人资格登记({registration.get_kind_display()})",
        changes=audit.created(registration, ["org", "kind", "certificate_number", "registered_on", "valid_until"]), request=request,
    )
    return registration
