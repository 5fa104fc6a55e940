import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required, user_passes_test
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gonghui.core.forms import attach_errors
from gonghui.core.listing import Column, Filter, Listing
from gonghui.core.roles import reads_business_data
from gonghui.culture import permissions, selectors, services
from gonghui.culture.forms import AssessmentForm, BodyForm, DeliveryForm, LearningEnterpriseForm, LibraryForm, RecognitionForm
from gonghui.culture.models import AssessmentLevel, BodyKind, DeliveryKind, RecognitionKind, RecognitionLevel
from gonghui.orgs import selectors as org_selectors

business_required = user_passes_test(reads_business_data, login_url="accounts:login")
YEARS = [(str(y), f"{y}年") for y in range(datetime.date.today().year, 2004, -1)]
PLACE_MISSING = "该单位不存在或不在您的管辖范围内(填企业统一社会信用代码或工会组织编码)"


def _page(request, listing, queryset, title, template="culture/list.html", **context):
    queryset, node = org_selectors.within_requested_node(request.user, queryset, request.GET.get("org", ""), path_field=context.pop("path_field", "org__path"))
    context.update(can_write=permissions.can_record_culture(request.user))
    return listing.respond(request, queryset, template=template, title=f"{title}{'(' + node.name + ')' if node else ''}", context=context)


def _form_page(request, form, title, cancel, save):
    """A create form: `save(form)` calls the service and returns where to go next, or
    None when it put its errors on the form."""
    if not permissions.can_record_culture(request.user):
        raise PermissionDenied("无权录入职工文化记录")
    if request.method == "POST" and form.is_valid():
        try:
            target = save(form)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            if target:
                return redirect(target)
    return render(request, "core/form.html", {"form": form, "title": title, "cancel_url": reverse(cancel)})


def _place(request, form):
    org, enterprise = selectors.place_find(request.user, form.cleaned_data["place"])
    if org is None:
        form.add_error("place", PLACE_MISSING)
    return org, enterprise


# Deliveries ---------------------------------------------------------------------------------

DELIVERY_LISTING = Listing(
    columns=[
        Column("delivered_on", "日期", sort="delivered_on"),
        Column("kind", "类别"),
        Column("title", "节目/影片/书目", sort="title"),
        Column("place", "受送单位", value=lambda d: d.place_name),
        Column("org.name", "所属工会"),
        Column("quantity", "数量", value=lambda d: f"{d.quantity}{d.quantity_unit}", sort="quantity"),
        Column("audience", "受惠职工(人次)", sort="audience"),
    ],
    search_fields=["title", "enterprise__name", "org__name"],
    search_hint="节目、影片、书目或受送单位",
    filters=[Filter("kind", "类别", DeliveryKind.choices, "kind"), Filter("year", "年份", YEARS, "delivered_on__year")],
    default_sort="-delivered_on",
    row_url=lambda d: reverse("culture:delivery-detail", args=[d.pk]),
    export_name="送文化记录",
    extra_export=[Column("note", "说明"), Column("recorded_by.username", "经办人")],
)


@login_required
@business_required
def delivery_list(request):
    return _page(request, DELIVERY_LISTING, selectors.deliveries_visible(request.user), "送文化", create_url=reverse("culture:delivery-create"), create_label="登记送文化")


@login_required
@business_required
def delivery_create(request):
    def save(form):
        org, enterprise = _place(request, form)
        if org is None:
            return None
        delivery = services.delivery_record(acting_user=request.user, org=org, enterprise=enterprise, data=form.cleaned_data, request=request)
        messages.success(request, f"已登记送{delivery.get_kind_display()}「{delivery.title}」")
        return reverse("culture:delivery-detail", args=[delivery.pk])

    return _form_page(request, DeliveryForm(request.POST or None), "登记送文化(演出、电影、书籍)", "culture:delivery-list", save)


@login_required
@business_required
def delivery_detail(request, delivery_id):
    delivery = selectors.delivery_get(request.user, delivery_id)
    return render(request, "culture/delivery_detail.html", {
        "delivery": delivery, "title": str(delivery), "can_delete": permissions.can_record_at(request.user, delivery.org),
    })


