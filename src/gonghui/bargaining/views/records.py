"""Democratic management and union building: records that each belong to one union and are
kept as a list with a form (workers' congresses, regional congresses, inspections, star
ratings, the two displays, model homes, member reviews, chair elections)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gonghui.core.forms import attach_errors
from gonghui.core.listing import Column, Filter, Listing
from gonghui.orgs import selectors as org_selectors

from gonghui.bargaining import forms, permissions, selectors, services
from gonghui.bargaining.views.common import business_page, create_page, org_from_code

YEARS = [(str(y), f"{y}年") for y in range(timezone.localdate().year, 2004, -1)]
ORG = [Column("org.name", "工会"), Column("org.code", "组织编码")]


def _pages(*, name, title, listing, rows, form_class, service, create_title, links=()):
    """The list view and the create view of one kind of record kept on a union."""

    @business_page
    def list_view(request):
        queryset, _ = org_selectors.within_requested_node(request.user, rows(request.user), request.GET.get("org", ""))
        return listing.respond(request, queryset, template="bargaining/list.html", title=title, context={
            "create_url": reverse(f"bargaining:{name}-create"), "create_label": create_title, "links": [(reverse(u), label) for u, label in links]})

    @business_page
    def create_view(request):
        form = form_class(request.POST or None)

        def save(form):
            org = org_from_code(request, form)
            if org is None:
                return None
            data = {k: v for k, v in form.cleaned_data.items() if k != "org_code"}
            return service(request, org, data)

        return create_page(request, form, title=create_title, cancel_url=reverse(f"bargaining:{name}-list"), save=save,
                           success=lambda obj: reverse(f"bargaining:{name}-list"))

    return list_view, create_view


democracy_list, democracy_create = _pages(
    name="democracy", title="职代会与厂务公开", create_title="登记职代会、厂务公开建制",
    listing=Listing(columns=ORG + [Column("congress_established_on", "职代会建制日期", sort="congress_established_on"),
                                   Column("disclosure_established_on", "厂务公开建制日期"), Column("sessions_per_year", "每年召开次数")],
                    search_fields=("org__name", "org__code"), filters=[Filter("year", "职代会建制年份", YEARS, "congress_established_on__year")],
                    default_sort="-congress_established_on", export_name="职代会厂务公开",
                    row_url=lambda w: reverse("bargaining:democracy-detail", args=[w.pk])),
    rows=selectors.democracy_visible, form_class=forms.DemocracyForm,
    service=lambda request, org, data: services.democracy_record(acting_user=request.user, org=org, data=data, request=request),
    links=[("bargaining:regional-congress-list", "区域性职代会"), ("bargaining:inspection-list", "职工代表巡视")],
)

regional_congress_list, _ = _pages(
    name="regional-congress", title="区域性(行业性)职代会", create_title="建立区域性职代会",
    listing=Listing(columns=[Column("name", "名称", sort="name")] + ORG + [Column("established_on", "建制日期", sort="established_on"),
                                                                        Column("representatives", "职工代表人数")],
                    search_fields=("name", "org__name"), default_sort="-established_on", export_name="区域性职代会",
                    row_url=lambda c: reverse("bargaining:regional-congress-detail", args=[c.pk])),
    rows=selectors.regional_congresses_visible, form_class=forms.RegionalCongressForm, service=None,
)

inspection_list, inspection_create = _pages(
    name="inspection", title="职工代表巡视", create_title="登记职工代表巡视",
    listing=Listing(columns=ORG + [Column("held_on", "巡视日期", sort="held_on"), Column("representatives", "参加代表"), Column("subject", "巡视内容"),
                                   Column("findings", "发现问题及整改")],
                    search_fields=("org__name", "subject"), filters=[Filter("year", "年份", YEARS, "held_on__year")], default_sort="-held_on", export_name="职工代表巡视"),
    rows=selectors.inspections_visible, form_class=forms.InspectionForm,
    service=lambda request, org, data: services.inspection_create(acting_user=request.user, org=org, data=data, request=request),
)

rating_list, rating_create = _pages(
    name="rating", title="规范化工会星级评定", create_title="录入星级评定",
    listing=Listing(columns=ORG + [Column("year", "评定年度", sort="year"), Column("stars", "星级", sort="stars"), Column("rated_on", "评定日期")],
                    search_fields=("org__name", "org__code"), filters=[Filter("year", "评定年度", YEARS, "year"),
                                                                       Filter("stars", "星级", [(str(n), f"{n}星级") for n in range(5, 0, -1)], "stars")],
                    default_sort="-year", export_name="星级评定"),
    rows=selectors.ratings_visible, form_class=forms.RatingForm,
    service=lambda request, org, data: services.rating_record(acting_user=request.user, org=org, request=request, **data),
    links=[("bargaining:rating-years", "评定年度")],
)

displays_list, displays_create = _pages(
    name="displays", title="“双亮”(亮牌子、亮身份)", create_title="登记“双亮”",
    listing=Listing(columns=ORG + [Column("plaque_on", "亮牌子日期", sort="plaque_on"), Column("identity_on", "亮身份日期", sort="identity_on")],
                    search_fields=("org__name", "org__code"), default_sort="org__code", export_name="双亮"),
    rows=selectors.displays_visible, form_class=forms.DisplaysForm,
    service=lambda request, org, data: services.displays_record(acting_user=request.user, org=org, request=request, **data),
)

model_home_list, model_home_create = _pages(
    name="model-home", title="模范职工之家", create_title="登记模范职工之家",
    listing=Listing(columns=ORG + [Column("level", "级别"), Column("awarded_on", "命名日期", sort="awarded_on")],
                    search_fields=("org__name",), filters=[Filter("year", "年份", YEARS, "awarded_on__year")], default_sort="-awarded_on", export_name="模范职工之家"),
    rows=selectors.model_homes_visible, form_class=forms.ModelHomeForm,
    service=lambda request, org, data: services.model_home_create(acting_user=request.user, org=org, data=data, request=request),
)

review_list, review_create = _pages(
    name="review", title="会员评议", create_title="登记会员评议",
    listing=Listing(columns=ORG + [Column("held_on", "评议日期", sort="held_on"), Column("participants", "参评人数"), Column("satisfied", "满意人数")],
                    search_fields=("org__name",), filters=[Filter("year", "年份", YEARS, "held_on__year")], default_sort="-held_on", export_name="会员评议"),
    rows=selectors.reviews_visible, form_class=forms.ReviewForm,
    service=lambda request, org, data: services.review_create(acting_user=request.user, org=org, data=data, request=request),
)

election_list, election_create = _pages(
    name="election", title="工会主席直选", create_title="登记主席直选",
    listing=Listing(columns=ORG + [Column("elected_on", "选举日期", sort="elected_on"), Column("chair_name", "当选主席"), Column("voters", "应到人数"),
                                   Column("votes_for", "得票数")],
                    search_fields=("org__name", "chair_name"), filters=[Filter("year", "年份", YEARS, "elected_on__year")], default_sort="-elected_on",
                    export_name="主席直选"),
    rows=selectors.elections_visible, form_class=forms.ElectionForm,
    service=lambda request, org, data: services.election_create(acting_user=request.user, org=org, data=data, request=request),
)


@business_page
def regional_congress_create(request):
    form = forms.RegionalCongressForm(request.POST or None)

    def save(form):
        org = org_from_code(request, form)
        listed = []
        for code in form.cleaned_data["enterprise_codes"]:
            found = selectors.enterprise_by_code(request.user, code)
            if found is None:
                form.add_error("enterprise_codes", f"信用代码 {code} 的企业不存在或不在您的管辖范围内")
            listed.append(found)
        if form.errors:
            return None
        data = {k: form.cleaned_data[k] for k in ("name", "established_on", "representatives")}
        return services.regional_congress_create(acting_user=request.user, org=org, data=data, enterprises=listed, request=request)

    return create_page(request, form, title="建立区域性职代会", cancel_url=reverse("bargaining:regional-congress-list"), save=save,
                       success=lambda c: reverse("bargaining:regional-congress-detail", args=[c.pk]))


@business_page
def regional_congress_detail(request, regional_congress_id):
    congress = selectors.regional_congress_get(request.user, regional_congress_id)
    covered = congress.covered.select_related("enterprise").order_by("enterprise__name")
    return render(request, "bargaining/regional_congress_detail.html", {"congress": congress, "title": congress.name, "covered": covered})


@business_page
def democracy_detail(request, democracy_id):
    democracy = selectors.democracy_get(request.user, democracy_id)
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST":
        if not permissions.can_record(request.user):
            raise PermissionDenied("您的角色不能录入")
        if form.is_valid():
            try:
                services.session_add(acting_user=request.user, democracy=democracy, data=form.cleaned_data, request=request)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, "已登记职代会会议")
                return redirect("bargaining:democracy-detail", democracy.pk)
    return render(request, "bargaining/democracy_detail.html", {
        "democracy": democracy, "title": f"{democracy.org.name} 职代会、厂务公开", "sessions": democracy.sessions.all(), "form": form,
        "can_record": permissions.can_record(request.user)})


@business_page
def rating_years(request):
    form = forms.RatingYearForm(request.POST or None)
    if request.method == "POST":
        if not permissions.can_open_rating_year(request.user):
            raise PermissionDenied("只有市总工会的经办人可以开放评定年度")
        if form.is_valid():
            try:
                services.rating_year_open(acting_user=request.user, year=form.cleaned_data["year"], request=request)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, "已开放评定年度")
                return redirect("bargaining:rating-years")
    return render(request, "bargaining/rating_years.html", {"title": "星级评定年度", "years": selectors.rating_years(), "form": form,
                                                            "can_open": permissions.can_open_rating_year(request.user)})
