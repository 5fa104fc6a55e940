"""`make bench ONLY=stats`: the whole indicator catalogue for the city at ten times the demo's
scale, and a dashboard page (issue 10: under 3 s and under 500 ms).

The demo city at scale 10 (~1.95 million members, ~1.47 million cards) takes long to make,
so the database gonghui_bench_stats is kept between runs and reused when a marker table says
it already holds that seed and scale (BENCH_STATS_REBUILD=1 makes it again). Before measuring
it is vacuumed and analysed, as autovacuum keeps a server's tables (autovacuum is off on the
bench machine): without the visibility map no index-only scan can skip the wide member table.

Figures:
- stats_catalogue_10x_s: every registered indicator for the city for 2012, through
  stats.figures (what the catalogue page and the report call), cache empty: each figure is
  its indicator's own queries.
- stats_catalogue_10x_cached_s: the same again, served from the per-(indicator, node,
  period) cache, keyed on the last audited write (see gonghui.stats.figures).
- stats_dashboard_cold_ms: the city dashboard, cache empty (12 months x 3 trends, 5 years,
  19 towns x 5 comparisons, the key figures and the year before).
- stats_dashboard_ms: the median of 10 dashboard requests once warm.
- stats_dashboard_after_write_ms: the first request after an audited write (the last figures
  shown at once, saying when, while a thread works them out anew; stats.figures.snapshot).
"""

import os
import shutil
import statistics
import time
from pathlib import Path

from bench import harness

SEED, SCALE = 2013, 10.0
DB_NAME = "gonghui_bench_stats"
MARKER = "bench_stats_demo"


def _admin(sql: str):
    import psycopg

    with psycopg.connect(f"{harness.SERVER}/postgres", autocommit=True) as conn:
        cursor = conn.execute(sql)
        return cursor.fetchall() if sql.lstrip().upper().startswith("SELECT") else None


def _holds_demo() -> bool:
    import psycopg

    if not _admin(f"SELECT 1 FROM pg_database WHERE datname = '{DB_NAME}'"):
        return False
    with psycopg.connect(f"{harness.SERVER}/{DB_NAME}", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_tables WHERE tablename = %s", [MARKER]).fetchall():
            return False
        return bool(conn.execute(f"SELECT 1 FROM {MARKER} WHERE seed = %s AND scale = %s", [SEED, SCALE]).fetchall())


def main() -> None:
    import tempfile

    reuse = _holds_demo() and not os.environ.get("BENCH_STATS_REBUILD")
    if not reuse:
        _admin(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        _admin(f'CREATE DATABASE "{DB_NAME}"')
    os.environ["GONGHUI_DATABASE_URL"] = f"{harness.SERVER}/{DB_NAME}"
    # The var dir holds the data key ring the demo's personal data was sealed with: it lives
    # as long as the database, so that a reused database can still be unsealed.
    var_dir = Path(tempfile.gettempdir()) / "gonghui-bench-stats"
    if not reuse:
        shutil.rmtree(var_dir, ignore_errors=True)
    var_dir.mkdir(exist_ok=True)
    os.environ["GONGHUI_VAR_DIR"] = str(var_dir)
    os.environ.setdefault("GONGHUI_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    os.environ.pop("GONGHUI_TESTING", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.monotonic()
    with harness.phase("migrate"):
        call_command("migrate", verbosity=0, interactive=False)
    if reuse:
        harness.note(f"reusing {DB_NAME} (demo seed {SEED}, scale {SCALE:g})")
    else:
        with harness.phase(f"demo at scale {SCALE:g}"):
            call_command("demo", seed=SEED, scale=SCALE, verbosity=1)
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TABLE {MARKER} (seed integer, scale double precision, made_at timestamptz DEFAULT now())")
            cursor.execute(f"INSERT INTO {MARKER} (seed, scale) VALUES (%s, %s)", [SEED, SCALE])
    # What autovacuum keeps on a server (it is off on the bench machine): statistics, and the
    # visibility map without which no index-only scan can skip the table. Quick when done before.
    with harness.phase("vacuum analyze"), connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    measure()
    harness.note(f"stats done in {time.monotonic() - started:.0f} s")


def measure() -> None:
    from django.test import Client
    from django.test.utils import setup_test_environment

    from gonghui.accounts.models import User
    from gonghui.core.indicators import Period, catalogue
    from gonghui.members.models import Member
    from gonghui.orgs.models import Org
    from gonghui.stats import figures
    from gonghui.stats.figures import cache

    city = Org.objects.get(level=1)
    harness.note(f"{Member.objects.count():,} members, {Org.objects.count():,} unions, {len(catalogue())} indicators registered")
    period = Period.year(2012)

    cache.clear()
    started = time.perf_counter()
    figures.figures(city, period, with_previous=False)
    cold = time.perf_counter() - started
    slowest = []
    for item in catalogue():  # which indicators the time goes to (uncached, each once more)
        t = time.perf_counter()
        item.value(city, period)
        slowest.append((time.perf_counter() - t, item.code))
    for seconds, code in sorted(slowest, reverse=True)[:5]:
        harness.note(f"  {code}: {seconds * 1000:.0f} ms")
    started = time.perf_counter()
    figures.figures(city, period, with_previous=False)
    warm = time.perf_counter() - started
    harness.figure("stats_catalogue_10x_s", cold, "s")
    harness.figure("stats_catalogue_10x_cached_s", warm, "s")

    setup_test_environment()
    client = Client()
    client.force_login(User.objects.get(username="city_leader"))
    cache.clear()
    figures.snapshots.clear()
    started = time.perf_counter()
    response = client.get("/stats/", {"year": "2012"})
    dashboard_cold = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, response.status_code
    samples = harness.timed(lambda: client.get("/stats/", {"year": "2012"}), 10)
    harness.figure("stats_dashboard_cold_ms", dashboard_cold, "ms")
    harness.figure("stats_dashboard_ms", statistics.median(samples), "ms")

    # A clerk somewhere writes: the next visit shows the last figures at once, saying when,
    # while a background thread works them out anew.
    from django.db import transaction

    from gonghui.core import audit

    with transaction.atomic():
        audit.record(actor=None, actor_name="bench", action=audit.Action.UPDATE, object_type="bench.write", summary="基准测试：一次写入")
    started = time.perf_counter()
    response = client.get("/stats/", {"year": "2012"})
    after_write = (time.perf_counter() - started) * 1000
    assert "正在重新计算" in response.content.decode(), "the page after a write was not the last one, shown at once"
    refreshing = list(figures.snapshots.refreshing.values())
    started = time.perf_counter()
    for thread in refreshing:
        if thread is not None:
            thread.join()
    harness.note(f"the dashboard worked out anew in the background in {time.perf_counter() - started:.1f} s more")
    harness.figure("stats_dashboard_after_write_ms", after_write, "ms")


if __name__ == "__main__":
    main()
