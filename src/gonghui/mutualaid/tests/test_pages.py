"""The pages: the figures for the user's own part of the tree, lists that export to Excel,
the claim page with its working, and nothing of another town."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.core.indicators import REGISTRY, Period
from gonghui.mutualaid import services
from gonghui.mutualaid.tests.builders import federation_clerk, hospital_claim, money
from gonghui.testing import login_as


def client_for(user):
    return login_as(Client(), user)


@pytest.fixture
def paid_claim(aid):
    claim = services.claim_submit(acting_user=aid.clerks["A"], worker=aid.workers[0], data=hospital_claim(hospital="浒山专科医院"))
    claim = services.claim_decide(acting_user=aid.reviewers["A"], claim=claim, approve=True)
    return services.claim_pay(acting_user=aid.clerks["A"], claim=claim, paid_on=claim.decided_on)


def test_the_indicators_count_paid_enrolments_and_granted_claims(aid, paid_claim):
    year = Period.year(2012)
    fed, town_a, town_b = aid.city.federation, aid.city.town_a, aid.city.town_b
    value = lambda code, org: REGISTRY[code].value(org, year)  # noqa: E731
    assert (value("mutualaid.units", fed), value("mutualaid.workers", fed)) == (1, 3)
    assert value("mutualaid.workers", town_b) == 0
    assert (value("mutualaid.hospital_people", town_a), value("mutualaid.hospital_amount", town_a)) == (1, money(2500))
    assert value("mutualaid.contributions", fed) == money(108)
    ratio = value("mutualaid.loss_ratio", fed)
    assert (ratio.numerator, ratio.denominator) == (money(2500), money(108))
    assert ("住院医疗", money(2500)) in REGISTRY["mutualaid.payouts"].breakdown(fed, year)
    assert (town_a.name, money(2500)) in REGISTRY["mutualaid.payouts_town"].breakdown(fed, year)
    assert REGISTRY["mutualaid.payouts_month"].breakdown(fed, year) == [(f"{paid_claim.decided_on:%Y年%m月}", money(2500))]
    assert value("mutualaid.hospital_amount", fed) == sum(c.approved_amount for c in REGISTRY["mutualaid.hospital_amount"].records(fed, year))


def test_the_front_page_shows_the_years_figures(aid, paid_claim):
    page = client_for(aid.clerks["A"]).get(reverse("mutualaid:home") + "?year=2012").content.decode()
    assert "职工医疗互助保障" in page
    assert '<tr data-code="mutualaid.hospital_amount"><th class="fw-normal">住院医疗保障金额</th><td class="text-end">2,500.00</td>' in page


def test_the_claim_page_shows_the_working_and_the_diagnosis_masked(aid, paid_claim):
    page = client_for(aid.clerks["A"]).get(reverse("mutualaid:claim-detail", args=[paid_claim.pk])).content.decode()
    assert "核定应付" in page and "起付线" in page and "急性阑尾炎" not in page and "******" in page
    assert client_for(aid.clerks["B"]).get(reverse("mutualaid:claim-detail", args=[paid_claim.pk])).status_code == 404


@pytest.mark.parametrize("name", ["mutualaid:claim-list", "mutualaid:unit-list", "mutualaid:worker-list", "mutualaid:payment-list"])
def test_every_list_exports_to_excel_with_the_town_s_own_rows_only(aid, paid_claim, name):
    response = client_for(aid.clerks["A"]).get(reverse(name) + "?export=xlsx")
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    text = " ".join(str(c) for row in rows for c in row)
    assert aid.unit.org.name in text
    assert "急性阑尾炎" not in text
    other = client_for(aid.clerks["B"]).get(reverse(name) + "?export=xlsx")
    other_content = b"".join(other.streaming_content) if other.streaming else other.content
    other_rows = CalamineWorkbook.from_filelike(io.BytesIO(other_content)).get_sheet_by_index(0).to_python()
    assert len(other_rows) == 1  # the header only


def test_a_claim_entered_through_the_form_is_adjudicated_and_a_bad_one_keeps_what_was_typed(aid):
    client = client_for(aid.clerks["A"])
    form = {"year": "2012", "certificate": aid.workers[1].certificate_number, "plan": "hospital", "diagnosis": "骨折", "hospital": "慈溪市人民医院",
            "hospital_level": "2", "started_on": "2012-03-01", "ended_on": "2012-03-09", "expenses": "床位费 800\n手术费 2200", "total_expense": "3100"}
    response = client.post(reverse("mutualaid:claim-new"), form)
    assert response.status_code == 200 and "与医疗费用合计 3,100.00 元不符" in response.content.decode()
    response = client.post(reverse("mutualaid:claim-new"), {**form, "total_expense": "3000"})
    assert response.status_code == 302
    claim = aid.workers[1].claims.get()
    assert claim.computed_amount == money(1000) and claim.expenses.count() == 2


def test_the_federation_sets_rules_through_the_form(aid):
    client = client_for(federation_clerk(aid.city))
    page = client.get(reverse("mutualaid:rules-edit", args=[2012])).content.decode()
    assert "恶性肿瘤" in page
    form = {"contribution": "40", "waiting_days": "60", "overall_cap": "20000", "serious_cap": "5000", "hospital_deductible": "800",
            "hospital_cap": "10000", "women_cap": "8000", "bands": "不分 10000 55\n不分 以上 65", "diseases": "特种重病 恶性肿瘤 3000", "note": "调整"}
    assert client.post(reverse("mutualaid:rules-edit", args=[2012]), form).status_code == 302
    rules = aid.year.current_rules
    assert (rules.contribution, rules.waiting_days, rules.bands.count(), rules.diseases.count()) == (money(40), 60, 2, 1)
    assert client_for(aid.clerks["A"]).get(reverse("mutualaid:rules-edit", args=[2012])).status_code == 403


def test_certificates_print_one_per_paid_worker(aid):
    page = client_for(aid.clerks["A"]).get(reverse("mutualaid:unit-certificates", args=[aid.unit.pk])).content.decode()
    assert page.count("职工医疗互助保障参保证") == 3 and aid.workers[0].certificate_number in page
    assert client_for(aid.clerks["B"]).get(reverse("mutualaid:unit-certificates", args=[aid.unit.pk])).status_code == 404


def test_a_worker_leaves_through_the_page(aid):
    response = client_for(aid.clerks["A"]).post(reverse("mutualaid:worker-detail", args=[aid.workers[2].pk]), {"left_on": "2012-08-31"})
    assert response.status_code == 302
    aid.workers[2].refresh_from_db()
    assert aid.workers[2].left_on == datetime.date(2012, 8, 31)
