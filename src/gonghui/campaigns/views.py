import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.campaigns import forms, permissions, selectors, services
from gonghui.campaigns.models import (
    AwardLevel, Certificate, ContestKind, InHouseAward, InnovationKind, Medal, Prize, Stage, Title,
)
from gonghui.core.forms import attach_errors
from gonghui.core.indicators import REGISTRY, Period
from gonghui.core.listing import Column, Filter, Listing
from gonghui.core.roles import reads_business_data, writes_business_data
from gonghui.orgs import selectors as org_selectors

business_required = user_passes_test(reads_business_data, login_url="accounts:login")
YEARS = [(str(y), f"{y}年") for y in range(datetime.date.today().year, 2004, -1)]


def _org_from(request, form):
    """The union a record is filed under: the code typed, or the clerk's own union."""
    code = (form.cleaned_data.get("org_code") or "").strip()
    org = org_selectors.org_get_by_code(request.user, code) if code else request.user.org
    if org is None:
        form.add_error("org_code", "该编码的工会不存在或不在您的管辖范围内")
    return org


def _enterprise_from(request, form):
    code = (form.cleaned_data.get("enterprise_code") or "").strip().upper()
    if not code:
        return None, True
    enterprise = org_selectors.enterprises_visible(request.user).select_related("org").filter(credit_code=code).first()
    if enterprise is None:
        form.add_error("enterprise_code", "该信用代码的企业不存在或不在您的管辖范围内")
        return None, False
    return enterprise, True


def _create_page(request, form, title, cancel, save):
    """Show `form`; on a valid post call save(org, enterprise) and go where it says."""
    if request.method == "POST" and form.is_valid():
        org = _org_from(request, form)
        enterprise, ok = _enterprise_from(request, form) if "enterprise_code" in form.fields else (None, True)
        if org is not None and ok:
            try:
                return save(org, enterprise)
            except ValidationError as exc:
                attach_errors(form, exc)
            except PermissionDenied:
                form.add_error("org_code", "您无权在该工会登记")
    return render(request, "core/form.html", {"form": form, "title": title, "cancel_url": reverse(cancel)})


def _writer(request):
    if not writes_business_data(request.user):
        raise PermissionDenied("只有经办人和审核人可以登记")


# Contests ---------------------------------------------------------------------------------------

CONTEST_LISTING = Listing(
    columns=[
        Column("code", "竞赛编号"), Column("name", "名称"), Column("kind", "类型"), Column("organiser", "主办单位"),
        Column("starts_on", "开始日期", sort="starts_on"), Column("ends_on", "结束日期", sort="ends_on"),
        Column("event_count", "项目数"), Column("unit_count", "参赛单位"), Column("org.name", "主办工会"),
    ],
    search_fields=["name", "code", "organiser"], search_hint="竞赛名称、编号或主办单位",
    filters=[Filter("kind", "类型", ContestKind.choices, "kind"), Filter("year", "年份", YEARS, "ends_on__year")],
    default_sort="-starts_on", row_url=lambda c: reverse("campaigns:contest-detail", args=[c.pk]), export_name="劳动竞赛",
)


@login_required
@business_required
def contest_list(request):
    return CONTEST_LISTING.respond(request, selectors.contests_visible(request.user), template="campaigns/contest_list.html", title="劳动竞赛与技能比武")


@login_required
@business_required
def contest_create(request):
    _writer(request)
    form = forms.ContestForm(request.POST or None)

    def save(org, _enterprise):
        contest = services.contest_create(acting_user=request.user, org=org, data=form.cleaned_data, request=request)
        messages.success(request, f"已登记竞赛「{contest.name}」")
        return redirect("campaigns:contest-detail", contest.pk)

    return _create_page(request, form, "登记劳动竞赛", "campaigns:contest-list", save)


@login_required
@business_required
def contest_detail(request, contest_id):
    contest = selectors.contest_get(request.user, contest_id)
    return render(request, "campaigns/contest_detail.html", {
        "contest": contest, "title": contest.name, "summary": selectors.contest_summary(contest), "events": selectors.contest_events(contest),
        "awards": contest.unit_awards.select_related("org"), "can_manage": permissions.can_manage_contest(request.user, contest),
        "is_sports": contest.kind == ContestKind.SPORTS_GAMES,
    })


@login_required
@business_required
def contest_edit(request, contest_id):
    contest = selectors.contest_get(request.user, contest_id)
    if not permissions.can_manage_contest(request.user, contest):
        raise PermissionDenied("无权修改该竞赛")
    initial = {k: getattr(contest, k) for k in ("name", "organiser", "starts_on", "ends_on", "note")}
    form = forms.ContestEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.contest_update(acting_user=request.user, contest=contest, data=form.cleaned_data, request=request)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, "已保存")
            return redirect("campaigns:contest-detail", contest.pk)
    return render(request, "core/form.html", {"form": form, "title": f"修改竞赛 {contest.code}", "cancel_url": reverse("campaigns:contest-detail", args=[contest.pk])})


