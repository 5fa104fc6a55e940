"""The clerks' pages: the card list, a card and its history, issuing one or a batch, the
printable issue list, report lost, replace, cancel, the payout account, the e-card account."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_POST

from gonghui.cards import permissions, selectors, services
from gonghui.cards.forms import AccountOpenForm, BatchIssueForm, CancelForm, PayoutForm, ReasonDateForm, ReplaceForm
from gonghui.cards.models import CardStatus
from gonghui.core.forms import StyledForm, attach_errors
from gonghui.core.listing import Column, Filter, Listing
from gonghui.core.roles import reads_business_data
from gonghui.orgs import selectors as org_selectors

business_required = user_passes_test(reads_business_data, login_url="accounts:login")
YEARS = [(str(y), f"{y}年") for y in range(datetime.date.today().year, 2009, -1)]

CARD_LISTING = Listing(
    columns=[
        Column("number", "卡号", sort="number"),
        Column("member.name", "持卡人"),
        Column("member.org.name", "所在工会"),
        Column("status", "状态"),
        Column("issued_on", "发卡日期", sort="issued_on"),
        Column("activated_on", "激活日期", sort="activated_on"),
        Column("ended_on", "挂失/补换/注销日期"),
        Column("end_reason", "原因"),
    ],
    searched_by_view=True,
    search_hint="卡号或持卡人姓名",
    filters=[Filter("status", "状态", CardStatus.choices, "status"), Filter("issued", "发卡年份", YEARS, "issued_on__year")],
    default_sort="-issued_on",
    row_url=lambda c: reverse("cards:card-detail", args=[c.pk]),
    export_name="服务卡",
)


@login_required
@business_required
def card_list(request):
    cards = selectors.cards_search(request.user, text=request.GET.get("q", ""))
    cards, node = org_selectors.within_requested_node(request.user, cards, request.GET.get("org", ""), path_field=selectors.CARD_PATH)
    return CARD_LISTING.respond(request, cards, template="cards/card_list.html", title=f"5.1服务卡{'(' + node.name + ')' if node else ''}",
                                context={"can_batch": permissions.can_issue_batch(request.user, request.user.org)})


@login_required
@business_required
def card_detail(request, card_id):
    card = selectors.card_get(request.user, card_id)
    return render(request, "cards/card_detail.html", {
        "card": card,
        "title": f"服务卡 {card.number}",
        "history": selectors.card_history(card),
        "uses": card.uses.select_related("store", "partner").order_by("-used_at")[:20],
        "replaced_by": getattr(card, "replaced_by", None) if card.status == CardStatus.REPLACED else None,
        "member_active": card.member.status == "active",
        "can_manage": permissions.can_manage_card(request.user, card),
        "can_reveal": permissions.can_reveal(request.user),
    })


def _card_form_page(request, card, form, title, submit_label, on_valid):
    if request.method == "POST" and form.is_valid():
        try:
            result = on_valid(form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return result
    return render(request, "core/form.html", {"form": form, "title": title, "submit_label": submit_label, "cancel_url": reverse("cards:card-detail", args=[card.pk])})


def _managed_card(request, card_id):
    card = selectors.card_get(request.user, card_id)
    if not permissions.can_manage_card(request.user, card):
        raise PermissionDenied("无权办理该服务卡")
    return card


@login_required
@business_required
def card_issue(request, member_id):
    member = selectors.member_get(request.user, member_id)
    if not permissions.can_issue_card(request.user, member):
        raise PermissionDenied("无权为该会员发卡")
    form = StyledForm(request.POST or None)
    if request.method == "POST":
        try:
            card = services.card_issue(acting_user=request.user, member=member, request=request)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已为 {member.name} 发放服务卡 {card.number_display}")
            return redirect("cards:card-detail", card.pk)
    return render(request, "core/form.html", {"form": form, "title": f"为会员 {member.name} 发放5.1服务卡", "submit_label": "发卡",
                                              "cancel_url": reverse("members:member-detail", args=[member.pk])})


@login_required
@business_required
def card_lost(request, card_id):
    card = _managed_card(request, card_id)
    form = ReasonDateForm(request.POST or None, initial={"on": datetime.date.today()})

    def done(data):
        services.card_report_lost(acting_user=request.user, card=card, on=data["on"], reason=data["reason"], request=request)
        messages.warning(request, f"服务卡 {card.number_display} 已挂失，即刻起各商户均拒绝该卡")
        return redirect("cards:card-detail", card.pk)

    return _card_form_page(request, card, form, f"服务卡 {card.number_display} 挂失", "挂失", done)


@login_required
@business_required
@require_POST
def card_found(request, card_id):
    card = _managed_card(request, card_id)
    try:
        services.card_found(acting_user=request.user, card=card, request=request)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, "已解除挂失，该卡恢复有效")
    return redirect("cards:card-detail", card.pk)


@login_required
@business_required
def card_replace(request, card_id):
    card = _managed_card(request, card_id)
    form = ReplaceForm(request.POST or None)

    def done(data):
        new = services.card_replace(acting_user=request.user, card=card, reason=data["reason"], request=request)
        messages.success(request, f"已补换：原卡 {card.number_display} 即刻作废，新卡号 {new.number_display}")
        return redirect("cards:card-detail", new.pk)

    return _card_form_page(request, card, form, f"服务卡 {card.number_display} 补换", "补换新卡", done)


@login_required
@business_required
def card_cancel(request, card_id):
    card = _managed_card(request, card_id)
    form = CancelForm(request.POST or None, initial={"on": datetime.date.today()})

    def done(data):
        services.card_cancel(acting_user=request.user, card=card, on=data["on"], reason=data["reason"], request=request)
        messages.warning(request, f"服务卡 {card.number_display} 已注销")
        return redirect("cards:card-detail", card.pk)

    return _card_form_page(request, card, form, f"服务卡 {card.number_display} 注销", "注销", done)


@login_required
@business_required
def card_payout(request, card_id):
    card = _managed_card(request, card_id)
    if request.method == "POST" and request.POST.get("clear"):
        try:
            services.card_payout_clear(acting_user=request.user, card=card, request=request)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, "已取消代发账户")
        return redirect("cards:card-detail", card.pk)
    form = PayoutForm(request.POST or None, initial={"bank": card.payout_bank})

    def done(data):
        services.card_payout_set(acting_user=request.user, card=card, bank=data["bank"], account=data["account"], request=request)
        messages.success(request, "已设为代发账户：困难帮扶、互助保障等款项将发放至该账户")
        return redirect("cards:card-detail", card.pk)

    return _card_form_page(request, card, form, f"服务卡 {card.number_display} 设为代发账户", "保存", done)


@login_required
@business_required
@require_POST
def card_payout_reveal(request, card_id):
    card = selectors.card_get(request.user, card_id)
    value = services.payout_reveal(acting_user=request.user, card=card, request=request)
    return HttpResponse(f'<span class="font-monospace">{escape(value)}</span>')


@login_required
@business_required
def ecard_account_open(request, member_id):
    member = selectors.member_get(request.user, member_id)
    if not permissions.can_issue_card(request.user, member):
        raise PermissionDenied("无权为该会员开通电子卡")
    form = AccountOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.ecard_account_open(acting_user=request.user, member=member, request=request, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已为 {member.name} 开通电子卡，账号 {user.username}；请将初始密码告知会员，首次登录须修改")
            return redirect("members:member-detail", member.pk)
    return render(request, "core/form.html", {"form": form, "title": f"为会员 {member.name} 开通电子卡", "submit_label": "开通电子卡",
                                              "cancel_url": reverse("members:member-detail", args=[member.pk])})


# Batches ---------------------------------------------------------------------------------------

BATCH_LISTING = Listing(
    columns=[
        Column("issued_on", "发卡日期", sort="issued_on"),
        Column("org.name", "发卡范围"),
        Column("card_count", "张数", sort="card_count"),
        Column("created_by", "经办人"),
        Column("created_at", "办理时间", sort="created_at"),
    ],
    default_sort="-created_at",
    row_url=lambda b: reverse("cards:batch-detail", args=[b.pk]),
    export_name="发卡批次",
)


@login_required
@business_required
def batch_list(request):
    return BATCH_LISTING.respond(request, selectors.batches_visible(request.user), title="批量发卡记录")


@login_required
@business_required
def batch_create(request):
    form = BatchIssueForm(request.POST or None, initial={"org_code": request.GET.get("org_code", "")})
    if request.method == "POST" and form.is_valid():
        org = selectors.batch_scope_get(request.user, form.cleaned_data["org_code"])
        if org is None:
            form.add_error("org_code", "该编码的工会不存在或不在您的管辖范围内")
        elif not permissions.can_issue_batch(request.user, org):
            raise PermissionDenied("无权在该范围批量发卡")
        else:
            try:
                batch = services.cards_issue_batch(acting_user=request.user, org=org, request=request)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, f"已为「{org.name}」批量发卡 {batch.card_count} 张，下面是可打印的发卡清单")
                return redirect("cards:batch-detail", batch.pk)
    return render(request, "core/form.html", {"form": form, "title": "批量发卡", "submit_label": "批量发卡", "cancel_url": reverse("cards:card-list")})


def _signature_blank(card) -> str:
    return ""


ISSUE_LIST = Listing(
    columns=[
        Column("number", "卡号", sort="number"),
        Column("member.name", "姓名", sort="member__name"),
        Column("member.id_number", "身份证号"),
        Column("member.org.name", "所在工会"),
        Column("member.enterprise.name", "工作单位"),
        Column("status", "状态"),
        Column("signed", "领卡签名", value=_signature_blank),
    ],
    search_fields=["member__name", "number"],
    search_hint="姓名或卡号",
    default_sort="member__org__path",
    per_page=200,
    export_name="服务卡发卡清单",
)


@login_required
@business_required
def batch_detail(request, batch_id):
    batch = selectors.batch_get(request.user, batch_id)
    return ISSUE_LIST.respond(request, selectors.batch_cards(batch), template="cards/batch_detail.html",
                              title=f"发卡清单：{batch.org.name} {batch.issued_on:%Y-%m-%d}", context={"batch": batch})
