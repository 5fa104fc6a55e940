"""Two reviewers approving at once: of two clicks on one claim one wins, and two claims of one
person approved at the same moment never pass the person's cap together (the enrolment row
lock serialises them). Real threads on PostgreSQL; SQLite serialises writers itself."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.core.exceptions import ValidationError

from gonghui.core.roles import Role
from gonghui.mutualaid import services
from gonghui.mutualaid.models import Claim, ClaimStatus
from gonghui.mutualaid.tests.builders import enrol, hospital_claim, money, scheme_year
from gonghui.testing import CityFactory, make_user, member_data

pytestmark = pytest.mark.django_db(transaction=True)


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait()
            outcomes[i] = call()
        except ValidationError as exc:
            outcomes[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.fixture
def two_claims(settings, tmp_path):
    from gonghui.members import services as member_services

    if connection.vendor != "postgresql":
        pytest.skip("threads against one SQLite test database serialise on its file lock; the conditional update is tested in test_claims")
    settings.VAR_DIR = tmp_path
    city = CityFactory().build()
    year = scheme_year(city)
    clerk = make_user(Role.CLERK, city.town_a)
    reviewers = [make_user(Role.REVIEWER, city.town_a, username=f"race-reviewer-{n}") for n in range(2)]
    member = member_services.member_register(acting_user=clerk, org=city.primaries[0], data=member_data(700, name="孙并发"))
    _, (worker,) = enrol(clerk, city.primaries[0], [member], year=year)
    first = services.claim_submit(acting_user=clerk, worker=worker, data=hospital_claim(total_expense="15000", expenses=[("手术费", "15000")]))
    second = services.claim_submit(acting_user=clerk, worker=worker, data=hospital_claim(
        total_expense="15000", expenses=[("手术费", "15000")], started_on=datetime.date(2012, 8, 1), ended_on=datetime.date(2012, 8, 9)))
    return reviewers, first, second


def test_two_reviewers_approving_one_claim_at_once_approve_it_once(two_claims):
    reviewers, claim, _ = two_claims
    outcomes = _race(*[lambda r=r: services.claim_decide(acting_user=r, claim=claim, approve=True) for r in reviewers])
    assert sorted(type(o).__name__ for o in outcomes) == ["Claim", "ValidationError"]
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.APPROVED


def test_two_claims_of_one_person_approved_at_once_stay_within_the_cap(two_claims):
    reviewers, first, second = two_claims
    assert first.computed_amount + second.computed_amount > money(10000)  # 7,500 each, the cap 10,000
    _race(lambda: services.claim_decide(acting_user=reviewers[0], claim=first, approve=True),
          lambda: services.claim_decide(acting_user=reviewers[1], claim=second, approve=True))
    granted = sorted(Claim.objects.filter(pk__in=[first.pk, second.pk]).values_list("approved_amount", flat=True))
    assert granted == [money(2500), money(7500)]
