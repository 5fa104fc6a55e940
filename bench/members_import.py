"""`make bench ONLY=members_import` (issue 3, Performance): the member import end to end, the
same data through django-import-export, and search at the size imported.

1. A tree with a few hundred workplace unions; an .xlsx of BENCH_MEMBERS_ROWS (default
   1,000,000) generated member rows (bench.memberfile), and its first 200,000 rows as a second
   file for the peer.
2. Ours, both ways a clerk can import the valid rows, each into an empty registry:
   - directly (`gonghui import --mode valid`, 直接导入 on the upload form): job_create (the
     upload stored) -> job_import_directly -> import_job, one pass that reads, checks,
     seals and writes (batches written two at once on two connections while the next rows
     are read): members_import_rows_per_s and the peak memory;
   - with the preview first (the upload form's default): validate_job (every row checked,
     nothing written) -> job_start(mode valid) -> import_job (the kept rows checked again
     against the database, sealed, written): members_import_two_step_rows_per_s.
   Rows per second is the file's rows over the whole of it; peak memory is the process's
   resident set, sampled.
   Between the two, the database's share alone: the rows the direct import wrote, taken out
   and written again by COPY in the import's batches on two connections, as its writers do,
   with nothing read, checked or sealed (members_import_db_only_rows_per_s): the most any
   import into this schema can reach on this machine.
3. The peer: django-import-export in bulk mode into a plain table (bench.peer), reading the
   200,000-row file and importing it (one import_data call, no dry run: the peer's most
   favourable way).
4. CSV (GB18030, as Excel on a Chinese Windows saves it), imported directly, each in a
   process of its own: its first 200,000 rows, then all of them; the rate of the whole, the
   peak memory of each (members_import_csv_head_peak_mib, members_import_csv_peak_mib).
   The file is read as a stream and never held; what grows is the check for a person twice
   in the file (a key and a row number each).
5. Search through members_search as a town clerk, the way the list page runs it (the count
   and the first page of 50, newest first): 1,000 ID numbers and 1,000 name prefixes.

BENCH_PROFILE=1 runs our import under cProfile and prints where the time went; while
developing, BENCH_CACHE_DIR=<dir> keeps the generated files there and reuses them.
"""

import os
import random
import threading
import time

from bench import harness

ROWS = int(os.environ.get("BENCH_MEMBERS_ROWS", "1000000"))
PEER_ROWS = min(ROWS, int(os.environ.get("BENCH_PEER_ROWS", "200000")))
SEARCHES = int(os.environ.get("BENCH_SEARCHES", "1000"))
PROFILE = os.environ.get("BENCH_PROFILE", "") not in ("", "0")


class PeakRss:
    """The largest resident set size of this process seen while running (sampled every 20 ms)."""

    def __init__(self):
        self.peak = self.baseline = self._rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    @staticmethod
    def _rss() -> int:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")

    def _sample(self):
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, self._rss())

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self._rss())


def _mib(n: int) -> float:
    return n / (1024 * 1024)


def _chunks(path: str):
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            yield chunk


class Clocks:
    """Wall time, this process's CPU time and the database's CPU time (every PostgreSQL process
    on this machine: the import writes on more than one connection), so that each phase shows
    where its time went."""

    def __init__(self):
        self.last = self.read()

    def read(self) -> tuple[float, float, float]:
        return time.perf_counter(), time.process_time(), harness.postgres_cpu_seconds()

    def lap(self, label: str) -> float:
        now = self.read()
        wall, client, server = (b - a for a, b in zip(self.last, now))
        self.last = now
        harness.note(f"{label}: {wall:.1f} s wall, {client:.1f} s CPU here, {server:.1f} s CPU in the database")
        return wall


