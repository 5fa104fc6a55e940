"""Pages of honours and model workers: lists (search, filters, Excel, print), the form that
records or proposes an honour, the reviewer's decision, a model worker's own page, the
association's branches, studios, methods and service teams, and the figures."""

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
from gonghui.honours import permissions, selectors, services
from gonghui.honours.forms import BranchForm, DecisionForm, HonourForm, JoinForm, MethodForm, StudioForm, TeamForm
from gonghui.honours.models import HonourKind, HonourLevel, HonourStatus, RecipientKind, StudioLevel, TeamKind

business_required = user_passes_test(permissions.reads_honours, login_url="accounts:login")
YEARS = [(str(y), f"{y}年") for y in range(datetime.date.today().year, 1999, -1)]

HONOUR_LISTING = Listing(
    columns=[
        Column("recipient", "获得者", value=lambda h: h.recipient_name),
        Column("kind", "荣誉类别"),
        Column("level", "级别"),
        Column("year", "年度", sort="year"),
        Column("awarded_on", "授予日期", sort="awarded_on"),
        Column("awarded_by", "授予机关"),
        Column("recipient_kind", "获得者类型"),
        Column("org.name", "所属工会"),
        Column("status", "状态"),
    ],
    search_fields=["member__name", "enterprise__name", "recipient_union__name", "team_name", "certificate_number"],
    search_hint="获得者名称或证书编号",
    filters=[
        Filter("kind", "类别", HonourKind.choices, "kind"),
        Filter("level", "级别", HonourLevel.choices, "level"),
        Filter("status", "状态", HonourStatus.choices, "status"),
        Filter("year", "年度", YEARS, "year"),
        Filter("recipient_kind", "获得者类型", RecipientKind.choices, "recipient_kind"),
    ],
    default_sort="-awarded_on",
    row_url=lambda h: reverse("honours:honour-detail", args=[h.pk]),
    export_name="荣誉名录",
    extra_export=[Column("recommended_by.name", "推荐单位"), Column("certificate_number", "证书编号"), Column("citation", "事迹摘要")],
)


@login_required
@business_required
def honour_list(request):
    return HONOUR_LISTING.respond(request, selectors.honours_visible(request.user), template="honours/honour_list.html", title="荣誉名录",
                                  context={"can_record": permissions.can_record_honours(request.user),
                                           "awaiting": selectors.honours_awaiting(request.user).count()})


@login_required
@business_required
def honour_create(request):
    if not permissions.can_record_honours(request.user):
        raise PermissionDenied("只有市总工会或镇(街道)总工会的经办人可以录入荣誉")
    form = HonourForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            honour = services.honour_record(acting_user=request.user, data=form.cleaned_data, request=request)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            verb = "已提名，待审核人批准" if honour.status == HonourStatus.PROPOSED else "已录入"
            messages.success(request, f"{honour}：{verb}")
            return redirect("honours:honour-detail", honour.pk)
    return render(request, "core/form.html", {"form": form, "title": "录入(提名)荣誉", "cancel_url": reverse("honours:honour-list")})


@login_required
@business_required
def honour_detail(request, honour_id):
    honour = selectors.honour_get(request.user, honour_id)
    return render(request, "honours/honour_detail.html", {
        "honour": honour, "title": str(honour), "form": DecisionForm(),
        "can_decide": honour.status == HonourStatus.PROPOSED and permissions.can_decide_honour(request.user, honour),
        "model_worker": getattr(honour.member, "model_worker", None) if honour.member_id else None,
    })


def _decide(request, honour_id, service, done):
    honour = selectors.honour_get(request.user, honour_id)
    form = DecisionForm(request.POST)
    form.is_valid()
    try:
        service(acting_user=request.user, honour=honour, note=form.cleaned_data.get("note", ""), request=request)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, f"{honour}：{done}")
    return redirect("honours:honour-detail", honour.pk)


@login_required
@business_required
@require_POST
def honour_approve(request, honour_id):
    return _decide(request, honour_id, services.honour_approve, "已批准授予")


@login_required
@business_required
@require_POST
def honour_reject(request, honour_id):
    return _decide(request, honour_id, services.honour_reject, "未予批准")


MODEL_WORKER_LISTING = Listing(
    columns=[
        Column("member.name", "姓名", sort="member__name"),
        Column("member.sex", "性别", value=lambda w: w.member.get_sex_display()),
        Column("member.enterprise.name", "工作单位"),
        Column("org.name", "所属工会"),
        Column("branch.name", "劳模联谊会分会"),
        Column("opened_on", "建档日期", sort="opened_on"),
    ],
    search_fields=["member__name", "branch__name"],
    search_hint="姓名或分会",
    default_sort="-opened_on",
    row_url=lambda w: reverse("honours:model-worker-detail", args=[w.pk]),
    export_name="劳模名册",
)


@login_required
@business_required
def model_worker_list(request):
    return MODEL_WORKER_LISTING.respond(request, selectors.model_workers_visible(request.user), template="honours/association_list.html",
                                        title="劳模名册", context={"section": "workers"})


