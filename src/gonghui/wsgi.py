import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
application = get_wsgi_application()

# Imported once Django is set up: the till's verification, answered before Django when it can be.
from gonghui.cards.till import TillFastPath  # noqa: E402

application = TillFastPath(application)

# Each server process works out the top dashboards at start, in the background (stats).
from gonghui.stats.views.dashboard import warm_up  # noqa: E402

warm_up()
