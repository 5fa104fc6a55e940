"""Honour lists imported from Excel through the core import engine (e.g. a year's list of
Ningbo May Day medals, or the city's pioneer teams). Natural key: the certificate number, so
a re-imported list updates its rows and creates nothing twice. Each row is checked as the form
checks it (recipient inside the subtree imported into, the same honour not given twice);
city-level rows become proposals for a reviewer, as when typed."""

from django.core.exceptions import ValidationError

from gonghui.core.cells import cell_text, parse_date
from gonghui.core.imports.spec import ImportColumn, ImportSpec, RowError, register
from gonghui.honours import permissions, services
from gonghui.honours.models import Honour, HonourKind, HonourLevel, HonourStatus, RecipientKind


def _year(value) -> int:
    text = cell_text(value).removesuffix("年")
    if not text.isdigit() or not 1950 <= int(text) <= 2100:
        raise ValidationError("年度须为四位年份，如 2012")
    return int(text)


@register
class HonourImportSpec(ImportSpec):
    name = "honours"
    title = "荣誉名单"
    natural_key = "certificate_number"
    batch_size = 500
    back_url = "honours:honour-list"
    columns = [
        ImportColumn("certificate_number", "证书编号", synonyms=("编号",), example="CX-2012-LM-001", help="每项荣誉唯一；重复导入按此更新"),
        ImportColumn("kind", "荣誉类别", choices=tuple(HonourKind.choices), example="劳动模范"),
        ImportColumn("level", "级别", choices=tuple(HonourLevel.choices), example="市级"),
        ImportColumn("year", "年度", parse=_year, example="2012"),
        ImportColumn("awarded_on", "授予日期", parse=parse_date, example="2012-04-28"),
        ImportColumn("awarded_by", "授予机关", example="慈溪市人民政府"),
        ImportColumn("recipient_kind", "获得者类型", choices=tuple(RecipientKind.choices), example="个人"),
        ImportColumn("id_number", "身份证号", required=False, help="获得者为个人时填写，须是在册会员"),
        ImportColumn("credit_code", "统一社会信用代码", required=False, help="获得者为企业时填写"),
        ImportColumn("union_code", "工会编码", required=False, help="获得者为工会或班组时填写(班组所在的工会)"),
        ImportColumn("team_name", "班组名称", required=False),
        ImportColumn("recommended_by_code", "推荐单位编码", required=False),
        ImportColumn("citation", "事迹摘要", required=False),
    ]

    def can_import(self, user, org) -> bool:
        return super().can_import(user, org) and permissions.can_record_honours(user)

    def prepare(self, job):
        return {"root": job.org.path, "user": job.created_by, "keys": set()}

    def validate_row(self, values: dict, state, seen: set) -> dict:
        try:
            fields = services.clean_honour(state["root"], values)
        except ValidationError as exc:
            raise RowError({k: "；".join(v) for k, v in exc.message_dict.items()}) from None
        user = state["user"]
        if user is not None and not permissions.can_record_level(user, fields["level"]):
            raise RowError({"level": f"{HonourLevel(fields['level']).label}荣誉由市总工会录入"})
        existing = Honour.objects.filter(certificate_number=fields["certificate_number"]).first()
        other = services.duplicate_of(fields)
        if other is not None and other != existing:
            raise RowError({"kind": services.duplicate_message(fields)})
        key = (fields["kind"], fields["level"], fields["year"], fields["recipient_kind"], getattr(fields["member"], "pk", None),
               getattr(fields["enterprise"], "pk", None), getattr(fields["recipient_union"], "pk", None), fields["org"].pk, fields["team_name"])
        if key in state["keys"]:
            raise RowError({"kind": "与文件中前面一行是同一荣誉、同一获得者"})
        state["keys"].add(key)
        fields["existing"] = existing
        return fields

    def write_batch(self, rows: list[dict], state, job) -> tuple[int, int]:
        created = updated = 0
        for fields in rows:
            existing = fields.pop("existing")
            if existing is not None:
                for name in ("awarded_by", "citation", "recommended_by"):
                    setattr(existing, name, fields[name])
                existing.save(update_fields=["awarded_by", "citation", "recommended_by"])
                updated += 1
                continue
            honour = Honour.objects.create(status=services.status_for(fields["level"]), proposed_by=job.created_by, **fields)
            if honour.status == HonourStatus.AWARDED and honour.kind == HonourKind.MODEL_WORKER:
                services.model_worker_file(honour.member, honour.awarded_on)
            created += 1
        return created, updated