@login_required
@business_required
def contest_events_add(request, contest_id):
    contest = selectors.contest_get(request.user, contest_id)
    if not permissions.can_manage_contest(request.user, contest):
        raise PermissionDenied("无权修改该竞赛")
    form = forms.EventsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.contest_events_add(acting_user=request.user, contest=contest, text=form.cleaned_data["events"], request=request)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, f"已增加{added}个项目")
            return redirect("campaigns:contest-detail", contest.pk)
    return render(request, "core/form.html", {"form": form, "title": f"{contest.name}：增加比赛项目", "cancel_url": reverse("campaigns:contest-detail", args=[contest.pk])})


@login_required
@business_required
def unit_award_create(request, contest_id):
    contest = selectors.contest_get(request.user, contest_id)
    if not permissions.can_manage_contest(request.user, contest):
        raise PermissionDenied("无权修改该竞赛")
    form = forms.UnitAwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = _org_from(request, form)
        if org is not None:
            try:
                services.unit_award_create(acting_user=request.user, contest=contest, kind=form.cleaned_data["kind"], org=org,
                                           unit_name=form.cleaned_data["unit_name"], request=request)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, "已登记单位奖")
                return redirect("campaigns:contest-detail", contest.pk)
    return render(request, "core/form.html", {"form": form, "title": f"{contest.name}：优秀承办/组织单位", "cancel_url": reverse("campaigns:contest-detail", args=[contest.pk])})


ENTRY_LISTING = Listing(
    columns=[
        Column("bib", "参赛编号", sort="bib"), Column("name", "姓名", sort="name"), Column("id_number", "身份证号"), Column("event", "项目", value=lambda e: str(e.event)),
        Column("unit.name", "单位/代表队"), Column("stage", "阶段"), Column("rank", "名次", sort="rank"), Column("prize", "奖项"), Column("medal", "奖牌"),
        Column("title", "称号"), Column("certificate", "证书"), Column("certificate_issuer", "发证机关"),
        Column("member_id", "会员", value=lambda e: "是" if e.member_id else "否"),
    ],
    search_fields=["name", "bib", "unit__name", "event__name"], search_hint="姓名、参赛编号、单位或项目",
    filters=[
        Filter("stage", "阶段", Stage.choices, "stage"), Filter("prize", "奖项", Prize.choices, "prize"), Filter("medal", "奖牌", Medal.choices, "medal"),
        Filter("title", "称号", Title.choices, "title"), Filter("certificate", "证书", Certificate.choices, "certificate"),
    ],
    default_sort="bib", export_name="参赛名单",
)


@login_required
@business_required
def entry_list(request, contest_id):
    contest = selectors.contest_get(request.user, contest_id)
    return ENTRY_LISTING.respond(request, selectors.contest_entries(contest), template="campaigns/entry_list.html", title=f"{contest.name}：参赛名单与成绩",
                                 context={"contest": contest, "can_manage": permissions.can_manage_contest(request.user, contest)})


UNIT_LISTING = Listing(
    columns=[Column("name", "单位/代表队", sort="name"), Column("org.name", "所在工会"), Column("org.code", "工会编码"), Column("entry_count", "参赛人次", sort="entry_count")],
    search_fields=["name"], search_hint="单位名称", default_sort="name", export_name="参赛单位",
)


@login_required
@business_required
def unit_list(request, contest_id):
    contest = selectors.contest_get(request.user, contest_id)
    return UNIT_LISTING.respond(request, selectors.contest_units(contest), title=f"{contest.name}：参赛单位")


# Innovation -------------------------------------------------------------------------------------

INNOVATION_LISTING = Listing(
    columns=[
        Column("number", "成果编号", sort="number"), Column("title", "成果名称"), Column("kind", "类别"), Column("level", "评定级别"), Column("enterprise.name", "企业"), Column("team", "完成人/小组"),
        Column("awarded_on", "评定日期", sort="awarded_on"), Column("benefit", "经济效益(元)", sort="benefit"), Column("org.name", "所在工会"),
    ],
    search_fields=["title", "number", "team", "enterprise__name"], search_hint="成果名称、编号、完成人或企业",
    filters=[Filter("kind", "类别", InnovationKind.choices, "kind"), Filter("level", "级别", AwardLevel.choices, "level"), Filter("year", "年份", YEARS, "awarded_on__year")],
    default_sort="-awarded_on", export_name="创新成果",
)


