"""Every write of 劳动竞赛与创新: one function per use case, in a transaction, audited.

Long lists (entries and results) come in through the import engine (campaigns.imports);
these are the records a clerk types in."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gonghui.campaigns import permissions
from gonghui.campaigns.models import (
    AwardLevel, Contest, ContestEvent, ContestKind, InHouseRating, Innovation, TrainingBase, TrainingYear, UnitAward,
)
from gonghui.core import audit

EARLIEST = datetime.date(1980, 1, 1)


def _require(user, org, what: str):
    if not permissions.can_record_in(user, org):
        raise PermissionDenied(f"无权在该组织登记{what}")


def parse_events(text: str, kind: str) -> list[tuple[str, str]]:
    """The events typed one a line; for the sports games "大项/小项" (or 大项：小项)."""
    events, seen, errors = [], set(), []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        sport, name = "", line
        for sep in ("/", "／", "：", ":"):
            if sep in line:
                sport, name = (part.strip() for part in line.split(sep, 1))
                break
        if kind == ContestKind.SPORTS_GAMES and not sport:
            errors.append(f"第{number}行「{line}」：运动会的项目须写成“大项/小项”")
            continue
        if not name or len(name) > 60 or len(sport) > 40:
            errors.append(f"第{number}行「{line[:30]}」：项目名称为空或过长")
            continue
        if (sport, name) in seen:
            errors.append(f"第{number}行「{line}」：项目重复")
            continue
        seen.add((sport, name))
        events.append((sport, name))
    if errors:
        raise ValidationError({"events": errors})
    return events


def contest_create(*, acting_user, org, data: dict, request=None) -> Contest:
    """A contest with its events (比武项目, or 大项/小项 for the sports games)."""
    _require(acting_user, org, "劳动竞赛")
    errors = {}
    code = (data.get("code") or "").strip().upper()
    if not code or len(code) > 20 or not code.replace("-", "").isalnum():
        errors["code"] = "竞赛编号须为1-20位字母、数字或连字符"
    elif Contest.objects.filter(code=code).exists():
        errors["code"] = f"竞赛编号 {code} 已被使用"
    if data["kind"] not in ContestKind.values:
        errors["kind"] = "类型不正确"
    starts_on, ends_on = data["starts_on"], data["ends_on"]
    if ends_on < starts_on:
        errors["ends_on"] = "结束日期不能早于开始日期"
    if starts_on < EARLIEST:
        errors["starts_on"] = "开始日期不正确"
    try:
        events = parse_events(data.get("events", ""), data["kind"])
    except ValidationError as exc:
        errors.update({k: v for k, v in exc.message_dict.items()})
        events = []
    if not events and "events" not in errors:
        errors["events"] = "至少填写一个比赛项目"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            contest = Contest.objects.create(
                org=org, code=code, kind=data["kind"], name=data["name"].strip(), organiser=data["organiser"].strip(),
                starts_on=starts_on, ends_on=ends_on, note=(data.get("note") or "").strip(), created_by=acting_user,
            )
            ContestEvent.objects.bulk_create([ContestEvent(contest=contest, sport=sport, name=name) for sport, name in events])
            audit.record(actor=acting_user, action=audit.Action.CREATE, target=contest, summary=f"登记竞赛「{contest.name}」，{len(events)}个项目",
                         changes={"code": code, "events": len(events)}, request=request)
    except IntegrityError:
        # Two clicks at once: the second finds the code taken.
        raise ValidationError({"code": f"竞赛编号 {code} 已被使用"}) from None
    return contest


def contest_update(*, acting_user, contest, data: dict, request=None) -> Contest:
    """Correct a contest's name, organiser, dates or note (its code and kind stay: the
    imported lists refer to them)."""
    if not permissions.can_manage_contest(acting_user, contest):
        raise PermissionDenied("无权修改该竞赛")
    if data["ends_on"] < data["starts_on"]:
        raise ValidationError({"ends_on": "结束日期不能早于开始日期"})
    before = {k: str(getattr(contest, k)) for k in ("name", "organiser", "starts_on", "ends_on", "note")}
    with transaction.atomic():
        for key in ("name", "organiser", "note"):
            setattr(contest, key, (data.get(key) or "").strip())
        contest.starts_on, contest.ends_on = data["starts_on"], data["ends_on"]
        contest.save(update_fields=["name", "organiser", "note", "starts_on", "ends_on"])
        after = {k: str(getattr(contest, k)) for k in before}
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=contest, summary=f"修改竞赛「{contest.name}」",
                     changes={k: [before[k], after[k]] for k in before if before[k] != after[k]}, request=request)
    return contest


def contest_events_add(*, acting_user, contest, text: str, request=None) -> int:
    if not permissions.can_manage_contest(acting_user, contest):
        raise PermissionDenied("无权修改该竞赛")
    events = parse_events(text, contest.kind)
    existing = set(contest.events.values_list("sport", "name"))
    repeated = [f"{s}/{n}" if s else n for s, n in events if (s, n) in existing]
    if repeated:
        raise ValidationError({"events": f"已有项目：{'、'.join(repeated[:10])}"})
    if not events:
        raise ValidationError({"events": "至少填写一个比赛项目"})
    with transaction.atomic():
        ContestEvent.objects.bulk_create([ContestEvent(contest=contest, sport=s, name=n) for s, n in events])
        audit.record(actor=acting_user, action=audit.Action.UPDATE, target=contest, summary=f"竞赛「{contest.name}」增加{len(events)}个项目", request=request)
    return len(events)


def unit_award_create(*, acting_user, contest, kind: str, org, unit_name: str, request=None) -> UnitAward:
    """优秀承办单位 / 优秀组织单位 of a contest."""
    if not permissions.can_manage_contest(acting_user, contest):
        raise PermissionDenied("无权修改该竞赛")
    _require(acting_user, org, "单位奖")
    unit_name = (unit_name or "").strip()
    if not unit_name:
        raise ValidationError({"unit_name": "单位名称不能为空"})
    if UnitAward.objects.filter(contest=contest, kind=kind, unit_name=unit_name).exists():
        raise ValidationError({"unit_name": f"「{unit_name}」已获该竞赛的这一奖项"})
    try:
        with transaction.atomic():
            award = UnitAward.objects.create(contest=contest, kind=kind, org=org, unit_name=unit_name)
            audit.record(actor=acting_user, action=audit.Action.CREATE, target=award, summary=f"竞赛「{contest.name}」{award}", request=request)
    except IntegrityError:
        raise ValidationError({"unit_name": f"「{unit_name}」已获该竞赛的这一奖项"}) from None
    return award


def innovation_create(*, acting_user, org, data: dict, request=None) -> Innovation:
    """A 五小 result or QC project; the benefit is in yuan and never negative."""
    _require(acting_user, org, "创新成果")
    benefit = data.get("benefit") or Decimal("0")
    errors = {}
    if benefit < 0:
        errors["benefit"] = "经济效益不能为负数"
    if data["awarded_on"] > datetime.date.today() or data["awarded_on"] < EARLIEST:
        errors["awarded_on"] = "评定日期不正确"
    enterprise = data.get("enterprise")
    if enterprise is not None and not enterprise.org.path.startswith(org.path):
        errors["enterprise"] = "该企业不在所选工会范围内"
    if Innovation.objects.filter(org=org, kind=data["kind"], title=data["title"].strip(), awarded_on=data["awarded_on"]).exists():
        errors["title"] = "同一成果已登记"
    number = (data.get("number") or "").strip().upper()
    if number and Innovation.objects.filter(number=number).exists():
        errors["number"] = f"成果编号 {number} 已被使用"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        item = Innovation.objects.create(org=org, enterprise=enterprise, kind=data["kind"], number=number, title=data["title"].strip(), team=(data.get("team") or "").strip(),
                                         level=data["level"], awarded_on=data["awarded_on"], benefit=benefit)
        audit.record(actor=acting_user, action=audit.Action.CREATE, target=item, summary=f"登记{item.get_kind_display()}「{item.title}」", request=request)
    return item


def inhouse_record(*, acting_user, org, data: dict, request=None) -> InHouseRating:
    """One enterprise's or association's in-house titles and grades for a year."""
    _require(acting_user, org, "内部评聘")
    enterprise, association = data.get("enterprise"), (data.get("association") or "").strip()
    errors = {}
    if bool(enterprise) == bool(association):
        errors["association"] = "企业和行业协会须填且只填一个"
    if enterprise is not None and not enterprise.org.path.startswith(org.path):
        errors["enterprise"] = "该企业不在所选工会范围内"
    year = data["year"]
    if not 1980 <= year <= datetime.date.today().year:
        errors["year"] = "年度不正确"
    for key in ("technical_count", "skilled_count"):
        if data.get(key) is None or data[key] < 0:
            errors[key] = "人数不能为负数"
    if not errors:
        taken = InHouseRating.objects.filter(enterprise=enterprise, year=year) if enterprise else InHouseRating.objects.filter(org=org, association=association, year=year)
        if taken.exists():
            errors["year"] = f"该单位{year}年的评聘已登记"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            rating = InHouseRating.objects.create(org=enterprise.org if enterprise else org, enterprise=enterprise, association=association, year=year,
                                                  technical_count=data["technical_count"], skilled_count=data["skilled_count"], city_award=data.get("city_award") or "")
            audit.record(actor=acting_user, action=audit.Action.CREATE, target=rating, summary=f"登记{rating.unit_name}{year}年内部评聘", request=request)
    except IntegrityError:
        raise ValidationError({"year": f"该单位{year}年的评聘已登记"}) from None
    return rating


def training_base_create(*, acting_user, org, data: dict, request=None) -> TrainingBase:
    _require(acting_user, org, "培训基地")
    name = data["name"].strip()
    errors = {}
    if TrainingBase.objects.filter(name=name).exists():
        errors["name"] = f"已有名为「{name}」的培训基地"
    if data["established_on"] > datetime.date.today() or data["established_on"] < EARLIEST:
        errors["established_on"] = "建立日期不正确"
    enterprise = data.get("enterprise")
    if enterprise is not None and not enterprise.org.path.startswith(org.path):
        errors["enterprise"] = "该企业不在所选工会范围内"
    if data.get("level") not in AwardLevel.values:
        errors["level"] = "级别不正确"
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            base = TrainingBase.objects.create(org=org, enterprise=enterprise, name=name, level=data["level"], established_on=data["established_on"])
            audit.record(actor=acting_user, action=audit.Action.CREATE, target=base, summary=f"登记培训基地「{name}」", request=request)
    except IntegrityError:
        raise ValidationError({"name": f"已有名为「{name}」的培训基地"}) from None
    return base


def training_year_record(*, acting_user, base, year: int, trained: int, certificates: int, request=None) -> TrainingYear:
    """Workers trained and certificates gained at a base in a year: recording a year again replaces it."""
    if not permissions.can_manage_base(acting_user, base):
        raise PermissionDenied("无权修改该培训基地")
    errors = {}
    if year < base.established_on.year or year > datetime.date.today().year:
        errors["year"] = f"年度须在基地建立({base.established_on.year}年)之后、不晚于今年"
    if trained < 0:
        errors["trained"] = "培训人次不能为负数"
    if certificates < 0:
        errors["certificates"] = "获证人数不能为负数"
    elif certificates > trained:
        errors["certificates"] = "获证人数不能多于培训人次"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row, created = TrainingYear.objects.select_for_update().update_or_create(base=base, year=year, defaults={"trained": trained, "certificates": certificates})
        audit.record(actor=acting_user, action=audit.Action.CREATE if created else audit.Action.UPDATE, target=row,
                     summary=f"培训基地「{base.name}」{year}年培训{trained}人次、获证{certificates}人", request=request)
    return row