@login_required
@business_required
def model_worker_detail(request, model_worker_id):
    worker = selectors.model_worker_get(request.user, model_worker_id)
    can_keep = permissions.can_keep_model_workers(request.user)
    form = JoinForm(branches=selectors.branches_visible(request.user), teams=selectors.teams_visible(request.user)) if can_keep else None
    return render(request, "honours/model_worker_detail.html", {
        "worker": worker, "title": f"劳模 {worker.member.name}", "form": form,
        "honours": selectors.honours_visible(request.user).filter(member=worker.member).order_by("-awarded_on"),
        "studios": worker.studios.all(), "methods": worker.methods.all(), "teams": worker.teams.all(),
        "help": selectors.help_received(request.user, worker.member),
    })


@login_required
@business_required
@require_POST
def model_worker_join(request, model_worker_id):
    worker = selectors.model_worker_get(request.user, model_worker_id)
    branches, teams = selectors.branches_visible(request.user), selectors.teams_visible(request.user)
    form = JoinForm(request.POST, branches=branches, teams=teams)
    if form.is_valid():
        branch = branches.filter(pk=form.cleaned_data["branch"]).first() if form.cleaned_data["branch"] else None
        team = teams.filter(pk=form.cleaned_data["team"]).first() if form.cleaned_data["team"] else None
        if branch or team:
            services.model_worker_join(acting_user=request.user, model_worker=worker, branch=branch, team=team, request=request)
            messages.success(request, "已更新")
    else:
        messages.error(request, "所选分会或服务队不存在或不在您的管辖范围内")
    return redirect("honours:model-worker-detail", worker.pk)


# The association's own tables: one list and one form each -----------------------------------

SECTIONS = {
    "branches": dict(title="劳模联谊会分会", selector=selectors.branches_visible, form=BranchForm, service=services.branch_create, listing=Listing(
        columns=[Column("name", "分会名称", sort="name"), Column("org.name", "所属工会"), Column("founded_on", "成立日期", sort="founded_on"),
                 Column("contact_name", "联系人")],
        search_fields=["name"], default_sort="name", export_name="劳模联谊会分会")),
    "studios": dict(title="劳模创新工作室", selector=selectors.studios_visible, form=StudioForm, service=services.studio_create, listing=Listing(
        columns=[Column("name", "工作室名称", sort="name"), Column("leader.member.name", "领衔劳模"), Column("level", "级别"),
                 Column("org.name", "所属工会"), Column("named_on", "授牌日期", sort="named_on")],
        search_fields=["name", "leader__member__name"], filters=[Filter("level", "级别", StudioLevel.choices, "level")],
        default_sort="-named_on", export_name="劳模创新工作室")),
    "methods": dict(title="劳模岗位先进操作法", selector=selectors.methods_visible, form=MethodForm, service=services.method_create, listing=Listing(
        columns=[Column("name", "操作法名称", sort="name"), Column("model_worker.member.name", "劳模"), Column("org.name", "所属工会"),
                 Column("named_on", "命名日期", sort="named_on")],
        search_fields=["name", "model_worker__member__name"], default_sort="-named_on", export_name="劳模先进操作法")),
    "teams": dict(title="劳模服务队", selector=selectors.teams_visible, form=TeamForm, service=services.team_create, listing=Listing(
        columns=[Column("name", "服务队名称", sort="name"), Column("kind", "类型"), Column("org.name", "所属工会"),
                 Column("founded_on", "成立日期", sort="founded_on")],
        search_fields=["name"], filters=[Filter("kind", "类型", TeamKind.choices, "kind")], default_sort="-founded_on", export_name="劳模服务队")),
}


def _section_list(name):
    section = SECTIONS[name]

    @login_required
    @business_required
    def view(request):
        return section["listing"].respond(request, section["selector"](request.user), template="honours/association_list.html", title=section["title"],
                                          context={"section": name, "can_keep": permissions.can_keep_model_workers(request.user)})

    return view


def _section_create(name):
    section = SECTIONS[name]

    @login_required
    @business_required
    def view(request):
        if not permissions.can_keep_model_workers(request.user):
            raise PermissionDenied("只有市总工会或镇(街道)总工会的经办人可以办理")
        form = section["form"](request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                obj = section["service"](acting_user=request.user, data=form.cleaned_data, request=request)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, f"已新增「{obj}」")
                return redirect(f"honours:{name}-list")
        return render(request, "core/form.html", {"form": form, "title": f"新增{section['title']}", "cancel_url": reverse(f"honours:{name}-list")})

    return view


# The figures --------------------------------------------------------------------------------


def figures_page(request, *, prefix: str, title: str, template: str):
    """This app's indicators for the user's own subtree and a chosen year."""
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else datetime.date.today().year - 1
    period, org = Period.year(year), request.user.org
    rows = []
    for code in sorted(c for c in REGISTRY if c.startswith(prefix + ".")):
        item = REGISTRY[code]
        value = item.value(org, period)
        rows.append({"item": item, "value": value, "base": getattr(value, "base", ""),
                     "breakdown": item.breakdown(org, period) if item.breakdown else []})
    return render(request, template, {"title": title, "rows": rows, "year": year, "org": org, "years": YEARS})


@login_required
@business_required
def figures(request):
    return figures_page(request, prefix="honours", title="荣誉与劳模统计", template="honours/figures.html")
