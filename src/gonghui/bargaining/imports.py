"""The enterprises a regional or industry agreement covers, imported from Excel through the
core import engine.

One file is the list of one agreement: every row names the agreement's number and an
enterprise by its credit code (the natural key, so an enterprise listed twice in the file is
refused by the engine, and a re-imported list updates rather than duplicates). Every
enterprise must lie in the subtree imported into, which the importer's own scope bounds."""

from django.core.exceptions import ValidationError

from gonghui.core import scope
from gonghui.core.cells import cell_text
from gonghui.core.imports.spec import ImportColumn, ImportSpec, RowError, register
from gonghui.core.validators import normalise
from gonghui.orgs.models import Enterprise

from gonghui.bargaining.models import Agreement, AgreementEnterprise, Coverage


def _workers(value):
    text = cell_text(value)
    if not text:
        return None
    try:
        number = int(float(text))
    except ValueError:
        raise ValidationError(f"覆盖职工人数「{text}」不是整数") from None
    if number < 0 or number > 1_000_000:
        raise ValidationError("覆盖职工人数应在0至1000000之间")
    return number


@register
class AgreementCoverageImportSpec(ImportSpec):
    name = "bargaining-coverage"
    title = "协议覆盖企业"
    natural_key = "credit_code"
    batch_size = 2000
    back_url = "bargaining:agreement-list"
    columns = [
        ImportColumn("agreement_number", "协议编号", synonyms=("合同编号",), example="CX-HY-2013-001", help="本文件所列企业全部属于这一份区域性或行业性协议"),
        ImportColumn("credit_code", "统一社会信用代码", synonyms=("信用代码", "企业信用代码"), parse=lambda v: normalise(cell_text(v)),
                     example="91330282000000001X", help="企业名录中的企业，须在导入范围内"),
        ImportColumn("enterprise_name", "企业名称", required=False, example="", help="仅供核对，可不填"),
        ImportColumn("workers", "覆盖职工人数", synonyms=("职工人数",), required=False, parse=_workers, example="", help="不填则取企业名录的职工人数"),
    ]

    def prepare(self, job):
        root = job.org
        agreements = scope.within(Agreement.objects.all(), root.path)
        return {
            "agreements": {number: (pk, coverage) for pk, number, coverage in agreements.values_list("pk", "number", "coverage")},
            "enterprises": {code: (pk, employees) for pk, code, employees in scope.within(Enterprise.objects.all(), root.path).values_list("pk", "credit_code", "employee_count")},
            "agreement": None,
            "existing": {},
        }

    def validate_row(self, values, state, seen):
        errors = {}
        number = values["agreement_number"]
        found = state["agreements"].get(number)
        if found is None:
            errors["agreement_number"] = f"协议编号 {number} 不存在或不在本次导入的范围内"
        elif found[1] == Coverage.SINGLE:
            errors["agreement_number"] = f"协议 {number} 是单个企业协议，只覆盖本企业"
        elif state["agreement"] is None:
            state["agreement"] = number
            state["existing"] = dict(AgreementEnterprise.objects.filter(agreement_id=found[0]).values_list("enterprise_id", "pk"))
        elif state["agreement"] != number:
            errors["agreement_number"] = f"一个文件只能导入一份协议的覆盖企业(本文件第一份为 {state['agreement']})"
        enterprise = state["enterprises"].get(values["credit_code"])
        if enterprise is None:
            errors["credit_code"] = "企业名录中没有这个信用代码，或该企业不在本次导入的范围内"
        if errors:
            raise RowError(errors)
        workers = values.get("workers")
        return {"agreement_id": found[0], "enterprise_id": enterprise[0], "workers": enterprise[1] if workers is None else workers,
                "existing": state["existing"].get(enterprise[0])}

    def write_batch(self, rows, state, job):
        creates = [AgreementEnterprise(agreement_id=r["agreement_id"], enterprise_id=r["enterprise_id"], workers=r["workers"]) for r in rows if r["existing"] is None]
        updates = [AgreementEnterprise(pk=r["existing"], agreement_id=r["agreement_id"], enterprise_id=r["enterprise_id"], workers=r["workers"]) for r in rows if r["existing"]]
        AgreementEnterprise.objects.bulk_create(creates)
        if updates:
            AgreementEnterprise.objects.bulk_update(updates, ["workers"])
        return len(creates), len(updates)
