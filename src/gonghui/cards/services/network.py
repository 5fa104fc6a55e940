"""Every write to the partner network: partners (合作单位), their stores and benefits, and the
accounts of people outside the federation (merchants' counter staff, members' e-cards). Each
in a transaction and audited; refusals raise ValidationError keyed by the form field."""

import datetime

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.cards import permissions, selectors
from gonghui.cards.models import Benefit, BenefitKind, CardEvent, Partner, PartnerCategory, PartnerStatus, Store
from gonghui.cards.services.cards import card_event
from gonghui.core import audit
from gonghui.core.roles import Role
from gonghui.core.sealing import SealedValue
from gonghui.core.scope import covers
from gonghui.core.validators import clean_mobile
from gonghui.members.models import Member, MemberStatus
from gonghui.orgs.models import Level

PARTNER_FIELDS = ["name", "category", "town", "address", "description", "contact_name", "contact_phone", "contract_number", "contract_start", "contract_end", "status"]
STORE_FIELDS = ["partner", "name", "town", "address", "phone", "opened_on", "closed_on"]
BENEFIT_FIELDS = ["partner", "store", "kind", "percent_off", "amount_off", "min_spend", "service", "conditions", "valid_from", "valid_until", "ended_on"]


# Accounts from outside: members' e-cards and merchants ----------------------------------------


def _outside_account(*, acting_user, username, display_name, password, role, org, request, **link) -> User:
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": "用户名不能为空"})
    if User.objects.filter(username=username).exists():
        raise ValidationError({"username": f"用户名 {username} 已存在"})
    user = User(username=username, display_name=display_name, org=org, role=role, must_change_password=True, **link)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.save()
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=user, summary=f"开设{Role(role).label}账号 {username}",
                 changes=audit.created(user, ["username", "display_name", "org", "role"]), request=request)
    return user


@transaction.atomic
def ecard_account_open(*, acting_user, member, username: str, password: str, request=None) -> User:
    """Open a member's e-card account (开通电子卡) with a first password, changed at first
    sign-in like every account's."""
    if not permissions.can_issue_card(acting_user, member):
        raise PermissionDenied("无权为该会员开通电子卡")
    member = Member.objects.select_for_update().select_related("org").get(pk=member.pk)
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError({"username": f"{member.name} 不是在册会员，不能开通电子卡"})
    if User.objects.filter(member=member).exists():
        raise ValidationError({"username": "该会员已开通电子卡账号"})
    user = _outside_account(acting_user=acting_user, username=username, display_name=member.name, password=password,
                            role=Role.MEMBER, org=member.org, request=request, member=member)
    card = selectors.current_card(member)
    if card is not None:
        card_event(card, CardEvent.Kind.ECARD_OPENED, on=timezone.localdate(), actor=acting_user, reason=f"账号 {user.username}").save()
    return user


@transaction.atomic
def merchant_account_open(*, acting_user, partner, username: str, display_name: str, password: str, request=None) -> User:
    """An account for a partner's counter staff: verifies cards at the partner's own stores."""
    if not permissions.can_manage_partner(acting_user, partner):
        raise PermissionDenied("无权为该合作单位开设账号")
    if partner.status != PartnerStatus.ACTIVE:
        raise ValidationError({"username": "该合作单位不在合作中，不能开设账号"})
    return _outside_account(acting_user=acting_user, username=username, display_name=(display_name or "").strip() or partner.name,
                            password=password, role=Role.MERCHANT, org=partner.town, request=request, partner=partner)


# Partners, stores and benefits ---------------------------------------------------------------


