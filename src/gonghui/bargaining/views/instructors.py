"""Bargaining instructors: the register, one instructor's certificates and the enterprises
they guide, and the training classes with their attendees."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core.forms import attach_errors
from gonghui.core.listing import Column, Listing
from gonghui.orgs import selectors as org_selectors

from gonghui.bargaining import permissions, selectors, services
from gonghui.bargaining.forms import AttendForm, CertificateForm, ClassForm, GuidanceForm, InstructorForm
from gonghui.bargaining.views.common import business_page, create_page, org_from_code

INSTRUCTOR_LISTING = Listing(
    columns=[Column("pk", "编号", sort="id"), Column("name", "姓名", sort="name"), Column("unit", "工作单位"), Column("position", "职务"),
             Column("org.name", "登记工会"), Column("registered_on", "登记日期", sort="registered_on"), Column("left_on", "退出日期")],
    search_fields=("name", "unit"), search_hint="姓名或工作单位", default_sort="-registered_on",
    row_url=lambda i: reverse("bargaining:instructor-detail", args=[i.pk]), export_name="工资集体协商指导员",
)
CLASS_LISTING = Listing(
    columns=[Column("name", "培训班", sort="name"), Column("org.name", "主办工会"), Column("start_on", "开班日期", sort="start_on"),
             Column("end_on", "结业日期"), Column("place", "地点")],
    search_fields=("name",), default_sort="-start_on",
    row_url=lambda c: reverse("bargaining:class-detail", args=[c.pk]), export_name="指导员培训班",
)


@business_page
def instructor_list(request):
    instructors, _ = org_selectors.within_requested_node(request.user, selectors.instructors_visible(request.user), request.GET.get("org", ""))
    return INSTRUCTOR_LISTING.respond(request, instructors, template="bargaining/list.html", title="工资集体协商指导员", context={
        "create_url": reverse("bargaining:instructor-create"), "create_label": "登记指导员", "links": [(reverse("bargaining:class-list"), "培训班")]})


@business_page
def instructor_create(request):
    form = InstructorForm(request.POST or None)

    def save(form):
        org = org_from_code(request, form, default_own=True)
        if org is None:
            return None
        data = {k: v for k, v in form.cleaned_data.items() if k != "org_code"}
        return services.instructor_register(acting_user=request.user, org=org, data=data, request=request)

    return create_page(request, form, title="登记工资集体协商指导员", cancel_url=reverse("bargaining:instructor-list"), save=save,
                       success=lambda i: reverse("bargaining:instructor-detail", args=[i.pk]))


@business_page
def instructor_detail(request, instructor_id):
    instructor = selectors.instructor_get(request.user, instructor_id)
    certificate_form = CertificateForm(request.POST if request.POST.get("action") == "certificate" else None)
    guidance_form = GuidanceForm(request.POST if request.POST.get("action") == "guidance" else None)
    if request.method == "POST":
        if not permissions.can_record(request.user):
            raise PermissionDenied("您的角色不能录入")
        form = certificate_form if request.POST.get("action") == "certificate" else guidance_form
        if form.is_valid():
            try:
                if form is certificate_form:
                    services.certificate_add(acting_user=request.user, instructor=instructor, data=form.cleaned_data, request=request)
                else:
                    enterprise = selectors.enterprise_by_code(request.user, form.cleaned_data["enterprise_code"])
                    if enterprise is None:
                        raise ValidationError({"enterprise_code": "该信用代码的企业不存在或不在您的管辖范围内"})
                    services.guidance_add(acting_user=request.user, instructor=instructor, enterprise=enterprise, since=form.cleaned_data["since"], request=request)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, "已保存")
                return redirect("bargaining:instructor-detail", instructor.pk)
    return render(request, "bargaining/instructor_detail.html", {
        "instructor": instructor, "title": f"指导员 {instructor.name}", "certificates": instructor.certificates.all(),
        "guided": instructor.guided.select_related("enterprise"), "classes": instructor.attendances.select_related("training_class"),
        "certificate_form": certificate_form, "guidance_form": guidance_form, "can_record": permissions.can_record(request.user),
    })


@business_page
def class_list(request):
    return CLASS_LISTING.respond(request, selectors.classes_visible(request.user), template="bargaining/list.html", title="指导员培训班",
                                 context={"create_url": reverse("bargaining:class-create"), "create_label": "登记培训班"})


@business_page
def class_create(request):
    form = ClassForm(request.POST or None)

    def save(form):
        org = org_from_code(request, form, default_own=True)
        if org is None:
            return None
        return services.class_create(acting_user=request.user, org=org, data={k: v for k, v in form.cleaned_data.items() if k != "org_code"}, request=request)

    return create_page(request, form, title="登记指导员培训班", cancel_url=reverse("bargaining:class-list"), save=save,
                       success=lambda c: reverse("bargaining:class-detail", args=[c.pk]))


@business_page
def class_detail(request, training_class_id):
    training_class = selectors.class_get(request.user, training_class_id)
    form = AttendForm(request.POST or None)
    if request.method == "POST":
        if not permissions.can_record(request.user):
            raise PermissionDenied("您的角色不能录入")
        if form.is_valid():
            instructor = selectors.instructors_visible(request.user).filter(pk=form.cleaned_data["instructor_number"]).first()
            if instructor is None:
                form.add_error("instructor_number", "该编号的指导员不存在或不在您的管辖范围内")
            else:
                try:
                    services.class_attend(acting_user=request.user, training_class=training_class, instructor=instructor, request=request)
                except ValidationError as exc:
                    form.add_error("instructor_number", [m for msgs in exc.message_dict.values() for m in msgs])
                else:
                    messages.success(request, f"已增加学员 {instructor.name}")
                    return redirect("bargaining:class-detail", training_class.pk)
    attendees = training_class.attendances.select_related("instructor").order_by("instructor__name")
    return render(request, "bargaining/class_detail.html", {
        "training_class": training_class, "title": training_class.name, "attendees": attendees, "form": form,
        "can_record": permissions.can_record(request.user),
    })
