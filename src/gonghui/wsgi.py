import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
application = get_wsgi_application()

# Imported once Django is set up: the till's verification, answered before Django when it can be.
from gonghui.cards.till import TillFastPath  # noqa: E402

application = TillFastPath(application)
