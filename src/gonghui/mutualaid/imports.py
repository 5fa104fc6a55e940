"""A unit's list of workers for a scheme year, imported through the core engine.

The file is imported into the unit (the upload form's organisation: a village, joint or
workplace union). Each row names a worker by ID number, who must be an active member of that
unit; the name must match the registry. The unit's enrolment for the year is made on the
first import if it does not exist yet. Re-importing the same list changes nothing (natural
key: the ID number within the unit's year)."""


from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.core import scope
from gonghui.core.cells import cell_text, parse_date
from gonghui.core.imports.spec import ImportColumn, ImportSpec, RowError, register
from gonghui.core.sealing import blind_index, mask
from gonghui.core.validators import clean_id_number
from gonghui.members.models import Member, MemberStatus
from gonghui.mutualaid import permissions
from gonghui.mutualaid.models import SchemeYear, UnitEnrolment, WorkerEnrolment
from gonghui.mutualaid.services.enrolment import check_enrolment_date, coverage_start


def _year(value) -> int:
    text = cell_text(value).removesuffix("年度").removesuffix("年")
    if not text.isdigit() or not 2000 <= int(text) <= 2100:
        raise ValidationError("参保年度须是四位年份，如2012")
    return int(text)


def _enrolled_on(value):
    return parse_date(value) if cell_text(value) else None


@register
class WorkerEnrolmentImportSpec(ImportSpec):
    name = "mutualaid-workers"
    title = "医疗互助参保职工"
    natural_key = "id_number"
    batch_size = 5000
    back_url = "mutualaid:unit-list"
    columns = [
        ImportColumn("id_number", "身份证号", synonyms=("身份证号码", "公民身份号码", "证件号码"), parse=lambda v: clean_id_number(cell_text(v)),
                     example="33028219850315002X", help="须是本单位在册会员"),
        ImportColumn("name", "姓名", synonyms=("职工姓名",), example="张三", help="须与会员登记的姓名一致"),
        ImportColumn("year", "参保年度", synonyms=("年度",), parse=_year, example="2012"),
        ImportColumn("enrolled_on", "参保日期", required=False, parse=_enrolled_on, example="2011-12-20",
                     help="不填为今天；年度开始前参保的自年度首日起保障，年度中加入的须过等待期"),
    ]

    def can_import(self, user, org) -> bool:
        return permissions.can_enrol(user, org) or (super().can_import(user, org) and org.level < 3)

    def prepare(self, job):
        unit_org = job.org
        members = scope.within(Member.objects.filter(status=MemberStatus.ACTIVE), unit_org.path)
        return {
            "org": unit_org,
            "years": {y.year: y for y in SchemeYear.objects.all()},
            "members": {index: (pk, name) for index, pk, name in members.values_list("id_number_index", "pk", "name").iterator(chunk_size=20000)},
            "enrolled": {},  # year -> {member id: (unit org id, enrolment id)}, loaded per year on first use
            "today": timezone.localdate(),
            "units": {},
        }

    def _enrolled(self, state, year):
        if year.year not in state["enrolled"]:
            rows = WorkerEnrolment.objects.filter(scheme_year=year).values_list("member_id", "org_id", "pk")
            state["enrolled"][year.year] = {m: (o, pk) for m, o, pk in rows.iterator(chunk_size=20000)}
        return state["enrolled"][year.year]

    def validate_row(self, values: dict, state, seen: set) -> dict:
        errors = {}
        if state["org"].level < 3:
            raise RowError({"__all__": "请导入到参保单位(村(社区)、联合工会或基层工会)，在上传时填写其组织编码"})
        year = state["years"].get(values["year"])
        if year is None:
            raise RowError({"year": f"{values['year']}年度的医疗互助尚未由市总工会设定"})
        enrolled_on = values.get("enrolled_on") or state["today"]
        if problem := check_enrolment_date(year, enrolled_on):
            errors["enrolled_on"] = problem
        number = values["id_number"]
        found = state["members"].get(blind_index(number, "id_number"))
        if found is None:
            raise RowError({**errors, "id_number": f"{mask(number, 'id_number')}不是「{state['org'].name}」的在册会员，请先登记会员"})
        member_id, name = found
        if name != values["name"]:
            errors["name"] = f"姓名与会员登记不一致(登记为「{name}」)"
        existing = self._enrolled(state, year).get(member_id)
        if existing is not None and existing[0] != state["org"].pk:
            errors["id_number"] = f"{name}({mask(number, 'id_number')})已在其他单位参加{year.year}年度医疗互助"
        if errors:
            raise RowError(errors)
        return {"member_id": member_id, "year": year, "enrolled_on": enrolled_on, "existing": existing}

    def write_batch(self, rows: list[dict], state, job) -> tuple[int, int]:
        creates, kept = [], 0
        for row in rows:
            if row["existing"] is not None:
                kept += 1  # already on the unit's list: the natural key makes a re-import change nothing
                continue
            year = row["year"]
            unit = state["units"].get(year.year)
            if unit is None:
                unit, _ = UnitEnrolment.objects.get_or_create(scheme_year=year, org=state["org"],
                                                              defaults={"enrolled_on": row["enrolled_on"], "created_by": job.created_by})
                state["units"][year.year] = unit
                state.setdefault("waiting", {})[year.year] = year.current_rules.waiting_days
            creates.append(WorkerEnrolment(
                unit=unit, scheme_year=year, org=state["org"], member_id=row["member_id"], enrolled_on=row["enrolled_on"],
                covered_from=coverage_start(year, row["enrolled_on"], state["waiting"][year.year]),
            ))
        created = WorkerEnrolment.objects.bulk_create(creates, batch_size=2000)
        for worker, row in zip(created, [r for r in rows if r["existing"] is None]):
            self._enrolled(state, row["year"])[row["member_id"]] = (state["org"].pk, worker.pk)
        return len(creates), kept


