"""Recuperation groups, their permits and the participants' certificates."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from gonghui.core.listing import Column, Listing
from gonghui.service import permissions, selectors, services
from gonghui.service.forms import CertificateForm, GroupForm, PermitForm
from gonghui.service.views.pages import business_page, form_page

GROUP_LISTING = Listing(
    columns=[
        Column("name", "团队名称", sort="name"),
        Column("org.name", "组团工会"),
        Column("destination", "休养地"),
        Column("start_on", "出发日期", sort="start_on"),
        Column("end_on", "返回日期"),
        Column("permit_number", "许可证号"),
        Column("certificate_count", "休养证(张)", sort="certificate_count"),
    ],
    search_fields=["name", "destination", "permit_number", "org__name"], search_hint="团队、休养地、许可证号或工会", default_sort="-start_on",
    row_url=lambda g: reverse("service:group-detail", args=[g.pk]), export_name="职工休养团队",
)
CERTIFICATE_LISTING = Listing(
    columns=[
        Column("number", "休养证号", sort="number"),
        Column("name", "姓名"),
        Column("group.name", "休养团队"),
        Column("group.org.name", "组团工会"),
        Column("group.destination", "休养地"),
        Column("issued_on", "发证日期", sort="issued_on"),
    ],
    search_fields=["number", "name", "group__name"], search_hint="证号、姓名或团队", default_sort="number",
    row_url=lambda c: reverse("service:group-detail", args=[c.group_id]), export_name="职工休养证",
)


@business_page
def group_list(request):
    return GROUP_LISTING.respond(request, selectors.groups(request.user), template="service/group_list.html", title="职工休养团队")


@business_page
def certificate_list(request):
    return CERTIFICATE_LISTING.respond(request, selectors.certificates(request.user), template="service/group_list.html", title="职工休养证")


@business_page
def group_create(request):
    def done(data):
        org = selectors.org_by_code(request.user, data.pop("org_code"))
        if org is None:
            raise ValidationError({"org_code": "在您的管辖范围内找不到该组织编码"})
        group = services.group_create(acting_user=request.user, org=org, data=data, request=request)
        return redirect("service:group-detail", group.pk)

    return form_page(request, GroupForm(request.POST or None, initial={"org_code": request.user.org.code if request.user.org else ""}),
                     title="登记职工休养团队", cancel_url=reverse("service:group-list"), on_valid=done)


@business_page
def group_detail(request, recuperation_group_id):
    group = selectors.group_get(request.user, recuperation_group_id)
    actions = []
    if permissions.can_issue_permit(request.user, group) and not group.permit_number:
        actions.append(("发放许可证", reverse("service:group-permit", args=[group.pk])))
    if permissions.can_write_for(request.user, group.org) and group.permit_number:
        actions.append(("发放休养证", reverse("service:certificate-create", args=[group.pk])))
    return render(request, "service/record_detail.html", {
        "title": f"休养团队：{group.name}", "back": reverse("service:group-list"),
        "fields": [("组团工会", group.org.name), ("休养地", group.destination), ("出发日期", group.start_on), ("返回日期", group.end_on),
                   ("许可证号", group.permit_number or "未领取"), ("许可证发放日期", group.permit_issued_on)],
        "actions": actions,
        "sections": [{"title": "休养证", "headers": ["休养证号", "姓名", "发证日期"],
                      "rows": [[c.number, c.name, c.issued_on] for c in group.certificates.all()]}],
    })


@business_page
def group_permit(request, recuperation_group_id):
    group = selectors.group_get(request.user, recuperation_group_id)
    if not permissions.can_issue_permit(request.user, group):
        raise PermissionDenied("许可证由市总工会或镇(街道)总工会发放")

    def done(data):
        services.permit_issue(acting_user=request.user, group=group, data=data, request=request)
        messages.success(request, "许可证已发放")
        return redirect("service:group-detail", group.pk)

    return form_page(request, PermitForm(request.POST or None), title=f"发放休养许可证 · {group.name}", cancel_url=reverse("service:group-detail", args=[group.pk]),
                     on_valid=done, submit_label="发放")


@business_page
def certificate_create(request, recuperation_group_id):
    group = selectors.group_get(request.user, recuperation_group_id)
    if not permissions.can_write_for(request.user, group.org):
        raise PermissionDenied("无权为该团队发证")

    def done(data):
        number = data.pop("id_number").strip()
        member = selectors.member_by_id_number(request.user, number)
        if number and member is None:
            raise ValidationError({"id_number": "在您的管辖范围内找不到该身份证号的会员"})
        certificate = services.certificate_add(acting_user=request.user, group=group, data={**data, "member": member}, request=request)
        messages.success(request, f"已发放休养证 {certificate.number}")
        return redirect("service:group-detail", group.pk)

    form = CertificateForm(request.POST or None)
    return form_page(request, form, title=f"发放休养证 · {group.name}", cancel_url=reverse("service:group-detail", args=[group.pk]), on_valid=done, submit_label="发放")
