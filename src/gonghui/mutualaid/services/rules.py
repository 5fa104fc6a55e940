"""The federation sets each scheme year and its rules. Rules are versioned: a change after a
claim was decided under the current version makes a new version, so that decided claims keep
the rules they were judged under; before that, the current version is corrected in place."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gonghui.core import audit
from gonghui.mutualaid import permissions
from gonghui.mutualaid.models import DECIDED, GRANT_PLANS, Claim, HospitalBand, HospitalLevel, ListedDisease, Plan, RuleVersion, SchemeYear

RULE_FIELDS = ["contribution", "waiting_days", "overall_cap", "serious_cap", "hospital_deductible", "hospital_cap", "women_cap"]


def _money(value, label, errors, key, *, positive=False):
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        errors[key] = f"{label}须是金额"
        return None
    if amount < 0 or (positive and amount == 0) or amount >= Decimal("1e10"):
        errors[key] = f"{label}须{'大于' if positive else '不小于'}0"
        return None
    return amount


def clean_rules(data: dict) -> dict:
    """Check the rules as typed; ValidationError by field."""
    errors, cleaned = {}, {}
    labels = {f.name: f.verbose_name for f in RuleVersion._meta.fields}
    for key in ("contribution", "overall_cap"):
        cleaned[key] = _money(data.get(key), labels[key], errors, key, positive=True)
    for key in ("serious_cap", "hospital_deductible", "hospital_cap", "women_cap"):
        cleaned[key] = _money(data.get(key), labels[key], errors, key)
    waiting = data.get("waiting_days")
    if not isinstance(waiting, int) or not 0 <= waiting <= 365:
        errors["waiting_days"] = "等待期须是0至365天"
    cleaned["waiting_days"] = waiting
    diseases, seen = [], set()
    for plan, name, grant in data.get("diseases") or []:
        name = (name or "").strip()
        if plan not in GRANT_PLANS or not name or len(name) > 60:
            errors["diseases"] = f"病种「{name[:20]}」的保障项目或名称不对"
            continue
        if (plan, name) in seen:
            errors["diseases"] = f"病种「{name}」在{Plan(plan).label}中重复"
            continue
        seen.add((plan, name))
        amount = _money(grant, f"病种「{name}」的定额补助", errors, "diseases", positive=True)
        if amount is not None:
            diseases.append((plan, name, amount))
    cleaned["diseases"] = diseases
    bands, by_level = [], {}
    for level, upper, ratio in data.get("bands") or []:
        if level not in ("", *HospitalLevel.values):
            errors["bands"] = f"医院等级「{level}」不存在"
            continue
        try:
            ratio = Decimal(str(ratio))
        except (InvalidOperation, ValueError):
            ratio = Decimal(-1)
        if not Decimal(0) < ratio <= 1:
            errors["bands"] = "报销比例须大于0且不超过100%"
            continue
        upper = None if upper in (None, "") else _money(upper, "费用上限", errors, "bands", positive=True)
        by_level.setdefault(level, []).append(upper)
        bands.append((level, upper, ratio.quantize(Decimal("0.001"))))
    for level, uppers in by_level.items():
        bounded = [u for u in uppers if u is not None]
        if len(set(bounded)) != len(bounded) or uppers.count(None) > 1:
            errors["bands"] = f"{HospitalLevel(level).label if level else '不分等级'}的报销分段重复"
    cleaned["bands"] = bands
    if not bands and "bands" not in errors:
        errors["bands"] = "请至少设一个住院报销分段"
    if cleaned.get("overall_cap") is not None and not errors:
        over = [Plan(p).label for p in Plan if cleaned[{"serious_disease": "serious_cap", "hospital": "hospital_cap", "women_health": "women_cap"}[p]] > cleaned["overall_cap"]]
        if over:
            errors["overall_cap"] = f"各项合计封顶不能低于{'、'.join(over)}的封顶"
    cleaned["note"] = (data.get("note") or "").strip()[:200]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _write_rules(version: RuleVersion, cleaned: dict) -> None:
    version.diseases.all().delete()
    version.bands.all().delete()
    ListedDisease.objects.bulk_create([ListedDisease(rules=version, plan=p, name=n, grant=g) for p, n, g in cleaned["diseases"]])
    HospitalBand.objects.bulk_create([HospitalBand(rules=version, hospital_level=lv, upper=u, ratio=r) for lv, u, r in cleaned["bands"]])


def _snapshot(cleaned: dict) -> dict:
    out = {k: str(cleaned[k]) for k in RULE_FIELDS}
    out["diseases"] = [f"{Plan(p).label}:{n}:{g}" for p, n, g in cleaned["diseases"]]
    out["bands"] = [f"{lv or '不分'}:{u or '以上'}:{r}" for lv, u, r in cleaned["bands"]]
    return out


@transaction.atomic
def scheme_year_create(*, acting_user, year: int, data: dict, request=None) -> SchemeYear:
    """A new scheme year with its first rules (version 1)."""
    if not permissions.can_set_rules(acting_user):
        raise PermissionDenied("只有市总工会可以设定互助保障年度和规则")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise ValidationError({"year": "年度须在2000至2100之间"})
    cleaned = clean_rules(data)
    try:
        with transaction.atomic():
            scheme_year = SchemeYear.objects.create(year=year, starts_on=datetime.date(year, 1, 1), ends_on=datetime.date(year, 12, 31), created_by=acting_user)
    except IntegrityError:
        raise ValidationError({"year": f"{year}年度已设定，请修改其规则"}) from None
    version = RuleVersion.objects.create(scheme_year=scheme_year, number=1, created_by=acting_user, **{k: cleaned[k] for k in RULE_FIELDS}, note=cleaned["note"])
    _write_rules(version, cleaned)
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=scheme_year, summary=f"设定医疗互助{year}年度及规则", changes={"rules": [None, _snapshot(cleaned)]}, request=request)
    return scheme_year


@transaction.atomic
def rules_set(*, acting_user, scheme_year: SchemeYear, data: dict, request=None) -> RuleVersion:
    """Change a year's rules. Once a claim was decided under the current version, the change
    is a new version; otherwise the current version is corrected."""
    if not permissions.can_set_rules(acting_user):
        raise PermissionDenied("只有市总工会可以设定互助保障规则")
    cleaned = clean_rules(data)
    # Locked so that two federation clerks saving at once make one version each, in turn.
    scheme_year = SchemeYear.objects.select_for_update().get(pk=scheme_year.pk)
    current = scheme_year.current_rules
    if Claim.objects.filter(rules=current, status__in=DECIDED).exists():
        version = RuleVersion.objects.create(scheme_year=scheme_year, number=current.number + 1, created_by=acting_user,
                                             **{k: cleaned[k] for k in RULE_FIELDS}, note=cleaned["note"])
        summary = f"医疗互助{scheme_year.year}年度规则调整为第{version.number}版(已审核的申请仍按原规则)"
    else:
        version = current
        for key in RULE_FIELDS:
            setattr(version, key, cleaned[key])
        version.note, version.created_by = cleaned["note"], acting_user
        version.save()
        summary = f"修改医疗互助{scheme_year.year}年度规则第{version.number}版"
    _write_rules(version, cleaned)
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=version, summary=summary, changes={"rules": [None, _snapshot(cleaned)]}, request=request)
    return version


def rules_as_data(version: RuleVersion) -> dict:
    """A version's rules in the shape clean_rules takes (to prefill the form)."""
    data = {k: getattr(version, k) for k in RULE_FIELDS}
    data["diseases"] = [(d.plan, d.name, d.grant) for d in version.diseases.all()]
    data["bands"] = [(b.hospital_level, b.upper, b.ratio) for b in version.bands.all()]
    data["note"] = ""
    return data
