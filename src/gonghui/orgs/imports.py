"""Enterprises imported from Excel through the core import engine.

Natural key: the unified social credit code. A code already registered in the job's subtree
updates that enterprise (only when something changed); a code registered outside the subtree
is refused without saying where. The rules are those of orgs.services: the formation follows
the union the enterprise is filed under (`formation_for`), and a primary union has at most
one single-formation enterprise.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.core import scope
from gonghui.core.cells import cell_text
from gonghui.core.imports.bulk import bulk_insert
from gonghui.core.imports.spec import ImportColumn, ImportSpec, RowError, register
from gonghui.core.validators import clean_credit_code, credit_code_check_char, credit_code_check_ok, normalise
from gonghui.orgs.models import Enterprise, Formation, Industry, Level, Org, OrgStatus, Ownership
from gonghui.orgs.services import formation_for

FIELDS = ["name", "industry", "ownership", "above_scale", "employee_count", "address_town_id", "address", "org_id", "formation"]
_EXAMPLE_CODE = "91330282MA2H0000" + "1"
_EXAMPLE_CODE += credit_code_check_char(_EXAMPLE_CODE)
MAX_EMPLOYEES = 10_000_000


def _credit_code(value) -> str:
    # The check character is judged in validate_row: an enterprise already registered with a
    # reviewer-accepted (flagged) code may be re-imported with it.
    return clean_credit_code(cell_text(value), allow_bad_check_char=True)


def _text(max_length: int):
    def parse(value) -> str:
        text = " ".join(cell_text(value).split())
        if len(text) > max_length:
            raise ValidationError(f"不能超过 {max_length} 个字(现有 {len(text)} 个)")
        return text

    return parse


def _employee_count(value) -> int:
    text = normalise(cell_text(value)).replace(",", "")
    if text.endswith("人"):
        text = text[:-1]
    if not text.isdigit():
        raise ValidationError(f"「{cell_text(value)}」不是整数")
    count = int(text)
    if count > MAX_EMPLOYEES:
        raise ValidationError(f"{count} 人不合理")
    return count


@dataclass
class _Known:
    pk: int
    in_scope: bool
    flagged: bool
    values: dict


@dataclass
class _State:
    root: Org
    towns: dict = field(default_factory=dict)  # name, short name or code -> town id
    orgs: dict = field(default_factory=dict)  # normalised code -> Org
    known: dict = field(default_factory=dict)  # credit code -> _Known, whole city (to refuse out-of-scope codes)
    single_holder: dict = field(default_factory=dict)  # primary union id -> credit code of its single enterprise


@register
class EnterpriseImportSpec(ImportSpec):
    name = "enterprises"
    title = "企业"
    natural_key = "credit_code"
    back_url = "orgs:enterprise-list"
    columns = [
        ImportColumn("credit_code", "统一社会信用代码", synonyms=("信用代码", "社会信用代码", "统一信用代码"), parse=_credit_code,
                     example=_EXAMPLE_CODE, help="18位，GB 32100；全角字符、小写字母、空格会自动规范。以此识别同一企业"),
        ImportColumn("name", "企业名称", synonyms=("单位名称", "企业全称"), parse=_text(120), example="慈溪市示例电器有限公司"),
        ImportColumn("industry", "行业门类", synonyms=("行业", "所属行业"), choices=tuple(Industry.choices), example=Industry.C.label,
                     help="GB/T 4754-2017 门类，可填名称或字母"),
        ImportColumn("ownership", "经济类型", synonyms=("企业类型", "经济性质"), choices=tuple(Ownership.choices), example=Ownership.PRIVATE.label),
        ImportColumn("above_scale", "规模以上", synonyms=("是否规模以上", "规上企业", "规模以上企业"), choices=(("1", "是"), ("0", "否")),
                     parse=lambda value: value == "1", example="否"),
        ImportColumn("employee_count", "职工人数", synonyms=("职工数", "员工人数", "在岗职工人数"), parse=_employee_count, example="120"),
        ImportColumn("address_town", "所在镇(街道)", synonyms=("所在镇街", "镇(街道)", "所在镇", "所在街道"), parse=lambda v: cell_text(v),
                     example="浒山街道", help="镇(街道)名称或组织编码，须在您的管辖范围内"),
        ImportColumn("address", "地址", synonyms=("企业地址", "详细地址", "注册地址"), required=False, parse=_text(200), example="浒山街道示例路1号"),
        ImportColumn("org_code", "所属工会编码", synonyms=("工会编码", "所属工会组织编码"), parse=lambda v: normalise(cell_text(v)),
                     example="C-01-001-001", help="企业归属的工会(本企业的基层工会、覆盖它的联合工会，或所在镇、村)的组织编码，须在您的管辖范围内"),
    ]

    def prepare(self, job) -> _State:
        root = job.org
        state = _State(root=root)
        if root.level <= Level.TOWN:
            towns = scope.within(Org.objects.filter(level=Level.TOWN), root.path, path_field="path")
        else:
            towns = Org.objects.filter(pk=root.ancestor_ids()[1])  # below a town: its own town
        for pk, code, name in towns.values_list("pk", "code", "name"):
            for key in (normalise(name), normalise(name).removesuffix("总工会"), normalise(code)):
                state.towns.setdefault(key, pk)
        for org in scope.within(Org.objects.filter(status=OrgStatus.ACTIVE), root.path, path_field="path").only("pk", "code", "name", "level", "kind", "path"):
            state.orgs[normalise(org.code)] = org
        columns = ["credit_code", "pk", "org__path", "credit_code_flagged", *FIELDS]
        for row in Enterprise.objects.values_list(*columns).iterator(chunk_size=20000):
            code, pk, path, flagged, *values = row
            known = _Known(pk=pk, in_scope=path.startswith(root.path), flagged=flagged, values=dict(zip(FIELDS, values)))
            state.known[code] = known
            if known.in_scope and known.values["formation"] == Formation.SINGLE:
                state.single_holder[known.values["org_id"]] = code
        return state

    def validate_row(self, values: dict, state: _State, seen: set) -> dict:
        code = values["credit_code"]
        known = state.known.get(code)
        if known is not None and not known.in_scope:
            raise RowError({"credit_code": f"{code} 已登记在您管辖范围以外的组织下，不能在此导入或修改"})
        errors = {}
        if not credit_code_check_ok(code) and not (known and known.flagged):
            errors["credit_code"] = "校验位错误(早期试点代码须由审核人在“登记企业”页面确认后录入)"
        town_id = state.towns.get(normalise(values["address_town"]))
        if town_id is None:
            errors["address_town"] = f"「{values['address_town']}」不是您管辖范围内的镇(街道)(可填名称或组织编码)"
        org = state.orgs.get(values["org_code"])
        formation = None
        if org is None:
            errors["org_code"] = f"工会编码「{values['org_code']}」不存在、已撤销或不在您的管辖范围内"
        else:
            formation = formation_for(org)
            holder = state.single_holder.get(org.pk)
            if formation == Formation.SINGLE and holder not in (None, code):
                errors["org_code"] = f"基层工会「{org.name}」已对应一家单建企业(统一社会信用代码 {holder})"
        if errors:
            raise RowError(errors)
        if known is not None and known.values["formation"] == Formation.SINGLE and state.single_holder.get(known.values["org_id"]) == code:
            del state.single_holder[known.values["org_id"]]  # moving away frees its union for later rows
        if formation == Formation.SINGLE:
            state.single_holder[org.pk] = code
        row = {
            "credit_code": code, "pk": known.pk if known else None,
            "name": values["name"], "industry": values["industry"], "ownership": values["ownership"],
            "above_scale": values["above_scale"], "employee_count": values["employee_count"],
            "address_town_id": town_id, "org_id": org.pk, "formation": formation,
        }
        if "address" in values:
            row["address"] = values["address"]
        elif known is not None:
            row["address"] = known.values["address"]  # the file has no address column: keep it
        else:
            row["address"] = ""
        return row

    def write_batch(self, rows: list[dict], state: _State, job) -> tuple[int, int]:
        now = timezone.now()
        creates, updates = [], []
        for row in rows:
            values = {name: row[name] for name in FIELDS}
            if row["pk"] is None:
                creates.append({"credit_code": row["credit_code"], **values})
            elif values != state.known[row["credit_code"]].values:
                updates.append((row["credit_code"], Enterprise(pk=row["pk"], updated_at=now, **values)))
        # Updates first: an enterprise moving off a primary union frees it for a new one.
        if updates:
            Enterprise.objects.bulk_update([e for _, e in updates], [*FIELDS, "updated_at"], batch_size=500)
            for code, enterprise in updates:
                state.known[code].values = {name: getattr(enterprise, name) for name in FIELDS}
        bulk_insert(Enterprise, creates)
        for row in creates:
            # No pk back from COPY: a later row with the same code is refused as a duplicate anyway.
            state.known[row["credit_code"]] = _Known(pk=None, in_scope=True, flagged=False, values={name: row[name] for name in FIELDS})
        return len(creates), len(updates)
