"""The outreach (双服务): groups with a leader and members, visits recorded against the place
visited; a place counts once however often visited; refusals in Chinese; the figures."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from gonghui.core.indicators import Period
from gonghui.core.roles import Role
from gonghui.outreach import indicators, services
from gonghui.outreach.models import OutreachVisit
from gonghui.testing import login_as

YEAR = Period.year(2012)


@pytest.fixture
def people(city, make_user):
    return {"a": make_user(Role.CLERK, city.town_a, username="clerk-a"), "city": make_user(Role.CLERK, city.federation, username="clerk-city")}


@pytest.fixture
def group(city, people):
    return services.group_create(acting_user=people["city"], org=city.federation, data={"name": "第一组", "year": 2012, "leader": "胡建国", "members": "陈丽、王伟、陈丽"})


def visit(user, group, org, enterprise=None, **data):
    values = {"place_kind": "enterprise", "visited_on": datetime.date(2012, 6, 1), "workers_met": 4, "meetings": 1, "talks": 1, "materials": 50,
              "problems_raised": 2, "problems_solved": 1}
    values.update(data)
    return services.visit_record(acting_user=user, group=group, org=org, enterprise=enterprise, data=values)


def enterprise_of(city, town):
    return next(e for e in city.enterprises if e.org.path.startswith(town.path) and e.formation == "single")


def test_a_group_has_one_leader_and_its_members_once(group):
    assert group.leader.name == "胡建国"
    assert [m.name for m in group.members.all()] == ["胡建国", "陈丽", "王伟"]


def test_places_count_once_and_the_rest_add_up_by_town(city, people, group):
    a, b = enterprise_of(city, city.town_a), enterprise_of(city, city.town_b)
    visit(people["city"], group, a.org, a)
    visit(people["city"], group, a.org, a, visited_on=datetime.date(2012, 9, 1), problems_raised=0, problems_solved=0)
    visit(people["city"], group, b.org, b, place_kind="team", team_name="装配一班", tech_help=1)
    visit(people["city"], group, city.town_a, place_kind="town", meetings=2, talks=3, workers_met=0)
    visit(people["city"], group, city.villages[0], place_kind="village", materials=300)
    root = city.federation
    assert (indicators.enterprises(root, YEAR), indicators.teams(root, YEAR), indicators.towns(root, YEAR), indicators.villages(root, YEAR)) == (1, 1, 1, 1)
    assert indicators.groups(root, YEAR) == 1
    assert indicators.workers_met(root, YEAR) == 4 * 4 and indicators.meetings(root, YEAR) == 6 and indicators.talks(root, YEAR) == 7
    assert indicators.materials(root, YEAR) == 50 * 4 + 300 and indicators.tech_help(root, YEAR) == 1
    assert indicators.problems_solved(root, YEAR) == 4 and indicators.problems_raised(root, YEAR) == 8
    assert indicators.enterprises(city.town_b, YEAR) == 0 and indicators.teams(city.town_b, YEAR) == 1
    assert indicators.towns(city.town_a, YEAR) == 1 and indicators.towns(city.town_b, YEAR) == 0


@pytest.mark.parametrize("data, field, words", [
    ({"problems_raised": 1, "problems_solved": 3}, "problems_solved", "不能多于反映问题数"),
    ({"workers_met": -1}, "workers_met", "不能为负数"),
    ({"materials": 9_000_000}, "materials", "超出一次走访的合理范围"),
    ({"visited_on": datetime.date(2011, 5, 1)}, "visited_on", "2012 年内"),
    ({"place_kind": "team"}, "team_name", "须填写班组名称"),
    ({"place_kind": "town"}, "place", "镇(街道)总工会的组织编码"),
])
def test_a_wrong_visit_is_refused_by_field(city, people, group, data, field, words):
    enterprise = enterprise_of(city, city.town_a)
    with pytest.raises(ValidationError) as refused:
        visit(people["city"], group, enterprise.org, enterprise, **data)
    assert words in " ".join(refused.value.message_dict[field])
    assert not OutreachVisit.objects.exists()


def test_a_town_clerk_cannot_record_the_federations_group_or_see_it(city, people, group):
    enterprise = enterprise_of(city, city.town_a)
    with pytest.raises(ValidationError):
        visit(people["a"], group, enterprise.org, enterprise)
    client = login_as(Client(), people["a"])
    assert client.get(reverse("outreach:group-detail", args=[group.pk])).status_code == 404


def test_the_federation_records_a_visit_by_code_and_the_list_shows_totals_and_exports(city, people, group):
    client = login_as(Client(), people["city"])
    response = client.post(reverse("outreach:visit-create", args=[group.pk]), {
        "place_kind": "village", "place": city.villages[0].code, "visited_on": "2012-07-01", "workers_met": "6", "meetings": "1", "talks": "2",
        "tech_help": "0", "materials": "120", "problems_raised": "3", "problems_solved": "2", "problems_note": "道路照明已协调解决"})
    assert response.status_code == 302
    page = client.get(reverse("outreach:visit-list")).content.decode()
    assert city.villages[0].name in page and "访问职工 6 人" in page
    export = client.get(reverse("outreach:visit-list") + "?export=xlsx")
    assert export.status_code == 200 and "spreadsheetml" in export["Content-Type"]
    assert client.get(reverse("outreach:group-list") + "?export=xlsx").status_code == 200


def test_the_same_visit_twice_is_refused_and_written_once(city, people, group):
    enterprise = enterprise_of(city, city.town_a)
    visit(people["city"], group, enterprise.org, enterprise)
    with pytest.raises(ValidationError) as refused:
        visit(people["city"], group, enterprise.org, enterprise)
    assert "请勿重复登记" in refused.value.message_dict["visited_on"][0]
    assert OutreachVisit.objects.count() == 1
