"""Pages of harmonious-enterprise creation: applications (list, Excel, print), the year's
criteria sheet, scoring and awarding an application, CSR evaluations, and the figures."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core.forms import attach_errors
from gonghui.core.indicators import REGISTRY, Period
from gonghui.core.listing import Column, Filter, Listing
from gonghui.harmony import permissions, selectors, services
from gonghui.harmony.forms import ApplicationForm, AwardForm, CsrForm, ItemForm, ScoreForm, SheetForm
from gonghui.harmony.models import ApplicationStatus, AwardLevel, CsrGrade

business_required = user_passes_test(permissions.reads_harmony, login_url="accounts:login")
YEARS = [(str(y), f"{y}年") for y in range(datetime.date.today().year, 1999, -1)]

APPLICATION_LISTING = Listing(
    columns=[
        Column("enterprise.name", "企业", sort="enterprise__name"),
        Column("year", "年度", sort="year"),
        Column("level", "申报级别"),
        Column("org.name", "所属工会"),
        Column("applied_on", "申报日期", sort="applied_on"),
        Column("total_score", "总分", sort="total_score"),
        Column("status", "状态"),
        Column("above_scale", "规模以上", value=lambda a: "是" if a.enterprise.above_scale else "否"),
    ],
    search_fields=["enterprise__name", "enterprise__credit_code"],
    search_hint="企业名称或信用代码",
    filters=[Filter("year", "年度", YEARS, "year"), Filter("level", "级别", AwardLevel.choices, "level"),
             Filter("status", "状态", ApplicationStatus.choices, "status")],
    default_sort="-applied_on",
    row_url=lambda a: reverse("harmony:application-detail", args=[a.pk]),
    export_name="和谐企业创建申报",
    extra_export=[Column("enterprise.credit_code", "统一社会信用代码")],
)


@login_required
@business_required
def application_list(request):
    return APPLICATION_LISTING.respond(request, selectors.applications_visible(request.user), template="harmony/application_list.html",
                                       title="和谐企业创建申报", context={"can_apply": permissions.can_apply(request.user)})


@login_required
@business_required
def application_create(request):
    if not permissions.can_apply(request.user):
        raise PermissionDenied("只有经办人可以录入申报")
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(acting_user=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已录入申报：{application}")
            return redirect("harmony:application-detail", application.pk)
    return render(request, "core/form.html", {"form": form, "title": "录入和谐企业创建申报", "cancel_url": reverse("harmony:application-list")})


def _detail(request, application, *, score_form=None, award_form=None, status=200):
    sheet = selectors.sheet_for(application.year)
    items = list(sheet.items.all()) if sheet else []
    can_assess = permissions.can_assess(request.user, application)
    scores = {s.item_id: s.points for s in application.scores.all()}
    if can_assess and score_form is None and application.status != ApplicationStatus.AWARDED:
        score_form = ScoreForm(items=items, initial={f"item_{k}": v for k, v in scores.items()})
    if can_assess and award_form is None and application.status != ApplicationStatus.APPLIED:
        award_form = AwardForm(items=items, initial={"awarded_on": min(datetime.date.today(), datetime.date(application.year, 12, 31))})
    return render(request, "harmony/application_detail.html", {
        "application": application, "title": str(application), "sheet": sheet,
        "rows": [{"item": i, "points": scores.get(i.pk)} for i in items],
        "awards": application.awards.select_related("single_item").order_by("single_item__number"),
        "can_assess": can_assess, "score_form": score_form, "award_form": award_form,
        "passing": sheet is not None and application.total_score is not None and application.total_score >= sheet.pass_score,
    }, status=status)


@login_required
@business_required
def application_detail(request, harmony_application_id):
    return _detail(request, selectors.application_get(request.user, harmony_application_id))


@login_required
@business_required
@require_POST
def application_score(request, harmony_application_id):
    application = selectors.application_get(request.user, harmony_application_id)
    sheet = selectors.sheet_for(application.year)
    form = ScoreForm(request.POST, items=list(sheet.items.all()) if sheet else [])
    if form.is_valid():
        try:
            services.application_score(acting_user=request.user, application=application, request=request,
                                       points={int(k.removeprefix("item_")): v for k, v in form.cleaned_data.items()})
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "评分已保存")
            return redirect("harmony:application-detail", application.pk)
    return _detail(request, application, score_form=form, status=400)


@login_required
@business_required
@require_POST
def application_award(request, harmony_application_id):
    application = selectors.application_get(request.user, harmony_application_id)
    sheet = selectors.sheet_for(application.year)
    items = list(sheet.items.all()) if sheet else []
    form = AwardForm(request.POST, items=items)
    if form.is_valid():
        item = next((i for i in items if str(i.pk) == form.cleaned_data["single_item"]), None)
        try:
            award = services.award_grant(acting_user=request.user, application=application, awarded_on=form.cleaned_data["awarded_on"],
                                         single_item=item, request=request)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已命名：{award.title}")
            return redirect("harmony:application-detail", application.pk)
    return _detail(request, application, award_form=form, status=400)


@login_required
@business_required
def criteria(request):
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else datetime.date.today().year
    sheet = selectors.sheet_for(year)
    can_set = permissions.can_set_criteria(request.user)
    sheet_form = SheetForm(initial={"year": year}) if can_set and sheet is None else None
    item_form = ItemForm() if can_set and sheet is not None else None
    if request.method == "POST":
        if not can_set:
            raise PermissionDenied("评分标准由市总工会制定")
        try:
            if sheet is None:
                sheet_form = SheetForm(request.POST)
                if sheet_form.is_valid():
                    sheet = services.sheet_create(acting_user=request.user, request=request, **sheet_form.cleaned_data)
                    return redirect(f"{reverse('harmony:criteria')}?year={sheet.year}")
            else:
                item_form = ItemForm(request.POST)
                if item_form.is_valid():
                    services.item_add(acting_user=request.user, sheet=sheet, request=request, **item_form.cleaned_data)
                    return redirect(f"{reverse('harmony:criteria')}?year={year}")
        except ValidationError as exc:
            attach_errors(sheet_form if sheet is None else item_form, exc)
    return render(request, "harmony/criteria.html", {"title": f"{year}年和谐企业评分标准", "year": year, "sheet": sheet, "years": YEARS,
                                                     "sheet_form": sheet_form, "item_form": item_form,
                                                     "total": sum(i.max_points for i in sheet.items.all()) if sheet else 0})


CSR_LISTING = Listing(
    columns=[Column("enterprise.name", "企业", sort="enterprise__name"), Column("year", "年度", sort="year"), Column("score", "得分", sort="score"),
             Column("grade", "等级"), Column("evaluated_on", "评价日期", sort="evaluated_on"), Column("evaluated_by", "评价机构"), Column("org.name", "所属工会")],
    search_fields=["enterprise__name", "enterprise__credit_code"],
    search_hint="企业名称或信用代码",
    filters=[Filter("year", "年度", YEARS, "year"), Filter("grade", "等级", CsrGrade.choices, "grade")],
    default_sort="-evaluated_on",
    export_name="企业社会责任评价",
)


@login_required
@business_required
def csr_list(request):
    return CSR_LISTING.respond(request, selectors.csr_visible(request.user), template="harmony/csr_list.html", title="企业社会责任评价",
                               context={"can_apply": permissions.can_apply(request.user)})


@login_required
@business_required
def csr_create(request):
    if not permissions.can_apply(request.user):
        raise PermissionDenied("只有经办人可以录入评价")
    form = CsrForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.csr_record(acting_user=request.user, request=request, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已录入：{evaluation.enterprise.name} {evaluation.get_grade_display()}")
            return redirect("harmony:csr-list")
    return render(request, "core/form.html", {"form": form, "title": "录入企业社会责任评价", "cancel_url": reverse("harmony:csr-list")})


@login_required
@business_required
def figures(request):
    """This app's indicators for the user's own subtree and a chosen year."""
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else datetime.date.today().year - 1
    period, org = Period.year(year), request.user.org
    rows = []
    for code in sorted(c for c in REGISTRY if c.startswith("harmony.")):
        item = REGISTRY[code]
        value = item.value(org, period)
        rows.append({"item": item, "value": value, "base": getattr(value, "base", ""), "breakdown": item.breakdown(org, period) if item.breakdown else []})
    return render(request, "harmony/figures.html", {"title": "和谐企业统计", "rows": rows, "year": year, "org": org, "years": YEARS})
