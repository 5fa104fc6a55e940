"""Every write of the outreach (双服务): the groups with their members and leader, and
each visit against the place visited. Each checks scope and figures, runs in one
transaction and writes its audit entry there."""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gonghui.core import audit
from gonghui.orgs.models import Level
from gonghui.outreach import permissions
from gonghui.outreach.models import OutreachGroup, OutreachGroupMember, OutreachVisit, PlaceKind

# The most one visit can hold; more is a slip of the keyboard.
LIMITS = {"workers_met": (5_000, "人"), "meetings": (20, "次"), "talks": (20, "次"), "tech_help": (20, "次"), "materials": (50_000, "份"),
          "problems_raised": (100, "个"), "problems_solved": (100, "个")}
LABELS = {"workers_met": "访问职工", "meetings": "座谈会", "talks": "形势政策宣讲", "tech_help": "技术帮扶", "materials": "发放资料",
          "problems_raised": "反映问题", "problems_solved": "解决问题"}


def _names(text: str) -> list[str]:
    return [n for n in re.split(r"[\s,，、;；]+", text or "") if n]


@transaction.atomic
def group_create(*, acting_user, org, data: dict, request=None) -> OutreachGroup:
    """A group sent out by `org`: its name, year, leader and members (names separated by 、)."""
    if org is None or not (permissions.can_record_outreach(acting_user) and acting_user.org and org.path.startswith(acting_user.org.path)):
        raise ValidationError({"org_code": "派出单位不存在或不在您的管辖范围内"})
    errors = {}
    name = " ".join(str(data.get("name") or "").split())
    if not name or len(name) > 60:
        errors["name"] = "组名不能为空，且不超过 60 字"
    try:
        year = int(data.get("year"))
        if not 1990 <= year <= timezone.localdate().year:
            raise ValueError
    except (TypeError, ValueError):
        errors["year"] = "年度不正确"
        year = None
    theme = " ".join(str(data.get("theme") or "").split())[:120] or OutreachGroup._meta.get_field("theme").default
    leader = " ".join(str(data.get("leader") or "").split())
    members = [n for n in dict.fromkeys(_names(data.get("members") or "")) if n != leader]
    if not leader or len(leader) > 40:
        errors["leader"] = "组长姓名不能为空，且不超过 40 字"
    if any(len(n) > 40 for n in members):
        errors["members"] = "成员姓名不能超过 40 字"
    elif len(members) > 30:
        errors["members"] = "一个小组最多 30 名成员"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            group = OutreachGroup.objects.create(name=name, org=org, year=year, theme=theme, recorded_by=acting_user)
    except IntegrityError:
        raise ValidationError({"name": f"{year} 年已有名为「{name}」的小组"}) from None
    OutreachGroupMember.objects.bulk_create(
        [OutreachGroupMember(group=group, name=leader, position="组长", is_leader=True)] + [OutreachGroupMember(group=group, name=n) for n in members]
    )
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=group, request=request, summary=f"组建双服务小组 {group}",
                 changes={"name": [None, name], "year": [None, year], "leader": [None, leader], "members": [None, "、".join(members)]})
    return group


VISIT_FIELDS = ["group", "place_kind", "org", "enterprise", "team_name", "visited_on", *LIMITS, "problems_note"]


@transaction.atomic
def visit_record(*, acting_user, group: OutreachGroup, org, enterprise=None, data: dict, request=None) -> OutreachVisit:
    """A group's visit to a place: an enterprise, a town, a village or a team in an enterprise."""
    if not permissions.can_record_outreach(acting_user):
        raise PermissionDenied("无权录入")
    if org is None or not permissions.can_record_visit(acting_user, group, org):
        raise ValidationError({"place": "走访单位不存在或不在您的管辖范围内(填企业统一社会信用代码或镇、村工会的组织编码)"})
    errors = {}
    kind = data.get("place_kind")
    team_name = " ".join(str(data.get("team_name") or "").split())
    if kind not in PlaceKind.values:
        errors["place_kind"] = "请选择走访对象：企业、镇(街道)、村(社区)或班组"
    elif kind in (PlaceKind.ENTERPRISE, PlaceKind.TEAM) and enterprise is None:
        errors["place"] = f"走访{PlaceKind(kind).label}须填写企业的统一社会信用代码"
    elif kind == PlaceKind.TOWN and (enterprise is not None or org.level != Level.TOWN):
        errors["place"] = "走访镇(街道)须填写镇(街道)总工会的组织编码"
    elif kind == PlaceKind.VILLAGE and (enterprise is not None or org.level != Level.JOINT):
        errors["place"] = "走访村(社区)须填写村(社区)工会的组织编码"
    if kind == PlaceKind.TEAM and not team_name:
        errors["team_name"] = "走访班组须填写班组名称"
    elif len(team_name) > 60:
        errors["team_name"] = "班组名称不能超过 60 字"
    if kind != PlaceKind.TEAM:
        team_name = ""
    visited_on = data.get("visited_on")
    if not isinstance(visited_on, datetime.date):
        errors["visited_on"] = "走访日期不能为空"
    elif visited_on > timezone.localdate():
        errors["visited_on"] = "走访日期不能晚于今天"
    elif visited_on.year != group.year:
        errors["visited_on"] = f"走访日期须在小组所属的 {group.year} 年内"
    counts = {}
    for key, (limit, unit) in LIMITS.items():
        raw = data.get(key)
        try:
            counts[key] = int(raw if raw not in (None, "") else 0)
        except (TypeError, ValueError):
            errors[key] = f"{LABELS[key]}须为整数"
            continue
        if counts[key] < 0:
            errors[key] = f"{LABELS[key]}不能为负数"
        elif counts[key] > limit:
            errors[key] = f"{LABELS[key]} {counts[key]}{unit} 超出一次走访的合理范围(最多 {limit}{unit})，请核对"
    if "problems_solved" not in errors and "problems_raised" not in errors and counts["problems_solved"] > counts["problems_raised"]:
        errors["problems_solved"] = "解决问题数不能多于反映问题数"
    note = " ".join(str(data.get("problems_note") or "").split())
    if len(note) > 500:
        errors["problems_note"] = "问题及解决情况不能超过 500 字"
    if errors:
        raise ValidationError(errors)
    same = OutreachVisit.objects.filter(group=group, place_kind=kind, org=org, enterprise=enterprise, team_name=team_name, visited_on=visited_on)
    if same.exists():
        raise ValidationError({"visited_on": f"该小组 {visited_on:%Y-%m-%d} 对这一单位的走访已登记，请勿重复登记"})
    try:
        with transaction.atomic():
            visit = OutreachVisit.objects.create(group=group, place_kind=kind, org=org, enterprise=enterprise, team_name=team_name, visited_on=visited_on,
                                                 problems_note=note, recorded_by=acting_user, **counts)
    except IntegrityError:
        raise ValidationError({"visited_on": "这次走访刚刚已被登记，请勿重复提交"}) from None
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=visit, request=request, summary=f"登记双服务走访：{visit.group.name} 走访 {visit.place_name}",
                 changes=audit.created(visit, VISIT_FIELDS))
    return visit
