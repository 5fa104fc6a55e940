"""Contest entries and results, and innovations, imported from Excel through the core
import engine.

One file holds one contest (its 竞赛编号 on every row). Natural key: the entry number
(参赛编号) within that contest, so a re-imported list updates the same entries and creates
no duplicates. Entries come first (trials and finals, with the unit each stands for);
results (名次, 奖项, 奖牌, 称号, 证书) then go onto finalists only."""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from gonghui.campaigns.models import (
    AwardLevel, Certificate, Contest, ContestEntry, ContestUnit, InHouseAward, InHouseRating, Innovation, InnovationKind, Medal, Prize, Stage,
    Title,
)
from gonghui.core import scope
from gonghui.core.cells import cell_text, parse_date
from gonghui.core.imports.spec import ImportColumn, ImportSpec, RowError, register
from gonghui.core.sealing import SealedValue, blind_index, mask
from gonghui.core.validators import clean_id_number, normalise
from gonghui.members.models import Member
from gonghui.orgs.models import Enterprise, Org


def _code(value) -> str:
    return normalise(cell_text(value))


def _id_number(value) -> str:
    return clean_id_number(cell_text(value))


def _rank(value) -> int | None:
    text = cell_text(value)
    if not text:
        return None
    text = text.removeprefix("第").removesuffix("名")
    if not text.isdigit() or not 1 <= int(text) <= 10000:
        raise ValidationError(f"名次「{cell_text(value)}」应为正整数")
    return int(text)


class _OneContest:
    """Both specs: the contest named on the rows, loaded once, within the job's subtree."""

    def _contest(self, values, state):
        code = values["contest_code"]
        contest = state.get("contest")
        if contest is None:
            if code in state["refused"]:
                raise RowError({"contest_code": state["refused"][code]})
            contest = scope.within(Contest.objects.select_related("org"), state["root"].path).filter(code=code).first()
            if contest is None:
                state["refused"][code] = f"竞赛编号 {code} 不存在或不在本次导入的范围内"
                raise RowError({"contest_code": state["refused"][code]})
            state["contest"] = contest
            self.load(contest, state)
        elif contest.code != code:
            raise RowError({"contest_code": f"一个文件只能导入一个竞赛(本文件为 {contest.code})"})
        return contest

    def load(self, contest, state):
        entries = ContestEntry.objects.filter(contest=contest).values_list("bib", "pk", "event_id", "id_number_index", "stage", "medal", "name")
        state["entries"] = {bib: {"pk": pk, "event": ev, "index": idx, "stage": st, "medal": md, "name": nm} for bib, pk, ev, idx, st, md, nm in entries}


