from django.urls import path

from gonghui.assistance.views import archive, home, relief

app_name = "assistance"

urlpatterns = [
    path("", home.home, name="home"),
    path("files/", archive.file_list, name="file-list"),
    path("files/new/", archive.file_apply, name="file-apply"),
    path("files/<int:file_id>/", archive.file_detail, name="file-detail"),
    path("files/<int:file_id>/check/", archive.file_check, name="file-check"),
    path("files/<int:file_id>/visit/", archive.file_visit, name="file-visit"),
    path("files/<int:file_id>/income-check/", archive.file_income_check, name="file-income-check"),
    path("files/<int:file_id>/notice/", archive.file_notice, name="file-notice"),
    path("files/<int:file_id>/archive/", archive.file_archive, name="file-archive"),
    path("files/<int:file_id>/reject/", archive.file_reject, name="file-reject"),
    path("files/<int:file_id>/review/", archive.file_review, name="file-review"),
    path("files/<int:file_id>/exit/", archive.file_exit, name="file-exit"),
    path("files/<int:file_id>/documents/new/", archive.document_upload, name="document-upload"),
    path("documents/<int:document_id>/", archive.document_download, name="document-download"),
    path("thresholds/", archive.threshold_list, name="threshold-list"),
    path("rates/", relief.rate_list, name="rate-list"),
    path("programmes/", relief.programme_list, name="programme-list"),
    path("programmes/new/", relief.programme_create, name="programme-create"),
    path("programmes/<int:programme_id>/", relief.programme_detail, name="programme-detail"),
    path("programmes/<int:programme_id>/grants/new/", relief.grant_create, name="grant-create"),
    path("programmes/<int:programme_id>/bank-list/", relief.programme_bank_list, name="programme-bank-list"),
    path("programmes/<int:programme_id>/bank-paid/", relief.programme_bank_paid, name="programme-bank-paid"),
    path("programmes/<int:programme_id>/tickets/", relief.programme_tickets, name="programme-tickets"),
    path("programmes/<int:programme_id>/jobs/", relief.programme_jobs, name="programme-jobs"),
    path("grants/", relief.grant_list, name="grant-list"),
    path("grants/<int:grant_id>/", relief.grant_detail, name="grant-detail"),
    path("grants/<int:grant_id>/approve/", relief.grant_approve, name="grant-approve"),
    path("grants/<int:grant_id>/reject/", relief.grant_reject, name="grant-reject"),
    path("grants/<int:grant_id>/pay/", relief.grant_pay, name="grant-pay"),
    path("funds/", relief.fund_list, name="fund-list"),
    path("funds/new/", relief.fund_create, name="fund-create"),
    path("funds/<int:fund_id>/", relief.fund_detail, name="fund-detail"),
    path("funds/<int:fund_id>/income/", relief.fund_income, name="fund-income"),
    path("funds/<int:fund_id>/transfer/", relief.fund_transfer, name="fund-transfer"),
]
