"""Relief programmes, the funds that pay for them and the grants: proposed by a clerk,
approved by a reviewer who did not propose it (the fund is debited then), paid to the card's
payout account or in cash/goods against a signed receipt.

The same person is paid at most once per programme (a programme is one year's campaign):
a partial unique index on committed grants holds it even when twenty reviewers approve at
the same moment; the fund row is locked before its balance moves, and a check constraint
keeps it from going below zero."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from gonghui.assistance import permissions
from gonghui.assistance.models import (
    ARCHIVE_ONLY, COMMITTED_STATUSES, EducationRate, EntryKind, FileStatus, Fund, FundEntry, FundLevel, Grant, GrantStatus, HardshipFile,
    JobPlacement, PayMethod, Programme, ProgrammeKind, SchoolLevel, TicketBooking, TicketWay,
)
from gonghui.assistance.services.archive import money
from gonghui.cards.selectors import payout_account_for
from gonghui.core import audit
from gonghui.core.roles import reviews_business_data
from gonghui.core.scope import covers
from gonghui.members.models import MemberStatus


# Programmes ----------------------------------------------------------------------------------


@transaction.atomic
def programme_create(*, acting_user, data: dict, request=None) -> Programme:
    """A campaign of the user's own node: kind, year, dates, budget, cap per person, rules."""
    if not permissions.can_run_programmes(acting_user):
        raise PermissionDenied("无权创建帮扶活动")
    errors = {}
    code = (data.get("code") or "").strip().upper()
    name = (data.get("name") or "").strip()
    if not code or len(code) > 30:
        errors["code"] = "请填写活动编号(最多30字)"
    elif Programme.objects.filter(code=code).exists():
        errors["code"] = f"活动编号 {code} 已被使用"
    if not name:
        errors["name"] = "请填写活动名称"
    if data.get("kind") not in ProgrammeKind.values:
        errors["kind"] = "请选择活动类型"
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if not isinstance(starts, datetime.date) or not isinstance(ends, datetime.date) or ends < starts:
        errors["ends_on"] = "结束日期须不早于开始日期"
    year = data.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors["year"] = "年度不正确"
    elif isinstance(starts, datetime.date) and starts.year not in (year, year - 1, year + 1):
        errors["starts_on"] = "活动日期与年度不符"
    if errors:
        raise ValidationError(errors)
    budget = money(data.get("budget"), "budget", "预算")
    cap = money(data.get("cap_per_person"), "cap_per_person", "每人补助上限")
    if cap <= 0:
        raise ValidationError({"cap_per_person": "每人补助上限须大于0"})
    programme = Programme.objects.create(code=code, name=name[:100], kind=data["kind"], year=year, org=acting_user.org, starts_on=starts, ends_on=ends,
                                         budget=budget, cap_per_person=cap, rules=(data.get("rules") or "")[:4000], created_by=acting_user)
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=programme, summary=f"创建帮扶活动 {programme.name}", request=request)
    return programme


@transaction.atomic
def rate_set(*, acting_user, year: int, school_level: str, amount, request=None) -> EducationRate:
    """The education grant per child for a school level in a year (set by the federation)."""
    if not permissions.can_set_rates(acting_user):
        raise PermissionDenied("助学补助标准由市总工会审核人设定")
    if not school_level or school_level not in SchoolLevel.values:
        raise ValidationError({"school_level": "请选择学段"})
    value = money(amount, "amount", "补助金额")
    if value <= 0:
        raise ValidationError({"amount": "补助金额须大于0"})
    rate, created = EducationRate.objects.update_or_create(year=year, school_level=school_level, defaults={"amount": value, "set_by": acting_user})
    audit.record(actor=acting_user, action=audit.Action.CREATE if created else audit.Action.UPDATE, target=rate,
                 summary=f"{year}年{rate.get_school_level_display()}助学补助{value}元", request=request)
    return rate