@login_required
@business_required
def innovation_list(request):
    return INNOVATION_LISTING.respond(request, selectors.innovations_visible(request.user), template="campaigns/innovation_list.html", title="“五小”创新与QC攻关")


@login_required
@business_required
def innovation_create(request):
    _writer(request)
    form = forms.InnovationForm(request.POST or None)

    def save(org, enterprise):
        item = services.innovation_create(acting_user=request.user, org=org, data={**form.cleaned_data, "enterprise": enterprise}, request=request)
        messages.success(request, f"已登记「{item.title}」")
        return redirect("campaigns:innovation-list")

    return _create_page(request, form, "登记创新成果", "campaigns:innovation-list", save)


RATING_LISTING = Listing(
    columns=[
        Column("unit_name", "企业/行业协会", value=lambda r: r.unit_name), Column("year", "年度", sort="year"),
        Column("technical_count", "评聘技术类", sort="technical_count"), Column("skilled_count", "评聘技能类", sort="skilled_count"),
        Column("city_award", "市级表彰"), Column("org.name", "所在工会"),
    ],
    search_fields=["enterprise__name", "association"], search_hint="企业或协会名称",
    filters=[Filter("year", "年度", YEARS, "year"), Filter("award", "市级表彰", InHouseAward.choices, "city_award")],
    default_sort="-year", export_name="内部技术职称评聘",
)


@login_required
@business_required
def rating_list(request):
    return RATING_LISTING.respond(request, selectors.ratings_visible(request.user), template="campaigns/rating_list.html", title="内部技术职称、技能等级评聘")


@login_required
@business_required
def rating_create(request):
    _writer(request)
    form = forms.InHouseForm(request.POST or None)

    def save(org, enterprise):
        services.inhouse_record(acting_user=request.user, org=org, data={**form.cleaned_data, "enterprise": enterprise}, request=request)
        messages.success(request, "已登记内部评聘")
        return redirect("campaigns:rating-list")

    return _create_page(request, form, "登记内部技术职称、技能等级评聘", "campaigns:rating-list", save)


BASE_LISTING = Listing(
    columns=[
        Column("name", "基地名称", sort="name"), Column("level", "级别"), Column("enterprise.name", "依托企业"),
        Column("established_on", "建立日期", sort="established_on"), Column("closed_on", "撤销日期"), Column("org.name", "所在工会"),
    ],
    search_fields=["name", "enterprise__name"], search_hint="基地或企业名称",
    filters=[Filter("level", "级别", AwardLevel.choices, "level"), Filter("year", "建立年份", YEARS, "established_on__year")],
    default_sort="-established_on", row_url=lambda b: reverse("campaigns:base-detail", args=[b.pk]), export_name="职工技能培训基地",
)


@login_required
@business_required
def base_list(request):
    return BASE_LISTING.respond(request, selectors.bases_visible(request.user), template="campaigns/base_list.html", title="职工技能培训基地")


@login_required
@business_required
def base_create(request):
    _writer(request)
    form = forms.TrainingBaseForm(request.POST or None)

    def save(org, enterprise):
        base = services.training_base_create(acting_user=request.user, org=org, data={**form.cleaned_data, "enterprise": enterprise}, request=request)
        messages.success(request, f"已登记培训基地「{base.name}」")
        return redirect("campaigns:base-detail", base.pk)

    return _create_page(request, form, "登记职工技能培训基地", "campaigns:base-list", save)


@login_required
@business_required
def base_detail(request, base_id):
    base = selectors.base_get(request.user, base_id)
    can_manage = permissions.can_manage_base(request.user, base)
    form = forms.TrainingYearForm(request.POST or None)
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("无权修改该培训基地")
        if form.is_valid():
            try:
                services.training_year_record(acting_user=request.user, base=base, request=request, **form.cleaned_data)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, "已登记培训情况")
                return redirect("campaigns:base-detail", base.pk)
    return render(request, "campaigns/base_detail.html", {"base": base, "title": base.name, "years": base.years.all(), "form": form, "can_manage": can_manage})


# Figures ----------------------------------------------------------------------------------------


@login_required
@business_required
def figures(request):
    """This area's indicators for the user's subtree and a year: what the report quotes."""
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= datetime.date.today().year else datetime.date.today().year
    period, org = Period.year(year), request.user.org
    rows = [{"code": item.code, "name": item.name, "unit": item.unit, "definition": item.definition, "value": item.value(org, period)}
            for item in REGISTRY.values() if item.code.startswith("campaigns.")]  # in the order indicators.py declares them
    return render(request, "campaigns/figures.html", {"title": f"劳动竞赛与创新指标({org.name}，{period.label})", "rows": rows, "year": year, "years": YEARS})
