"""Pages of labour protection: inspectors, Ankang Cup honours and classified management
(lists with Excel and print, forms), and the figures."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core.forms import attach_errors
from gonghui.core.indicators import REGISTRY, Period
from gonghui.core.listing import Column, Filter, Listing
from gonghui.safety import permissions, selectors, services
from gonghui.safety.forms import AnkangForm, ClassificationForm, EndForm, InspectorForm
from gonghui.safety.models import AnkangKind, AnkangLevel, InspectorLevel, SafetyClass

business_required = user_passes_test(permissions.reads_safety, login_url="accounts:login")
YEARS = [(str(y), f"{y}年") for y in range(datetime.date.today().year, 1999, -1)]

INSPECTOR_LISTING = Listing(
    columns=[
        Column("member.name", "姓名", sort="member__name"),
        Column("level", "级别"),
        Column("member.enterprise.name", "工作单位"),
        Column("org.name", "所属工会"),
        Column("appointed_on", "聘任日期", sort="appointed_on"),
        Column("certificate_number", "证书编号"),
        Column("ended_on", "解聘日期"),
    ],
    search_fields=["member__name", "certificate_number"],
    search_hint="姓名或证书编号",
    filters=[Filter("level", "级别", InspectorLevel.choices, "level")],
    default_sort="level",
    export_name="劳动保护监督检查员",
)


def _list_page(listing, selector, template, title, create_url):
    @login_required
    @business_required
    def view(request):
        return listing.respond(request, selector(request.user), template=template, title=title,
                               context={"can_record": permissions.can_record_safety(request.user), "create_url": reverse(create_url)})

    return view


def _form_page(form_class, service, title, back, *, data_arg=False):
    @login_required
    @business_required
    def view(request):
        if not permissions.can_record_safety(request.user):
            raise PermissionDenied("只有市总工会或镇(街道)总工会的经办人可以办理")
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                if data_arg:
                    service(acting_user=request.user, data=form.cleaned_data, request=request)
                else:
                    service(acting_user=request.user, request=request, **form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, "已保存")
                return redirect(back)
        return render(request, "core/form.html", {"form": form, "title": title, "cancel_url": reverse(back)})

    return view


inspector_list = _list_page(INSPECTOR_LISTING, selectors.inspectors_visible, "safety/inspector_list.html", "劳动保护监督检查员", "safety:inspector-create")
inspector_create = _form_page(InspectorForm, services.inspector_appoint, "聘任劳动保护监督检查员", "safety:inspector-list")


@login_required
@business_required
def inspector_end(request, inspector_id):
    inspector = selectors.inspector_get(request.user, inspector_id)
    if not permissions.can_end_appointment(request.user, inspector):
        raise PermissionDenied("无权办理该检查员")
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.inspector_end(acting_user=request.user, inspector=inspector, ended_on=form.cleaned_data["ended_on"], request=request)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已解聘：{inspector}")
            return redirect("safety:inspector-list")
    return render(request, "core/form.html", {"form": form, "title": f"解聘 {inspector}", "cancel_url": reverse("safety:inspector-list")})


INSPECTOR_LISTING.row_url = lambda i: reverse("safety:inspector-end", args=[i.pk]) if i.ended_on is None else None

ANKANG_LISTING = Listing(
    columns=[
        Column("recipient", "获得者", value=lambda h: h.recipient_name),
        Column("year", "年度", sort="year"),
        Column("level", "级别"),
        Column("kind", "类别"),
        Column("org.name", "所属工会"),
        Column("awarded_on", "授予日期", sort="awarded_on"),
    ],
    search_fields=["enterprise__name", "member__name", "recipient_union__name", "team_name"],
    search_hint="获得者名称",
    filters=[Filter("year", "年度", YEARS, "year"), Filter("level", "级别", AnkangLevel.choices, "level"), Filter("kind", "类别", AnkangKind.choices, "kind")],
    default_sort="-awarded_on",
    export_name="安康杯荣誉",
)
ankang_list = _list_page(ANKANG_LISTING, selectors.ankang_visible, "safety/safety_list.html", "安康杯竞赛荣誉", "safety:ankang-create")
ankang_create = _form_page(AnkangForm, services.ankang_record, "录入安康杯荣誉", "safety:ankang-list", data_arg=True)

CLASSIFIED_LISTING = Listing(
    columns=[
        Column("enterprise.name", "企业", sort="enterprise__name"),
        Column("year", "年度", sort="year"),
        Column("safety_class", "分类"),
        Column("org.name", "所属工会"),
        Column("assessed_on", "评定日期", sort="assessed_on"),
    ],
    search_fields=["enterprise__name", "enterprise__credit_code"],
    search_hint="企业名称或信用代码",
    filters=[Filter("year", "年度", YEARS, "year"), Filter("safety_class", "分类", SafetyClass.choices, "safety_class")],
    default_sort="-assessed_on",
    export_name="劳动保护分类管理企业",
    extra_export=[Column("enterprise.credit_code", "统一社会信用代码")],
)
classified_list = _list_page(CLASSIFIED_LISTING, selectors.classified_visible, "safety/safety_list.html", "劳动保护分类管理企业", "safety:classified-create")
classified_create = _form_page(ClassificationForm, services.classification_record, "评定劳动保护分类", "safety:classified-list")


@login_required
@business_required
def figures(request):
    """This app's indicators for the user's own subtree and a chosen year."""
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else datetime.date.today().year - 1
    period, org = Period.year(year), request.user.org
    rows = []
    for code in sorted(c for c in REGISTRY if c.startswith("safety.")):
        item = REGISTRY[code]
        value = item.value(org, period)
        rows.append({"item": item, "value": value, "base": getattr(value, "base", ""), "breakdown": item.breakdown(org, period) if item.breakdown else []})
    return render(request, "safety/figures.html", {"title": "劳动保护统计", "rows": rows, "year": year, "org": org, "years": YEARS})


