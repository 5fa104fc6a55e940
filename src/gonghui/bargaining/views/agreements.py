"""Collective contracts and wage agreements: the register, one agreement with the
enterprises it covers, filing, and the reminders of those about to expire."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gonghui.core.listing import Column, Filter, Listing
from gonghui.orgs import selectors as org_selectors

from gonghui.bargaining import permissions, selectors, services
from gonghui.bargaining.forms import AgreementForm, CoverForm, FilingForm
from gonghui.bargaining.models import AgreementKind, Coverage
from gonghui.bargaining.views.common import business_page, create_page, parse_day

AGREEMENT_COLUMNS = [
    Column("number", "协议编号", sort="number"),
    Column("kind", "协议类型"),
    Column("coverage", "覆盖范围"),
    Column("org.name", "工会方"),
    Column("employer_party", "企业方"),
    Column("signed_on", "签订日期", sort="signed_on"),
    Column("expires_on", "到期日期", sort="expires_on"),
    Column("workers_covered", "惠及职工", sort="workers_covered"),
    Column("wage_increase", "工资增幅(%)"),
    Column("filed_on", "备案日期"),
]
YEARS = [(str(y), f"{y}年") for y in range(timezone.localdate().year, 2004, -1)]

AGREEMENT_LISTING = Listing(
    columns=AGREEMENT_COLUMNS,
    search_fields=("number", "employer_party", "org__name"),
    search_hint="协议编号、企业方或工会",
    filters=[Filter("coverage", "覆盖范围", Coverage.choices, "coverage"), Filter("kind", "协议类型", AgreementKind.choices, "kind"),
             Filter("signed", "签订年份", YEARS, "signed_on__year")],
    default_sort="-signed_on",
    row_url=lambda a: reverse("bargaining:agreement-detail", args=[a.pk]),
    export_name="集体合同",
    extra_export=[Column("lowest_wage", "最低工资"), Column("filing_number", "备案编号"), Column("renews.number", "续签自")],
)


@business_page
def agreement_list(request):
    agreements, node = org_selectors.within_requested_node(request.user, selectors.agreements_visible(request.user), request.GET.get("org", ""))
    return AGREEMENT_LISTING.respond(request, agreements, template="bargaining/list.html", title="集体合同与工资协议",
                                     context={"create_url": reverse("bargaining:agreement-create"), "create_label": "登记协议",
                                              "links": [(reverse("bargaining:agreement-expiring"), "90天内到期提醒")]})


@business_page
def agreement_create(request):
    form = AgreementForm(request.POST or None)

    def save(form):
        data = dict(form.cleaned_data)
        user = request.user
        enterprise = org = renews = None
        if data["coverage"] == Coverage.SINGLE:
            code = data["enterprise_code"]
            enterprise = selectors.enterprise_by_code(user, code) if code else None
            if enterprise is None:
                form.add_error("enterprise_code", "单个企业协议须填写企业信用代码，且该企业须在您的管辖范围内")
        else:
            org = org_selectors.org_get_by_code(user, data["org_code"]) if data["org_code"] else None
            if org is None:
                form.add_error("org_code", "该编码的工会不存在或不在您的管辖范围内")
        if data["renews_number"]:
            renews = selectors.agreements_visible(user).filter(number=data["renews_number"].strip()).first()
            if renews is None:
                form.add_error("renews_number", "原协议编号不存在或不在您的管辖范围内")
        listed = []
        for code in data["enterprise_codes"]:
            found = selectors.enterprise_by_code(user, code)
            if found is None:
                form.add_error("enterprise_codes", f"信用代码 {code} 的企业不存在或不在您的管辖范围内")
            listed.append(found)
        if form.errors:
            return None
        data.update(org=org, enterprise=enterprise, renews=renews, employer_party=data["employer_party"] or (enterprise.name if enterprise else ""))
        if not data["employer_party"]:
            raise ValidationError({"employer_party": "请填写企业方"})
        return services.agreement_create(acting_user=user, data=data, enterprises=listed, request=request)

    return create_page(request, form, title="登记集体合同(工资协议)", cancel_url=reverse("bargaining:agreement-list"), save=save,
                       success=lambda a: reverse("bargaining:agreement-detail", args=[a.pk]))


@business_page
def agreement_detail(request, agreement_id):
    agreement = selectors.agreement_get(request.user, agreement_id)
    can_edit = permissions.can_edit_agreement(request.user, agreement)
    form = CoverForm(request.POST or None)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("无权修改该协议")
        if form.is_valid():
            enterprise = selectors.enterprise_by_code(request.user, form.cleaned_data["enterprise_code"])
            if enterprise is None:
                form.add_error("enterprise_code", "该信用代码的企业不存在或不在您的管辖范围内")
            else:
                try:
                    services.agreement_cover(acting_user=request.user, agreement=agreement, enterprise=enterprise, workers=form.cleaned_data["workers"], request=request)
                except ValidationError as exc:
                    form.add_error("enterprise_code", [m for msgs in exc.message_dict.values() for m in msgs])
                else:
                    messages.success(request, f"已增加覆盖企业 {enterprise.name}")
                    return redirect("bargaining:agreement-detail", agreement.pk)
    covered = selectors.agreement_covered(agreement)
    return render(request, "bargaining/agreement_detail.html", {
        "agreement": agreement, "title": f"协议 {agreement.number}", "covered": covered[:500], "covered_count": covered.count(),
        "can_edit": can_edit, "form": form, "renewals": agreement.renewals.all(), "today": timezone.localdate(),
    })


@business_page
def agreement_file(request, agreement_id):
    agreement = selectors.agreement_get(request.user, agreement_id)
    if not permissions.can_edit_agreement(request.user, agreement):
        raise PermissionDenied("无权修改该协议")
    form = FilingForm(request.POST or None, initial={"filed_on": agreement.filed_on, "filing_number": agreement.filing_number})
    return create_page(request, form, title=f"协议 {agreement.number} 报劳动保障部门备案", cancel_url=reverse("bargaining:agreement-detail", args=[agreement.pk]),
                       save=lambda f: services.agreement_file(acting_user=request.user, agreement=agreement, request=request, **f.cleaned_data),
                       success=lambda a: reverse("bargaining:agreement-detail", args=[a.pk]))


@business_page
def agreement_expiring(request):
    """The reminders: agreements in force on a day (today unless ?on=) that end within 90 days."""
    day = parse_day(request.GET.get("on", ""), timezone.localdate())
    listing = Listing(
        columns=AGREEMENT_COLUMNS[:7] + [Column("days_left", "剩余天数", value=lambda a: (a.expires_on - day).days)],
        search_fields=("number", "employer_party", "org__name"), default_sort="expires_on",
        row_url=lambda a: reverse("bargaining:agreement-detail", args=[a.pk]), export_name="协议到期提醒",
    )
    return listing.respond(request, selectors.agreements_expiring(request.user, day), template="bargaining/list.html",
                           title=f"{day:%Y-%m-%d} 起90天内到期的协议",
                           context={"on_date": day, "help": "到期前请督促续签；续签时在新协议中填写原协议编号"})
