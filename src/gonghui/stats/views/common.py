"""What every statistics page starts from: who may read, which node, which year."""

from django.contrib.auth.decorators import user_passes_test

from gonghui.stats import figures, permissions, selectors

stats_required = user_passes_test(permissions.reads_stats, login_url="accounts:login")


def page_scope(request):
    """(node, year) a page is about, from ?org= and ?year=; a node outside the user's subtree is 404."""
    return selectors.scope_org(request.user, request.GET.get("org")), selectors.year_of(request.GET.get("year"))


def scope_context(request, org, year, **extra) -> dict:
    return {
        "org": org,
        "year": year,
        "years": selectors.years(),
        "trail": selectors.scope_trail(request.user, org),
        "children": figures.children(org),
        **extra,
    }
