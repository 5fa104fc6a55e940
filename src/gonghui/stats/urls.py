from django.urls import path

from gonghui.stats.views import catalogue, dashboard, report, targets

app_name = "stats"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("catalogue/", catalogue.catalogue, name="catalogue"),
    path("indicators/<str:indicator_code>/", catalogue.indicator_detail, name="indicator-detail"),
    path("targets/", targets.target_list, name="target-list"),
    path("targets/new/", targets.target_create, name="target-create"),
    path("targets/<int:target_id>/", targets.target_edit, name="target-edit"),
    path("targets/<int:target_id>/delete/", targets.target_delete, name="target-delete"),
    path("progress/", targets.progress, name="progress"),
    path("report/", report.report_page, name="report"),
    path("report/download/", report.report_download, name="report-download"),
]
