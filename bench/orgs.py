"""`make bench ONLY=orgs`: subtree queries at 20,000 nodes (issue 2: "Subtree queries are one
indexed query and stay fast at 20,000 nodes").

A tree of 1 + 19 towns + 400 villages + 19,580 workplace unions with 60,000 enterprises,
then each query the selectors build on the subtree range, for the root and for a town:
median and p95 of 200 runs, and the plan PostgreSQL chose.
"""

import re

from bench import harness

RUNS = 200


def _plan_lines(queryset) -> list[str]:
    return queryset.explain().splitlines()


def _scan_lines(lines: list[str]) -> list[str]:
    return [line.strip().lstrip("-> ").strip() for line in lines if re.search(r"Scan", line)]


def body(_var_dir):
    from gonghui.core import scope
    from gonghui.orgs import selectors
    from gonghui.orgs.models import Enterprise, Org

    from bench import tree as tree_builder

    with harness.phase("build tree (bulk_create)"):
        tree = tree_builder.build(towns=19, villages=400, primaries=19_580, enterprises=60_000)
    nodes = Org.objects.count()
    harness.note(f"{nodes:,} unions, {Enterprise.objects.count():,} enterprises")
    root, town = tree.federation, tree.towns[9]
    harness.note(f"town measured: {town.name} ({scope.within(Org.objects.all(), town.path, path_field='path').count():,} unions in its subtree)")

    queries = {
        # one indexed range over orgs_org.path
        "orgs_subtree_count": lambda org: scope.within(Org.objects.all(), org.path, path_field="path").count(),
        # the range joined to enterprises (what every scoped list of business rows does)
        "orgs_enterprises_count": lambda org: scope.within(Enterprise.objects.all(), org.path).count(),
        # selectors.subtree_counts: unions by level + enterprises by formation
        "orgs_subtree_counts": lambda org: selectors.subtree_counts(org),
        # selectors.children_with_counts: the tree browser's rows
        "orgs_children_counts": lambda org: selectors.children_with_counts(org),
    }

    # Plans: the range must be an index scan where it is selective (a town); for the root it
    # covers the whole table, where a sequential scan is the right plan.
    for label, org in (("town", town), ("root", root)):
        for what, queryset in (
            ("orgs in subtree", scope.within(Org.objects.all(), org.path, path_field="path").values("pk")),
            ("enterprises in subtree", scope.within(Enterprise.objects.all(), org.path).values("pk")),
        ):
            lines = _plan_lines(queryset)
            harness.note(f"EXPLAIN {what} ({label}): {lines[0]}")
            for scan in _scan_lines(lines[1:]):
                harness.note(f"    {scan}")
            if label == "town" and not any("Index" in line for line in lines):
                harness.note(f"WARNING: no index scan in the plan of {what} for a town")

    for name, query in queries.items():
        worst = {}
        for label, org in (("root", root), ("town", town)):
            for _ in range(5):  # warm the caches and the connection
                query(org)
            samples = harness.timed(lambda: query(org), RUNS)
            p50, p95 = harness.percentile(samples, 50), harness.percentile(samples, 95)
            harness.figure(f"{name}_{label}_p50_ms", p50, "ms")
            harness.figure(f"{name}_{label}_p95_ms", p95, "ms")
            worst[label] = p95
        harness.figure(f"{name}_p95_ms", max(worst.values()), "ms")


if __name__ == "__main__":
    harness.run("orgs", body)
