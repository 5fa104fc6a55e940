from django.urls import path

from gonghui.mutualaid.views import claims, enrolment, years

app_name = "mutualaid"

urlpatterns = [
    path("", years.home, name="home"),
    path("years/new/", years.year_new, name="year-new"),
    path("years/<int:scheme_year>/", years.year_detail, name="year-detail"),
    path("years/<int:scheme_year>/rules/", years.rules_edit, name="rules-edit"),
    path("units/", enrolment.unit_list, name="unit-list"),
    path("units/new/", enrolment.unit_new, name="unit-new"),
    path("units/<int:enrolled_unit_id>/", enrolment.unit_detail, name="unit-detail"),
    path("units/<int:enrolled_unit_id>/pay/", enrolment.unit_pay, name="unit-pay"),
    path("units/<int:enrolled_unit_id>/workers/new/", enrolment.unit_worker_add, name="unit-worker-add"),
    path("units/<int:enrolled_unit_id>/certificates/", enrolment.unit_certificates, name="unit-certificates"),
    path("workers/", enrolment.worker_list, name="worker-list"),
    path("workers/<int:enrolled_worker_id>/", enrolment.worker_detail, name="worker-detail"),
    path("payments/", enrolment.payment_list, name="payment-list"),
    path("claims/", claims.claim_list, name="claim-list"),
    path("claims/new/", claims.claim_new, name="claim-new"),
    path("claims/<int:aid_claim_id>/", claims.claim_detail, name="claim-detail"),
    path("claims/<int:aid_claim_id>/decide/", claims.claim_decide, name="claim-decide"),
    path("claims/<int:aid_claim_id>/pay/", claims.claim_pay, name="claim-pay"),
    path("claims/<int:aid_claim_id>/reveal/", claims.claim_reveal, name="claim-reveal"),
    path("claims/<int:aid_claim_id>/documents/<int:aid_document_id>/", claims.claim_document, name="claim-document"),
]