def import_ours(path: str, root, clerk, *, directly: bool, rows: int = ROWS, name: str = "会员名册.xlsx") -> dict:
    """One import of the file (`rows` data rows): with its validate pass first
    (directly=False: the web page's preview, then 只导入无误的行), or in the one pass of
    `gonghui import --mode valid`."""
    from gonghui.core.imports import engine, services
    from gonghui.core.models import ImportMode

    clocks = Clocks()
    started = time.perf_counter()
    job = services.job_create(spec_name="members", org=root, acting_user=clerk, chunks=_chunks(path), original_name=name)
    clocks.lap("ours: upload")
    if directly:
        services.job_import_directly(job=job, acting_user=clerk, enqueue=False)
    else:
        engine.validate_job(job.pk)
        job.refresh_from_db()
        clocks.lap("ours: validate (every row read and checked)")
        if job.status != "validated" or job.invalid_rows:
            raise SystemExit(f"validation: {job.status} {job.message} invalid={job.invalid_rows} {job.error_sample[:3]}")
        services.job_start(job=job, acting_user=clerk, mode=ImportMode.VALID, enqueue=False)
    engine.import_job(job.pk)
    job.refresh_from_db()
    clocks.lap("ours: import (every row read and checked, sealed, written)" if directly else "ours: import (every row checked again, sealed, written)")
    if job.status != "done" or job.created_count != rows:
        raise SystemExit(f"import: {job.status} {job.message} created={job.created_count}")
    return {"seconds": time.perf_counter() - started, "job": job}


def import_peer(path: str) -> float:
    from import_export.formats.base_formats import XLSX

    from bench.peer.models import PeerMember
    from bench.peer.resources import PeerMemberResource

    started = time.perf_counter()
    with open(path, "rb") as handle:
        dataset = XLSX().create_dataset(handle.read())
    read = time.perf_counter()
    result = PeerMemberResource().import_data(dataset, dry_run=False, use_transactions=True, raise_errors=True)
    done = time.perf_counter()
    harness.note(f"peer: read {read - started:.1f} s, import_data {done - read:.1f} s")
    if result.has_errors() or result.has_validation_errors() or PeerMember.objects.count() != PEER_ROWS:
        raise SystemExit(f"peer import incomplete: {PeerMember.objects.count()} rows, totals {dict(result.totals)}")
    return done - started


