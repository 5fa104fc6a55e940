from django.urls import path

from gonghui.core.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.job_list, name="job-list"),
    path("<slug:spec_name>/template.xlsx", views.template_download, name="template"),
    path("<slug:spec_name>/new/", views.job_new, name="job-new"),
    path("jobs/<int:job_id>/", views.job_detail, name="job-detail"),
    path("jobs/<int:job_id>/progress/", views.job_progress, name="job-progress"),
    path("jobs/<int:job_id>/start/", views.job_start, name="job-start"),
    path("jobs/<int:job_id>/retry/", views.job_retry, name="job-retry"),
    path("jobs/<int:job_id>/errors.xlsx", views.job_errors, name="job-errors"),
]
