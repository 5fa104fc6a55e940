from django.urls import path

from gonghui.members import views

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="member-list"),
    path("new/", views.member_create, name="member-create"),
    path("<int:member_id>/", views.member_detail, name="member-detail"),
    path("<int:member_id>/edit/", views.member_edit, name="member-edit"),
    path("<int:member_id>/end/", views.member_end, name="member-end"),
    path("<int:member_id>/transfer/", views.member_transfer, name="member-transfer"),
    path("<int:member_id>/reveal/<str:field>/", views.member_reveal, name="member-reveal"),
    path("transfers/", views.transfer_list, name="transfer-list"),
    path("transfers/<int:transfer_id>/", views.transfer_detail, name="transfer-detail"),
]
