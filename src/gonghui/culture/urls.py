from django.urls import path

from gonghui.culture import views

app_name = "culture"

urlpatterns = [
    path("", views.delivery_list, name="delivery-list"),
    path("deliveries/new/", views.delivery_create, name="delivery-create"),
    path("deliveries/<int:delivery_id>/", views.delivery_detail, name="delivery-detail"),
    path("deliveries/<int:delivery_id>/delete/", views.delivery_delete, name="delivery-delete"),
    path("libraries/", views.library_list, name="library-list"),
    path("libraries/new/", views.library_create, name="library-create"),
    path("libraries/<int:library_id>/", views.library_detail, name="library-detail"),
    path("learning/", views.learning_list, name="learning-list"),
    path("learning/new/", views.learning_create, name="learning-create"),
    path("learning/<int:learning_enterprise_id>/", views.learning_detail, name="learning-detail"),
    path("learning/assessments/", views.assessment_list, name="assessment-list"),
    path("bodies/", views.body_list, name="body-list"),
    path("bodies/new/", views.body_create, name="body-create"),
    path("recognitions/", views.recognition_list, name="recognition-list"),
    path("recognitions/new/", views.recognition_create, name="recognition-create"),
]