def _clean_partner(acting_user, data: dict, *, existing: Partner | None) -> dict:
    errors, cleaned = {}, {}
    for key, label, size in (("name", "单位名称", 120), ("contact_name", "联系人", 40), ("contract_number", "协议编号", 40)):
        value = (data.get(key) or "").strip()
        if not value:
            errors[key] = f"{label}不能为空"
        elif len(value) > size:
            errors[key] = f"{label}过长(最多{size}字)"
        cleaned[key] = value
    for key in ("address", "description"):
        cleaned[key] = (data.get(key) or "").strip()
    if data.get("category") not in PartnerCategory.values:
        errors["category"] = f"类别须为{'、'.join(PartnerCategory.labels)}之一"
    cleaned["category"] = data.get("category")
    town = data.get("town")
    if town is None or town.level != Level.TOWN or not covers(acting_user, town.path):
        errors["town"] = "所在镇(街道)不存在或不在您的管辖范围内"
    cleaned["town"] = town
    try:
        cleaned["contact_phone"] = SealedValue(clean_mobile(data.get("contact_phone")), "mobile")
    except ValidationError as exc:
        errors["contact_phone"] = exc.messages[0]
    start, end = data.get("contract_start"), data.get("contract_end")
    if not isinstance(start, datetime.date):
        errors["contract_start"] = "请填写合作起始日期"
    elif not isinstance(end, datetime.date):
        errors["contract_end"] = "请填写合作截止日期"
    elif end < start:
        errors["contract_end"] = "合作截止日期不能早于起始日期"
    cleaned["contract_start"], cleaned["contract_end"] = start, end
    duplicate = Partner.objects.filter(contract_number=cleaned["contract_number"])
    if existing is not None:
        duplicate = duplicate.exclude(pk=existing.pk)
    if cleaned["contract_number"] and duplicate.exists():
        errors["contract_number"] = f"协议编号 {cleaned['contract_number']} 已被使用"
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def partner_create(*, acting_user, data: dict, request=None) -> Partner:
    """Sign a partner unit for a town, with its contract period and contact."""
    if not permissions.can_create_partner(acting_user):
        raise PermissionDenied("只有市总工会或镇(街道)总工会可以签约合作单位")
    partner = Partner(**_clean_partner(acting_user, data, existing=None))
    try:
        with transaction.atomic():
            partner.save()
    except IntegrityError:
        raise ValidationError({"contract_number": "该协议编号刚刚已被使用，请勿重复提交"}) from None
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=partner, summary=f"签约合作单位「{partner.name}」", changes=audit.created(partner, PARTNER_FIELDS), request=request)
    return partner


@transaction.atomic
def partner_update(*, acting_user, partner, data: dict, request=None) -> Partner:
    if not permissions.can_manage_partner(acting_user, partner):
        raise PermissionDenied("无权修改该合作单位")
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    cleaned = _clean_partner(acting_user, data, existing=partner)
    before = audit.snapshot(partner, PARTNER_FIELDS)
    for key, value in cleaned.items():
        setattr(partner, key, value)
    partner.save()
    changes = audit.diff(before, audit.snapshot(partner, PARTNER_FIELDS))
    if changes:
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=partner, summary=f"修改合作单位「{partner.name}」", changes=changes, request=request)
    return partner


@transaction.atomic
def partner_set_status(*, acting_user, partner, status: str, on: datetime.date, reason: str = "", request=None) -> Partner:
    """Suspend a partnership, resume it, or end it for good. While not in cooperation its
    counter and keys refuse every card, and it leaves the public directory."""
    if not permissions.can_manage_partner(acting_user, partner):
        raise PermissionDenied("无权办理该合作单位")
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    allowed = {
        PartnerStatus.ACTIVE: {PartnerStatus.SUSPENDED, PartnerStatus.ENDED},
        PartnerStatus.SUSPENDED: {PartnerStatus.ACTIVE, PartnerStatus.ENDED},
        PartnerStatus.ENDED: set(),
    }[partner.status]
    if status not in allowed:
        raise ValidationError({"status": f"合作状态为「{partner.get_status_display()}」时不能改为「{PartnerStatus(status).label if status in PartnerStatus.values else status}」"})
    if on is None or on < partner.contract_start or on > timezone.localdate():
        raise ValidationError({"on": "日期须在合作起始日期之后且不晚于今天"})
    reason = (reason or "").strip()
    if status != PartnerStatus.ACTIVE and not reason:
        raise ValidationError({"reason": "请填写暂停或终止的原因"})
    old = partner.status
    partner.status, partner.status_changed_on, partner.status_reason = status, on, reason
    partner.save(update_fields=["status", "status_changed_on", "status_reason", "updated_at"])
    label = {PartnerStatus.ACTIVE: "恢复合作", PartnerStatus.SUSPENDED: "暂停合作", PartnerStatus.ENDED: "终止合作"}[status]
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=partner, summary=f"合作单位「{partner.name}」{label}", changes={"status": [old, status], "reason": reason}, request=request)
    return partner


def _clean_store(acting_user, partner, data: dict) -> dict:
    errors = {}
    name = (data.get("name") or "").strip()
    if not name:
        errors["name"] = "门店名称不能为空"
    town = data.get("town")
    if town is None or town.level != Level.TOWN:
        errors["town"] = "请选择门店所在镇(街道)"
    opened_on = data.get("opened_on")
    if not isinstance(opened_on, datetime.date):
        errors["opened_on"] = "请填写加入日期"
    elif opened_on < partner.contract_start:
        errors["opened_on"] = "加入日期不能早于合作起始日期"
    if errors:
        raise ValidationError(errors)
    return {"name": name, "town": town, "address": (data.get("address") or "").strip(), "phone": (data.get("phone") or "").strip(), "opened_on": opened_on}


