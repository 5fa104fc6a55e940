"""Pages of the relief programmes, funds and grants, and the bank's payment list."""

import datetime

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.assistance import permissions, selectors, services
from gonghui.assistance.forms import BankPaidForm, FundForm, GrantForm, IncomeForm, JobForm, PayByHandForm, ProgrammeForm, RateForm, ReasonForm, TicketForm, TransferForm
from gonghui.assistance.models import FileStatus, FundLevel, GrantStatus, PayMethod, ProgrammeKind
from gonghui.assistance.views import business_page, form_page, refusal_message
from gonghui.cards.selectors import payout_account_for
from gonghui.core import audit
from gonghui.core.export import xlsx_response
from gonghui.core.forms import attach_errors
from gonghui.core.listing import Column, Filter, Listing
from gonghui.core.roles import reviews_business_data
from gonghui.orgs import selectors as org_selectors

YEARS = [(str(y), f"{y}年") for y in range(datetime.date.today().year + 1, 2004, -1)]

PROGRAMME_LISTING = Listing(
    columns=[Column("name", "活动名称"), Column("code", "活动编号"), Column("kind", "类型"), Column("year", "年度", sort="year"), Column("org.name", "主办单位"),
             Column("starts_on", "开始", sort="starts_on"), Column("ends_on", "结束"), Column("budget", "预算(元)"), Column("cap_per_person", "每人上限(元)")],
    search_fields=("name", "code"), search_hint="活动名称或编号",
    filters=[Filter("kind", "类型", ProgrammeKind.choices, "kind"), Filter("year", "年度", YEARS, "year")],
    default_sort="-starts_on", row_url=lambda p: reverse("assistance:programme-detail", args=[p.pk]), export_name="帮扶活动",
)


@business_page
def programme_list(request):
    programmes, node = org_selectors.within_requested_node(request.user, selectors.programmes_visible(request.user), request.GET.get("org", ""))
    return PROGRAMME_LISTING.respond(request, programmes, template="assistance/programme_list.html", title="帮扶活动",
                                     context={"can_create": permissions.can_run_programmes(request.user)})


@business_page
def programme_create(request):
    if not permissions.can_run_programmes(request.user):
        raise PermissionDenied("无权创建帮扶活动")
    today = datetime.date.today()
    form = ProgrammeForm(request.POST or None, initial={"year": today.year, "starts_on": today, "ends_on": today + datetime.timedelta(days=30)})
    return form_page(request, form, lambda d: services.programme_create(acting_user=request.user, data=d, request=request), title="创建帮扶活动",
                     done=lambda p: reverse("assistance:programme-detail", args=[p.pk]), cancel_url=reverse("assistance:programme-list"), success="已创建帮扶活动")


GRANT_COLUMNS = [
    Column("member.name", "受助职工"), Column("child.name", "受助子女"), Column("member.id_number", "身份证号"), Column("org.name", "所在工会"),
    Column("programme.name", "帮扶活动"), Column("fund.name", "支出基金"), Column("amount", "金额(元)", sort="amount"), Column("method", "发放方式"),
    Column("status", "状态"), Column("proposed_by.display_name", "申报人"), Column("decided_by.display_name", "审批人"), Column("paid_on", "发放日期", sort="paid_on"),
]
GRANT_LISTING = Listing(
    columns=GRANT_COLUMNS, search_fields=("member__name",), search_hint="受助职工姓名",
    filters=[Filter("status", "状态", GrantStatus.choices, "status"), Filter("kind", "活动类型", ProgrammeKind.choices, "programme__kind"),
             Filter("method", "方式", PayMethod.choices, "method"), Filter("year", "年度", YEARS, "programme__year")],
    extra_export=[Column("goods", "物资内容"), Column("reason", "帮扶事由"), Column("receipt_number", "签收单号"), Column("receipt_signed_by", "签收人"), Column("payout_account", "代发账号")],
    default_sort="-proposed_at", row_url=lambda g: reverse("assistance:grant-detail", args=[g.pk]), export_name="帮扶发放",
)


