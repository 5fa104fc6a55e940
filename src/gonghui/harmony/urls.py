from django.urls import path

from gonghui.harmony import views

app_name = "harmony"

urlpatterns = [
    path("", views.application_list, name="application-list"),
    path("new/", views.application_create, name="application-create"),
    path("<int:harmony_application_id>/", views.application_detail, name="application-detail"),
    path("<int:harmony_application_id>/score/", views.application_score, name="application-score"),
    path("<int:harmony_application_id>/award/", views.application_award, name="application-award"),
    path("criteria/", views.criteria, name="criteria"),
    path("csr/", views.csr_list, name="csr-list"),
    path("csr/new/", views.csr_create, name="csr-create"),
    path("figures/", views.figures, name="figures"),
]
