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
    path("service/", include("gonghui.service.urls")),
    path("assistance/", include("gonghui.assistance.urls")),
    path("mutualaid/", include("gonghui.mutualaid.urls")),
    path("bargaining/", include("gonghui.bargaining.urls")),
    path("campaigns/", include("gonghui.campaigns.urls")),
    path("honours/", include("gonghui.honours.urls")),
    path("harmony/", include("gonghui.harmony.urls")),
    path("safety/", include("gonghui.safety.urls")),
    path("culture/", include("gonghui.culture.urls")),
    path("finance/", include("gonghui.finance.urls")),
    path("women/", include("gonghui.women.urls")),
    path("outreach/", include("gonghui.outreach.urls")),
    path("stats/", include("gonghui.stats.urls")),
    path("api/v1/", api.urls),
]