@register
class ContestEntryImportSpec(_OneContest, ImportSpec):
    name = "contest-entries"
    title = "竞赛参赛名单"
    natural_key = "bib"
    batch_size = 5000
    back_url = "campaigns:contest-list"
    columns = [
        ImportColumn("contest_code", "竞赛编号", parse=_code, example="JN2012", help="竞赛页面上的编号；一个文件只含一个竞赛"),
        ImportColumn("bib", "参赛编号", synonyms=("选手编号", "参赛证号"), example="0001", help="竞赛内唯一；再次导入同一编号即更新"),
        ImportColumn("sport", "大项", required=False, example="", help="运动会填大项，技能竞赛不填"),
        ImportColumn("event", "项目", synonyms=("比武项目", "小项", "比赛项目"), example="数控车工"),
        ImportColumn("unit", "参赛单位", synonyms=("代表队", "单位"), example="示例机械有限公司"),
        ImportColumn("unit_org_code", "单位所在工会编码", synonyms=("工会编码",), required=False, example="",
                     help="单位首次出现时必填：该单位所属的镇(街道)、村(社区)或基层工会编码"),
        ImportColumn("name", "姓名", synonyms=("选手姓名", "运动员姓名"), example="张三"),
        ImportColumn("id_number", "身份证号", synonyms=("身份证号码", "公民身份号码"), parse=_id_number, example="33028219850315002X"),
        ImportColumn("stage", "阶段", synonyms=("参赛阶段",), choices=tuple(Stage.choices), example="决赛",
                     help="岗位练兵和选拔，或决赛(进入决赛者亦计入练兵选拔人数)"),
    ]

    def prepare(self, job):
        root = job.org
        return {
            "root": root, "refused": {},
            "orgs": {code: (pk, path) for pk, code, path in scope.within(Org.objects.all(), root.path, path_field="path").values_list("pk", "code", "path")},
            "pairs": {},  # (event id, index) -> bib, from the database and from earlier rows
            "new_units": {},  # unit name -> org id, units first seen in this file
        }

    def load(self, contest, state):
        super().load(contest, state)
        state["events"] = {(sport, name): pk for pk, sport, name in contest.events.values_list("pk", "sport", "name")}
        state["units"] = {name: (pk, org_id) for pk, name, org_id in contest.units.values_list("pk", "name", "org_id")}
        state["pairs"] = {(e["event"], e["index"]): bib for bib, e in state["entries"].items()}

    def validate_row(self, values, state, seen):
        contest = self._contest(values, state)
        errors = {}
        event_id = state["events"].get((values.get("sport") or "", values["event"]))
        if event_id is None:
            what = f"{values.get('sport')}/{values['event']}" if values.get("sport") else values["event"]
            errors["event"] = f"「{what}」不是竞赛「{contest.name}」的比赛项目(请先在竞赛页面添加项目)"
        unit_name, org_code = values["unit"], values.get("unit_org_code") or ""
        org = state["orgs"].get(org_code) if org_code else None
        if org_code and org is None:
            errors["unit_org_code"] = f"工会编码 {org_code} 不存在或不在本次导入的范围内"
        known = state["units"].get(unit_name)
        known_org = known[1] if known else state["new_units"].get(unit_name)
        if known_org is None:
            if not org_code:
                errors["unit_org_code"] = f"单位「{unit_name}」首次出现，须填写其所在工会编码"
            elif org is not None:
                state["new_units"][unit_name] = org[0]
        elif org is not None and org[0] != known_org:
            errors["unit_org_code"] = f"单位「{unit_name}」已登记在另一个工会下，编码不符"
        index = blind_index(values["id_number"], "id_number")
        existing = state["entries"].get(values["bib"])
        if event_id is not None:
            holder = state["pairs"].get((event_id, index))
            if holder is not None and holder != values["bib"]:
                errors["id_number"] = f"{values['name']}({mask(values['id_number'], 'id_number')})已以参赛编号 {holder} 报名该项目"
        if existing and existing["stage"] == Stage.FINAL and values["stage"] == Stage.TRIALS and self._has_result(existing["pk"]):
            errors["stage"] = "该选手已有决赛成绩，不能改为岗位练兵和选拔"
        if errors:
            raise RowError(errors)
        if existing:
            state["pairs"].pop((existing["event"], existing["index"]), None)
        state["pairs"][event_id, index] = values["bib"]
        return {**values, "event_id": event_id, "index": index, "existing": existing, "contest": contest}

    @staticmethod
    def _has_result(pk) -> bool:
        return ContestEntry.objects.filter(pk=pk).exclude(rank__isnull=True, prize="", medal="", title="", certificate="").exists()

    def write_batch(self, rows, state, job):
        contest = state["contest"]
        wanted = {row["unit"] for row in rows if row["unit"] not in state["units"]}
        if wanted:
            created = ContestUnit.objects.bulk_create([ContestUnit(contest=contest, name=name, org_id=state["new_units"][name]) for name in sorted(wanted)])
            for unit in created:
                state["units"][unit.name] = (unit.pk, unit.org_id)
            if any(u.pk is None for u in created):  # backends that give no ids back
                state["units"].update({n: (pk, o) for pk, n, o in contest.units.values_list("pk", "name", "org_id")})
        members = dict(Member.objects.filter(id_number_index__in={row["index"] for row in rows}).values_list("id_number_index", "pk"))
        creates, updates = [], []
        for row in rows:
            entry = ContestEntry(
                contest=contest, event_id=row["event_id"], unit_id=state["units"][row["unit"]][0], bib=row["bib"], name=row["name"],
                id_number=SealedValue(row["id_number"], "id_number"), id_number_index=row["index"], member_id=members.get(row["index"]), stage=row["stage"],
            )
            if row["existing"]:
                entry.pk = row["existing"]["pk"]
                updates.append(entry)
            else:
                creates.append(entry)
        ContestEntry.objects.bulk_create(creates)
        if updates:
            ContestEntry.objects.bulk_update(updates, ["event", "unit", "name", "id_number", "id_number_index", "member", "stage"])
        for entry in creates:
            state["entries"][entry.bib] = {"pk": entry.pk, "event": entry.event_id, "index": entry.id_number_index, "stage": entry.stage, "medal": "", "name": entry.name}
        return len(creates), len(updates)


