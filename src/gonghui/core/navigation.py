"""The module menu. An app that has pages lists them in its AppConfig as
`nav = [("名称", "url-name", "gonghui.core.roles.predicate")]`; a module the user may not
use, or an app not installed, simply does not appear."""

from django.apps import apps
from django.urls import reverse
from django.utils.module_loading import import_string


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for config in apps.get_app_configs():
        for label, url_name, predicate in getattr(config, "nav", ()):
            if import_string(predicate)(user):
                url = reverse(url_name)
                items.append({"label": label, "url": url, "active": request.path.startswith(url) and url != "/"})
    return {"nav_items": items}
