"""Twenty reviewers approve at the same moment on PostgreSQL, each on their own connection:
exactly one payment comes out, and the fund is debited once."""

import threading

import pytest
from django.db import connection, connections
from django.db.models import Sum

from gonghui.assistance import services
from gonghui.assistance.models import Fund, FundEntry, Grant, GrantStatus
from gonghui.assistance.tests.conftest import build_help_world
from gonghui.core.roles import Role
from gonghui.testing import make_user

pytestmark = pytest.mark.django_db(transaction=True)

APPROVERS = 20


@pytest.mark.skipif(connection.vendor != "postgresql", reason="real concurrent connections need PostgreSQL (SQLite serialises every writer)")
def test_twenty_concurrent_approvals_for_one_person_make_exactly_one_payment():
    world = build_help_world()
    member, programme, fund = world.members["A"][0], world.programmes["A"], world.funds["A"]
    clerk = world.users["A", Role.CLERK]
    # Twenty proposals for the same person, as twenty clerks might have sent at once.
    grants = Grant.objects.bulk_create([
        Grant(programme=programme, member=member, org=member.org, beneficiary=f"m{member.pk}", fund=fund, amount="300", method="cash", proposed_by=clerk)
        for _ in range(APPROVERS)
    ])
    reviewers = [make_user(Role.REVIEWER, world.town("A"), username=f"concurrent-reviewer-{n}") for n in range(APPROVERS)]
    barrier = threading.Barrier(APPROVERS)
    outcomes = []

    def approve(reviewer, grant):
        try:
            barrier.wait()
            services.grant_approve(acting_user=reviewer, grant=grant)
            outcomes.append("approved")
        except Exception as exc:  # noqa: BLE001 - every refusal is counted, whatever its kind
            outcomes.append(type(exc).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(r, g)) for r, g in zip(reviewers, grants)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert outcomes.count("approved") == 1, outcomes
    assert set(outcomes) == {"approved", "ValidationError"}
    assert Grant.objects.filter(programme=programme, member=member, status__in=[GrantStatus.APPROVED, GrantStatus.PAID]).count() == 1
    assert FundEntry.objects.filter(fund=fund, kind="grant").count() == 1
    fund = Fund.objects.get(pk=fund.pk)
    assert fund.balance == 9700 == FundEntry.objects.filter(fund=fund).aggregate(s=Sum("amount"))["s"]
