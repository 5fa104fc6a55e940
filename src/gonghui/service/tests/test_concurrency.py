"""Two clerks concluding the same case at the same moment, on real concurrent connections:
exactly one conclusion is written, the other clerk is told the case moved on.

On PostgreSQL only: SQLite serialises every writer on the whole database, which the
stale-page test in test_cases.py covers."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from gonghui.service import services
from gonghui.service.models import Case
from gonghui.service.tests.conftest import build_service_world, case_data

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_clerks_concluding_at_once_one_conclusion_is_written(django_db_blocker):
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent connections need PostgreSQL")
    world = build_service_world()
    case = services.case_register(acting_user=world.clerks["A"], data=case_data())
    services.case_assign(acting_user=world.clerks["A"], case=case, to_org=world.villages["A"])
    services.case_accept(acting_user=world.village_clerks["A"], case=case)
    stale = {"point": Case.objects.get(pk=case.pk), "town": Case.objects.get(pk=case.pk)}
    actors = {"point": world.village_clerks["A"], "town": world.clerks["A"]}
    amounts = {"point": "5000", "town": "7000"}
    barrier, results = threading.Barrier(2), {}

    def conclude(who):
        try:
            barrier.wait(timeout=10)
            services.case_conclude(acting_user=actors[who], case=stale[who], outcome="resolved", amount_recovered=amounts[who], conclusion="补发",
                                   concluded_on=datetime.date(2012, 5, 15))
            results[who] = "ok"
        except ValidationError as exc:
            results[who] = " ".join(exc.messages)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=conclude, args=(who,)) for who in stale]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(results.values()).count("ok") == 1, results
    loser = next(v for v in results.values() if v != "ok")
    assert "须先" in loser or "已被他人改变" in loser
    case.refresh_from_db()
    winner = next(k for k, v in results.items() if v == "ok")
    assert case.amount_recovered == Decimal(amounts[winner]) and case.steps.filter(kind="conclude").count() == 1