@transaction.atomic
def store_create(*, acting_user, partner, data: dict, request=None) -> Store:
    if not permissions.can_manage_partner(acting_user, partner):
        raise PermissionDenied("无权为该合作单位添加门店")
    if partner.status == PartnerStatus.ENDED:
        raise ValidationError({"name": "该合作单位已终止合作，不能添加门店"})
    store = Store.objects.create(partner=partner, **_clean_store(acting_user, partner, data))
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=store, summary=f"「{partner.name}」添加门店「{store.name}」", changes=audit.created(store, STORE_FIELDS), request=request)
    return store


@transaction.atomic
def store_update(*, acting_user, store, data: dict, request=None) -> Store:
    if not permissions.can_manage_partner(acting_user, store.partner):
        raise PermissionDenied("无权修改该门店")
    store = Store.objects.select_for_update().select_related("partner").get(pk=store.pk)
    before = audit.snapshot(store, STORE_FIELDS)
    for key, value in _clean_store(acting_user, store.partner, data).items():
        setattr(store, key, value)
    store.save()
    changes = audit.diff(before, audit.snapshot(store, STORE_FIELDS))
    if changes:
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=store, summary=f"修改门店「{store.name}」", changes=changes, request=request)
    return store


@transaction.atomic
def store_close(*, acting_user, store, on: datetime.date, request=None) -> Store:
    """The store leaves the network: its counter refuses cards from then on."""
    if not permissions.can_manage_partner(acting_user, store.partner):
        raise PermissionDenied("无权办理该门店")
    store = Store.objects.select_for_update().get(pk=store.pk)
    if store.closed_on is not None:
        raise ValidationError({"on": "该门店已退出"})
    if on is None or on < store.opened_on or on > timezone.localdate():
        raise ValidationError({"on": "退出日期须在加入日期之后且不晚于今天"})
    store.closed_on = on
    store.save(update_fields=["closed_on"])
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=store, summary=f"门店「{store.name}」退出合作", changes={"closed_on": [None, on]}, request=request)
    return store


def _clean_benefit(partner, data: dict) -> dict:
    errors = {}
    kind = data.get("kind")
    cleaned = {"kind": kind, "percent_off": None, "amount_off": None, "service": "", "min_spend": data.get("min_spend") or None,
               "conditions": (data.get("conditions") or "").strip(), "valid_from": data.get("valid_from"), "valid_until": data.get("valid_until")}
    store = data.get("store")
    if store is not None and store.partner_id != partner.pk:
        errors["store"] = "该门店不属于本合作单位"
    cleaned["store"] = store
    if kind == BenefitKind.PERCENT:
        value = data.get("percent_off")
        if value is None or not 0 < value < 100:
            errors["percent_off"] = "优惠比例须大于0且小于100(如九折填10)"
        cleaned["percent_off"] = value
    elif kind == BenefitKind.AMOUNT:
        value = data.get("amount_off")
        if value is None or value <= 0:
            errors["amount_off"] = "立减金额须大于0"
        cleaned["amount_off"] = value
    elif kind == BenefitKind.FREE:
        service = (data.get("service") or "").strip()
        if not service:
            errors["service"] = "请填写免费服务内容"
        cleaned["service"] = service
    else:
        errors["kind"] = "请选择优惠方式"
    if cleaned["min_spend"] is not None and cleaned["min_spend"] < 0:
        errors["min_spend"] = "最低消费不能为负数"
    if not isinstance(cleaned["valid_from"], datetime.date):
        errors["valid_from"] = "请填写生效日期"
    elif cleaned["valid_until"] and cleaned["valid_until"] < cleaned["valid_from"]:
        errors["valid_until"] = "截止日期不能早于生效日期"
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def benefit_create(*, acting_user, partner, data: dict, request=None) -> Benefit:
    """A benefit the partner gives card holders, at all its stores or at one."""
    if not permissions.can_manage_partner(acting_user, partner):
        raise PermissionDenied("无权为该合作单位设置优惠")
    benefit = Benefit.objects.create(partner=partner, **_clean_benefit(partner, data))
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=benefit, summary=f"「{partner.name}」新增会员优惠：{benefit.describe()}",
                 changes=audit.created(benefit, BENEFIT_FIELDS), request=request)
    return benefit


@transaction.atomic
def benefit_end(*, acting_user, benefit, on: datetime.date, request=None) -> Benefit:
    if not permissions.can_manage_partner(acting_user, benefit.partner):
        raise PermissionDenied("无权停用该优惠")
    benefit = Benefit.objects.select_for_update().get(pk=benefit.pk)
    if benefit.ended_on is not None:
        raise ValidationError({"on": "该优惠已停用"})
    benefit.ended_on = on or timezone.localdate()
    benefit.save(update_fields=["ended_on"])
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=benefit, summary=f"停用会员优惠：{benefit.describe()}", changes={"ended_on": [None, benefit.ended_on]}, request=request)
    return benefit

