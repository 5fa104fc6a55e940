"""Every write of 困难帮扶: the archive (archive.py) and relief, funds and grants (relief.py)."""

from gonghui.assistance.services.archive import *  # noqa: F401,F403
from gonghui.assistance.services.archive import document_open, missing_documents, threshold_for  # noqa: F401
from gonghui.assistance.services.relief import *  # noqa: F401,F403
