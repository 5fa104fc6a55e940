"""Units and workers enrolled, payments, certificates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core.forms import attach_errors
from gonghui.core.listing import Column, Filter, Listing
from gonghui.core.sealing import index_for
from gonghui.core.validators import normalise
from gonghui.members import selectors as member_selectors
from gonghui.members.models import Member
from gonghui.mutualaid import permissions, selectors, services
from gonghui.mutualaid.forms import LeaveForm, PaymentForm, UnitEnrolForm, WorkerAddForm
from gonghui.mutualaid.models import SchemeYear
from gonghui.mutualaid.views.years import business_required
from gonghui.orgs import selectors as org_selectors


def _year_filter():
    return Filter("year", "年度", [(str(y), f"{y}年度") for y in SchemeYear.objects.values_list("year", flat=True)], "scheme_year__year")


def unit_listing():
    return Listing(
        columns=[Column("org.name", "参保单位"), Column("org.code", "工会编码"), Column("scheme_year.year", "年度", sort="scheme_year__year"),
                 Column("enrolled_on", "参保日期", sort="enrolled_on"), Column("worker_count", "参保人数"), Column("paid_count", "已缴费人数")],
        search_fields=["org__name", "org__code"], search_hint="单位名称或编码", filters=[_year_filter()], default_sort="-enrolled_on",
        row_url=lambda u: reverse("mutualaid:unit-detail", args=[u.pk]), export_name="医疗互助参保单位",
    )


@login_required
@business_required
def unit_list(request):
    units = selectors.units_visible(request.user).annotate(worker_count=Count("workers"), paid_count=Count("workers", filter=Q(workers__payment__isnull=False)))
    units, node = org_selectors.within_requested_node(request.user, units, request.GET.get("org", ""))
    return unit_listing().respond(request, units, template="mutualaid/unit_list.html", title="医疗互助参保单位")


@login_required
@business_required
def unit_new(request):
    form = UnitEnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        year = selectors.scheme_years(request.user).filter(year=form.cleaned_data["year"]).first()
        org = org_selectors.org_get_by_code(request.user, form.cleaned_data["org_code"])
        if year is None:
            form.add_error("year", "该年度尚未由市总工会设定")
        elif org is None:
            form.add_error("org_code", "该编码的工会不存在或不在您的管辖范围内")
        else:
            try:
                unit = services.unit_enrol(acting_user=request.user, scheme_year=year, org=org, enrolled_on=form.cleaned_data["enrolled_on"], request=request)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, f"「{org.name}」已参加{year.year}年度医疗互助，请导入职工名单")
                return redirect("mutualaid:unit-detail", unit.pk)
    return render(request, "core/form.html", {"form": form, "title": "单位参保登记", "cancel_url": reverse("mutualaid:unit-list")})


WORKER_COLUMNS = [
    Column("certificate_number", "参保证号"), Column("member.name", "姓名"), Column("member.id_number", "身份证号"), Column("org.name", "参保单位"),
    Column("scheme_year.year", "年度"), Column("enrolled_on", "参保日期", sort="enrolled_on"), Column("covered_from", "保障起始日", sort="covered_from"),
    Column("left_on", "退保日期"), Column("paid_label", "缴费", value=lambda w: "已缴费" if w.payment_id else "未缴费"),
]


def worker_listing():
    return Listing(columns=WORKER_COLUMNS, search_fields=["member__name", "org__name"], search_hint="姓名或单位", filters=[_year_filter()], default_sort="-enrolled_on", row_url=lambda w: reverse("mutualaid:worker-detail", args=[w.pk]), export_name="医疗互助参保职工")


@login_required
@business_required
def unit_detail(request, enrolled_unit_id):
    unit = selectors.unit_get(request.user, enrolled_unit_id)
    workers = selectors.workers_visible(request.user).filter(unit=unit)
    listing = Listing(columns=WORKER_COLUMNS, search_fields=["member__name"], search_hint="姓名", default_sort="member__name",
                      row_url=lambda w: reverse("mutualaid:worker-detail", args=[w.pk]), export_name=f"{unit.org.name}参保职工")
    can_manage = permissions.can_manage_unit(request.user, unit)
    return listing.respond(request, workers, template="mutualaid/unit_detail.html", title=f"{unit.org.name} · {unit.scheme_year.year}年度参保职工", context={
        "unit": unit, "can_manage": can_manage, "payments": unit.payments.all(), "unpaid": workers.filter(payment__isnull=True).count(),
        "contribution": unit.scheme_year.current_rules.contribution, "pay_form": PaymentForm(), "add_form": WorkerAddForm(),
    })


@login_required
@business_required
@require_POST
def unit_pay(request, enrolled_unit_id):
    unit = selectors.unit_get(request.user, enrolled_unit_id)
    if not permissions.can_manage_unit(request.user, unit):
        raise PermissionDenied("无权办理缴费")
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            payment = services.contribution_pay(acting_user=request.user, unit=unit, request=request, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, "；".join(m for msgs in exc.message_dict.values() for m in msgs))
        else:
            messages.success(request, f"已登记缴费 {payment.workers} 人 {payment.amount} 元，参保证已生效")
    else:
        messages.error(request, "请填写缴费日期")
    return redirect("mutualaid:unit-detail", unit.pk)


@login_required
@business_required
@require_POST
def unit_worker_add(request, enrolled_unit_id):
    unit = selectors.unit_get(request.user, enrolled_unit_id)
    if not permissions.can_manage_unit(request.user, unit):
        raise PermissionDenied("无权办理参保")
    form = WorkerAddForm(request.POST)
    if form.is_valid():
        number = normalise(form.cleaned_data["id_number"])
        member = member_selectors.members_visible(request.user).filter(id_number_index=index_for(Member, "id_number", number)).first()
        try:
            if member is None:
                raise ValidationError({"id_number": "该身份证号的会员不存在或不在您的管辖范围内"})
            worker = services.worker_enrol(acting_user=request.user, unit=unit, member=member, enrolled_on=form.cleaned_data["enrolled_on"], request=request)
        except ValidationError as exc:
            messages.error(request, "；".join(m for msgs in exc.message_dict.values() for m in msgs))
        else:
            messages.success(request, f"{worker.member.name} 已加入，保障自 {worker.covered_from:%Y-%m-%d} 起(缴费后生效)")
    else:
        messages.error(request, "请填写身份证号和参保日期")
    return redirect("mutualaid:unit-detail", unit.pk)


@login_required
@business_required
def unit_certificates(request, enrolled_unit_id):
    """The unit's certificates, one per paid worker, to print."""
    unit = selectors.unit_get(request.user, enrolled_unit_id)
    workers = selectors.workers_visible(request.user).filter(unit=unit, payment__isnull=False).order_by("member__name")
    return render(request, "mutualaid/certificates.html", {"title": f"{unit.org.name}医疗互助参保证", "unit": unit, "workers": workers,
                                                           "rules": unit.scheme_year.current_rules})


