"""`python -m bench [name ...]`: run the named benchmarks (all when none is named), each in
its own process, so that each starts from fresh settings pointing at its own database and
its peak memory is its own."""

import os
import subprocess
import sys
import time

# Name -> module; in the order `make bench` runs them.
BENCHMARKS = {
    "orgs": "bench.orgs",
    "members_import": "bench.members_import",
    "cards_verify": "bench.cards_verify",
    "stats": "bench.stats",
}


def main(argv: list[str]) -> int:
    names = [a for a in argv if a] or list(BENCHMARKS)
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}", file=sys.stderr)
        return 2
    failed = []
    for name in names:
        print(f"# --- {name}", flush=True)
        started = time.monotonic()
        code = subprocess.call([sys.executable, "-m", BENCHMARKS[name]], env={**os.environ, "PYTHONUNBUFFERED": "1"})
        print(f"# --- {name}: {'ok' if code == 0 else f'FAILED (exit {code})'} in {time.monotonic() - started:.0f} s", flush=True)
        if code:
            failed.append(name)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