@transaction.atomic
def tickets_record(*, acting_user, programme, way: str, workers: int, on: datetime.date, note: str = "", request=None) -> TicketBooking:
    if programme.kind != ProgrammeKind.TICKETS_HOME:
        raise ValidationError({"way": "只有农民工返乡车票活动可以登记代购车票"})
    if not permissions.can_propose_grant(acting_user, programme):
        raise PermissionDenied("无权登记")
    if way not in TicketWay.values:
        raise ValidationError({"way": "请选择方式"})
    if not isinstance(workers, int) or workers <= 0:
        raise ValidationError({"workers": "人数须为正整数"})
    booking = TicketBooking.objects.create(programme=programme, org=acting_user.org, way=way, workers=workers, on=on, note=(note or "")[:200], recorded_by=acting_user)
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=booking, summary=f"{programme.name} {booking.get_way_display()} {workers}人", request=request)
    return booking


@transaction.atomic
def jobs_record(*, acting_user, programme, employer: str, jobs_offered: int, jobs_taken: int, on: datetime.date, request=None) -> JobPlacement:
    if programme.kind != ProgrammeKind.JOB_PLACEMENT:
        raise ValidationError({"employer": "只有春送岗位活动可以登记岗位"})
    if not permissions.can_propose_grant(acting_user, programme):
        raise PermissionDenied("无权登记")
    employer = (employer or "").strip()
    if not employer:
        raise ValidationError({"employer": "请填写用工单位"})
    if not isinstance(jobs_offered, int) or jobs_offered <= 0:
        raise ValidationError({"jobs_offered": "提供岗位数须为正整数"})
    if not isinstance(jobs_taken, int) or not 0 <= jobs_taken <= jobs_offered:
        raise ValidationError({"jobs_taken": "达成就业人数须在0与提供岗位数之间"})
    placement = JobPlacement.objects.create(programme=programme, org=acting_user.org, employer=employer[:120], jobs_offered=jobs_offered,
                                            jobs_taken=jobs_taken, on=on, recorded_by=acting_user)
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=placement, summary=f"{programme.name} {employer} 岗位{jobs_offered}个", request=request)
    return placement


# Funds ---------------------------------------------------------------------------------------

LEVEL_OF_NODE = {1: FundLevel.CITY, 2: FundLevel.TOWN, 3: FundLevel.VILLAGE}


@transaction.atomic
def fund_create(*, acting_user, code: str, name: str, org, enterprise=None, established_on: datetime.date, request=None) -> Fund:
    """A city, town or village fund at its node, or an enterprise mutual fund of an enterprise in scope."""
    if not permissions.can_run_programmes(acting_user) or org is None or not covers(acting_user, org.path):
        raise ValidationError({"org_code": "管理单位不存在或不在您的管辖范围内"})
    code = (code or "").strip().upper()
    name = (name or "").strip()
    if not code:
        raise ValidationError({"code": "请填写基金编号"})
    if Fund.objects.filter(code=code).exists():
        raise ValidationError({"code": f"基金编号 {code} 已被使用"})
    if not name:
        raise ValidationError({"name": "请填写基金名称"})
    if enterprise is not None:
        if not covers(acting_user, enterprise.org.path):
            raise ValidationError({"enterprise_code": "企业不在您的管辖范围内"})
        level, org = FundLevel.ENTERPRISE, enterprise.org
    elif org.level in LEVEL_OF_NODE:
        level = LEVEL_OF_NODE[org.level]
    else:
        raise ValidationError({"org_code": "基层工会设立的是企业职工互助基金，请填写企业信用代码"})
    if established_on is None or established_on > timezone.localdate():
        raise ValidationError({"established_on": "设立日期不能晚于今天"})
    fund = Fund.objects.create(code=code, name=name[:100], level=level, org=org, enterprise=enterprise, established_on=established_on, created_by=acting_user)
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=fund, summary=f"设立{fund.get_level_display()} {fund.name}", request=request)
    return fund


def _move(fund: Fund, amount: Decimal) -> None:
    """Change a locked fund's balance; the database refuses a balance below zero as well."""
    fund.balance = fund.balance + amount
    if fund.balance < 0:
        raise ValidationError({"fund": f"「{fund.name}」余额不足(余额{fund.balance - amount}元，需支出{-amount}元)"})
    Fund.objects.filter(pk=fund.pk).update(balance=F("balance") + amount)


