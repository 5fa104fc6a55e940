"""The pages: a town clerk records, lists, exports and drills down within the town; another
town's records answer 404 like records that do not exist."""

import datetime

import pytest
from django.urls import reverse

from gonghui.bargaining import services
from gonghui.bargaining.models import Agreement
from gonghui.core.roles import Role
from gonghui.testing import login_as, make_user

D = datetime.date


@pytest.fixture
def agreement_a(city, clerk_a):
    return services.agreement_create(acting_user=clerk_a, data={
        "number": "QY-A", "kind": "wage", "coverage": "regional", "org": city.town_a, "employer_party": "浒山企业联合会",
        "signed_on": D(2012, 3, 1), "expires_on": D(2099, 2, 28), "workers_covered": 10}, enterprises=[city.enterprises[0]])


def test_a_town_clerk_records_an_agreement_through_the_form(client, city, clerk_a, industry_union):
    union, enterprises = industry_union
    login_as(client, clerk_a)
    answer = client.post(reverse("bargaining:agreement-create"), {
        "number": "HY-F", "kind": "wage", "coverage": "industry", "org_code": union.code, "employer_party": "模具协会",
        "signed_on": "2012-05-01", "expires_on": "2015-04-30", "workers_covered": "300",
        "enterprise_codes": "\n".join(e.credit_code for e in enterprises[:3])})
    agreement = Agreement.objects.get(number="HY-F")
    assert answer.status_code == 302 and agreement.covered.count() == 3
    page = client.get(reverse("bargaining:agreement-detail", args=[agreement.pk]))
    assert "浒山模具企业00" in page.content.decode()


def test_the_form_names_the_reason_for_a_bad_agreement_and_saves_nothing(client, city, clerk_a):
    login_as(client, clerk_a)
    answer = client.post(reverse("bargaining:agreement-create"), {
        "number": "QY-X", "kind": "wage", "coverage": "regional", "org_code": city.town_a.code, "employer_party": "联合会",
        "signed_on": "2012-05-01", "expires_on": "2011-04-30", "workers_covered": "3",
        "enterprise_codes": city.enterprises[0].credit_code})
    assert answer.status_code == 200 and "到期日期" in answer.content.decode() and "须晚于签订日期" in answer.content.decode()
    answer = client.post(reverse("bargaining:agreement-create"), {
        "number": "QY-Y", "kind": "wage", "coverage": "regional", "org_code": city.town_a.code, "employer_party": "联合会",
        "signed_on": "2012-05-01", "expires_on": "2015-04-30", "workers_covered": "3",
        "enterprise_codes": f"{city.enterprises[0].credit_code}\n{city.enterprises[-1].credit_code}"})
    assert "不存在或不在您的管辖范围内" in answer.content.decode()
    assert not Agreement.objects.exists()


def test_another_towns_agreement_is_not_found_and_not_listed(client, city, clerk_b, agreement_a):
    login_as(client, clerk_b)
    assert client.get(reverse("bargaining:agreement-detail", args=[agreement_a.pk])).status_code == 404
    assert "QY-A" not in client.get(reverse("bargaining:agreement-list")).content.decode()


def test_every_page_opens_for_a_town_clerk(client, city, clerk_a, agreement_a):
    login_as(client, clerk_a)
    names = ["overview", "agreement-list", "agreement-create", "agreement-expiring", "instructor-list", "instructor-create", "class-list",
             "class-create", "democracy-list", "democracy-create", "regional-congress-list", "regional-congress-create", "inspection-list",
             "inspection-create", "rating-list", "rating-create", "rating-years", "displays-list", "displays-create", "model-home-list",
             "model-home-create", "review-list", "review-create", "election-list", "election-create",
             "rate-establishment", "rate-congress-state", "rate-congress-other", "rate-disclosure", "rate-two-displays"]
    for name in names:
        assert client.get(reverse(f"bargaining:{name}")).status_code == 200, name
    assert client.get(reverse("bargaining:agreement-detail", args=[agreement_a.pk])).status_code == 200


def test_the_rate_page_shows_its_base_and_exports_the_uncovered_list(client, city, clerk_a, agreement_a):
    login_as(client, clerk_a)
    page = client.get(reverse("bargaining:rate-establishment") + "?year=2012").content.decode()
    assert "已建工会企业(单建+联建)" in page and "33.3%" in page  # one of three unionised enterprises in town A
    assert "浒山街企业2" in page and "浒山街企业1" not in page.split("uncovered-title")[1]
    assert "观海" not in page
    export = client.get(reverse("bargaining:rate-establishment") + "?year=2012&export=xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(reverse("bargaining:rate-establishment") + f"?org={city.town_b.pk}").status_code == 404


def test_a_leader_reads_but_cannot_record(client, city):
    leader = make_user(Role.LEADER, city.town_a)
    login_as(client, leader)
    assert client.get(reverse("bargaining:agreement-list")).status_code == 200
    assert client.get(reverse("bargaining:agreement-create")).status_code == 403
