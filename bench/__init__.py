"""Benchmarks (`make bench`, `make bench ONLY=<name>`): figures measured against PostgreSQL,
never run as tests. Each benchmark runs in its own process with its own database, created
fresh, migrated, and dropped at the end, and prints its figures as

    BENCH <figure> <value> <unit>

one a line; lines starting with '#' are comments (query plans, phases, timings). Ratios are
measured in the same run as both of their terms.

Benchmarks: see bench.__main__.BENCHMARKS.
"""
