"""Dues imported from Excel through the core import engine: one row per union and year.

A union's code names the row; (union, year) is the record, so a re-imported file updates
the same rows and creates none twice. The engine refuses a union that comes twice in one
file (a file holds one return per union; several years go in several files). The checks
are those of finance.services.clean_dues: collected is never more than the payroll nor
more than twice what was due."""

from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.core import scope
from gonghui.core.cells import cell_text
from gonghui.core.imports.spec import ImportColumn, ImportSpec, RowError, register
from gonghui.core.validators import normalise
from gonghui.finance.models import DuesRecord
from gonghui.finance.services import clean_dues
from gonghui.orgs.models import Org, OrgStatus


def _year(value) -> int:
    text = normalise(cell_text(value)).removesuffix("年度").removesuffix("年")
    if not text.isdigit():
        raise ValidationError(f"「{cell_text(value)}」不是年份")
    return int(text)


@register
class DuesImportSpec(ImportSpec):
    name = "dues"
    title = "经费收缴"
    natural_key = "org_code"
    batch_size = 2000
    back_url = "finance:dues-list"
    columns = [
        ImportColumn("org_code", "工会编码", synonyms=("组织编码", "工会组织编码"), parse=lambda v: normalise(cell_text(v)), example="C-01-001-001",
                     help="缴费工会的组织编码，须在本次导入的范围内；同一文件中每个工会一行"),
        ImportColumn("org_name", "工会名称", required=False, example="示例企业工会", help="仅供核对，不导入"),
        ImportColumn("year", "年度", synonyms=("缴费年度",), parse=_year, example="2012"),
        ImportColumn("payroll", "工资总额(元)", synonyms=("工资总额", "职工工资总额"), example="1200000.00"),
        ImportColumn("rate", "拨缴比例(%)", synonyms=("拨缴比例", "比例"), required=False, example="2", help="不填为2"),
        ImportColumn("collected", "实收(元)", synonyms=("实收", "实缴", "实收金额"), example="24000.00"),
        ImportColumn("note", "说明", required=False, example=""),
    ]

    def prepare(self, job):
        root = job.org
        orgs = scope.within(Org.objects.filter(status=OrgStatus.ACTIVE), root.path, path_field="path")
        return {
            "orgs": dict(orgs.values_list("code", "pk")),
            "existing": {(org_id, year): pk for pk, org_id, year in scope.within(DuesRecord.objects.all(), root.path).values_list("pk", "org_id", "year")},
            "today": timezone.localdate(),
        }

    def validate_row(self, values, state, seen):
        errors = {}
        org_id = state["orgs"].get(values["org_code"])
        if org_id is None:
            errors["org_code"] = f"工会编码 {values['org_code']} 不存在、已撤销或不在本次导入的范围内"
        try:
            cleaned = clean_dues(year=values["year"], payroll=values["payroll"], rate=values.get("rate"), collected=values["collected"], today=state["today"])
        except ValidationError as exc:
            errors.update({k: "；".join(v) for k, v in exc.message_dict.items()})
        note = values.get("note") or ""
        if len(note) > 300:
            errors["note"] = "说明不能超过 300 字"
        if errors:
            raise RowError(errors)
        return {"org_id": org_id, "pk": state["existing"].get((org_id, cleaned["year"])), "note": note, "present_note": "note" in values, **cleaned}

    def write_batch(self, rows, state, job):
        fields = ["payroll", "rate", "due", "collected"]
        creates = [DuesRecord(org_id=r["org_id"], note=r["note"], recorded_by=job.created_by, **{k: r[k] for k in ["year", *fields]}) for r in rows if r["pk"] is None]
        updates = [DuesRecord(pk=r["pk"], note=r["note"], recorded_by=job.created_by, updated_at=timezone.now(), **{k: r[k] for k in fields}) for r in rows if r["pk"] is not None]
        DuesRecord.objects.bulk_create(creates, batch_size=1000)
        for record in DuesRecord.objects.filter(org_id__in=[c.org_id for c in creates]).values_list("pk", "org_id", "year"):
            state["existing"][(record[1], record[2])] = record[0]
        if updates:
            # A file without a 说明 column keeps the notes already recorded.
            keep_note = not any(r["present_note"] for r in rows)
            DuesRecord.objects.bulk_update(updates, [*fields, "recorded_by", "updated_at", *([] if keep_note else ["note"])], batch_size=500)
        return len(creates), len(updates)
