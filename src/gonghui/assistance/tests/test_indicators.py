"""The figures of 困难帮扶 follow the records: only what was paid, people once, each town its own."""

import datetime

from gonghui.assistance import indicators, services
from gonghui.assistance.tests.conftest import YEAR, archive
from gonghui.core.indicators import REGISTRY, Period
from gonghui.core.roles import Role

TODAY = datetime.date.today()


def pay(world, t, member, amount="500", programme=None):
    grant = services.grant_propose(acting_user=world.users[t, Role.CLERK], programme=programme or world.programmes[t], member=member, fund=world.funds[t], amount=amount, method="cash")
    grant = services.grant_approve(acting_user=world.users[t, Role.REVIEWER], grant=grant)
    return services.grant_pay_by_hand(acting_user=world.users[t, Role.CLERK], grant=grant, paid_on=TODAY, receipt_number=f"R{grant.pk}", signed_by=member.name)


def test_every_assistance_code_of_the_report_is_declared_with_a_definition():
    # The report's codes (stats/tests/report_2012.py, which this app may not import).
    codes = {f"assistance.{c}" for c in (
        "warmth_raised", "warmth_visited", "archived_helped", "archived_helped_amount", "serious_illness_people", "serious_illness_amount", "tickets_awarded",
        "tickets_booked", "tickets_enterprise_bought", "summer_care", "education_children", "education_amount", "enterprise_funds_new")}
    assert codes <= set(REGISTRY)
    assert all(len(REGISTRY[c].definition) > 20 for c in codes)


def test_warmth_figures_count_paid_visits_once_per_person_and_money_raised_for_the_programme(world):
    year, federation = Period.year(YEAR), world.city.federation
    assert indicators.warmth_raised(federation, year) == 20000  # both towns' donations to their programmes
    services.grant_propose(acting_user=world.users["A", Role.CLERK], programme=world.programmes["A"], member=world.members["A"][1], fund=world.funds["A"], amount="300", method="cash")
    assert indicators.warmth_visited(federation, year) == 0  # proposed is not paid
    pay(world, "A", world.members["A"][0])
    pay(world, "B", world.members["B"][0])
    assert indicators.warmth_visited(federation, year) == 2
    assert indicators.warmth_visited(world.town("A"), year) == 1
    assert dict(REGISTRY["assistance.warmth_visited"].breakdown(federation, year)) == {world.town("A").name: 1, world.town("B").name: 1}
    assert indicators.helped_amount(world.town("B"), year) == 500


def test_archive_figures_count_households_by_grade_entries_and_exits(world):
    year = Period.year(YEAR)
    kept = archive(world, "A", world.members["A"][0], grade="deep")
    left = archive(world, "A", world.members["A"][1], grade="relative")
    services.file_exit(acting_user=world.users["A", Role.REVIEWER], hardship_file=left, on=TODAY, reason="再就业")
    town = world.town("A")
    assert indicators.archive_entries(town, year) == 2 and indicators.archive_exits(town, year) == 1
    assert indicators.archived_households(town, year) == 1
    assert dict(REGISTRY["assistance.archived_households"].breakdown(town, year)) == {"深度困难": 1}
    assert indicators.archived_households(world.town("B"), year) == 0 and kept.pk


def test_archived_help_counts_people_and_amount_of_the_two_archive_programmes(world):
    clerk = world.users["A", Role.CLERK]
    programme = services.programme_create(acting_user=clerk, data={"code": "XS-KN", "name": "建档困难职工帮扶", "kind": "archived_help", "year": YEAR,
                                                                   "starts_on": datetime.date(YEAR, 1, 1), "ends_on": datetime.date(YEAR, 12, 31), "budget": "5000", "cap_per_person": "3000"})
    archive(world, "A", world.members["A"][0])
    pay(world, "A", world.members["A"][0], "950", programme)
    pay(world, "A", world.members["A"][0], "300")  # a warmth visit is not archived help
    year = Period.year(YEAR)
    assert indicators.archived_helped(world.city.federation, year) == 1
    assert indicators.archived_helped_amount(world.city.federation, year) == 950
    assert indicators.people_helped(world.city.federation, year) == 1