@transaction.atomic
def fund_income(*, acting_user, fund, kind: str, amount, on: datetime.date, source: str = "", programme=None, request=None) -> FundEntry:
    """Money or goods coming into a fund: an appropriation of union funds or a donation."""
    if not permissions.can_manage_fund(acting_user, fund):
        raise PermissionDenied("无权登记该基金的收入")
    if kind not in (EntryKind.APPROPRIATION, EntryKind.DONATION, EntryKind.GOODS_DONATION):
        raise ValidationError({"kind": "请选择收入类型"})
    value = money(amount, "amount", "金额")
    if value <= 0:
        raise ValidationError({"amount": "金额须大于0"})
    if on is None or on > timezone.localdate():
        raise ValidationError({"on": "日期不能晚于今天"})
    if programme is not None and not (covers(acting_user, programme.org.path) or fund.org.path.startswith(programme.org.path)):
        raise ValidationError({"programme_code": "专用活动不在您的管辖范围内"})
    fund = Fund.objects.select_for_update().get(pk=fund.pk)
    _move(fund, value)
    entry = FundEntry.objects.create(fund=fund, kind=kind, amount=value, on=on, programme=programme, source=(source or "")[:200], recorded_by=acting_user)
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=entry, summary=f"{fund.name} {entry.get_kind_display()} {value}元", request=request)
    return entry


@transaction.atomic
def fund_transfer(*, acting_user, source, target, amount, on: datetime.date, programme=None, request=None) -> FundEntry:
    """A fund allocates money to a fund of a node below it (市→镇→村, or to an enterprise fund)."""
    if not permissions.can_manage_fund(acting_user, source):
        raise PermissionDenied("无权从该基金下拨")
    if target is None or target.pk == source.pk or not target.org.path.startswith(source.org.path):
        raise ValidationError({"target_code": "只能下拨给本级以下单位的基金"})
    value = money(amount, "amount", "金额")
    if value <= 0:
        raise ValidationError({"amount": "金额须大于0"})
    if on is None or on > timezone.localdate():
        raise ValidationError({"on": "日期不能晚于今天"})
    # Both rows locked in one order (by id), so two transfers the other way cannot deadlock.
    locked = {f.pk: f for f in Fund.objects.select_for_update().filter(pk__in=[source.pk, target.pk]).order_by("pk")}
    source, target = locked[source.pk], locked[target.pk]
    _move(source, -value)
    _move(target, value)
    out = FundEntry.objects.create(fund=source, kind=EntryKind.TRANSFER_OUT, amount=-value, on=on, counterpart=target, programme=programme, recorded_by=acting_user, source=f"下拨{target.name}")
    FundEntry.objects.create(fund=target, kind=EntryKind.TRANSFER_IN, amount=value, on=on, counterpart=source, programme=programme, recorded_by=acting_user, source=f"{source.name}下拨")
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=out, summary=f"{source.name} 下拨 {target.name} {value}元", request=request)
    return out


def ledger_balances(fund) -> bool:
    total = fund.entries.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    return total == Fund.objects.get(pk=fund.pk).balance


# Grants --------------------------------------------------------------------------------------


def _beneficiary(member, child) -> str:
    return f"c{child.pk}" if child is not None else f"m{member.pk}"


