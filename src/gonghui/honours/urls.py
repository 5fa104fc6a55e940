from django.urls import path

from gonghui.honours import views

app_name = "honours"

urlpatterns = [
    path("", views.honour_list, name="honour-list"),
    path("new/", views.honour_create, name="honour-create"),
    path("<int:honour_id>/", views.honour_detail, name="honour-detail"),
    path("<int:honour_id>/approve/", views.honour_approve, name="honour-approve"),
    path("<int:honour_id>/reject/", views.honour_reject, name="honour-reject"),
    path("model-workers/", views.model_worker_list, name="model-worker-list"),
    path("model-workers/<int:model_worker_id>/", views.model_worker_detail, name="model-worker-detail"),
    path("model-workers/<int:model_worker_id>/join/", views.model_worker_join, name="model-worker-join"),
    path("figures/", views.figures, name="figures"),
]
for _name in views.SECTIONS:
    urlpatterns += [
        path(f"{_name}/", views._section_list(_name), name=f"{_name}-list"),
        path(f"{_name}/new/", views._section_create(_name), name=f"{_name}-create"),
    ]
