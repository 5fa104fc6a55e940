from django.urls import path

from gonghui.orgs import views

app_name = "orgs"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("list/", views.org_list, name="org-list"),
    path("<int:org_id>/", views.org_detail, name="org-detail"),
    path("<int:org_id>/children/new/", views.org_create, name="org-create"),
    path("<int:org_id>/edit/", views.org_edit, name="org-edit"),
    path("<int:org_id>/move/", views.org_move, name="org-move"),
    path("<int:org_id>/registrations/new/", views.registration_create, name="registration-create"),
    path("registrations/", views.registration_list, name="registration-list"),
    path("enterprises/", views.enterprise_list, name="enterprise-list"),
    path("enterprises/new/", views.enterprise_create, name="enterprise-create"),
    path("enterprises/<int:enterprise_id>/", views.enterprise_detail, name="enterprise-detail"),
    path("enterprises/<int:enterprise_id>/edit/", views.enterprise_edit, name="enterprise-edit"),
]
