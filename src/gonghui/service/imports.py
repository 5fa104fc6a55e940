"""Recuperation certificates imported from Excel through the core import engine: a town's
list of participants for its groups (the longest list of the service centre: 713 a year).

Natural key: the certificate number, which begins with the group's permit number, so a
re-imported list updates the same certificates and creates none twice. A group outside the
job's subtree, or without its permit yet, is an error naming the permit number."""

from django.core.exceptions import ValidationError

from gonghui.core import scope
from gonghui.core.cells import cell_text, parse_date
from gonghui.core.imports.spec import ImportColumn, ImportSpec, RowError, register
from gonghui.core.sealing import blind_index
from gonghui.core.validators import clean_id_number
from gonghui.members.models import Member
from gonghui.service.models import RecuperationCertificate, RecuperationGroup


def _id_number(value) -> str:
    text = cell_text(value)
    return clean_id_number(text) if text else ""


def _text(limit):
    def parse(value) -> str:
        text = cell_text(value)
        if len(text) > limit:
            raise ValidationError(f"不能超过{limit}个字")
        return text

    return parse


@register
class CertificateImportSpec(ImportSpec):
    name = "recuperation-certificates"
    title = "职工休养证"
    natural_key = "number"
    batch_size = 2000
    back_url = "service:certificate-list"
    columns = [
        ImportColumn("permit_number", "许可证号", synonyms=("团队许可证号",), parse=_text(30), example="XY2012-0001", help="团队已领取的休养许可证号"),
        ImportColumn("number", "休养证号", synonyms=("证号",), parse=_text(30), example="XY2012-0001-001", help="以许可证号加“-”开头"),
        ImportColumn("name", "姓名", synonyms=("职工姓名",), parse=_text(40), example="张三"),
        ImportColumn("id_number", "身份证号", synonyms=("身份证号码", "公民身份号码"), required=False, parse=_id_number, help="是会员的填写，以关联会员档案"),
        ImportColumn("issued_on", "发证日期", parse=parse_date, example="2012-09-05"),
    ]

    def prepare(self, job):
        groups = scope.within(RecuperationGroup.objects.filter(permit_number__isnull=False), job.org.path)
        members = scope.within(Member.objects.all(), job.org.path)
        return {
            "groups": {number: (pk, issued, start) for number, pk, issued, start in groups.values_list("permit_number", "pk", "permit_issued_on", "start_on")},
            "existing": dict(RecuperationCertificate.objects.filter(group__in=groups).values_list("number", "pk")),
            "taken": set(RecuperationCertificate.objects.exclude(group__in=groups).values_list("number", flat=True)),
            "members": dict(members.values_list("id_number_index", "pk")),
        }

    def validate_row(self, values: dict, state, seen: set) -> dict:
        errors = {}
        permit, number = values["permit_number"], values["number"]
        group = state["groups"].get(permit)
        if group is None:
            errors["permit_number"] = f"许可证号 {permit} 不存在、不在本次导入的范围内，或该团队尚未领取许可证"
        if not number.startswith(permit + "-"):
            errors["number"] = f"休养证号应以许可证号「{permit}-」开头"
        elif number in state["taken"]:
            errors["number"] = "休养证号已被范围外的团队使用"
        member_id = None
        if values.get("id_number"):
            member_id = state["members"].get(blind_index(values["id_number"], "id_number"))
            if member_id is None:
                errors["id_number"] = "在导入范围内找不到该身份证号的会员"
        issued = values["issued_on"]
        if group is not None and not group[1] <= issued:
            errors["issued_on"] = f"发证日期不能早于许可证发放日期 {group[1]:%Y-%m-%d}"
        if errors:
            raise RowError(errors)
        return {"group_id": group[0], "number": number, "name": values["name"], "member_id": member_id, "issued_on": issued,
                "existing": state["existing"].get(number)}

    def write_batch(self, rows: list[dict], state, job) -> tuple[int, int]:
        creates = [RecuperationCertificate(group_id=r["group_id"], number=r["number"], name=r["name"], member_id=r["member_id"], issued_on=r["issued_on"])
                   for r in rows if r["existing"] is None]
        updates = [RecuperationCertificate(pk=r["existing"], group_id=r["group_id"], number=r["number"], name=r["name"], member_id=r["member_id"], issued_on=r["issued_on"])
                   for r in rows if r["existing"] is not None]
        RecuperationCertificate.objects.bulk_create(creates)
        RecuperationCertificate.objects.bulk_update(updates, ["group_id", "name", "member_id", "issued_on"])
        return len(creates), len(updates)