@transaction.atomic
def grant_propose(*, acting_user, programme, member, fund, amount=None, method: str, goods: str = "", reason: str = "", child=None, request=None) -> Grant:
    """A clerk proposes help for one person (one child, for an education grant)."""
    if not permissions.can_propose_grant(acting_user, programme):
        raise PermissionDenied("无权为该活动申报")
    if member is None or not covers(acting_user, member.org.path) or not member.org.path.startswith(programme.org.path):
        raise ValidationError({"id_number": "该会员不存在、不在您的管辖范围内，或不在本活动范围内"})
    if member.status != MemberStatus.ACTIVE:
        raise ValidationError({"id_number": f"{member.name}不是在册会员"})
    if fund is None or not covers(acting_user, fund.org.path) or not member.org.path.startswith(fund.org.path):
        raise ValidationError({"fund_code": "支出基金不存在，或不是该职工所在单位或其上级的基金"})
    if method not in PayMethod.values:
        raise ValidationError({"method": "请选择发放方式"})
    if method == PayMethod.GOODS and not (goods or "").strip():
        raise ValidationError({"goods": "物资发放请填写物资内容"})
    if method == PayMethod.CARD and payout_account_for(member) is None:
        raise ValidationError({"method": f"{member.name}的服务卡未设代发账户(或卡已挂失)，请改用现金/物资发放或先设代发账户"})
    hardship_file = HardshipFile.objects.filter(member=member, status=FileStatus.ARCHIVED).first()
    if programme.kind in ARCHIVE_ONLY and hardship_file is None:
        raise ValidationError({"id_number": f"{member.name}不是建档困难职工，「{programme.get_kind_display()}」只面向建档困难职工"})
    if programme.kind == ProgrammeKind.MODEL_WORKER_HELP and not hardship_file.is_model_worker:
        raise ValidationError({"id_number": f"{member.name}的档案未标记为困难劳模"})
    if programme.kind == ProgrammeKind.EDUCATION_GRANT:
        if child is None or child.hardship_file_id != hardship_file.pk or not child.school_level:
            raise ValidationError({"child": "请选择该档案中在读的子女"})
        rate = EducationRate.objects.filter(year=programme.year, school_level=child.school_level).first()
        if rate is None:
            raise ValidationError({"child": f"{programme.year}年{child.get_school_level_display()}的助学补助标准尚未设定"})
        amount = rate.amount
    elif child is not None:
        raise ValidationError({"child": "只有金秋助学按子女发放"})
    value = money(amount, "amount", "金额")
    if value <= 0:
        raise ValidationError({"amount": "金额须大于0"})
    if value > programme.cap_per_person:
        raise ValidationError({"amount": f"金额{value}元超过本活动每人补助上限{programme.cap_per_person}元"})
    beneficiary = _beneficiary(member, child)
    who = child.name if child is not None else member.name
    if Grant.objects.filter(programme=programme, beneficiary=beneficiary, status__in=(GrantStatus.PROPOSED, *COMMITTED_STATUSES)).exists():
        raise ValidationError({"id_number": f"{who}在「{programme.name}」中已有申报或发放记录，同一活动每人只能发放一次"})
    grant = Grant.objects.create(programme=programme, member=member, org=member.org, hardship_file=hardship_file, child=child, beneficiary=beneficiary,
                                 fund=fund, amount=value, method=method, goods=(goods or "")[:200], reason=(reason or "")[:200], proposed_by=acting_user)
    audit.record(actor=acting_user, action=audit.Action.CREATE, target=grant, summary=f"申报 {programme.name} {who} {value}元", request=request)
    return grant


@transaction.atomic
def grant_approve(*, acting_user, grant, request=None) -> Grant:
    """A reviewer approves: the fund is debited in the same transaction. Refused for the
    proposer, for a second payment to the same person in the programme, above what the fund holds."""
    grant = Grant.objects.select_related("programme", "member", "fund__org", "org").get(pk=grant.pk)
    if not reviews_business_data(acting_user) or not covers(acting_user, grant.org.path) or not covers(acting_user, grant.fund.org.path):
        raise PermissionDenied("只有管辖该职工和该基金的审核人可以审批")
    if grant.proposed_by_id == acting_user.pk:
        raise ValidationError({"status": "不能审批自己申报的帮扶"})
    # The fund row first: every approval from this fund queues here, so the balance read is the latest.
    fund = Fund.objects.select_for_update().get(pk=grant.fund_id)
    try:
        with transaction.atomic():
            changed = Grant.objects.filter(pk=grant.pk, status=GrantStatus.PROPOSED).update(status=GrantStatus.APPROVED, decided_by=acting_user, decided_at=timezone.now())
    except IntegrityError:
        # The partial unique index: another approval for this person and programme committed first.
        raise ValidationError({"status": f"{grant.member.name}在「{grant.programme.name}」中已发放过，同一活动每人只能发放一次"}) from None
    if changed != 1:
        raise ValidationError({"status": "该申报已处理，不能重复审批"})
    grant.refresh_from_db()
    if grant.amount > grant.programme.cap_per_person:
        raise ValidationError({"amount": f"金额超过本活动每人补助上限{grant.programme.cap_per_person}元"})
    paid_before = Grant.objects.filter(programme=grant.programme, beneficiary=grant.beneficiary, status__in=COMMITTED_STATUSES).exclude(pk=grant.pk)
    if paid_before.exists():
        raise ValidationError({"status": f"{grant.member.name}在「{grant.programme.name}」中已发放过，同一活动每人只能发放一次"})
    _move(fund, -grant.amount)
    FundEntry.objects.create(fund=fund, kind=EntryKind.GRANT, amount=-grant.amount, on=timezone.localdate(), programme=grant.programme, grant=grant,
                             source=f"{grant.programme.name} {grant.member.name}", recorded_by=acting_user)
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=grant, summary=f"审批 {grant.programme.name} {grant.member.name} {grant.amount}元",
                 changes={"status": ["proposed", "approved"]}, request=request)
    return grant


