"""The project's settings, plus what only the benchmarks install: the peer the member
import is measured against (django-import-export) and the plain model it imports into."""

from gonghui.settings import *  # noqa: F401,F403
from gonghui.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "import_export", "bench.peer"]
