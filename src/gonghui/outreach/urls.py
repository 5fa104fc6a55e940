from django.urls import path

from gonghui.outreach import views

app_name = "outreach"

urlpatterns = [
    path("", views.visit_list, name="visit-list"),
    path("visits/<int:outreach_visit_id>/", views.visit_detail, name="visit-detail"),
    path("groups/", views.group_list, name="group-list"),
    path("groups/new/", views.group_create, name="group-create"),
    path("groups/<int:outreach_group_id>/", views.group_detail, name="group-detail"),
    path("groups/<int:outreach_group_id>/visits/new/", views.visit_create, name="visit-create"),
]
