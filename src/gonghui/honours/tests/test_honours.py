"""Honours: one table for every honour of every level; the city's own go through a reviewer;
bad input is refused in Chinese and nothing is half-saved."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from gonghui.core.indicators import REGISTRY, Period
from gonghui.core.models import AuditEntry
from gonghui.honours import indicators, services  # noqa: F401  (registers the figures)
from gonghui.honours.models import Honour, HonourStatus, ModelWorker
from gonghui.honours.tests.conftest import honour_data
from gonghui.testing import id_number, login_as

pytestmark = pytest.mark.django_db
YEAR = Period.year(2012)


def test_a_city_model_worker_is_proposed_by_a_clerk_and_counts_once_a_reviewer_approves(people):
    honour = services.honour_record(acting_user=people.clerk, data=honour_data(id_number=id_number(11)))
    assert honour.status == HonourStatus.PROPOSED
    assert REGISTRY["honours.city_model_workers"].value(people.city.federation, YEAR) == 0
    assert not ModelWorker.objects.exists()
    with pytest.raises(PermissionDenied):
        services.honour_approve(acting_user=people.clerk, honour=honour)
    services.honour_approve(acting_user=people.reviewer, honour=honour, note="同意")
    honour.refresh_from_db()
    assert honour.status == HonourStatus.AWARDED
    assert ModelWorker.objects.get().member == people.member_a
    assert REGISTRY["honours.city_model_workers"].value(people.city.federation, YEAR) == 1
    assert REGISTRY["honours.city_model_workers"].value(people.city.town_b, YEAR) == 0
    assert AuditEntry.objects.filter(object_type="honours.honour", object_id=str(honour.pk)).count() == 2
    with pytest.raises(ValidationError, match="已已授予|不能再审核"):
        services.honour_approve(acting_user=people.reviewer, honour=honour)


def test_the_same_honour_twice_to_the_same_person_is_refused(people):
    services.honour_record(acting_user=people.clerk, data=honour_data(level="ningbo", kind="may_day_medal", awarded_by="宁波市总工会",
                                                                      id_number=id_number(11)))
    with pytest.raises(ValidationError) as refused:
        services.honour_record(acting_user=people.clerk, data=honour_data(level="ningbo", kind="may_day_medal", awarded_by="宁波市总工会",
                                                                          id_number=id_number(11)))
    assert "不能重复授予" in str(refused.value)
    assert Honour.objects.count() == 1


def test_a_town_clerk_cannot_honour_someone_of_another_town_nor_record_a_city_honour(people):
    with pytest.raises(ValidationError) as refused:
        services.honour_record(acting_user=people.town_clerk, data=honour_data(level="town", awarded_by="浒山街道", id_number=id_number(12)))
    assert "不是您管辖范围内的在册会员" in str(refused.value)
    with pytest.raises(ValidationError) as refused:
        services.honour_record(acting_user=people.town_clerk, data=honour_data(id_number=id_number(11)))
    assert "由市总工会录入" in str(refused.value)
    assert not Honour.objects.exists()


def test_a_collective_honour_goes_to_a_team_or_union_and_a_person_honour_to_a_person(people):
    with pytest.raises(ValidationError, match="只授予集体"):
        services.honour_record(acting_user=people.clerk, data=honour_data(kind="pioneer_team", id_number=id_number(11)))
    with pytest.raises(ValidationError, match="只授予个人"):
        services.honour_record(acting_user=people.clerk, data=honour_data(kind="model_worker", recipient_kind="team", union_code=people.union_a.code,
                                                                          team_name="装配一班"))
    team = services.honour_record(acting_user=people.clerk, data=honour_data(kind="pioneer_team", recipient_kind="team",
                                                                            union_code=people.union_a.code, team_name="装配一班"))
    assert team.recipient_name.endswith("装配一班") and team.org == people.union_a
    with pytest.raises(ValidationError, match="授予日期"):
        services.honour_record(acting_user=people.clerk, data=honour_data(kind="model_collective", recipient_kind="union",
                                                                          union_code=people.union_a.code, awarded_on=datetime.date(2011, 5, 1)))


def test_the_honours_list_shows_only_the_own_town_and_exports(people, make_user):
    from gonghui.core.roles import Role

    services.honour_record(acting_user=people.clerk, data=honour_data(level="ningbo", kind="chief_worker", awarded_by="宁波市总工会", id_number=id_number(11)))
    services.honour_record(acting_user=people.clerk, data=honour_data(level="ningbo", kind="chief_worker", awarded_by="宁波市总工会", id_number=id_number(12)))
    client = login_as(Client(), make_user(Role.LEADER, people.city.town_b, username="town-b-leader"))
    page = client.get(reverse("honours:honour-list")).content.decode()
    assert "吴观模" in page and "周浒模" not in page
    export = client.get(reverse("honours:honour-list") + "?export=xlsx")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    other = Honour.objects.get(member=people.member_a)
    assert client.get(reverse("honours:honour-detail", args=[other.pk])).status_code == 404


def test_the_honour_form_refuses_in_chinese_and_saves_nothing(people):
    client = login_as(Client(), people.clerk)
    response = client.post(reverse("honours:honour-create"), {**honour_data(id_number="330282199001011234"), "awarded_on": "2012-04-28"})
    assert response.status_code == 200
    assert "不是您管辖范围内的在册会员" in response.content.decode()
    assert not Honour.objects.exists()


def test_the_association_tables_are_counted_when_new(people):
    honour = services.honour_record(acting_user=people.clerk, data=honour_data(id_number=id_number(11)))
    with pytest.raises(ValidationError, match="已建档的劳模"):
        services.studio_create(acting_user=people.clerk, data={"name": "周浒模创新工作室", "id_number": id_number(11), "level": "city",
                                                               "named_on": datetime.date(2012, 9, 1)})
    services.honour_approve(acting_user=people.reviewer, honour=honour)
    services.studio_create(acting_user=people.clerk, data={"name": "周浒模创新工作室", "id_number": id_number(11), "level": "city",
                                                           "named_on": datetime.date(2012, 9, 1)})
    services.method_create(acting_user=people.clerk, data={"name": "周浒模快速装配法", "id_number": id_number(11), "named_on": datetime.date(2012, 9, 1)})
    branch = services.branch_create(acting_user=people.clerk, data={"name": "劳模联谊会浒山分会", "union_code": people.city.town_a.code,
                                                                    "founded_on": datetime.date(2012, 6, 1)})
    team = services.team_create(acting_user=people.clerk, data={"name": "市劳模医疗服务队", "kind": "medical", "union_code": "",
                                                                "founded_on": datetime.date(2012, 7, 1)})
    with pytest.raises(ValidationError, match="已存在"):
        services.branch_create(acting_user=people.clerk, data={"name": "劳模联谊会浒山分会", "founded_on": datetime.date(2012, 6, 1)})
    worker = ModelWorker.objects.get()
    services.model_worker_join(acting_user=people.clerk, model_worker=worker, branch=branch, team=team)
    root = people.city.federation
    values = {code: REGISTRY[f"honours.{code}"].value(root, YEAR)
              for code in ("model_studios_new", "model_methods_new", "association_branches_new", "volunteer_teams_new")}
    assert values == {"model_studios_new": 1, "model_methods_new": 1, "association_branches_new": 1, "volunteer_teams_new": 1}
    client = login_as(Client(), people.clerk)
    page = client.get(reverse("honours:model-worker-detail", args=[worker.pk])).content.decode()
    assert "周浒模创新工作室" in page and "市劳模医疗服务队" in page and "劳模联谊会浒山分会" in page


def test_a_model_workers_page_shows_the_help_the_worker_received(people, make_user):
    """Help for model workers in difficulty is paid in the assistance app; the worker's page
    lists it (approved and paid grants, as far as the viewer's part of the tree reaches)."""
    from gonghui.assistance import services as assistance
    from gonghui.core.roles import Role

    honour = services.honour_record(acting_user=people.clerk, data=honour_data(id_number=id_number(11)))
    services.honour_approve(acting_user=people.reviewer, honour=honour)
    worker = ModelWorker.objects.get()
    fund = assistance.fund_create(acting_user=people.clerk, code="CITY-FUND", name="市帮扶资金", org=people.city.federation, established_on=datetime.date(2012, 1, 1))
    programme = assistance.programme_create(acting_user=people.clerk, data={
        "code": "SWN-2012", "name": "2012年春节送温暖", "kind": "warmth_visit", "year": 2012, "starts_on": datetime.date(2012, 1, 1),
        "ends_on": datetime.date(2012, 12, 31), "budget": "50000", "cap_per_person": "3000", "rules": "每人一次"})
    assistance.fund_income(acting_user=people.clerk, fund=fund, kind="appropriation", amount="10000", on=datetime.date(2012, 1, 5), source="市总拨款", programme=programme)
    grant = assistance.grant_propose(acting_user=people.clerk, programme=programme, member=people.member_a, fund=fund, amount="2500", method="cash", reason="春节慰问劳模")
    page = reverse("honours:model-worker-detail", args=[worker.pk])
    client = login_as(Client(), people.clerk)
    assert "2012年春节送温暖" not in client.get(page).content.decode()  # proposed only: not help yet
    assistance.grant_approve(acting_user=people.reviewer, grant=grant)
    text = client.get(page).content.decode()
    assert "受助记录" in text and "2012年春节送温暖" in text and "2500" in text
    other_town = login_as(Client(), make_user(Role.CLERK, people.city.town_b, username="town-b-clerk"))
    assert other_town.get(page).status_code == 404
