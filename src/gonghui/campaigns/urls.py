from django.urls import path

from gonghui.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.contest_list, name="contest-list"),
    path("new/", views.contest_create, name="contest-create"),
    path("<int:contest_id>/", views.contest_detail, name="contest-detail"),
    path("<int:contest_id>/edit/", views.contest_edit, name="contest-edit"),
    path("<int:contest_id>/events/", views.contest_events_add, name="contest-events-add"),
    path("<int:contest_id>/awards/new/", views.unit_award_create, name="unit-award-create"),
    path("<int:contest_id>/entries/", views.entry_list, name="entry-list"),
    path("<int:contest_id>/units/", views.unit_list, name="unit-list"),
    path("innovations/", views.innovation_list, name="innovation-list"),
    path("innovations/new/", views.innovation_create, name="innovation-create"),
    path("ratings/", views.rating_list, name="rating-list"),
    path("ratings/new/", views.rating_create, name="rating-create"),
    path("bases/", views.base_list, name="base-list"),
    path("bases/new/", views.base_create, name="base-create"),
    path("bases/<int:base_id>/", views.base_detail, name="base-detail"),
    path("figures/", views.figures, name="figures"),
]