@login_required
@business_required
@require_POST
def delivery_delete(request, delivery_id):
    delivery = selectors.delivery_get(request.user, delivery_id)
    services.delivery_delete(acting_user=request.user, delivery=delivery, request=request)
    messages.success(request, "已删除该送文化记录")
    return redirect("culture:delivery-list")


# Libraries ----------------------------------------------------------------------------------

LIBRARY_LISTING = Listing(
    columns=[
        Column("name", "书屋名称", sort="name"),
        Column("place", "所在单位", value=lambda lib: lib.enterprise.name if lib.enterprise_id else lib.org.name),
        Column("opened_on", "建成日期", sort="opened_on"),
        Column("books_held", "藏书(册)", sort="books_held"),
        Column("area_m2", "面积(平方米)"),
        Column("level", "认定级别"),
    ],
    search_fields=["name", "enterprise__name", "org__name"],
    filters=[Filter("level", "认定级别", RecognitionLevel.choices, "level")],
    default_sort="-opened_on",
    row_url=lambda lib: reverse("culture:library-detail", args=[lib.pk]),
    export_name="职工书屋",
)


@login_required
@business_required
def library_list(request):
    return _page(request, LIBRARY_LISTING, selectors.libraries_visible(request.user), "职工书屋", create_url=reverse("culture:library-create"), create_label="登记职工书屋")


@login_required
@business_required
def library_create(request):
    def save(form):
        org, enterprise = _place(request, form)
        if org is None:
            return None
        library = services.library_create(acting_user=request.user, org=org, enterprise=enterprise, data=form.cleaned_data, request=request)
        messages.success(request, f"已登记职工书屋「{library.name}」")
        return reverse("culture:library-detail", args=[library.pk])

    return _form_page(request, LibraryForm(request.POST or None), "登记职工书屋", "culture:library-list", save)


@login_required
@business_required
def library_detail(request, library_id):
    library = selectors.library_get(request.user, library_id)
    return render(request, "culture/library_detail.html", {"library": library, "title": library.name, "recognitions": library.recognitions.order_by("-awarded_on")})


# Learning enterprises -----------------------------------------------------------------------

LEARNING_LISTING = Listing(
    columns=[
        Column("enterprise.name", "企业"),
        Column("org.name", "所属工会"),
        Column("started_on", "开始创建日期", sort="started_on"),
        Column("assessment_count", "评定次数"),
        Column("last_year", "最近评定年度"),
    ],
    search_fields=["enterprise__name", "enterprise__credit_code"],
    default_sort="-started_on",
    row_url=lambda le: reverse("culture:learning-detail", args=[le.pk]),
    export_name="学习型企业",
)


@login_required
@business_required
def learning_list(request):
    return _page(request, LEARNING_LISTING, selectors.learning_enterprises_visible(request.user), "学习型企业",
                 create_url=reverse("culture:learning-create"), create_label="登记学习型企业")


@login_required
@business_required
def learning_create(request):
    def save(form):
        _org, enterprise = _place(request, form)
        if _org is None:
            return None
        learning = services.learning_enterprise_enrol(acting_user=request.user, enterprise=enterprise, data=form.cleaned_data, request=request)
        messages.success(request, f"「{learning.enterprise.name}」已列入学习型企业")
        return reverse("culture:learning-detail", args=[learning.pk])

    return _form_page(request, LearningEnterpriseForm(request.POST or None), "登记学习型企业", "culture:learning-list", save)


@login_required
@business_required
def learning_detail(request, learning_enterprise_id):
    learning = selectors.learning_enterprise_get(request.user, learning_enterprise_id)
    can_assess = permissions.can_record_at(request.user, learning.org)
    form = AssessmentForm(request.POST or None, initial={"year": datetime.date.today().year})
    if request.method == "POST":
        if not can_assess:
            raise PermissionDenied("无权为该企业登记评定")
        if form.is_valid():
            try:
                services.assessment_record(acting_user=request.user, learning_enterprise=learning, data=form.cleaned_data, request=request)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, "已登记评定")
                return redirect("culture:learning-detail", learning.pk)
    return render(request, "culture/learning_detail.html", {
        "learning": learning, "title": learning.enterprise.name, "assessments": learning.assessments.all(), "form": form, "can_assess": can_assess,
    })


