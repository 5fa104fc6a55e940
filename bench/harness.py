"""What every benchmark shares: a fresh PostgreSQL database of its own (created, migrated,
dropped at the end), Django set up against it, and the way figures are printed.

The database server is GONGHUI_BENCH_PG (default postgres://postgres@127.0.0.1:5432, trust
auth); the database is gonghui_bench_<name>. Uploads and the data key ring go to a
temporary GONGHUI_VAR_DIR, never to the project's var/. While developing, BENCH_KEEP_DB=1
keeps the database afterwards.
"""

import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

SERVER = os.environ.get("GONGHUI_BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")


def figure(name: str, value, unit: str) -> None:
    """One figure, on its own line, exactly as `BENCH <figure> <value> <unit>`."""
    if isinstance(value, float):
        value = f"{value:.2f}" if abs(value) < 100 else f"{value:.0f}"
    print(f"BENCH {name} {value} {unit}", flush=True)


def note(text: str) -> None:
    for line in str(text).splitlines() or [""]:
        print(f"# {line}", flush=True)


def percentile(samples: list[float], q: float) -> float:
    """The q-th percentile (0..100), linear between closest ranks."""
    ordered = sorted(samples)
    if len(ordered) == 1:
        return ordered[0]
    return statistics.quantiles(ordered, n=100, method="inclusive")[int(q) - 1] if q < 100 else ordered[-1]


def timed(fn, runs: int) -> list[float]:
    """Milliseconds of `runs` calls of fn()."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def postgres_cpu_seconds() -> float:
    """CPU time of every PostgreSQL process on this machine so far, those ended included (the
    postmaster's children's time): servers renew their connections (CONN_MAX_AGE) and an
    import writes on several, so following a few backends would lose time. The machine is
    otherwise quiet while a benchmark runs."""
    total = 0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            comm = (proc / "comm").read_text().strip()
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if comm == "postgres" or comm.startswith("postgres:"):
            total += int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if fields[1] == "1" else 0)  # + cutime, cstime of the postmaster (ppid 1)
    return total / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def phase(label: str):
    started = time.monotonic()
    note(f"{label} ...")
    yield
    note(f"{label}: {time.monotonic() - started:.1f} s")


def _admin_execute(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


@contextlib.contextmanager
def database(name: str):
    """Create gonghui_bench_<name>, point the settings at it, set Django up, migrate; on the
    way out close every connection and drop the database and the temporary var dir."""
    db_name = f"gonghui_bench_{name}"
    _admin_execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
    _admin_execute(f'CREATE DATABASE "{db_name}"')
    var_dir = tempfile.mkdtemp(prefix=f"gonghui-bench-{name}-")
    # Before Django reads its settings: they are taken from the environment once.
    os.environ["GONGHUI_DATABASE_URL"] = f"{SERVER}/{db_name}"
    os.environ["GONGHUI_VAR_DIR"] = var_dir
    os.environ.setdefault("GONGHUI_LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.pop("GONGHUI_TESTING", None)
    try:
        import django

        django.setup()
        from django.core.management import call_command

        with phase("migrate"):
            call_command("migrate", verbosity=0, interactive=False)
        yield var_dir
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        if os.environ.get("BENCH_KEEP_DB"):  # while developing: look at the data afterwards
            note(f"kept database {db_name}")
        else:
            with contextlib.suppress(Exception):
                _admin_execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        shutil.rmtree(var_dir, ignore_errors=True)


def run(name: str, body) -> None:
    """Entry point of a benchmark module: body(var_dir) inside its own database."""
    started = time.monotonic()
    with database(name) as var_dir:
        body(var_dir)
    note(f"{name} done in {time.monotonic() - started:.0f} s")
    sys.stdout.flush()