@business_page
def programme_detail(request, programme_id):
    programme = selectors.programme_get(request.user, programme_id)
    grants = selectors.programme_grants(request.user, programme)
    return GRANT_LISTING.respond(request, grants, template="assistance/programme_detail.html", title=programme.name, context={
        "programme": programme,
        "can_propose": permissions.can_propose_grant(request.user, programme),
        "awaiting": grants.filter(status=GrantStatus.PROPOSED).count(),
        "bank_count": selectors.bank_list(request.user, programme).count(),
        "tickets": selectors.ticket_bookings(request.user, programme) if programme.kind == ProgrammeKind.TICKETS_HOME else None,
        "jobs": selectors.job_placements(request.user, programme) if programme.kind == ProgrammeKind.JOB_PLACEMENT else None,
    })


@business_page
def grant_create(request, programme_id):
    programme = selectors.programme_get(request.user, programme_id)
    if not permissions.can_propose_grant(request.user, programme):
        raise PermissionDenied("无权为该活动申报")
    url = reverse("assistance:programme-detail", args=[programme.pk])
    form = GrantForm(request.POST or None)

    def act(data):
        member = selectors.member_by_id_number(request.user, data["id_number"])
        hardship_file = member.hardship_files.filter(status=FileStatus.ARCHIVED).first() if member else None
        child = selectors.child_of(hardship_file, data.get("child_id"))
        if data.get("child_id") and child is None:
            raise ValidationError({"child_id": "该档案中没有这名在读子女"})
        return services.grant_propose(acting_user=request.user, programme=programme, member=member, fund=selectors.fund_by_code(request.user, data["fund_code"]),
                                      amount=data.get("amount"), method=data["method"], goods=data["goods"], reason=data["reason"], child=child, request=request)

    return form_page(request, form, act, title=f"{programme.name}：申报帮扶", done=lambda _: url, cancel_url=url, submit_label="提交申报", success="已申报，待审核人审批")


def _payment_rows(grants, reveal: bool):
    for n, grant in enumerate(grants, start=1):
        account = payout_account_for(grant.member)
        number = (account.account.reveal() if reveal else account.masked) if account else "(无代发账户)"
        yield [n, grant.member.name, grant.member.id_number.reveal() if reveal else grant.member.id_number.masked, account.card_number if account else "",
               account.bank if account else "", number, grant.amount, grant.programme.name, grant.org.name]


@business_page
def programme_bank_list(request, programme_id):
    """The payment list for the bank (代发清单): whole account numbers only for a user holding
    the reveal grant, and then recorded as a reveal; everyone else gets them masked."""
    programme = selectors.programme_get(request.user, programme_id)
    grants = selectors.bank_list(request.user, programme).select_related("member", "org", "programme")
    reveal = permissions.can_reveal_accounts(request.user)
    headers = ["序号", "姓名", "身份证号", "服务卡号", "开户行", "代发账号", "金额(元)", "帮扶活动", "所在工会"]
    rows = list(_payment_rows(grants[: settings.EXPORT_MAX_ROWS], reveal))
    response, count = xlsx_response(f"代发清单_{programme.code}_{datetime.date.today():%Y%m%d}.xlsx", [(f"{programme.name}代发清单", headers, rows)])
    audit.record(actor=request.user, action=audit.Action.REVEAL if reveal else audit.Action.EXPORT, target=programme,
                 summary=f"导出「{programme.name}」代发清单 {count} 笔" + ("(含完整账号)" if reveal else ""), request=request)
    return response


@business_page
def programme_bank_paid(request, programme_id):
    programme = selectors.programme_get(request.user, programme_id)
    if not permissions.can_propose_grant(request.user, programme):
        raise PermissionDenied("无权登记代发")
    url = reverse("assistance:programme-detail", args=[programme.pk])
    form = BankPaidForm(request.POST or None, initial={"paid_on": datetime.date.today()})
    if request.method == "POST" and form.is_valid():
        try:
            paid, skipped = services.grants_pay_by_bank(acting_user=request.user, grants=selectors.bank_list(request.user, programme), paid_on=form.cleaned_data["paid_on"], request=request)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已登记银行代发 {paid} 笔" + (f"；{'、'.join(skipped)} 无可用代发账户，未发放" if skipped else ""))
            return redirect(url)
    return render(request, "core/form.html", {"form": form, "title": f"{programme.name}：登记银行代发完成", "cancel_url": url, "submit_label": "登记代发完成"})


