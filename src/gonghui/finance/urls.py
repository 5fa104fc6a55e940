from django.urls import path

from gonghui.finance import views

app_name = "finance"

urlpatterns = [
    path("", views.dues_list, name="dues-list"),
    path("behind/", views.dues_list, {"behind": True}, name="dues-behind"),
    path("dues/new/", views.dues_create, name="dues-create"),
    path("dues/<int:dues_id>/", views.dues_detail, name="dues-detail"),
    path("audits/", views.audit_list, name="audit-list"),
    path("audits/new/", views.audit_create, name="audit-create"),
    path("audits/<int:funds_audit_id>/", views.audit_detail, name="audit-detail"),
    path("findings/<int:audit_finding_id>/rectify/", views.finding_rectify, name="finding-rectify"),
]
