import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core.forms import attach_errors
from gonghui.core.listing import Column, Filter, Listing
from gonghui.core.roles import reads_business_data
from gonghui.orgs import selectors as org_selectors
from gonghui.outreach import permissions, selectors, services
from gonghui.outreach.forms import GroupForm, VisitForm
from gonghui.outreach.models import PlaceKind

business_required = user_passes_test(reads_business_data, login_url="accounts:login")
YEARS = [(str(y), f"{y}年") for y in range(datetime.date.today().year, 2004, -1)]
TOTALS = ["workers_met", "meetings", "talks", "tech_help", "materials", "problems_raised", "problems_solved"]

VISIT_COLUMNS = [
    Column("visited_on", "走访日期", sort="visited_on"),
    Column("group.name", "小组"),
    Column("place_kind", "走访对象"),
    Column("place", "走访单位", value=lambda v: v.place_name),
    Column("workers_met", "访问职工", sort="workers_met"),
    Column("meetings", "座谈会"),
    Column("talks", "宣讲"),
    Column("tech_help", "技术帮扶"),
    Column("materials", "资料(份)"),
    Column("problems_raised", "反映问题"),
    Column("problems_solved", "解决问题"),
]
VISIT_LISTING = Listing(
    columns=VISIT_COLUMNS,
    search_fields=["enterprise__name", "org__name", "team_name", "group__name"],
    search_hint="走访单位、班组或小组",
    filters=[Filter("place_kind", "走访对象", PlaceKind.choices, "place_kind"), Filter("year", "年份", YEARS, "visited_on__year")],
    default_sort="-visited_on",
    row_url=lambda v: reverse("outreach:visit-detail", args=[v.pk]),
    export_name="双服务走访",
    extra_export=[Column("org.name", "所在工会"), Column("problems_note", "问题及解决情况")],
)


@login_required
@business_required
def visit_list(request):
    rows, node = org_selectors.within_requested_node(request.user, selectors.visits_visible(request.user), request.GET.get("org", ""))
    totals = VISIT_LISTING.filtered(request, rows).order_by().aggregate(**{k: Sum(k) for k in TOTALS})
    return VISIT_LISTING.respond(request, rows, template="outreach/visit_list.html", title=f"双服务走访{'(' + node.name + ')' if node else ''}",
                                 context={"totals": totals})


GROUP_LISTING = Listing(
    columns=[
        Column("year", "年度", sort="year"),
        Column("name", "组名", sort="name"),
        Column("leader", "组长", value=lambda g: g.leader.name if g.leader else ""),
        Column("members", "成员", value=lambda g: "、".join(m.name for m in g.members.all() if not m.is_leader)),
        Column("org.name", "派出单位"),
        Column("visit_count", "走访次数"),
    ],
    search_fields=["name"],
    filters=[Filter("year", "年度", YEARS, "year")],
    default_sort="-year",
    row_url=lambda g: reverse("outreach:group-detail", args=[g.pk]),
    export_name="双服务小组",
)


@login_required
@business_required
def group_list(request):
    rows, node = org_selectors.within_requested_node(request.user, selectors.groups_visible(request.user), request.GET.get("org", ""))
    return GROUP_LISTING.respond(request, rows, template="outreach/group_list.html", title=f"双服务小组{'(' + node.name + ')' if node else ''}",
                                 context={"can_write": permissions.can_record_outreach(request.user)})


@login_required
@business_required
def group_create(request):
    if not permissions.can_record_outreach(request.user):
        raise PermissionDenied("无权录入")
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data.get("org_code")
        org = org_selectors.org_get_by_code(request.user, code) if code else request.user.org
        if org is None:
            form.add_error("org_code", "该编码的单位不存在或不在您的管辖范围内")
        else:
            try:
                group = services.group_create(acting_user=request.user, org=org, data=form.cleaned_data, request=request)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, f"已组建 {group}")
                return redirect("outreach:group-detail", group.pk)
    return render(request, "core/form.html", {"form": form, "title": "组建双服务小组", "cancel_url": reverse("outreach:group-list")})


@login_required
@business_required
def group_detail(request, outreach_group_id):
    group = selectors.group_get(request.user, outreach_group_id)
    visits = selectors.visits_visible(request.user).filter(group=group)
    return render(request, "outreach/group_detail.html", {
        "group": group, "title": str(group), "visits": visits, "totals": visits.order_by().aggregate(**{k: Sum(k) for k in TOTALS}),
        "can_write": permissions.can_record_outreach(request.user),
    })


@login_required
@business_required
def visit_create(request, outreach_group_id):
    group = selectors.group_get(request.user, outreach_group_id)
    if not permissions.can_record_outreach(request.user):
        raise PermissionDenied("无权录入")
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org, enterprise = selectors.place_find(request.user, form.cleaned_data["place"])
        if org is None:
            form.add_error("place", "走访单位不存在或不在您的管辖范围内")
        else:
            try:
                visit = services.visit_record(acting_user=request.user, group=group, org=org, enterprise=enterprise, data=form.cleaned_data, request=request)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, f"已登记：{visit}")
                return redirect("outreach:group-detail", group.pk)
    return render(request, "core/form.html", {"form": form, "title": f"{group} 登记走访", "cancel_url": reverse("outreach:group-detail", args=[group.pk])})


@login_required
@business_required
def visit_detail(request, outreach_visit_id):
    visit = selectors.visit_get(request.user, outreach_visit_id)
    return render(request, "outreach/visit_detail.html", {"visit": visit, "title": str(visit)})
