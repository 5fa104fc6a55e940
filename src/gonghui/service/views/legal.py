"""Law firms, lawyers, pairings with unions and their activities."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core.listing import Column, Filter, Listing
from gonghui.service import permissions, selectors, services
from gonghui.service.forms import ActivityForm, FirmForm, LawyerForm, PairingEndForm, PairingForm
from gonghui.service.models import ActivityKind
from gonghui.service.views.pages import business_page, form_page

PAIRING_LISTING = Listing(
    columns=[
        Column("lawyer.name", "律师"),
        Column("lawyer.firm.name", "律师事务所"),
        Column("org.name", "结对工会"),
        Column("started_on", "结对日期", sort="started_on"),
        Column("ended_on", "结束日期"),
        Column("activity_count", "活动次数", sort="activity_count"),
    ],
    search_fields=["lawyer__name", "lawyer__firm__name", "org__name"], search_hint="律师、事务所或工会", default_sort="-started_on",
    row_url=lambda p: reverse("service:pairing-detail", args=[p.pk]), export_name="律师结对",
)
ACTIVITY_LISTING = Listing(
    columns=[
        Column("held_on", "日期", sort="held_on"),
        Column("kind", "活动类别"),
        Column("pairing.lawyer.name", "律师"),
        Column("pairing.org.name", "结对工会"),
        Column("enterprise.name", "企业"),
        Column("subject", "主题/事由"),
        Column("attendees", "人数"),
    ],
    search_fields=["subject", "enterprise__name", "pairing__lawyer__name"], search_hint="主题、企业或律师",
    filters=[Filter("kind", "活动类别", ActivityKind.choices, "kind")], default_sort="-held_on",
    row_url=lambda a: reverse("service:pairing-detail", args=[a.pairing_id]), export_name="律师活动",
)
FIRM_LISTING = Listing(
    columns=[Column("name", "律师事务所", sort="name"), Column("address", "地址"), Column("phone", "联系电话"), Column("lawyer_count", "律师人数")],
    search_fields=["name"], search_hint="事务所名称", default_sort="name",
    row_url=lambda f: reverse("service:firm-detail", args=[f.pk]), export_name="律师事务所",
)


@business_page
def pairing_list(request):
    return PAIRING_LISTING.respond(request, selectors.pairings(request.user), template="service/legal_list.html", title="律师与工会结对")


@business_page
def activity_list(request):
    return ACTIVITY_LISTING.respond(request, selectors.activities(request.user), template="service/legal_list.html", title="结对律师活动记录")


@business_page
def firm_list(request):
    return FIRM_LISTING.respond(request, selectors.firms(request.user), template="service/legal_list.html", title="律师事务所")


@business_page
def firm_create(request):
    def done(data):
        firm = services.firm_create(acting_user=request.user, data=data, request=request)
        return redirect("service:firm-detail", firm.pk)

    return form_page(request, FirmForm(request.POST or None), title="登记律师事务所", cancel_url=reverse("service:firm-list"), on_valid=done)


@business_page
def firm_detail(request, law_firm_id):
    firm = selectors.firm_get(request.user, law_firm_id)
    can_write = permissions.can_write_for(request.user, firm.org)
    form = LawyerForm(request.POST or None) if can_write else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("无权为该律师事务所登记律师")
        response = form_page(request, form, title=f"登记律师 · {firm.name}", cancel_url=reverse("service:firm-detail", args=[firm.pk]),
                             on_valid=lambda d: (services.lawyer_create(acting_user=request.user, firm=firm, data=d, request=request),
                                                 redirect("service:firm-detail", firm.pk))[1])
        return response
    return render(request, "service/record_detail.html", {
        "title": firm.name, "back": reverse("service:firm-list"),
        "fields": [("地址", firm.address), ("联系电话", firm.phone), ("登记单位", firm.org.name)],
        "sections": [{"title": "律师", "headers": ["姓名", "执业证号", "联系电话"],
                      "rows": [[lw.name, lw.license_number, lw.phone] for lw in firm.lawyers.all()]}],
        "forms": [{"title": "登记律师", "form": form, "action": "", "submit": "登记"}] if form else [],
    })


@business_page
def pairing_create(request):
    lawyers = list(selectors.lawyers_for(request.user))
    form = PairingForm(request.POST or None, lawyers=lawyers)
    by_id = {str(lw.pk): lw for lw in lawyers}

    def done(data):
        org = selectors.org_by_code(request.user, data["org_code"])
        if org is None:
            raise ValidationError({"org_code": "在您的管辖范围内找不到该组织编码"})
        pairing = services.pairing_create(acting_user=request.user, lawyer=by_id.get(data["lawyer"]), org=org, data=data, request=request)
        messages.success(request, "已结对")
        return redirect("service:pairing-detail", pairing.pk)

    return form_page(request, form, title="律师与工会结对", cancel_url=reverse("service:pairing-list"), on_valid=done)


@business_page
def pairing_detail(request, lawyer_pairing_id):
    pairing = selectors.pairing_get(request.user, lawyer_pairing_id)
    can_write = permissions.can_write_for(request.user, pairing.org)
    return render(request, "service/record_detail.html", {
        "title": f"律师结对：{pairing.lawyer.name} — {pairing.org.name}", "back": reverse("service:pairing-list"),
        "fields": [("律师", pairing.lawyer.name), ("律师事务所", pairing.lawyer.firm.name), ("结对工会", pairing.org.name),
                   ("结对日期", pairing.started_on), ("结束日期", pairing.ended_on)],
        "actions": [("记录活动", reverse("service:activity-create", args=[pairing.pk])), ("结束结对", reverse("service:pairing-end", args=[pairing.pk]))]
        if can_write and pairing.ended_on is None else [],
        "sections": [{"title": "活动记录", "headers": ["日期", "类别", "企业", "主题/事由", "人数"],
                      "rows": [[a.held_on, a.get_kind_display(), a.enterprise.name if a.enterprise else "", a.subject, a.attendees]
                               for a in pairing.activities.select_related("enterprise")]}],
    })


def _written_pairing(request, lawyer_pairing_id):
    pairing = selectors.pairing_get(request.user, lawyer_pairing_id)
    if not permissions.can_write_for(request.user, pairing.org):
        raise PermissionDenied("无权办理该结对")
    return pairing


@business_page
def activity_create(request, lawyer_pairing_id):
    pairing = _written_pairing(request, lawyer_pairing_id)

    def done(data):
        code = data.pop("enterprise_code").strip()
        enterprise = selectors.enterprise_by_code(request.user, code)
        if code and enterprise is None:
            raise ValidationError({"enterprise_code": "在您的管辖范围内找不到该信用代码的企业"})
        services.activity_record(acting_user=request.user, pairing=pairing, data={**data, "enterprise": enterprise}, request=request)
        messages.success(request, "活动已记录")
        return redirect("service:pairing-detail", pairing.pk)

    return form_page(request, ActivityForm(request.POST or None), title=f"记录律师活动 · {pairing.lawyer.name}",
                     cancel_url=reverse("service:pairing-detail", args=[pairing.pk]), on_valid=done)


@business_page
def pairing_end(request, lawyer_pairing_id):
    pairing = _written_pairing(request, lawyer_pairing_id)

    def done(data):
        services.pairing_end(acting_user=request.user, pairing=pairing, data=data, request=request)
        return redirect("service:pairing-detail", pairing.pk)

    return form_page(request, PairingEndForm(request.POST or None), title="结束律师结对", cancel_url=reverse("service:pairing-detail", args=[pairing.pk]),
                     on_valid=done, submit_label="结束结对")
