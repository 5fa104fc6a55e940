"""The three-level service network: nodes of the tree marked as centre, station or point."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gonghui.core import audit
from gonghui.orgs.models import Level
from gonghui.service import permissions
from gonghui.service.models import ServiceSite, SiteTier
from gonghui.service.models.network import TIER_LEVELS

FIELDS = ("name", "address", "hours", "phone", "staff")


def _clean(data: dict, tier: str, org) -> dict:
    errors = {}
    if tier not in SiteTier.values:
        errors["tier"] = "请选择网点类别"
    elif org.level not in TIER_LEVELS[tier]:
        where = {SiteTier.CENTRE: "市总工会", SiteTier.STATION: "镇(街道)总工会", SiteTier.POINT: "村(社区)、联合工会或基层工会"}[tier]
        errors["tier"] = f"{SiteTier(tier).label}只能设在{where}，「{org.name}」是{Level(org.level).label}"
    clean = {f: (data.get(f) or "").strip()[:200] for f in FIELDS}
    if not clean["name"]:
        errors["name"] = "请填写网点名称"
    established = data.get("established_on")
    if not isinstance(established, datetime.date):
        errors["established_on"] = "请填写设立日期"
    closed = data.get("closed_on")
    if closed and isinstance(established, datetime.date) and closed < established:
        errors["closed_on"] = "撤销日期不能早于设立日期"
    if errors:
        raise ValidationError(errors)
    clean.update(tier=tier, established_on=established, closed_on=closed or None)
    return clean


def site_mark(*, acting_user, org, data: dict, request=None) -> ServiceSite:
    """Mark a node of the acting user's subtree as a centre, station or point."""
    if org is None or not permissions.can_mark_site(acting_user, org):
        raise ValidationError({"org": "只能设置本级及下级工会的服务网点"})
    clean = _clean(data, data.get("tier"), org)
    if ServiceSite.objects.filter(org=org).exists():
        raise ValidationError({"org": f"「{org.name}」已经是服务网点，请修改原网点"})
    try:
        with transaction.atomic():
            site = ServiceSite.objects.create(org=org, **clean)
            audit.record(actor=acting_user, action=audit.Action.CREATE, target=site, summary=f"设立{site.get_tier_display()}「{site.name}」", request=request)
    except IntegrityError:
        raise ValidationError({"org": f"「{org.name}」已经是服务网点"}) from None
    return site


def site_update(*, acting_user, site: ServiceSite, data: dict, request=None) -> ServiceSite:
    if not permissions.can_mark_site(acting_user, site.org):
        raise PermissionDenied("无权修改该服务网点")
    clean = _clean(data, data.get("tier", site.tier), site.org)
    with transaction.atomic():
        before = audit.snapshot(site, clean.keys())
        for field, value in clean.items():
            setattr(site, field, value)
        site.save()
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=site, summary=f"修改服务网点「{site.name}」",
                     changes=audit.diff(before, audit.snapshot(site, clean.keys())), request=request)
    return site
