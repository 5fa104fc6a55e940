from django.urls import include, path

from gonghui.api import api
from gonghui.core import views as core_views

core_patterns = ([path("", core_views.home, name="home")], "core")

urlpatterns = [
    path("", include(core_patterns)),
    path("healthz", core_views.healthz, name="healthz"),
    path("accounts/", include("gonghui.accounts.urls")),
    path("orgs/", include("gonghui.orgs.urls")),
    path("imports/", include("gonghui.core.imports.urls")),
    path("members/", include("gonghui.members.urls")),
    path("cards/", include("gonghui.cards.urls")),
    path("api/v1/", api.urls),
]