@transaction.atomic
def grant_reject(*, acting_user, grant, reason: str, request=None) -> Grant:
    if not reviews_business_data(acting_user) or not covers(acting_user, grant.org.path):
        raise PermissionDenied("只有审核人可以不予批准")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写不予批准的原因"})
    if Grant.objects.filter(pk=grant.pk, status=GrantStatus.PROPOSED).update(status=GrantStatus.REJECTED, decided_by=acting_user, decided_at=timezone.now(), reject_reason=reason[:200]) != 1:
        raise ValidationError({"status": "该申报已处理"})
    grant.refresh_from_db()
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=grant, summary=f"不予批准 {grant.member.name}：{reason}", changes={"status": ["proposed", "rejected"]}, request=request)
    return grant


@transaction.atomic
def grant_pay_by_hand(*, acting_user, grant, paid_on: datetime.date, receipt_number: str, signed_by: str, request=None) -> Grant:
    """Cash or goods handed over against a signed receipt."""
    if not permissions.can_pay_grant(acting_user, grant):
        raise PermissionDenied("无权登记发放")
    grant = Grant.objects.select_for_update().select_related("member", "programme").get(pk=grant.pk)
    if grant.status != GrantStatus.APPROVED:
        raise ValidationError({"status": f"当前状态为「{grant.get_status_display()}」，只有已审批的可以发放"})
    if grant.method == PayMethod.CARD:
        raise ValidationError({"status": "代发至服务卡账户的，请通过代发清单发放"})
    signed_by, receipt_number = (signed_by or "").strip(), (receipt_number or "").strip()
    if not signed_by:
        raise ValidationError({"signed_by": "请填写签收人(签收单上的签名)"})
    if not receipt_number:
        raise ValidationError({"receipt_number": "请填写签收单号"})
    if paid_on is None or paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "发放日期不能晚于今天"})
    grant.status, grant.paid_on, grant.paid_by, grant.receipt_number, grant.receipt_signed_by = GrantStatus.PAID, paid_on, acting_user, receipt_number[:40], signed_by[:40]
    grant.save()
    audit.record(actor=acting_user, action=audit.Action.UPDATE, target=grant, summary=f"发放 {grant.programme.name} {grant.member.name}，签收单{receipt_number}", request=request)
    return grant


@transaction.atomic
def grants_pay_by_bank(*, acting_user, grants, paid_on: datetime.date, request=None) -> tuple[int, list[str]]:
    """The bank has paid the list: each approved card grant is marked paid with the payout
    account it went to. Grants whose member has no usable payout account any more stay
    approved and are named."""
    if paid_on is None or paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "发放日期不能晚于今天"})
    paid, skipped = 0, []
    for grant in grants.select_for_update(of=("self",)).select_related("member", "fund__org", "org", "programme"):
        if grant.status != GrantStatus.APPROVED or grant.method != PayMethod.CARD or not permissions.can_pay_grant(acting_user, grant):
            continue
        account = payout_account_for(grant.member)
        if account is None:
            skipped.append(grant.member.name)
            continue
        grant.status, grant.paid_on, grant.paid_by = GrantStatus.PAID, paid_on, acting_user
        grant.payout_card, grant.payout_bank, grant.payout_account = account.card_number, account.bank, account.account
        grant.save()
        paid += 1
    audit.record(actor=acting_user, action=audit.Action.UPDATE, object_type="assistance.grant", summary=f"银行代发完成 {paid} 笔", request=request)
    return paid, skipped