@login_required
@business_required
def worker_list(request):
    workers = selectors.workers_visible(request.user)
    workers, node = org_selectors.within_requested_node(request.user, workers, request.GET.get("org", ""))
    return worker_listing().respond(request, workers, title="医疗互助参保职工")


@login_required
@business_required
def worker_detail(request, enrolled_worker_id):
    worker = selectors.worker_get(request.user, enrolled_worker_id)
    form = LeaveForm(request.POST or None)
    can_manage = permissions.can_manage_unit(request.user, worker.unit)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("无权办理退保")
        if form.is_valid():
            try:
                services.worker_leave(acting_user=request.user, worker=worker, left_on=form.cleaned_data["left_on"], request=request)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, "已办理退保")
                return redirect("mutualaid:worker-detail", worker.pk)
    return render(request, "mutualaid/worker_detail.html", {
        "title": f"{worker.member.name} · 参保证 {worker.certificate_number}", "worker": worker, "form": form, "can_manage": can_manage,
        "claims": worker.claims.all(), "rules": worker.scheme_year.current_rules,
    })


PAYMENT_LISTING = Listing(
    columns=[Column("org.name", "参保单位"), Column("unit.scheme_year.year", "年度"), Column("workers", "人数"), Column("amount", "金额(元)", sort="amount"),
             Column("paid_on", "缴费日期", sort="paid_on"), Column("receipt_number", "收据号")],
    search_fields=["org__name", "receipt_number"], search_hint="单位或收据号", default_sort="-paid_on",
    row_url=lambda p: reverse("mutualaid:unit-detail", args=[p.unit_id]), export_name="医疗互助缴费",
)


@login_required
@business_required
def payment_list(request):
    payments, node = org_selectors.within_requested_node(request.user, selectors.payments_visible(request.user), request.GET.get("org", ""))
    return PAYMENT_LISTING.respond(request, payments, title="医疗互助缴费记录")