@register
class ContestResultImportSpec(_OneContest, ImportSpec):
    name = "contest-results"
    title = "竞赛决赛成绩"
    natural_key = "bib"
    batch_size = 2000
    back_url = "campaigns:contest-list"
    columns = [
        ImportColumn("contest_code", "竞赛编号", parse=_code, example="JN2012"),
        ImportColumn("bib", "参赛编号", synonyms=("选手编号", "参赛证号"), example="0001", help="须是已导入、阶段为决赛的选手"),
        ImportColumn("name", "姓名", required=False, example="张三", help="填写时须与参赛名单一致，用来防止编号填错"),
        ImportColumn("rank", "名次", required=False, parse=_rank, example="1"),
        ImportColumn("prize", "奖项", required=False, choices=tuple(Prize.choices), example="一等奖"),
        ImportColumn("medal", "奖牌", required=False, choices=tuple(Medal.choices), example="", help="运动会填写；同一项目每种奖牌只有一枚"),
        ImportColumn("title", "授予称号", synonyms=("称号",), required=False, choices=tuple(Title.choices), example="技术能手"),
        ImportColumn("certificate", "证书", synonyms=("资格证书",), required=False, choices=tuple(Certificate.choices), example="高级工资格证书"),
        ImportColumn("certificate_issuer", "发证机关", required=False, example="市人力资源和社会保障局"),
    ]

    def prepare(self, job):
        return {"root": job.org, "refused": {}}

    def load(self, contest, state):
        super().load(contest, state)
        state["medals"] = {(e["event"], e["medal"]): bib for bib, e in state["entries"].items() if e["medal"]}

    def validate_row(self, values, state, seen):
        contest = self._contest(values, state)
        entry = state["entries"].get(values["bib"])
        if entry is None:
            raise RowError({"bib": f"竞赛「{contest.name}」中没有参赛编号 {values['bib']}(请先导入参赛名单)"})
        errors = {}
        if entry["stage"] != Stage.FINAL:
            errors["bib"] = f"{entry['name']}({values['bib']})未进入决赛，不能登记成绩"
        if values.get("name") and values["name"] != entry["name"]:
            errors["name"] = f"姓名与参赛名单不符(参赛编号 {values['bib']} 为 {entry['name']})"
        medal = values.get("medal") or ""
        if medal:
            holder = state["medals"].get((entry["event"], medal))
            if holder is not None and holder != values["bib"]:
                errors["medal"] = f"该项目的{Medal(medal).label}已由参赛编号 {holder} 获得，同一项目不能重复授予"
        if values.get("certificate") and not values.get("certificate_issuer"):
            errors["certificate_issuer"] = "填写证书时须写明发证机关"
        if errors:
            raise RowError(errors)
        if "medal" in values:  # a file without the column leaves every medal as it is
            if entry["medal"] and state["medals"].get((entry["event"], entry["medal"])) == values["bib"]:
                del state["medals"][entry["event"], entry["medal"]]
            if medal:
                state["medals"][entry["event"], medal] = values["bib"]
            entry["medal"] = medal
        return {**values, "pk": entry["pk"]}

    def write_batch(self, rows, state, job):
        keys = ("rank", "prize", "medal", "title", "certificate", "certificate_issuer")
        present = [k for k in keys if k in rows[0]]
        pks = [row["pk"] for row in rows]
        # Medals move between finalists of one batch: clear them first, so that the
        # once-per-event constraint holds after each row rather than only at the end.
        if "medal" in present:
            ContestEntry.objects.filter(pk__in=pks).exclude(medal="").update(medal="")
        entries = []
        for row in rows:
            entry = ContestEntry(pk=row["pk"])
            for key in present:
                value = row.get(key)
                setattr(entry, key, value if key == "rank" else (value or ""))
            entries.append(entry)
        if present:
            ContestEntry.objects.bulk_update(entries, present)
        return 0, len(entries)


def _benefit(value) -> Decimal:
    text = cell_text(value).replace(",", "").replace("，", "").removesuffix("元")
    if not text:
        return Decimal("0")
    try:
        amount = Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValidationError(f"经济效益「{cell_text(value)}」不是金额(以元为单位的数字)") from None
    if amount < 0:
        raise ValidationError("经济效益不能为负数")
    if amount >= Decimal("1e12"):
        raise ValidationError("经济效益过大，请以元为单位填写")
    return amount


