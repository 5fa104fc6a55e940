"""Shared test fixtures: a small city (a federation, two towns, their villages and
workplace unions, enterprises) and accounts of every role; and the rules for the real
browser tests (marked `browser`)."""

import os
import shutil

os.environ.setdefault("GONGHUI_TESTING", "1")

import pytest  # noqa: E402

from gonghui.testing import CityFactory, login_as  # noqa: E402,F401

CHROMIUM = os.environ.get("GONGHUI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


def browser_required() -> bool:
    """CI sets GONGHUI_REQUIRE_BROWSER=1: there a browser test that cannot run is a failure,
    never a quiet skip that would let the run pass without ever opening a page."""
    return os.environ.get("GONGHUI_REQUIRE_BROWSER", "").strip().lower() in {"1", "true", "yes", "on"}


def pytest_configure(config):
    # Each test process its own var/ (uploads, import jobs): parallel workers number their
    # jobs from 1 in their own databases and must not overwrite each other's files. Set on
    # the settings object, which pytest-django has loaded before this file.
    import tempfile
    from pathlib import Path

    from django.conf import settings

    settings.VAR_DIR = Path(tempfile.mkdtemp(prefix=f"gonghui-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-"))
    config.addinivalue_line("markers", "browser: drives a real Chromium through playwright; skipped without one, failed instead under GONGHUI_REQUIRE_BROWSER=1")


def pytest_report_header(config):
    """Which database this run is on, at the top of every run (CI runs the suite twice)."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        where = "SQLite (an in-memory test database per worker)"
    else:
        where = f"{db['ENGINE'].rsplit('.', 1)[-1]} test_{db['NAME']}[_gwN] on {db.get('HOST') or 'localhost'}:{db.get('PORT') or 'default'}"
    return [f"gonghui database: {where}", f"gonghui browser tests: {'required' if browser_required() else 'skipped when no Chromium'} ({CHROMIUM})"]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    # However the skip came about (the fixture below, an importorskip, a skip mark), a
    # browser test that did not run fails the run where a browser is required.
    if report.skipped and browser_required() and item.get_closest_marker("browser") is not None:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"GONGHUI_REQUIRE_BROWSER=1 but the browser test was skipped: {reason}"
    return report


@pytest.fixture(scope="session", autouse=True)
def sqlite_flush_keeps_triggers():
    """Let a transactional test (live_server) empty an SQLite database that has append-only
    triggers (the audit trail refuses DELETE). Django flushes SQLite with DELETE, which those
    triggers abort; PostgreSQL flushes with TRUNCATE, which row triggers do not see. So on
    SQLite the flush drops every trigger, empties the tables and recreates the triggers, in
    one transaction: the next test meets the same guarded tables."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    DatabaseOperations = DatabaseWrapper.ops_class
    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND sql IS NOT NULL")
            triggers = cursor.fetchall()
        sql_list = [f'DROP TRIGGER "{name}"' for name, _ in triggers] + list(sql_list) + [sql for _, sql in triggers]
        return original(self, sql_list)

    DatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    DatabaseOperations.execute_sql_flush = original


@pytest.fixture
def city(db):
    return CityFactory().build()


@pytest.fixture
def make_user(db):
    from gonghui.testing import make_user as _make_user

    return _make_user


@pytest.fixture(scope="session")
def chromium_executable():
    """The Debian chromium the browser tests drive (never a browser playwright downloads)."""
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)) and not shutil.which(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium fonts-noto-cjk)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("the playwright package is not installed (pip install -e '.[dev]')")
    return CHROMIUM


@pytest.fixture
def browser_page(chromium_executable, live_server, monkeypatch):
    """A fresh Chromium page, downloads accepted, pointed at nothing yet.

    playwright's sync API runs an event loop in this thread, which makes Django's
    async-safety guard refuse every ORM call the test makes while the browser is open;
    the test thread never runs inside that loop, so the guard is lifted for the test.
    The ORM calls made meanwhile run in playwright's greenlet context, where Django keeps
    connections apart from the test's own: they are closed here, or on PostgreSQL they
    would hold the test database open and its teardown would fail to drop it.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(accept_downloads=True, locale="zh-CN", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        page = context.new_page()
        try:
            yield page
        finally:
            context.close()
            browser.close()
            connections.close_all()
