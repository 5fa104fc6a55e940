"""The `gonghui` command.

    gonghui run [--bind 127.0.0.1:8000] [--workers N]   migrate, load the demo city when empty, serve
                                                         (and start the background worker for imports)
    gonghui import <spec> FILE --union CODE [--mode all|valid] [--user NAME]   import Excel/CSV
    gonghui demo                                         build the demo city (deterministic)
    gonghui report --year 2012 [--org CODE] --format docx|xlsx|json [--output FILE]   the annual work report
    gonghui audit verify                                 check the audit chain
    gonghui rotate-keys                                  new data key; reseal every sealed value
    gonghui <django command> ...                         any other management command
"""

import os
import sys


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__)
        return 0
    command, rest = argv[0].replace("-", "_"), argv[1:]
    if command == "run":
        return serve(rest)
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gonghui", command, *rest])
    return 0


def serve(args):
    import argparse

    parser = argparse.ArgumentParser(prog="gonghui run")
    parser.add_argument("--bind", default=os.environ.get("GONGHUI_BIND", "127.0.0.1:8000"))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("GONGHUI_WORKERS", "2")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("GONGHUI_THREADS", "4")))
    parser.add_argument("--no-demo", action="store_true", help="do not load the demo city into an empty database")
    options = parser.parse_args(args)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("imports_purge", verbosity=0)
    from gonghui.orgs.models import Org

    if not options.no_demo and not Org.objects.exists():
        print("数据库为空，正在生成演示城市……", flush=True)
        call_command("demo")  # prints the demo logins itself
    else:
        from gonghui.demo.accounts import print_demo_logins

        print_demo_logins()
    print(f"工会工作平台已启动: http://{options.bind}/", flush=True)

    # Imports and other background tasks run in the database-queue worker, started beside
    # the web server so that a bare machine needs nothing else; it stops with it.
    import atexit
    import subprocess

    worker = subprocess.Popen([sys.executable, "-m", "gonghui", "db_worker", "--queue-name", "*"])
    atexit.register(_stop_worker, worker)

    from granian.cli import cli as granian

    try:
        granian.main(args=server_arguments(bind=options.bind, workers=options.workers, threads=options.threads), prog_name="granian", standalone_mode=False)
    finally:
        _stop_worker(worker)
    return 0


def server_arguments(*, bind: str, workers: int, threads: int) -> list[str]:
    """How `gonghui run` starts the web server (and how bench/cards_verify.py measures it):
    granian serving gonghui.wsgi, `workers` processes of `threads` threads each, one
    access-log line a request. Granian parses HTTP in Rust: a till's verification costs the
    Python side only Django's own work (gunicorn's parser cost as much as the view)."""
    host, _, port = bind.rpartition(":")
    return [
        "gonghui.wsgi:application",
        "--interface", "wsgi",
        "--host", host.strip("[]") or "127.0.0.1",
        "--port", port,
        "--workers", str(workers),
        "--blocking-threads", str(threads),
        "--respawn-failed-workers",
        "--access-log",
    ]


def _stop_worker(worker) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=30)  # the worker finishes the batch it is writing
        except Exception:
            worker.kill()


if __name__ == "__main__":
    sys.exit(main())
