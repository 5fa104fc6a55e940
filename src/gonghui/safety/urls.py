from django.urls import path

from gonghui.safety import views

app_name = "safety"

urlpatterns = [
    path("", views.inspector_list, name="inspector-list"),
    path("inspectors/new/", views.inspector_create, name="inspector-create"),
    path("inspectors/<int:inspector_id>/end/", views.inspector_end, name="inspector-end"),
    path("ankang/", views.ankang_list, name="ankang-list"),
    path("ankang/new/", views.ankang_create, name="ankang-create"),
    path("classified/", views.classified_list, name="classified-list"),
    path("classified/new/", views.classified_create, name="classified-create"),
    path("figures/", views.figures, name="figures"),
]
