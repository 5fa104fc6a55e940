"""`make bench ONLY=cards_verify` (issue 4, Performance): signed card verifications over HTTP
against the production server.

1. A fresh PostgreSQL database (bench.harness) with one town, a few unions, BENCH_CARDS
   (default 1,000,000) members and as many cards, bulk-written; one partner with four stores
   and a benefit; BENCH_KEYS (default 32) till keys, each allowed far more requests a minute
   than the run sends, so that the limiter counts every request but refuses none.
2. The production server: granian serving gonghui.wsgi with GONGHUI_PRODUCTION=1, started
   with the arguments `gonghui run` uses (gonghui.cli.server_arguments: BENCH_WORKERS
   processes x BENCH_THREADS threads, default 2 x 4 as `gonghui run`, the access log on), on
   127.0.0.1; persistent database connections.
3. The load generator: wrk on this machine with bench/cards_verify.lua, which signs every
   request in Lua (HMAC-SHA256, checked against Python's at start): a fresh nonce and the
   current time each, a random card of 10,000 drawn from the million, a random store, the
   keys in turn. Every request does the whole server path: the key looked up, the signature
   checked, the rate window counted and the nonce stored (one transaction), the card and its
   member read, the store's offers read.
4. BENCH_SECONDS (default 60) at 32 connections for requests per second, then as long at 8
   connections for p50/p99 latency; a short warm-up before each. Errors: socket errors,
   non-2xx answers and answers that were not "valid": true, over both runs.

Prints BENCH cards_verify_rps, cards_verify_p50_ms, cards_verify_p99_ms, cards_verify_errors.
"""

import datetime
import json
import os
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import harness

