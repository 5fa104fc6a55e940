from django.urls import path

from gonghui.women import views

app_name = "women"

urlpatterns = [
    path("", views.agreement_list, name="agreement-list"),
    path("agreements/new/", views.agreement_create, name="agreement-create"),
    path("agreements/<int:protection_agreement_id>/", views.agreement_detail, name="agreement-detail"),
    path("care-points/", views.care_point_list, name="care-point-list"),
    path("care-points/new/", views.care_point_create, name="care-point-create"),
    path("care-points/<int:care_point_id>/", views.care_point_detail, name="care-point-detail"),
    path("welfare/", views.welfare_list, name="welfare-list"),
    path("welfare/new/", views.welfare_create, name="welfare-create"),
]
