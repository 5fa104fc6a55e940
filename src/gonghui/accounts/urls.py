from django.urls import path

from gonghui.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("two-factor/", views.two_factor_view, name="two-factor"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_view, name="password"),
    path("security/", views.security_view, name="security"),
    path("users/", views.user_list, name="user-list"),
    path("users/new/", views.user_create, name="user-create"),
    path("users/<int:user_id>/", views.user_detail, name="user-detail"),
    path("grants/", views.grant_list, name="grant-list"),
    path("grants/<int:user_id>/", views.grant_edit, name="grant-edit"),
    path("audit/", views.audit_list, name="audit-list"),
    path("audit/<int:entry_id>/", views.audit_detail, name="audit-detail"),
]
