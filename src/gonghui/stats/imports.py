"""Targets imported from Excel through the core import engine: the year's target breakdown
(目标任务分解表), one row per indicator, union and year.

A target is identified by its indicator, union and year together; the engine's natural key
is one column, so the file carries an optional 目标编号 column for it, and the triple is
what a re-import matches on (a row for a triple already set updates its value)."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.core import scope
from gonghui.core.cells import cell_text
from gonghui.core.imports.spec import ImportColumn, ImportSpec, RowError, register
from gonghui.core.indicators import REGISTRY, catalogue
from gonghui.orgs.models import Org
from gonghui.stats.models import Target


def _indicator(value) -> str:
    text = cell_text(value)
    if text in REGISTRY:
        return text
    by_name = [i.code for i in catalogue() if i.name == text]
    if len(by_name) == 1:
        return by_name[0]
    raise ValidationError(f"指标「{text[:40]}」不存在，请填写指标目录中的指标编码或名称")


def _year(value) -> int:
    text = cell_text(value).removesuffix("年")
    if not text.isdigit() or not 1990 <= int(text) <= 2100:
        raise ValidationError(f"年度「{text[:10]}」应为 1990 至 2100 之间的四位年份")
    return int(text)


def _value(value) -> Decimal:
    text = cell_text(value).replace(",", "").removesuffix("%")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValidationError(f"目标值「{text[:20]}」不是数字") from None
    if number < 0 or number >= Decimal("1e14"):
        raise ValidationError("目标值须为不小于 0 的数")
    return number.quantize(Decimal("0.01"))


@register
class TargetImportSpec(ImportSpec):
    name = "targets"
    title = "目标"
    natural_key = "target_key"
    batch_size = 2000
    back_url = "stats:target-list"
    columns = [
        ImportColumn("indicator", "指标编码", synonyms=("指标", "指标名称"), parse=_indicator, example="members.recruited",
                     help="指标目录中的编码或名称"),
        ImportColumn("org_code", "工会编码", synonyms=("组织编码",), example="C-01", help="本级或下级工会的组织编码"),
        ImportColumn("year", "年度", synonyms=("年份",), parse=_year, example="2013"),
        ImportColumn("value", "目标值", synonyms=("目标",), parse=_value, example="1200", help="比率类指标填百分数，如 50 表示 50%"),
        ImportColumn("note", "说明", required=False, example=""),
        ImportColumn("target_key", "目标编号", required=False, example="",
                     help="可不填：同一指标、工会和年度即同一目标，重复导入只更新目标值"),
    ]

    def prepare(self, job):
        orgs = scope.within(Org.objects.all(), job.org.path, path_field="path")
        existing = Target.objects.filter(org__in=orgs).values_list("indicator_code", "org_id", "year", "pk")
        return {
            "orgs": dict(orgs.values_list("code", "pk")),
            "existing": {(code, org_id, year): pk for code, org_id, year, pk in existing},
            "taken": {},
            "user": job.created_by,
        }

    def validate_row(self, values, state, seen):
        org_id = state["orgs"].get(values["org_code"])
        if org_id is None:
            raise RowError({"org_code": f"工会编码 {values['org_code'][:32]} 不存在或不在本次导入的范围内"})
        triple = (values["indicator"], org_id, values["year"])
        if triple in seen:
            raise RowError({"indicator": "同一指标、工会和年度的目标在文件中出现两次"})
        seen.add(triple)
        return {"triple": triple, "value": values["value"], "note": (values.get("note") or "")[:300]}

    def write_batch(self, rows, state, job):
        now = timezone.now()
        creates, updates = [], []
        for row in rows:
            code, org_id, year = row["triple"]
            pk = state["existing"].get(row["triple"])
            if pk is None:
                creates.append(Target(indicator_code=code, org_id=org_id, year=year, value=row["value"], note=row["note"], created_by=state["user"]))
            else:
                updates.append(Target(pk=pk, value=row["value"], note=row["note"], updated_at=now))
        Target.objects.bulk_create(creates)
        Target.objects.bulk_update(updates, ["value", "note", "updated_at"])
        # What a later batch of the same pass must see as existing (valid-rows mode commits
        # batch by batch).
        for target in Target.objects.filter(org_id__in={r["triple"][1] for r in rows}).values_list("indicator_code", "org_id", "year", "pk"):
            state["existing"][target[:3]] = target[3]
        return len(creates), len(updates)