def _programme_tally(request, programme_id, form_class, act, title):
    programme = selectors.programme_get(request.user, programme_id)
    if not permissions.can_propose_grant(request.user, programme):
        raise PermissionDenied("无权登记")
    url = reverse("assistance:programme-detail", args=[programme.pk])
    form = form_class(request.POST or None, initial={"on": datetime.date.today()})
    return form_page(request, form, lambda d: act(programme, d), title=f"{programme.name}：{title}", done=lambda _: url, cancel_url=url)


@business_page
def programme_tickets(request, programme_id):
    return _programme_tally(request, programme_id, TicketForm, lambda p, d: services.tickets_record(acting_user=request.user, programme=p, request=request, **d), "登记代购车票")


@business_page
def programme_jobs(request, programme_id):
    return _programme_tally(request, programme_id, JobForm, lambda p, d: services.jobs_record(acting_user=request.user, programme=p, request=request, **d), "登记岗位")


@business_page
def grant_list(request):
    grants, node = org_selectors.within_requested_node(request.user, selectors.grants_visible(request.user), request.GET.get("org", ""))
    return GRANT_LISTING.respond(request, grants, title="帮扶发放" + (f"({node.name})" if node else ""))


@business_page
def grant_detail(request, grant_id):
    grant = selectors.grant_get(request.user, grant_id)
    return render(request, "assistance/grant_detail.html", {
        "grant": grant, "title": str(grant),
        "can_approve": grant.status == GrantStatus.PROPOSED and permissions.can_approve_grant(request.user, grant),
        "own_proposal": grant.proposed_by_id == request.user.pk,
        "can_pay": grant.status == GrantStatus.APPROVED and grant.method != PayMethod.CARD and permissions.can_pay_grant(request.user, grant),
    })


@business_page
@require_POST
def grant_approve(request, grant_id):
    grant = selectors.grant_get(request.user, grant_id)
    try:
        services.grant_approve(acting_user=request.user, grant=grant, request=request)
    except ValidationError as exc:
        messages.error(request, refusal_message(exc))
    else:
        messages.success(request, "已审批，基金已支出")
    return redirect("assistance:grant-detail", grant.pk)


@business_page
def grant_reject(request, grant_id):
    grant = selectors.grant_get(request.user, grant_id)
    if not reviews_business_data(request.user):
        raise PermissionDenied("只有审核人可以不予批准")
    url = reverse("assistance:grant-detail", args=[grant.pk])
    return form_page(request, ReasonForm(request.POST or None), lambda d: services.grant_reject(acting_user=request.user, grant=grant, request=request, **d),
                     title=f"{grant}：不予批准", done=lambda _: url, cancel_url=url)


@business_page
def grant_pay(request, grant_id):
    grant = selectors.grant_get(request.user, grant_id)
    if not permissions.can_pay_grant(request.user, grant):
        raise PermissionDenied("无权登记发放")
    url = reverse("assistance:grant-detail", args=[grant.pk])
    form = PayByHandForm(request.POST or None, initial={"paid_on": datetime.date.today(), "signed_by": grant.member.name})
    return form_page(request, form, lambda d: services.grant_pay_by_hand(acting_user=request.user, grant=grant, request=request, **d),
                     title=f"{grant}：登记现金/物资发放", done=lambda _: url, cancel_url=url, success="已登记发放")


FUND_LISTING = Listing(
    columns=[Column("name", "名称"), Column("code", "基金编号"), Column("level", "层级"), Column("org.name", "管理单位"), Column("enterprise.name", "企业"),
             Column("established_on", "设立日期", sort="established_on"), Column("balance", "余额(元)", sort="balance")],
    search_fields=("name", "code"), search_hint="基金名称或编号", filters=[Filter("level", "层级", FundLevel.choices, "level")],
    default_sort="code", row_url=lambda f: reverse("assistance:fund-detail", args=[f.pk]), export_name="帮扶资金",
)


@business_page
def fund_list(request):
    funds, node = org_selectors.within_requested_node(request.user, selectors.funds_visible(request.user), request.GET.get("org", ""))
    return FUND_LISTING.respond(request, funds, template="assistance/fund_list.html", title="帮扶资金与互助基金", context={"can_create": permissions.can_run_programmes(request.user)})