CARDS = int(os.environ.get("BENCH_CARDS", "1000000"))
KEYS = int(os.environ.get("BENCH_KEYS", "32"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "60"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
THREADS = int(os.environ.get("BENCH_THREADS", "4"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
SAMPLE_CARDS = 10_000
CHUNK = 20_000
PATH = "/api/v1/cards/verify"
LUA = Path(__file__).with_name("cards_verify.lua")


def _world():
    """The tree, the members and their cards, the partner and its keys; returns what the load
    generator needs."""
    from django.db import transaction

    from gonghui.accounts.models import User
    from gonghui.cards import apikeys, services
    from gonghui.cards.models import Card, CardStatus
    from gonghui.cards.numbers import draw_numbers
    from gonghui.core.imports.bulk import bulk_insert, reset_sequence
    from gonghui.core.roles import Role
    from gonghui.core.sealing import SealedValue, blind_index
    from gonghui.core.validators import id_number_check_char
    from gonghui.members.models import Member
    from gonghui.orgs.models import Level
    from gonghui.testing import make_org

    rng = random.Random(2013)
    federation = make_org(name="慈溪市总工会", level=Level.FEDERATION, kind="federation", code="C")
    town = make_org(name="浒山街道总工会", level=Level.TOWN, kind="town", parent=federation, code="C-01")
    unions = [make_org(name=f"浒山企业{n}工会", level=Level.PRIMARY, kind="enterprise", parent=town, code=f"C-01-{n:03d}") for n in range(1, 21)]
    clerk = User(username="bench-clerk", role=Role.CLERK, org=town, must_change_password=False)
    clerk.set_unusable_password()
    clerk.save()

    with harness.phase(f"{CARDS:,} members and cards (bulk)"):
        numbers = draw_numbers(CARDS, rng=rng)
        today = datetime.date.today()
        births = [datetime.date(1960, 1, 1) + datetime.timedelta(days=d) for d in range(0, 12_000)]
        with transaction.atomic():
            for start in range(0, CARDS, CHUNK):
                members, cards = [], []
                for n in range(start, min(start + CHUNK, CARDS)):
                    birth = births[n % len(births)]
                    first17 = f"330282{birth:%Y%m%d}{n // len(births):03d}"
                    number = first17 + id_number_check_char(first17)
                    members.append(dict(
                        id=n + 1, name=f"会员{n}", id_number=SealedValue(number, "id_number"), id_number_index=blind_index(number, "id_number"),
                        birth_date=birth, sex="M" if n % 2 else "F", mobile="", mobile_index="", ethnicity="汉族", education="", household="urban",
                        enterprise_id=None, org_id=unions[n % len(unions)].pk, joined_on=datetime.date(2010, 1, 1), status="active",
                        status_changed_on=None, collected_on=datetime.date(2012, 1, 1),
                    ))
                    cards.append(dict(id=n + 1, number=numbers[n], member_id=n + 1, status=CardStatus.ACTIVE, issued_on=today, activated_on=today,
                                      ended_on=None, end_reason="", replaces_id=None, batch_id=None, issued_by_id=clerk.pk,
                                      payout_bank="", payout_account="", payout_account_index="", payout_marked_on=None))
                bulk_insert(Member, members)
                bulk_insert(Card, cards)
            reset_sequence(Member)
            reset_sequence(Card)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    harness.note(f"cards in the database: {Card.objects.count():,}")

    partner = services.partner_create(acting_user=clerk, data={
        "name": "浒山惠民大药房", "category": "health", "town": town, "address": "", "description": "", "contact_name": "周经理",
        "contact_phone": "13905740001", "contract_number": "BENCH-51-001", "contract_start": datetime.date(2012, 1, 1), "contract_end": datetime.date(2099, 12, 31),
    })
    stores = [services.store_create(acting_user=clerk, partner=partner, data={"name": f"惠民大药房{n}店", "town": town, "address": "", "phone": "",
                                                                               "opened_on": datetime.date(2012, 1, 1)}) for n in range(1, 5)]
    from decimal import Decimal

    services.benefit_create(acting_user=clerk, partner=partner, data={"kind": "percent", "percent_off": Decimal("10"), "store": None,
                                                                       "conditions": "", "valid_from": datetime.date(2012, 1, 1)})
    keys = [apikeys.api_key_create(acting_user=clerk, partner=partner, label=f"收银台{n}", rate_limit_per_minute=1_000_000) for n in range(KEYS)]
    sample = rng.sample(numbers, min(SAMPLE_CARDS, len(numbers)))
    return {"stores": [s.pk for s in stores], "keys": [(k.key_id, secret) for k, secret in keys], "cards": sample}


def _check_signer(workdir: Path) -> None:
    """The Lua signer must agree with the server's before its figures mean anything."""
    from gonghui.cards.apikeys import signature

    luajit = shutil.which("luajit")
    if not luajit:
        harness.note("luajit not installed: the Lua signer is checked by the first requests instead")
        return
    out = subprocess.run([luajit, str(LUA), "selftest"], capture_output=True, text=True, check=True).stdout.split()
    expected = signature("gs_secret", "POST", PATH, "1700000000", "nonce-1", b'{"card": "1", "store_id": 2}')
    if out[-1] != expected:
        raise SystemExit(f"the Lua signer disagrees with cards.apikeys: {out[-1]} != {expected}")


def _server(var_dir: str, log_path: Path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gonghui.settings",
        "GONGHUI_PRODUCTION": "1",
        "GONGHUI_SECRET_KEY": Path(var_dir, "secret-key").read_text().strip() if Path(var_dir, "secret-key").exists() else "bench-secret-key-" + "x" * 40,
        "GONGHUI_DATA_KEY_FILE": str(Path(var_dir, "data-keys.json")),
        "GONGHUI_ALLOW_HTTP": "1",
        "GONGHUI_LOG_LEVEL": "ERROR",
    }
    from gonghui.cli import server_arguments

    # Exactly as `gonghui run` serves (access log included), only bound to the benchmark's port.
    command = [sys.executable, "-m", "granian", *server_arguments(bind=f"127.0.0.1:{PORT}", workers=WORKERS, threads=THREADS), "--log-level", "warning"]
    log = open(log_path, "w")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
            return process
        except OSError:
            if process.poll() is not None:
                raise SystemExit(f"the server stopped at start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.3)
    raise SystemExit("the server did not start within 60 s")


def _stop(process) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def _first_request_works(data) -> None:
    """One request signed in Python through the running server: the whole chain answers."""
    import urllib.request

    from gonghui.cards.apikeys import signed_headers

    key_id, secret = data["keys"][0]
    body = json.dumps({"card": data["cards"][0], "store_id": data["stores"][0]}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{PATH}", data=body, method="POST",
                                     headers={"Content-Type": "application/json", **signed_headers(key_id=key_id, secret=secret, method="POST", path=PATH, body=body)})
    with urllib.request.urlopen(request, timeout=10) as response:
        answer = json.loads(response.read())
    if not answer.get("valid"):
        raise SystemExit(f"the first verification was not valid: {answer}")


def _cpu_seconds(pids) -> float:
    """User and system CPU time of these processes so far (processes gone count nothing)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def _server_pids(server) -> list[int]:
    return [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _pgid(int(p.name)) == server.pid]


def _pgid(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except OSError:
        return None


def _wrk(data_file: Path, connections: int, seconds: int, server=None) -> dict:
    """One wrk run; with the server given, also the CPU time each request cost the server's
    processes and their PostgreSQL backends (a measure the other work on the machine does not
    change much, unlike requests per second)."""
    if server is not None:
        server_pids = _server_pids(server)
        cpu_before = _cpu_seconds(server_pids), harness.postgres_cpu_seconds()
    load_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    command = ["wrk", "-t", "1", "-c", str(connections), "-d", f"{seconds}s", "--latency", "-s", str(LUA), f"http://127.0.0.1:{PORT}{PATH}"]
    out = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "CARDS_BENCH_DATA": str(data_file)}, timeout=seconds + 60)
    line = next((line for line in out.stdout.splitlines() if line.startswith("CARDS_BENCH ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no result:\n{out.stdout}\n{out.stderr}")
    result = json.loads(line.removeprefix("CARDS_BENCH "))
    result["errors"] = sum(result[k] for k in ("connect", "read", "write", "status", "timeout", "not_valid"))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    if server is not None and result["requests"]:
        app_cpu = _cpu_seconds(server_pids) - cpu_before[0]
        db_cpu = harness.postgres_cpu_seconds() - cpu_before[1]
        load_after = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk has ended and been waited for: its time is in
        load_cpu = (load_after.ru_utime + load_after.ru_stime) - (load_before.ru_utime + load_before.ru_stime)
        harness.note(f"CPU per request: server {app_cpu / result['requests'] * 1e6:.0f} µs, PostgreSQL {db_cpu / result['requests'] * 1e6:.0f} µs, "
                     f"load generator {load_cpu / result['requests'] * 1e6:.0f} µs")
    harness.note(f"{connections} connections, {seconds} s: {result['requests']:,} requests, {result['rps']:.0f}/s, "
                 f"p50 {result['p50_us'] / 1000:.2f} ms, p99 {result['p99_us'] / 1000:.2f} ms, errors {result['errors']} "
                 f"(socket {result['connect'] + result['read'] + result['write'] + result['timeout']}, non-2xx {result['status']}, not valid {result['not_valid']})")
    return result


def body(var_dir: str) -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install wrk")
    data = _world()
    workdir = Path(tempfile.mkdtemp(prefix="gonghui-bench-cards-"))
    data_file = workdir / "data.txt"
    lines = [PATH, " ".join(map(str, data["stores"]))] + [f"K {k} {s}" for k, s in data["keys"]] + [f"C {c}" for c in data["cards"]]
    data_file.write_text("\n".join(lines) + "\n")
    _check_signer(workdir)
    from django.db import connections

    connections.close_all()
    harness.note(f"server: granian (WSGI) {WORKERS} workers x {THREADS} threads, GONGHUI_PRODUCTION=1, PostgreSQL; load: wrk -t1 with a Lua signer")
    server = _server(var_dir, workdir / "server.log")
    try:
        _first_request_works(data)
        _wrk(data_file, 32, min(5, SECONDS))  # warm-up: connections opened, code paths hot
        throughput = _wrk(data_file, 32, SECONDS, server)
        _wrk(data_file, 8, min(5, SECONDS))
        latency = _wrk(data_file, 8, SECONDS)
    finally:
        _stop(server)
        log = "".join(line for line in (workdir / "server.log").read_text().splitlines(keepends=True) if f" {PATH} " not in line)  # not the access log
        if log.strip():
            harness.note("server log (tail):\n" + log[-1500:])
        shutil.rmtree(workdir, ignore_errors=True)
    harness.figure("cards_verify_rps", throughput["rps"], "req/s@32conn")
    harness.figure("cards_verify_p50_ms", latency["p50_us"] / 1000, "ms@8conn")
    harness.figure("cards_verify_p99_ms", latency["p99_us"] / 1000, "ms@8conn")
    harness.figure("cards_verify_errors", throughput["errors"] + latency["errors"], "errors")


if __name__ == "__main__":
    harness.run("cards_verify", body)
