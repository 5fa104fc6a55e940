"""Pages for people outside the federation: the merchant's counter, the member's e-card on
their phone, and the public directory of benefits (no sign-in, no personal data)."""

import uuid

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from gonghui.cards import counter, permissions, selectors
from gonghui.cards.forms import CounterForm, UseForm
from gonghui.cards.models import PartnerCategory, UseChannel

merchant_required = user_passes_test(permissions.can_verify, login_url="accounts:login")
member_required = user_passes_test(permissions.has_ecard, login_url="accounts:login")
STORE_SESSION_KEY = "cards_counter_store"


# The counter -------------------------------------------------------------------------------------


@login_required
@merchant_required
def counter_page(request):
    """Type a card number or scan an e-card; see the verdict; record the use."""
    partner = request.user.partner
    stores = list(selectors.counter_stores(request.user))
    if not stores:
        return render(request, "cards/counter.html", {"title": "会员卡核验", "partner": partner, "no_store": True})
    chosen = request.POST.get("store") or request.session.get(STORE_SESSION_KEY) or stores[0].pk
    form = CounterForm(request.POST if request.POST.get("action") == "verify" else None, stores=stores, initial={"store": str(chosen)})
    context = {"title": "会员卡核验", "partner": partner, "form": form}
    action = request.POST.get("action")
    if action == "verify":
        _own_store(partner, request.POST.get("store"))  # another partner's store: 404, like a missing one
    if action == "verify" and form.is_valid():
        store = _own_store(partner, form.cleaned_data["store"])
        request.session[STORE_SESSION_KEY] = store.pk
        verdict = counter.card_verify(partner=partner, store=store, code=form.cleaned_data["code"])
        if not verdict.valid:
            counter.refusal_logged(verdict=verdict, store=store, actor=request.user, request=request)
        context.update(verdict=verdict, store=store, code=form.cleaned_data["code"], form_key=uuid.uuid4().hex,
                       use_form=UseForm(offers=verdict.offers, initial={"benefit": str(verdict.offers[0].pk) if verdict.offers else ""}))
    elif action == "use":
        store = _own_store(partner, request.POST.get("store"))
        code, form_key = request.POST.get("code", ""), request.POST.get("form_key", "")[:40]
        verdict = counter.card_verify(partner=partner, store=store, code=code)
        use_form = UseForm(request.POST, offers=verdict.offers)
        if use_form.is_valid():
            try:
                use, created = counter.use_record(partner=partner, store=store, code=code, amount=use_form.cleaned_data["amount"],
                                                  benefit_id=use_form.cleaned_data["benefit"] or None, channel=UseChannel.COUNTER, actor=request.user,
                                                  idempotency_key=f"web-{form_key}" if form_key else None, request=request)
            except counter.IdempotencyConflict as conflict:
                messages.error(request, conflict.message)
            except ValidationError as exc:
                messages.error(request, "；".join(m for msgs in exc.message_dict.values() for m in msgs))
            else:
                if created:
                    messages.success(request, f"已记录：{use.card.number_masked} 在「{store.name}」消费 {use.amount} 元，优惠 {use.discount} 元{('(' + use.benefit_text + ')') if use.benefit_text else ''}")
                else:
                    messages.info(request, "该笔核验已记录过，未重复记录")
                return redirect("cards:counter")
        context.update(verdict=verdict, store=store, code=code, form_key=form_key, use_form=use_form)
    return render(request, "cards/counter.html", context)


def _own_store(partner, store_id):
    try:
        return counter.counter_store(partner, store_id)
    except counter.StoreRefused as refused:
        raise Http404(refused.message) from None


# The member's e-card -----------------------------------------------------------------------------


def _ecard_context(member):
    card = selectors.current_card(member)
    context = {"member": member, "card": card, "ttl_minutes": counter.ECARD_TTL // 60, "usable": False}
    if card is not None and card.is_valid and member.status == "active":
        token = counter.ecard_token(card)
        context.update(usable=True, token=token, qr_svg=segno.make(token, error="m").svg_inline(scale=5, border=2), issued_at=timezone.localtime())
    return context


@login_required
@member_required
def ecard(request):
    member = request.user.member
    return render(request, "cards/ecard.html", {"title": "我的会员卡", **_ecard_context(member)})


@login_required
@member_required
def ecard_qr(request):
    """A fresh QR for the phone page (htmx swaps it in before the last one expires)."""
    return render(request, "cards/ecard.html#qr", _ecard_context(request.user.member))


# The public directory ----------------------------------------------------------------------------


def place_name(town) -> str:
    """Where a member goes: the town or street, not its federation ("浒山街道", not "浒山街道总工会")."""
    name = town.name
    return name[: -len("总工会")] if name.endswith("总工会") else name


def directory(request):
    category = request.GET.get("category", "")
    category = category if category in PartnerCategory.values else ""
    town_id = request.GET.get("town", "")
    partners = list(selectors.directory(category=category, town_id=town_id, day=timezone.localdate()))
    for partner in partners:
        partner.place = place_name(partner.town)
        for store in partner.open_stores:
            store.place = place_name(store.town)
    towns = [(str(t.pk), place_name(t)) for t in selectors.towns()]
    return render(request, "cards/directory.html", {
        "title": "5.1服务卡 会员优惠商户", "partners": partners, "categories": PartnerCategory.choices, "towns": towns,
        "category": category, "town": town_id,
    })