def import_in_child(path: str, rows: int, name: str) -> dict:
    """A direct import of the file in a new process (this module with --child), into this
    benchmark's database: seconds, and its resident set before and at its peak."""
    import json
    import subprocess
    import sys

    # The child inherits this process's environment: the settings and database harness set.
    done = subprocess.run([sys.executable, "-m", "bench.members_import", "--child", path, str(rows), name], capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"import in a child process failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def child(path: str, rows: int, name: str) -> None:
    """The --child end of import_in_child: settings and database from the parent's environment."""
    import json

    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from gonghui.core.imports import engine  # noqa: F401  (imported before measuring)
    from gonghui.orgs.models import Org

    clerk = get_user_model().objects.get(username="bench-importer")
    federation = Org.objects.get(parent=None)
    with PeakRss() as rss:
        run = import_ours(path, federation, clerk, directly=True, rows=rows, name=name)
    print(json.dumps({"seconds": run["seconds"], "baseline": rss.baseline, "peak": rss.peak}))


def empty_registry() -> None:
    """An empty registry again, with tables and indexes as new. Only the bench's own database:
    the foreign-key checks are skipped (nothing refers to these members), so that TRUNCATE's
    cascade need not empty the accounts too."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        cursor.execute("DELETE FROM members_membershipperiod")
        cursor.execute("DELETE FROM members_member")
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("VACUUM FULL members_member, members_membershipperiod")


def _copy_out(sql: str) -> list[bytes]:
    from django.db import connection

    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        data = b"".join(bytes(chunk) for chunk in copy)
    return data.splitlines(keepends=True)


def database_alone() -> None:
    """What the import asks of PostgreSQL, without the import: the members and stays the
    direct import wrote are taken out, the tables emptied, and the same rows written back by
    COPY in batches of the import's size, two batches at once on two connections, each with
    its foreign keys checked before its commit, as the import's writers do
    (engine._Writers). Nothing is read from the file, checked or sealed, so the rate is the
    ceiling of any import into this schema on this machine."""
    import queue

    from django.db import connection, transaction

    from gonghui.members.imports import MemberImportSpec

    members = _copy_out("COPY (SELECT * FROM members_member ORDER BY id) TO STDOUT")
    periods = _copy_out("COPY (SELECT * FROM members_membershipperiod ORDER BY member_id) TO STDOUT")
    if len(members) != len(periods):
        raise SystemExit(f"database alone: {len(members)} members but {len(periods)} stays")
    empty_registry()
    size = MemberImportSpec.batch_size
    batches: queue.Queue = queue.Queue()
    for start in range(0, len(members), size):
        batches.put((b"".join(members[start:start + size]), b"".join(periods[start:start + size])))
    del members, periods
    errors = []

    def write():
        try:
            while True:
                try:
                    member_data, period_data = batches.get_nowait()
                except queue.Empty:
                    return
                with transaction.atomic(), connection.cursor() as cursor:
                    with cursor.cursor.copy("COPY members_member FROM STDIN") as copy:
                        copy.write(member_data)
                    with cursor.cursor.copy("COPY members_membershipperiod FROM STDIN") as copy:
                        copy.write(period_data)
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    clocks = Clocks()
    started = time.perf_counter()
    threads = [threading.Thread(target=write) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    clocks.lap("database alone: the same rows by COPY, two connections")
    if errors:
        raise errors[0]
    harness.figure("members_import_db_only_rows_per_s", ROWS / seconds, "rows/s")


def search(clerk, terms: list[str]) -> list[float]:
    from django.core.paginator import Paginator

    from gonghui.members.selectors import members_search

    def page(text):
        # What the member list page does with ?q=: newest first, the count, the first 50.
        members = members_search(clerk, text=text).order_by("-joined_on", "pk")
        rows = Paginator(members, 50).get_page(1)
        return rows.paginator.count, [m.name for m in rows.object_list]

    for text in terms[:10]:
        page(text)
    samples = []
    for text in terms:
        started = time.perf_counter()
        page(text)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def body(var_dir):
    from django.db import connection

    from gonghui.core.imports import engine  # noqa: F401  (imported before timing starts)
    from gonghui.members.models import Member
    from gonghui.testing import make_user

    from bench import memberfile
    from bench import tree as tree_builder

    harness.note(f"rows: {ROWS:,} (ours), {PEER_ROWS:,} (peer); load average {os.getloadavg()[0]:.1f}")
    with connection.cursor() as cursor:
        # The server's sizing moves the figures at a million rows (README, PostgreSQL for a city).
        cursor.execute("SELECT string_agg(name || ' ' || current_setting(name), ', ') FROM unnest(ARRAY['shared_buffers', 'max_wal_size', 'checkpoint_timeout']) AS name")
        harness.note(f"server: {cursor.fetchone()[0]}")
    with harness.phase("build tree"):
        tree = tree_builder.build(towns=19, villages=60, primaries=400, enterprises=2000)
    unions = [(p.code, tree.own_enterprise[p.pk]) for p in tree.primaries]
    importer = make_user("clerk", tree.federation, username="bench-importer")
    town = tree.towns[3]
    town_clerk = make_user("clerk", town, username="bench-town-clerk")

    path = os.path.join(var_dir, "members.xlsx")
    peer_path = os.path.join(var_dir, "members-head.xlsx")
    cache = os.environ.get("BENCH_CACHE_DIR")  # while developing: generate the files once
    if cache:
        os.makedirs(cache, exist_ok=True)
        path = os.path.join(cache, f"members-{memberfile.VERSION}-{ROWS}.xlsx")
        peer_path = os.path.join(cache, f"members-{memberfile.VERSION}-{ROWS}-head-{PEER_ROWS}.xlsx")
    if not (os.path.exists(path) and os.path.exists(peer_path)):
        with harness.phase(f"generate the {ROWS:,}-row xlsx and its first {PEER_ROWS:,} rows for the peer"):
            memberfile.write(path, ROWS, unions)
            memberfile.write(peer_path, PEER_ROWS, unions)
    harness.note(f"file: {os.path.getsize(path) / 1e6:.1f} MB")

    profiler = None
    if PROFILE:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    with PeakRss() as rss:
        ours = import_ours(path, tree.federation, importer, directly=True)
    if profiler:
        import io
        import pstats

        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(30)
        harness.note(out.getvalue())
    rate = ROWS / ours["seconds"]
    harness.note(f"ours: {ROWS:,} rows in {ours['seconds']:.1f} s; RSS before {_mib(rss.baseline):.0f} MiB")
    harness.figure("members_import_rows_per_s", rate, "rows/s")
    harness.figure("members_import_peak_mib", _mib(rss.peak), "MiB")

    database_alone()
    empty_registry()

    # CSV, read as a stream: memory should not grow with the file (the issue's "flat for
    # CSV"). Its first 200,000 rows, then all of them, each directly into an empty registry,
    # each in a process of its own, so that no earlier run's memory is counted.
    csv_head_rows = min(ROWS, 200_000)
    csv_paths = {n: os.path.join(cache or var_dir, f"members-{memberfile.VERSION}-{n}.csv") for n in {csv_head_rows, ROWS}}
    for n, csv_path in csv_paths.items():
        if not os.path.exists(csv_path):
            with harness.phase(f"generate the {n:,}-row CSV (GB18030)"):
                memberfile.write_csv(csv_path, n, unions)
    csv_runs = {}
    for n in sorted(csv_paths):
        csv_runs[n] = run = import_in_child(csv_paths[n], n, "会员名册.csv")
        harness.note(f"ours, CSV: {n:,} rows in {run['seconds']:.1f} s; RSS before {_mib(run['baseline']):.0f} MiB, peak {_mib(run['peak']):.0f} MiB")
        empty_registry()
    harness.figure("members_import_csv_rows_per_s", ROWS / csv_runs[ROWS]["seconds"], "rows/s")
    harness.figure("members_import_csv_peak_mib", _mib(csv_runs[ROWS]["peak"]), "MiB")
    harness.figure("members_import_csv_head_peak_mib", _mib(csv_runs[csv_head_rows]["peak"]), "MiB")

    with PeakRss() as rss:
        two_step = import_ours(path, tree.federation, importer, directly=False)
    harness.note(f"ours with the preview first: {ROWS:,} rows in {two_step['seconds']:.1f} s; peak {_mib(rss.peak):.0f} MiB")
    harness.figure("members_import_two_step_rows_per_s", ROWS / two_step["seconds"], "rows/s")

    with harness.phase(f"peer: django-import-export, {PEER_ROWS:,} rows"):
        peer_seconds = import_peer(peer_path)
    peer_rate = PEER_ROWS / peer_seconds
    harness.figure("members_import_peer_rows_per_s", peer_rate, "rows/s")
    harness.figure("members_import_speedup", rate / peer_rate, "x")

    with connection.cursor() as cursor:
        # As autovacuum would after a load this size, before anyone searches.
        cursor.execute("ANALYZE members_member")
    total = Member.objects.count()
    harness.note(f"search at {total:,} members, as a clerk of {town.name}")
    rng = random.Random(2013)
    picks = [rng.randrange(ROWS) for _ in range(SEARCHES)]
    # Any case of x: the lower-case form half the time.
    ids = [memberfile.id_number(i).lower() if n % 2 else memberfile.id_number(i) for n, i in enumerate(picks)]
    prefixes = [memberfile.name(i)[:2] for i in rng.sample(range(ROWS), SEARCHES)]
    by_id = search(town_clerk, ids)
    by_name = search(town_clerk, prefixes)
    id_p95, name_p95 = harness.percentile(by_id, 95), harness.percentile(by_name, 95)
    harness.figure("members_search_id_p50_ms", harness.percentile(by_id, 50), "ms")
    harness.figure("members_search_id_p95_ms", id_p95, "ms")
    harness.figure("members_search_name_p50_ms", harness.percentile(by_name, 50), "ms")
    harness.figure("members_search_name_p95_ms", name_p95, "ms")
    harness.figure("members_search_p95_ms", max(id_p95, name_p95), "ms")
    # The list page without a search: the town's members, newest first (count + first page).
    listing = search(town_clerk, [""] * 100)
    harness.figure("members_list_town_p50_ms", harness.percentile(listing, 50), "ms")
    harness.figure("members_list_town_p95_ms", harness.percentile(listing, 95), "ms")
    from gonghui.members.selectors import members_search

    plan = members_search(town_clerk, text=prefixes[0]).order_by("-joined_on", "pk")[:50].explain()
    harness.note(f"EXPLAIN name prefix {prefixes[0]!r}:")
    for line in plan.splitlines():
        harness.note(f"    {line}")


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        harness.run("members_import", body)