@business_page
def fund_create(request):
    if not permissions.can_run_programmes(request.user):
        raise PermissionDenied("无权设立基金")
    form = FundForm(request.POST or None, initial={"established_on": datetime.date.today()})

    def act(data):
        org = org_selectors.org_get_by_code(request.user, data["org_code"]) if data["org_code"] else request.user.org
        enterprise = None
        if data["enterprise_code"]:
            enterprise = org_selectors.enterprises_visible(request.user).filter(credit_code=data["enterprise_code"].strip().upper()).first()
            if enterprise is None:
                raise ValidationError({"enterprise_code": "该信用代码的企业不存在或不在您的管辖范围内"})
        return services.fund_create(acting_user=request.user, code=data["code"], name=data["name"], org=org, enterprise=enterprise, established_on=data["established_on"], request=request)

    return form_page(request, form, act, title="设立帮扶资金/企业互助基金", done=lambda f: reverse("assistance:fund-detail", args=[f.pk]), cancel_url=reverse("assistance:fund-list"))


LEDGER_LISTING = Listing(
    columns=[Column("on", "日期", sort="on"), Column("kind", "类型"), Column("amount", "金额(元)"), Column("programme.name", "专用于活动"),
             Column("counterpart.name", "对方基金"), Column("source", "来源/说明"), Column("recorded_by.display_name", "经办人")],
    filters=[Filter("year", "年度", YEARS, "on__year")], default_sort="-on", export_name="基金收支明细",
)


@business_page
def fund_detail(request, fund_id):
    fund = selectors.fund_get(request.user, fund_id)
    return LEDGER_LISTING.respond(request, selectors.fund_entries(fund), template="assistance/fund_detail.html", title=fund.name,
                                  context={"fund": fund, "can_manage": permissions.can_manage_fund(request.user, fund), "balanced": services.ledger_balances(fund)})


def _fund_form(request, fund_id, form_class, act, title):
    fund = selectors.fund_get(request.user, fund_id)
    if not permissions.can_manage_fund(request.user, fund):
        raise PermissionDenied("无权办理")
    url = reverse("assistance:fund-detail", args=[fund.pk])
    form = form_class(request.POST or None, initial={"on": datetime.date.today()})
    return form_page(request, form, lambda d: act(fund, d), title=f"{fund.name}：{title}", done=lambda _: url, cancel_url=url)


def _programme_of(request, code):
    if not code:
        return None
    programme = selectors.programme_by_code(request.user, code)
    if programme is None:
        raise ValidationError({"programme_code": "该编号的帮扶活动不存在或不在您的管辖范围内"})
    return programme


@business_page
def fund_income(request, fund_id):
    return _fund_form(request, fund_id, IncomeForm, lambda f, d: services.fund_income(
        acting_user=request.user, fund=f, kind=d["kind"], amount=d["amount"], on=d["on"], source=d["source"], programme=_programme_of(request, d["programme_code"]), request=request), "登记收入")


@business_page
def fund_transfer(request, fund_id):
    def act(fund, d):
        target = selectors.fund_by_code(request.user, d["target_code"])
        return services.fund_transfer(acting_user=request.user, source=fund, target=target, amount=d["amount"], on=d["on"], programme=_programme_of(request, d["programme_code"]), request=request)

    return _fund_form(request, fund_id, TransferForm, act, "下拨下级基金")


RATE_LISTING = Listing(
    columns=[Column("year", "年度", sort="year"), Column("school_level", "学段"), Column("amount", "每人补助(元)"), Column("set_by.display_name", "设定人")],
    default_sort="-year", export_name="金秋助学补助标准",
)


@business_page
def rate_list(request):
    can_set = permissions.can_set_rates(request.user)
    form = RateForm(request.POST or None)
    if request.method == "POST":
        if not can_set:
            raise PermissionDenied("助学补助标准由市总工会审核人设定")
        if form.is_valid():
            try:
                services.rate_set(acting_user=request.user, request=request, **form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, "已设定助学补助标准")
                return redirect("assistance:rate-list")
    return RATE_LISTING.respond(request, selectors.rates_all().select_related("set_by"), template="assistance/setting_list.html", title="金秋助学补助标准",
                                context={"form": form if can_set else None})
