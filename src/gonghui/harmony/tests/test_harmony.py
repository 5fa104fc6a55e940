"""Harmonious enterprises: scored against the year's sheet, awarded only with a passing score,
counted in the report's figures; CSR evaluations graded by score."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from gonghui.core.indicators import REGISTRY, Period
from gonghui.harmony import indicators, services  # noqa: F401  (registers the figures)
from gonghui.harmony.models import ApplicationStatus, HarmonyAward, ItemScore
from gonghui.testing import login_as

pytestmark = pytest.mark.django_db
YEAR = Period.year(2012)
DAY = datetime.date(2012, 12, 1)


def figure(code, org):
    return REGISTRY[f"harmony.{code}"].value(org, YEAR)


def test_a_score_above_an_items_maximum_is_refused_and_nothing_is_saved(harmony):
    with pytest.raises(ValidationError) as refused:
        services.application_score(acting_user=harmony.clerk, application=harmony.application,
                                   points={harmony.relations.pk: "61", harmony.safety.pk: "30"})
    assert "超过该项满分60.00" in str(refused.value)
    assert not ItemScore.objects.exists()
    harmony.application.refresh_from_db()
    assert harmony.application.status == ApplicationStatus.APPLIED


def test_an_award_without_a_passing_score_is_refused(harmony):
    with pytest.raises(ValidationError, match="尚未评分"):
        services.award_grant(acting_user=harmony.clerk, application=harmony.application, awarded_on=DAY)
    services.application_score(acting_user=harmony.clerk, application=harmony.application, points={harmony.relations.pk: "30", harmony.safety.pk: "20"})
    with pytest.raises(ValidationError, match="未达到达标分数60.00"):
        services.award_grant(acting_user=harmony.clerk, application=harmony.application, awarded_on=DAY)
    with pytest.raises(ValidationError, match="未达到该项满分的80%"):
        services.award_grant(acting_user=harmony.clerk, application=harmony.application, awarded_on=DAY, single_item=harmony.relations)
    assert not HarmonyAward.objects.exists()


def test_a_scored_and_awarded_sme_counts_in_the_figures_and_the_creation_rate(harmony):
    other = services.application_create(acting_user=harmony.clerk, credit_code=harmony.enterprise_b.credit_code, year=2012, level="village",
                                        applied_on=datetime.date(2012, 3, 2))
    services.application_score(acting_user=harmony.clerk, application=harmony.application, points={harmony.relations.pk: "55", harmony.safety.pk: "35"})
    services.award_grant(acting_user=harmony.clerk, application=harmony.application, awarded_on=DAY)
    services.award_grant(acting_user=harmony.clerk, application=harmony.application, awarded_on=DAY, single_item=harmony.safety)
    with pytest.raises(ValidationError, match="已命名"):
        services.award_grant(acting_user=harmony.clerk, application=harmony.application, awarded_on=DAY)
    root = harmony.city.federation
    assert (figure("town_awards", root), figure("town_single_items", root), figure("village_awards", root)) == (1, 1, 0)
    rate = figure("sme_creation_rate", root)
    assert (rate.numerator, rate.denominator, rate.percent) == (1, 2, Decimal("50.0"))
    assert figure("town_awards", harmony.city.town_b) == 0 and figure("sme_creation_rate", harmony.city.town_b).numerator == 0
    assert other.status == ApplicationStatus.APPLIED


def test_a_town_clerk_cannot_score_another_towns_application_nor_apply_for_its_enterprise(harmony, make_user):
    from gonghui.core.roles import Role

    clerk_b = make_user(Role.CLERK, harmony.city.town_b, username="town-b-clerk")
    with pytest.raises(PermissionDenied):
        services.application_score(acting_user=clerk_b, application=harmony.application, points={})
    with pytest.raises(ValidationError, match="不在您的管辖范围内"):
        services.application_create(acting_user=clerk_b, credit_code=harmony.enterprise_a.credit_code, year=2012, level="town", applied_on=DAY)
    with pytest.raises(ValidationError, match="不能重复申报"):
        services.application_create(acting_user=harmony.clerk, credit_code=harmony.enterprise_a.credit_code, year=2012, level="town", applied_on=DAY)
    client = login_as(Client(), clerk_b)
    assert client.get(reverse("harmony:application-detail", args=[harmony.application.pk])).status_code == 404
    page = client.get(reverse("harmony:application-list")).content.decode()
    assert harmony.enterprise_a.name not in page


def test_the_scoring_page_refuses_a_score_above_the_maximum_in_chinese(harmony):
    client = login_as(Client(), harmony.clerk)
    response = client.post(reverse("harmony:application-score", args=[harmony.application.pk]),
                           {f"item_{harmony.relations.pk}": "70", f"item_{harmony.safety.pk}": "10"})
    assert response.status_code == 400 and "超过该项满分" in response.content.decode()
    assert not ItemScore.objects.exists()
    assert client.get(reverse("harmony:application-list") + "?export=xlsx").status_code == 200


def test_the_sheet_is_set_by_the_federation_and_frozen_once_used(harmony):
    with pytest.raises(PermissionDenied):
        services.item_add(acting_user=harmony.town_clerk, sheet=harmony.sheet, name="职工之家", max_points="10")
    services.application_score(acting_user=harmony.clerk, application=harmony.application, points={harmony.relations.pk: "50", harmony.safety.pk: "30"})
    with pytest.raises(ValidationError, match="不能再增加"):
        services.item_add(acting_user=harmony.clerk, sheet=harmony.sheet, name="职工之家", max_points="10")


def test_a_csr_evaluation_is_graded_by_its_score_once_a_year(harmony):
    evaluation = services.csr_record(acting_user=harmony.town_clerk, credit_code=harmony.enterprise_a.credit_code, year=2012, score="86.5",
                                     evaluated_on=DAY, evaluated_by="慈溪市企业社会责任评价委员会")
    assert evaluation.grade == "AA"
    with pytest.raises(ValidationError, match="已有2012年度"):
        services.csr_record(acting_user=harmony.town_clerk, credit_code=harmony.enterprise_a.credit_code, year=2012, score="90",
                            evaluated_on=DAY, evaluated_by="评价委员会")
    with pytest.raises(ValidationError, match="0至100"):
        services.csr_record(acting_user=harmony.clerk, credit_code=harmony.enterprise_b.credit_code, year=2012, score="101",
                            evaluated_on=DAY, evaluated_by="评价委员会")
    assert figure("csr_evaluations", harmony.city.federation) == 1