@register
class InnovationImportSpec(ImportSpec):
    """五小 results and QC projects: keyed by the number each was given when assessed."""

    name = "innovations"
    title = "“五小”创新与QC攻关"
    natural_key = "number"
    batch_size = 5000
    back_url = "campaigns:innovation-list"
    columns = [
        ImportColumn("number", "成果编号", synonyms=("编号", "项目编号"), example="QC-2012-0001", help="每个成果一个编号；再次导入同一编号即更新"),
        ImportColumn("kind", "类别", choices=tuple(InnovationKind.choices), example="QC技术攻关"),
        ImportColumn("title", "成果名称", synonyms=("课题名称", "项目名称"), example="降低注塑件不良率"),
        ImportColumn("enterprise_code", "企业信用代码", synonyms=("统一社会信用代码",), required=False, parse=lambda v: normalise(cell_text(v)), example=""),
        ImportColumn("org_code", "所在工会编码", synonyms=("工会编码",), required=False, example="", help="不填则为企业所属工会，或导入时选定的工会"),
        ImportColumn("team", "完成人/小组", synonyms=("QC小组", "完成人"), required=False, example="精益QC小组"),
        ImportColumn("level", "评定级别", choices=tuple(AwardLevel.choices), example="市级"),
        ImportColumn("awarded_on", "评定日期", parse=parse_date, example="2012-11-20"),
        ImportColumn("benefit", "经济效益(元)", synonyms=("经济效益", "创造经济效益(元)"), required=False, parse=_benefit, example="125000"),
    ]

    def prepare(self, job):
        root = job.org
        return {
            "root": root, "today": datetime.date.today(),
            "orgs": dict(scope.within(Org.objects.all(), root.path, path_field="path").values_list("code", "pk")),
            "enterprises": {code: org_id for code, org_id in scope.within(Enterprise.objects.all(), root.path).values_list("credit_code", "org_id")},
            "enterprise_ids": dict(scope.within(Enterprise.objects.all(), root.path).values_list("credit_code", "pk")),
            "existing": dict(Innovation.objects.exclude(number="").values_list("number", "pk")),
            "existing_org": dict(Innovation.objects.exclude(number="").values_list("number", "org__path")),
            "titles": set(),
        }

    def validate_row(self, values, state, seen):
        errors = {}
        org_id = state["root"].pk
        enterprise_code = values.get("enterprise_code") or ""
        enterprise_id = None
        if enterprise_code:
            enterprise_id = state["enterprise_ids"].get(enterprise_code)
            if enterprise_id is None:
                errors["enterprise_code"] = "企业信用代码不存在或不在本次导入的范围内"
            else:
                org_id = state["enterprises"][enterprise_code]
        if values.get("org_code"):
            org_id = state["orgs"].get(values["org_code"])
            if org_id is None:
                errors["org_code"] = f"工会编码 {values['org_code']} 不存在或不在本次导入的范围内"
        if values["awarded_on"] > state["today"]:
            errors["awarded_on"] = "评定日期不能晚于今天"
        number = values["number"]
        if number in state["existing"] and not state["existing_org"][number].startswith(state["root"].path):
            errors["number"] = f"成果编号 {number} 已被范围外的单位使用"
        key = (org_id, values["kind"], values["title"], values["awarded_on"])
        if key in state["titles"]:
            errors["title"] = "同一工会同一天评定的同类成果名称重复"
        if errors:
            raise RowError(errors)
        state["titles"].add(key)
        return {**values, "org_id": org_id, "enterprise_id": enterprise_id, "pk": state["existing"].get(number)}

    def write_batch(self, rows, state, job):
        items = [
            Innovation(pk=row["pk"], number=row["number"], kind=row["kind"], title=row["title"], org_id=row["org_id"], enterprise_id=row["enterprise_id"],
                       team=row.get("team") or "", level=row["level"], awarded_on=row["awarded_on"], benefit=row.get("benefit") or Decimal("0"))
            for row in rows
        ]
        creates = [i for i in items if i.pk is None]
        updates = [i for i in items if i.pk is not None]
        Innovation.objects.bulk_create(creates)
        if updates:
            Innovation.objects.bulk_update(updates, ["kind", "title", "org", "enterprise", "team", "level", "awarded_on", "benefit"])
        for item in creates:
            if item.pk is not None:
                state["existing"][item.number] = item.pk
        return len(creates), len(updates)


