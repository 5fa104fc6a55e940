"""The partner network: partner units, their stores and benefits, merchant accounts, till
API keys, and the uses recorded. Clerks see the partners of their subtree's towns; a
merchant account sees its own partner's pages and nothing else (404 for the rest)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gonghui.cards import apikeys, permissions, selectors, services
from gonghui.cards.counter import mask_name
from gonghui.cards.forms import ApiKeyForm, BenefitForm, MerchantAccountForm, PartnerForm, PartnerStatusForm, StoreCloseForm, StoreForm
from gonghui.cards.models import PartnerCategory, PartnerStatus, UseChannel, UseVia
from gonghui.core.forms import attach_errors
from gonghui.core.listing import Column, Filter, Listing
from gonghui.core.roles import reads_business_data

business_required = user_passes_test(reads_business_data, login_url="accounts:login")
partner_pages_required = user_passes_test(permissions.reads_partner_pages, login_url="accounts:login")

PARTNER_LISTING = Listing(
    columns=[
        Column("name", "单位名称", sort="name"),
        Column("category", "类别"),
        Column("town.name", "所在镇(街道)"),
        Column("contract_start", "合作起始", sort="contract_start"),
        Column("contract_end", "合作截止", sort="contract_end"),
        Column("status", "合作状态"),
        Column("store_count", "门店数", sort="store_count"),
        Column("benefit_count", "优惠数"),
    ],
    search_fields=["name", "contract_number"],
    search_hint="单位名称或协议编号",
    filters=[Filter("category", "类别", PartnerCategory.choices, "category"), Filter("status", "合作状态", PartnerStatus.choices, "status")],
    default_sort="name",
    row_url=lambda p: reverse("cards:partner-detail", args=[p.pk]),
    export_name="合作单位",
    extra_export=[Column("contract_number", "协议编号"), Column("contact_name", "联系人"), Column("address", "地址")],
)


@login_required
@business_required
def partner_list(request):
    return PARTNER_LISTING.respond(request, selectors.partners_with_counts(request.user), template="cards/partner_list.html", title="合作单位(特约服务商户)",
                                   context={"can_create": permissions.can_create_partner(request.user)})


def _partner_data(request, form) -> dict:
    data = dict(form.cleaned_data)
    data["town"] = next((t for t in selectors.towns_for_partner(request.user) if str(t.pk) == data["town"]), None)
    return data


@login_required
@business_required
def partner_create(request):
    if not permissions.can_create_partner(request.user):
        raise PermissionDenied("只有市总工会或镇(街道)总工会可以签约合作单位")
    form = PartnerForm(request.POST or None, towns=selectors.towns_for_partner(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            partner = services.partner_create(acting_user=request.user, data=_partner_data(request, form), request=request)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已签约「{partner.name}」，请添加门店和会员优惠")
            return redirect("cards:partner-detail", partner.pk)
    return render(request, "core/form.html", {"form": form, "title": "签约合作单位", "cancel_url": reverse("cards:partner-list")})


@login_required
@partner_pages_required
def partner_detail(request, partner_id):
    partner = selectors.partner_get(request.user, partner_id)
    now = timezone.now()
    keys = [{"key": k, "state": k.state(now)} for k in partner.api_keys.select_related("created_by").order_by("-created_at")]
    return render(request, "cards/partner_detail.html", {
        "partner": partner,
        "title": partner.name,
        "stores": partner.stores.select_related("town").order_by("closed_on", "name"),
        "benefits": partner.benefits.select_related("store").order_by("ended_on", "id"),
        "accounts": partner.merchant_accounts.order_by("username"),
        "keys": keys,
        "uses": partner.uses.select_related("card", "store").order_by("-used_at")[:10],
        "can_manage": permissions.can_manage_partner(request.user, partner),
        "can_manage_keys": permissions.can_manage_keys(request.user, partner),
        "is_merchant": permissions.is_merchant_of(request.user, partner),
        "active": partner.status == PartnerStatus.ACTIVE,
    })


@login_required
def merchant_home(request):
    if not permissions.can_verify(request.user):
        raise PermissionDenied("只有合作商户账号可以使用")
    return redirect("cards:partner-detail", request.user.partner_id)


def _managed_partner(request, partner_id):
    partner = selectors.partner_get(request.user, partner_id)
    if not permissions.can_manage_partner(request.user, partner):
        raise PermissionDenied("无权办理该合作单位")
    return partner


def _form_page(request, form, *, title, cancel_url, submit_label="保存", on_valid):
    if request.method == "POST" and form.is_valid():
        try:
            return on_valid(form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
    return render(request, "core/form.html", {"form": form, "title": title, "submit_label": submit_label, "cancel_url": cancel_url})


@login_required
@business_required
def partner_edit(request, partner_id):
    partner = _managed_partner(request, partner_id)
    initial = {f: getattr(partner, f) for f in ("name", "category", "address", "description", "contact_name", "contract_number", "contract_start", "contract_end")}
    initial.update(town=str(partner.town_id), contact_phone=partner.contact_phone.reveal())
    form = PartnerForm(request.POST or None, initial=initial, towns=selectors.towns_for_partner(request.user))

    def done(data):
        services.partner_update(acting_user=request.user, partner=partner, data=_partner_data(request, form), request=request)
        messages.success(request, "已保存")
        return redirect("cards:partner-detail", partner.pk)

    return _form_page(request, form, title=f"修改「{partner.name}」", cancel_url=reverse("cards:partner-detail", args=[partner.pk]), on_valid=done)


@login_required
@business_required
def partner_status(request, partner_id):
    partner = _managed_partner(request, partner_id)
    form = PartnerStatusForm(request.POST or None, initial={"on": datetime.date.today()})

    def done(data):
        services.partner_set_status(acting_user=request.user, partner=partner, request=request, **data)
        messages.success(request, "已办理")
        return redirect("cards:partner-detail", partner.pk)

    return _form_page(request, form, title=f"「{partner.name}」暂停、恢复或终止合作", submit_label="办理",
                      cancel_url=reverse("cards:partner-detail", args=[partner.pk]), on_valid=done)


def _store_towns(request, partner):
    towns = selectors.towns_for_partner(request.user)
    if all(t.pk != partner.town_id for t in towns):
        towns.append(partner.town)
    return towns


def _store_data(data: dict, towns) -> dict:
    data = dict(data)
    data["town"] = next((t for t in towns if str(t.pk) == data["town"]), None)
    return data


@login_required
@business_required
def store_create(request, partner_id):
    partner = _managed_partner(request, partner_id)
    towns = _store_towns(request, partner)
    form = StoreForm(request.POST or None, towns=towns, initial={"town": str(partner.town_id), "opened_on": max(partner.contract_start, datetime.date.today())})

    def done(data):
        store = services.store_create(acting_user=request.user, partner=partner, data=_store_data(data, towns), request=request)
        messages.success(request, f"已添加门店「{store.name}」")
        return redirect("cards:partner-detail", partner.pk)

    return _form_page(request, form, title=f"「{partner.name}」添加门店", cancel_url=reverse("cards:partner-detail", args=[partner.pk]), on_valid=done)


@login_required
@partner_pages_required
def store_detail(request, store_id):
    store = selectors.store_get(request.user, store_id)
    return render(request, "cards/store_detail.html", {
        "store": store, "title": store.name,
        "offers": selectors.offers_at(store, timezone.localdate()),
        "uses": store.uses.select_related("card", "card__member").order_by("-used_at")[:20],
        "can_manage": permissions.can_manage_partner(request.user, store.partner),
    })


@login_required
@business_required
def store_edit(request, store_id):
    store = selectors.store_get(request.user, store_id)
    if not permissions.can_manage_partner(request.user, store.partner):
        raise PermissionDenied("无权修改该门店")
    towns = _store_towns(request, store.partner)
    initial = {"name": store.name, "town": str(store.town_id), "address": store.address, "phone": store.phone, "opened_on": store.opened_on}
    form = StoreForm(request.POST or None, towns=towns, initial=initial)

    def done(data):
        services.store_update(acting_user=request.user, store=store, data=_store_data(data, towns), request=request)
        messages.success(request, "已保存")
        return redirect("cards:store-detail", store.pk)

    return _form_page(request, form, title=f"修改门店「{store.name}」", cancel_url=reverse("cards:store-detail", args=[store.pk]), on_valid=done)


@login_required
@business_required
def store_close(request, store_id):
    store = selectors.store_get(request.user, store_id)
    if not permissions.can_manage_partner(request.user, store.partner):
        raise PermissionDenied("无权办理该门店")
    form = StoreCloseForm(request.POST or None, initial={"on": datetime.date.today()})

    def done(data):
        services.store_close(acting_user=request.user, store=store, on=data["on"], request=request)
        messages.success(request, f"门店「{store.name}」已退出合作")
        return redirect("cards:partner-detail", store.partner_id)

    return _form_page(request, form, title=f"门店「{store.name}」退出合作", submit_label="退出", cancel_url=reverse("cards:store-detail", args=[store.pk]), on_valid=done)


@login_required
@business_required
def benefit_create(request, partner_id):
    partner = _managed_partner(request, partner_id)
    stores = list(partner.stores.filter(closed_on__isnull=True))
    form = BenefitForm(request.POST or None, stores=stores, initial={"valid_from": max(partner.contract_start, datetime.date.today())})

    def done(data):
        data = dict(data)
        data["store"] = next((s for s in stores if str(s.pk) == data["store"]), None)
        benefit = services.benefit_create(acting_user=request.user, partner=partner, data=data, request=request)
        messages.success(request, f"已新增会员优惠：{benefit.describe()}")
        return redirect("cards:partner-detail", partner.pk)

    return _form_page(request, form, title=f"「{partner.name}」新增会员优惠", cancel_url=reverse("cards:partner-detail", args=[partner.pk]), on_valid=done)


@login_required
@business_required
@require_POST
def benefit_end(request, benefit_id):
    benefit = selectors.benefit_get(request.user, benefit_id)
    if not permissions.can_manage_partner(request.user, benefit.partner):
        raise PermissionDenied("无权停用该优惠")
    try:
        services.benefit_end(acting_user=request.user, benefit=benefit, on=timezone.localdate(), request=request)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"已停用优惠：{benefit.describe()}")
    return redirect("cards:partner-detail", benefit.partner_id)


@login_required
@business_required
def merchant_account_create(request, partner_id):
    partner = _managed_partner(request, partner_id)
    form = MerchantAccountForm(request.POST or None)

    def done(data):
        user = services.merchant_account_open(acting_user=request.user, partner=partner, request=request, **data)
        messages.success(request, f"已开设商户账号 {user.username}，请将初始密码告知商户，首次登录须修改")
        return redirect("cards:partner-detail", partner.pk)

    return _form_page(request, form, title=f"为「{partner.name}」开设商户账号", submit_label="开设账号",
                      cancel_url=reverse("cards:partner-detail", args=[partner.pk]), on_valid=done)


# Till API keys -----------------------------------------------------------------------------------


def _secret_page(request, key, secret, title):
    return render(request, "cards/api_key_secret.html", {"key": key, "secret": secret, "title": title, "partner": key.partner,
                                                         "headers": [apikeys.KEY_HEADER, apikeys.TIMESTAMP_HEADER, apikeys.NONCE_HEADER, apikeys.SIGNATURE_HEADER]})


@login_required
@partner_pages_required
def api_key_create(request, partner_id):
    partner = selectors.partner_get(request.user, partner_id)
    if not permissions.can_manage_keys(request.user, partner):
        raise PermissionDenied("无权为该合作单位创建接口密钥")
    form = ApiKeyForm(request.POST or None, initial={"rate_limit_per_minute": apikeys.DEFAULT_RATE_LIMIT})
    if request.method == "POST" and form.is_valid():
        try:
            key, secret = apikeys.api_key_create(acting_user=request.user, partner=partner, request=request, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            return _secret_page(request, key, secret, "接口密钥已创建")
    return render(request, "core/form.html", {"form": form, "title": f"为「{partner.name}」创建收银接口密钥", "submit_label": "创建",
                                              "cancel_url": reverse("cards:partner-detail", args=[partner.pk])})


@login_required
@partner_pages_required
@require_POST
def api_key_rotate(request, key_id):
    key = selectors.api_key_get(request.user, key_id)
    try:
        new, secret = apikeys.api_key_rotate(acting_user=request.user, key=key, request=request)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("cards:partner-detail", key.partner_id)
    return _secret_page(request, new, secret, f"密钥 {key.key_id} 已轮换")


@login_required
@partner_pages_required
@require_POST
def api_key_revoke(request, key_id):
    key = selectors.api_key_get(request.user, key_id)
    try:
        apikeys.api_key_revoke(acting_user=request.user, key=key, request=request)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.warning(request, f"接口密钥 {key.key_id} 已吊销，使用它的请求即刻被拒绝")
    return redirect("cards:partner-detail", key.partner_id)


# Uses --------------------------------------------------------------------------------------------

USE_LISTING = Listing(
    columns=[
        Column("used_at", "核验时间", sort="used_at"),
        Column("partner.name", "合作单位"),
        Column("store.name", "门店"),
        Column("card", "卡号", value=lambda u: u.card.number_masked),
        Column("holder", "持卡人", value=lambda u: mask_name(u.card.member.name)),
        Column("amount", "消费金额(元)", sort="amount"),
        Column("discount", "优惠金额(元)", sort="discount"),
        Column("benefit_text", "所享优惠"),
        Column("channel", "渠道"),
        Column("via", "凭"),
    ],
    filters=[Filter("channel", "渠道", UseChannel.choices, "channel"), Filter("via", "凭", UseVia.choices, "via")],
    default_sort="-used_at",
    row_url=lambda u: reverse("cards:use-detail", args=[u.pk]),
    export_name="服务卡核验记录",
)


@login_required
@partner_pages_required
def use_list(request):
    uses = selectors.uses_visible(request.user)
    store = None
    if request.GET.get("store", "").isdigit():
        store = selectors.store_get(request.user, int(request.GET["store"]))
        uses = uses.filter(store=store)
    return USE_LISTING.respond(request, uses, title=f"核验记录{'(' + store.name + ')' if store else ''}")


@login_required
@partner_pages_required
def use_detail(request, use_id):
    use = selectors.use_get(request.user, use_id)
    return render(request, "cards/use_detail.html", {"use": use, "title": "核验记录", "holder": mask_name(use.card.member.name)})
