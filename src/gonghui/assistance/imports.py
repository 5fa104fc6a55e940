"""Long lists of recipients (a Spring Festival programme's thousands of workers) imported from
Excel through the one import engine: each row proposes a grant, to be approved as usual.

Natural key: the ID number; a file is one programme's list, so a person comes once. A
re-imported file corrects the proposals not yet approved and refuses rows whose person was
already approved or paid in that programme."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone

from gonghui.assistance.models import ARCHIVE_ONLY, COMMITTED_STATUSES, FileStatus, Fund, Grant, GrantStatus, HardshipFile, PayMethod, Programme, ProgrammeKind
from gonghui.cards.models import VALID_STATUSES, Card
from gonghui.core import audit, scope
from gonghui.core.cells import cell_text
from gonghui.core.imports.spec import ImportColumn, ImportSpec, RowError, register
from gonghui.core.roles import writes_business_data
from gonghui.core.sealing import blind_index, mask
from gonghui.core.validators import clean_id_number
from gonghui.members.models import Member, MemberStatus


def _amount(value) -> Decimal:
    try:
        amount = Decimal(cell_text(value).replace(",", "")).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError(f"金额「{cell_text(value)}」不是数字") from None
    if amount <= 0:
        raise ValidationError("金额须大于0")
    return amount


def _code(value) -> str:
    return cell_text(value).upper()


@register
class GrantImportSpec(ImportSpec):
    name = "relief-grants"
    title = "帮扶发放名单"
    natural_key = "id_number"
    batch_size = 2000
    back_url = "assistance:programme-list"
    columns = [
        ImportColumn("programme_code", "活动编号", synonyms=("活动",), parse=_code, example="2012-SWN-01", help="本文件所属的帮扶活动"),
        ImportColumn("name", "姓名", synonyms=("职工姓名", "受助职工"), example="张三", help="须与身份证号对应的会员一致"),
        ImportColumn("id_number", "身份证号", synonyms=("身份证号码", "公民身份号码"), parse=lambda v: clean_id_number(cell_text(v)), example="33028219850315002X"),
        ImportColumn("fund_code", "支出基金编号", synonyms=("基金编号",), parse=_code, example="FUND-T01"),
        ImportColumn("amount", "金额", synonyms=("金额(元)", "慰问金额"), parse=_amount, example="500"),
        ImportColumn("method", "发放方式", choices=tuple(PayMethod.choices), example="现金"),
        ImportColumn("goods", "物资内容", required=False, example="大米一袋、食用油一桶"),
        ImportColumn("reason", "帮扶事由", required=False, example="春节慰问"),
    ]

    def can_import(self, user, org) -> bool:
        return writes_business_data(user) and scope.covers(user, org.path)

    def prepare(self, job):
        root = job.org
        members = scope.within(Member.objects.filter(status=MemberStatus.ACTIVE), root.path)
        state = {
            "root": root,
            "programmes": {p.code: p for p in scope.within(Programme.objects.select_related("org"), root.path)},
            "funds": {f.code: f for f in scope.within(Fund.objects.select_related("org"), root.path)},
            "members": {index: (pk, name, org_id, path) for index, pk, name, org_id, path in members.values_list("id_number_index", "pk", "name", "org_id", "org__path").iterator(chunk_size=20000)},
            "archived": {m: (pk, model) for m, pk, model in scope.within(HardshipFile.objects.filter(status=FileStatus.ARCHIVED), root.path).values_list("member_id", "pk", "is_model_worker")},
            "payout": set(Card.objects.filter(status__in=VALID_STATUSES, payout_marked_on__isnull=False, member__in=members).values_list("member_id", flat=True)),
            "taken": {},
            "user": job.created_by,
        }
        return state

    def _taken(self, state, programme):
        if programme.pk not in state["taken"]:
            rows = Grant.objects.filter(programme=programme, beneficiary__startswith="m", status__in=(GrantStatus.PROPOSED, *COMMITTED_STATUSES)).values_list("member_id", "pk", "status")
            state["taken"][programme.pk] = {m: (pk, status) for m, pk, status in rows}
        return state["taken"][programme.pk]

    def validate_row(self, values: dict, state, seen: set) -> dict:
        errors = {}
        programme = state["programmes"].get(values["programme_code"])
        if programme is None:
            raise RowError({"programme_code": f"活动编号 {values['programme_code']} 不存在或不在本次导入的范围内"})
        if programme.kind == ProgrammeKind.EDUCATION_GRANT:
            raise RowError({"programme_code": "金秋助学按子女逐个申报，不能用名单导入"})
        number = values["id_number"]
        member = state["members"].get(blind_index(number, "id_number"))
        if member is None:
            raise RowError({"id_number": f"{mask(number, 'id_number')} 不是本次导入范围内的在册会员"})
        member_id, name, org_id, path = member
        if values["name"] != name:
            errors["name"] = f"姓名与身份证号不符(会员登记为{name})"
        if not path.startswith(programme.org.path):
            errors["id_number"] = "该职工不在本活动范围内"
        fund = state["funds"].get(values["fund_code"])
        if fund is None or not path.startswith(fund.org.path):
            errors["fund_code"] = "支出基金不存在，或不是该职工所在单位或其上级的基金"
        if values["amount"] > programme.cap_per_person:
            errors["amount"] = f"金额超过本活动每人补助上限{programme.cap_per_person}元"
        method = values["method"]
        if method == PayMethod.GOODS and not values.get("goods"):
            errors["goods"] = "物资发放请填写物资内容"
        if method == PayMethod.CARD and member_id not in state["payout"]:
            errors["method"] = "该职工的服务卡未设代发账户"
        archived = state["archived"].get(member_id)
        if programme.kind in ARCHIVE_ONLY and archived is None:
            errors["id_number"] = f"{name}不是建档困难职工"
        elif programme.kind == ProgrammeKind.MODEL_WORKER_HELP and not archived[1]:
            errors["id_number"] = f"{name}的档案未标记为困难劳模"
        existing = self._taken(state, programme).get(member_id)
        if existing is not None and existing[1] != GrantStatus.PROPOSED:
            errors["id_number"] = f"{name}在本活动中已审批或发放，每人只能发放一次"
        if errors:
            raise RowError(errors)
        return {"programme": programme, "member_id": member_id, "org_id": org_id, "fund": fund, "amount": values["amount"], "method": method,
                "goods": (values.get("goods") or "")[:200], "reason": (values.get("reason") or "")[:200], "existing": existing[0] if existing else None,
                "file_id": archived[0] if archived else None}

    def write_batch(self, rows, state, job):
        user = state["user"] or job.created_by
        creates, updates = [], []
        for row in rows:
            grant = Grant(programme=row["programme"], member_id=row["member_id"], org_id=row["org_id"], hardship_file_id=row["file_id"], beneficiary=f"m{row['member_id']}",
                          fund=row["fund"], amount=row["amount"], method=row["method"], goods=row["goods"], reason=row["reason"], proposed_by=user)
            if row["existing"]:
                grant.pk = row["existing"]
                updates.append(grant)
            else:
                creates.append(grant)
        Grant.objects.bulk_create(creates)
        # Only proposals still waiting are corrected: an approval since validation is left alone.
        for grant in updates:
            Grant.objects.filter(pk=grant.pk, status=GrantStatus.PROPOSED).update(fund=grant.fund, amount=grant.amount, method=grant.method, goods=grant.goods, reason=grant.reason)
        audit.record(actor=user, action=audit.Action.CREATE, object_type="assistance.grant", summary=f"导入帮扶名单：新申报 {len(creates)} 笔，修改 {len(updates)} 笔",
                     changes={"at": timezone.now().isoformat()})
        return len(creates), len(updates)