def _count(value) -> int:
    text = cell_text(value).replace(",", "")
    if not text:
        return 0
    if not text.isdigit():
        raise ValidationError(f"人数「{cell_text(value)}」应为不小于0的整数")
    return int(text)


def _year(value) -> int:
    text = cell_text(value).removesuffix("年").removesuffix("年度")
    if not text.isdigit() or not 1980 <= int(text) <= datetime.date.today().year:
        raise ValidationError(f"年度「{cell_text(value)}」不正确，应写成 2012")
    return int(text)


@register
class InHouseRatingImportSpec(ImportSpec):
    """A year's in-house titles and grades, one row per enterprise (by its credit code) or
    industry association (by its name). One year per file; re-importing updates the counts."""

    name = "inhouse-ratings"
    title = "内部技术职称评聘"
    natural_key = "unit"
    batch_size = 2000
    back_url = "campaigns:rating-list"
    columns = [
        ImportColumn("year", "年度", parse=_year, example="2012", help="一个文件只含一个年度"),
        ImportColumn("unit", "企业信用代码或行业协会名称", synonyms=("单位", "企业信用代码"), example="91330282000000001X",
                     help="企业填统一社会信用代码；行业协会填协会名称并填所在工会编码"),
        ImportColumn("org_code", "所在工会编码", required=False, example="", help="行业协会必填；企业不填(取企业所属工会)"),
        ImportColumn("technical_count", "评聘技术类职工数", parse=_count, example="30"),
        ImportColumn("skilled_count", "评聘技能类职工数", parse=_count, example="150"),
        ImportColumn("city_award", "市级表彰", required=False, choices=tuple(InHouseAward.choices), example="", help="市级示范单位、市级先进单位或不填"),
    ]

    def prepare(self, job):
        root = job.org
        enterprises = scope.within(Enterprise.objects.all(), root.path)
        return {
            "root": root, "year": None,
            "orgs": dict(scope.within(Org.objects.all(), root.path, path_field="path").values_list("code", "pk")),
            "enterprises": {code: (pk, org_id) for code, pk, org_id in enterprises.values_list("credit_code", "pk", "org_id")},
        }

    def validate_row(self, values, state, seen):
        year = values["year"]
        if state["year"] is None:
            state["year"] = year
            ratings = scope.within(InHouseRating.objects.filter(year=year), state["root"].path)
            state["by_enterprise"] = dict(ratings.filter(enterprise__isnull=False).values_list("enterprise_id", "pk"))
            state["by_association"] = {(org_id, name): pk for pk, org_id, name in ratings.filter(enterprise__isnull=True).values_list("pk", "org_id", "association")}
        elif year != state["year"]:
            raise RowError({"year": f"一个文件只能导入一个年度(本文件为 {state['year']} 年)"})
        unit = values["unit"]
        code = normalise(unit)
        enterprise = state["enterprises"].get(code)
        if enterprise is not None:
            if values.get("org_code"):
                raise RowError({"org_code": "企业的所在工会由企业登记决定，此列请留空"})
            return {**values, "enterprise_id": enterprise[0], "org_id": enterprise[1], "association": "", "pk": state["by_enterprise"].get(enterprise[0])}
        if len(code) == 18 and code[:17].isalnum() and not any("\u4e00" <= ch <= "\u9fff" for ch in unit):
            raise RowError({"unit": f"信用代码 {code} 的企业不存在或不在本次导入的范围内"})
        org_id = state["orgs"].get(values.get("org_code") or "")
        if org_id is None:
            raise RowError({"org_code": "行业协会须填写所在工会编码(须在本次导入的范围内)"})
        return {**values, "enterprise_id": None, "org_id": org_id, "association": unit, "pk": state["by_association"].get((org_id, unit))}

    def write_batch(self, rows, state, job):
        items = [
            InHouseRating(pk=row["pk"], year=row["year"], enterprise_id=row["enterprise_id"], association=row["association"], org_id=row["org_id"],
                          technical_count=row["technical_count"], skilled_count=row["skilled_count"], city_award=row.get("city_award") or "")
            for row in rows
        ]
        creates = [i for i in items if i.pk is None]
        updates = [i for i in items if i.pk is not None]
        InHouseRating.objects.bulk_create(creates)
        if updates:
            InHouseRating.objects.bulk_update(updates, ["technical_count", "skilled_count", "city_award"])
        return len(creates), len(updates)