ASSESSMENT_LISTING = Listing(
    columns=[
        Column("learning_enterprise.enterprise.name", "企业"),
        Column("year", "年度", sort="year"),
        Column("level", "评定级别"),
        Column("assessed_on", "评定日期", sort="assessed_on"),
        Column("score", "得分"),
        Column("awarded_by", "评定机关"),
    ],
    search_fields=["learning_enterprise__enterprise__name"],
    filters=[Filter("level", "评定级别", AssessmentLevel.choices, "level"), Filter("year", "年度", YEARS, "year")],
    default_sort="-assessed_on",
    row_url=lambda a: reverse("culture:learning-detail", args=[a.learning_enterprise_id]),
    export_name="学习型企业评定",
)


@login_required
@business_required
def assessment_list(request):
    return _page(request, ASSESSMENT_LISTING, selectors.assessments_visible(request.user), "学习型企业评定", path_field="learning_enterprise__org__path")


# Culture bodies and recognitions ------------------------------------------------------------

BODY_LISTING = Listing(
    columns=[
        Column("name", "名称", sort="name"),
        Column("kind", "类别"),
        Column("org.name", "主管工会"),
        Column("founded_on", "成立(挂牌)日期", sort="founded_on"),
        Column("members_count", "成员人数"),
        Column("leader", "负责人"),
    ],
    search_fields=["name"],
    filters=[Filter("kind", "类别", BodyKind.choices, "kind")],
    default_sort="-founded_on",
    export_name="文化团体",
)


@login_required
@business_required
def body_list(request):
    return _page(request, BODY_LISTING, selectors.bodies_visible(request.user), "文化团体", create_url=reverse("culture:body-create"), create_label="登记文化团体")


@login_required
@business_required
def body_create(request):
    def save(form):
        org = org_selectors.org_get_by_code(request.user, form.cleaned_data["org_code"])
        if org is None:
            form.add_error("org_code", "该编码的工会不存在或不在您的管辖范围内")
            return None
        body = services.body_create(acting_user=request.user, org=org, data=form.cleaned_data, request=request)
        messages.success(request, f"已登记{body.get_kind_display()}「{body.name}」")
        return reverse("culture:body-list")

    return _form_page(request, BodyForm(request.POST or None), "登记文化团体(职工艺术团等)", "culture:body-list", save)


RECOGNITION_LISTING = Listing(
    columns=[
        Column("awarded_on", "授予日期", sort="awarded_on"),
        Column("level", "级别"),
        Column("kind", "称号类别"),
        Column("place", "获授单位", value=lambda r: r.place_name),
        Column("library.name", "职工书屋"),
        Column("awarded_by", "授予机关"),
    ],
    search_fields=["enterprise__name", "org__name", "awarded_by"],
    filters=[Filter("kind", "称号类别", RecognitionKind.choices, "kind"), Filter("level", "级别", RecognitionLevel.choices, "level"),
             Filter("year", "年份", YEARS, "awarded_on__year")],
    default_sort="-awarded_on",
    export_name="文化阵地称号",
)


@login_required
@business_required
def recognition_list(request):
    return _page(request, RECOGNITION_LISTING, selectors.recognitions_visible(request.user), "文化阵地称号",
                 create_url=reverse("culture:recognition-create"), create_label="登记称号")


@login_required
@business_required
def recognition_create(request):
    def save(form):
        org, enterprise = _place(request, form)
        if org is None:
            return None
        library = None
        if form.cleaned_data.get("library"):
            library = selectors.libraries_visible(request.user).filter(pk=form.cleaned_data["library"]).first()
            if library is None:
                form.add_error("library", "该编号的职工书屋不存在或不在您的管辖范围内")
                return None
        services.recognition_record(acting_user=request.user, org=org, enterprise=enterprise, library=library, data=form.cleaned_data, request=request)
        messages.success(request, "已登记称号")
        return reverse("culture:recognition-list")

    return _form_page(request, RecognitionForm(request.POST or None), "登记文化阵地称号", "culture:recognition-list", save)


