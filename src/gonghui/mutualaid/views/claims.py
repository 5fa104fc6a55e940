"""Claims: entered, adjudicated with the working shown, decided, paid; their documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_POST

from gonghui.core import audit
from gonghui.core.forms import attach_errors
from gonghui.core.listing import Column, Filter, Listing
from gonghui.mutualaid import permissions, selectors, services
from gonghui.mutualaid.forms import ClaimForm, DecisionForm, PayForm
from gonghui.mutualaid.models import ClaimStatus, Plan
from gonghui.mutualaid.services.claims import documents_root
from gonghui.mutualaid.views.enrolment import _year_filter
from gonghui.mutualaid.views.years import business_required
from gonghui.orgs import selectors as org_selectors


def claim_listing():
    return Listing(
        columns=[
            Column("number", "申请号"), Column("member.name", "姓名"), Column("org.name", "参保单位"), Column("plan", "保障项目"),
            Column("diagnosis", "诊断"), Column("hospital", "医院"), Column("started_on", "入院/确诊日期", sort="started_on"),
            Column("total_expense", "医疗费用(元)", sort="total_expense"), Column("computed_amount", "核算金额(元)"),
            Column("approved_amount", "核准金额(元)", sort="approved_amount"), Column("status", "状态"), Column("decided_on", "审核日期", sort="decided_on"),
            Column("paid_on", "支付日期"),
        ],
        search_fields=["member__name", "hospital", "org__name"], search_hint="姓名、医院或单位",
        filters=[_year_filter(), Filter("plan", "保障项目", Plan.choices, "plan"), Filter("status", "状态", ClaimStatus.choices, "status")],
        default_sort="-submitted_at", row_url=lambda c: reverse("mutualaid:claim-detail", args=[c.pk]), export_name="医疗互助申请",
    )


@login_required
@business_required
def claim_list(request):
    claims, node = org_selectors.within_requested_node(request.user, selectors.claims_visible(request.user), request.GET.get("org", ""))
    return claim_listing().respond(request, claims, template="mutualaid/claim_list.html", title="医疗互助申请")


@login_required
@business_required
def claim_new(request):
    form = ClaimForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        worker = selectors.worker_find(request.user, year=data["year"], text=data["certificate"])
        if worker is None:
            form.add_error("certificate", f"在您的管辖范围内没有该职工{data['year']}年度的参保记录")
        elif not permissions.can_submit_claim(request.user, worker):
            raise PermissionDenied("无权为该职工申请")
        else:
            try:
                claim = services.claim_submit(acting_user=request.user, worker=worker, data=data, documents=data.get("documents") or [], request=request)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, f"已受理申请 {claim.number}，核算金额 {claim.computed_amount} 元，待审核")
                return redirect("mutualaid:claim-detail", claim.pk)
    return render(request, "core/form.html", {"form": form, "title": "受理医疗互助申请", "cancel_url": reverse("mutualaid:claim-list"),
                                              "submit_label": "受理并核算"})


@login_required
@business_required
def claim_detail(request, aid_claim_id):
    claim = selectors.claim_get(request.user, aid_claim_id)
    return render(request, "mutualaid/claim_detail.html", {
        "title": f"申请 {claim.number}", "claim": claim, "expenses": claim.expenses.all(), "documents": claim.documents.all(),
        "can_decide": claim.status == ClaimStatus.SUBMITTED and permissions.can_decide_claim(request.user, claim),
        "can_pay": claim.status == ClaimStatus.APPROVED and permissions.can_pay_claim(request.user, claim),
        "can_reveal": permissions.can_reveal(request.user), "decision_form": DecisionForm(), "pay_form": PayForm(),
    })


def _error_text(exc: ValidationError) -> str:
    return "；".join(m for msgs in exc.message_dict.values() for m in msgs) if hasattr(exc, "error_dict") else "；".join(exc.messages)


@login_required
@business_required
@require_POST
def claim_decide(request, aid_claim_id):
    claim = selectors.claim_get(request.user, aid_claim_id)
    if not permissions.can_decide_claim(request.user, claim):
        raise PermissionDenied("只有审核人可以审核申请")
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择审核结果")
    else:
        try:
            claim = services.claim_decide(acting_user=request.user, claim=claim, approve=form.cleaned_data["decision"] == "approve",
                                          reason=form.cleaned_data["reason"], request=request)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, f"已{claim.get_status_display()}")
    return redirect("mutualaid:claim-detail", claim.pk)


@login_required
@business_required
@require_POST
def claim_pay(request, aid_claim_id):
    claim = selectors.claim_get(request.user, aid_claim_id)
    if not permissions.can_pay_claim(request.user, claim):
        raise PermissionDenied("无权登记支付")
    form = PayForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写支付日期")
    else:
        try:
            claim = services.claim_pay(acting_user=request.user, claim=claim, paid_on=form.cleaned_data["paid_on"], request=request)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, f"已登记支付 {claim.approved_amount} 元")
    return redirect("mutualaid:claim-detail", claim.pk)


@login_required
@business_required
@require_POST
def claim_reveal(request, aid_claim_id):
    claim = selectors.claim_get(request.user, aid_claim_id)
    value = services.claim_reveal(acting_user=request.user, claim=claim, request=request)
    return HttpResponse(f"<span>{escape(value)}</span>")


@login_required
@business_required
def claim_document(request, aid_claim_id, aid_document_id):
    claim, document = selectors.document_get(request.user, aid_claim_id, aid_document_id)
    root = documents_root().resolve()
    path = (root / document.stored_path).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise Http404("材料文件不存在")
    audit.record(actor=request.user, action=audit.Action.EXPORT, target=claim, summary=f"下载申请 {claim.number} 的材料「{document.original_name}」", request=request)
    return FileResponse(open(path, "rb"), as_attachment=True, filename=document.original_name)
