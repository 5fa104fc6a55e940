"""Women workers and psychological help: agreements by enterprise with their dates,
counselling rooms and appeal points, welfare activities; refusals in Chinese; the figures."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from gonghui.core.indicators import Period
from gonghui.core.roles import Role
from gonghui.testing import login_as
from gonghui.women import indicators, services
from gonghui.women.models import CarePoint, ProtectionAgreement, WelfareActivity

YEAR = Period.year(2012)


@pytest.fixture
def people(city, make_user):
    return {"a": make_user(Role.CLERK, city.town_a, username="clerk-a"), "city": make_user(Role.CLERK, city.federation, username="clerk-city")}


def enterprises_of(city, town):
    return [e for e in city.enterprises if e.org.path.startswith(town.path) and e.formation == "single"]


def sign(user, enterprise, **data):
    values = {"signed_on": datetime.date(2012, 3, 8), "expires_on": datetime.date(2015, 3, 7), "women_covered": 20}
    values.update(data)
    return services.agreement_record(acting_user=user, enterprise=enterprise, data=values)


def test_an_agreement_is_in_force_from_signing_to_expiry_and_two_may_not_overlap(city, people):
    enterprise = enterprises_of(city, city.town_a)[0]
    sign(people["a"], enterprise)
    assert indicators.protection_agreements(city.town_a, YEAR) == 1 and indicators.protection_agreements_new(city.federation, YEAR) == 1
    assert indicators.protection_agreements(city.town_a, Period.year(2011)) == 0
    assert indicators.protection_agreements(city.town_a, Period.year(2015)) == 0
    assert indicators.women_covered(city.federation, YEAR) == 20
    with pytest.raises(ValidationError) as refused:
        sign(people["a"], enterprise, signed_on=datetime.date(2013, 1, 1), expires_on=datetime.date(2014, 1, 1))
    assert "期限重叠" in refused.value.message_dict["signed_on"][0]


@pytest.mark.parametrize("data, field, words", [
    ({"expires_on": datetime.date(2012, 3, 1)}, "expires_on", "须晚于签订日期"),
    ({"expires_on": datetime.date(2019, 3, 1)}, "expires_on", "不超过三年"),
    ({"women_covered": -2}, "women_covered", "不能为负数"),
    ({"women_covered": 5000}, "women_covered", "超出合理范围"),
])
def test_a_wrong_agreement_is_refused_by_field(city, people, data, field, words):
    with pytest.raises(ValidationError) as refused:
        sign(people["a"], enterprises_of(city, city.town_a)[0], **data)
    assert words in " ".join(refused.value.message_dict[field])
    assert not ProtectionAgreement.objects.exists()


def test_an_enterprise_of_another_town_is_refused(city, people):
    with pytest.raises(ValidationError) as refused:
        sign(people["a"], enterprises_of(city, city.town_b)[0])
    assert "不在您的管辖范围内" in refused.value.message_dict["place"][0]


def test_welfare_activities_count_enterprises_once_however_often_visited(city, people):
    first, second = enterprises_of(city, city.town_a)
    for enterprise, day, title in ((first, datetime.date(2012, 4, 1), "心理健康讲座"), (first, datetime.date(2012, 9, 1), "减压团体辅导"),
                                   (second, datetime.date(2012, 5, 1), "心理健康讲座")):
        services.welfare_activity_record(acting_user=people["a"], enterprise=enterprise, data={"held_on": day, "title": title, "participants": 30})
    assert indicators.psych_welfare_enterprises(city.federation, YEAR) == 2
    assert indicators.psych_welfare_activities(city.town_a, YEAR) == 3 and indicators.psych_welfare_enterprises(city.town_b, YEAR) == 0
    with pytest.raises(ValidationError) as refused:
        services.welfare_activity_record(acting_user=people["a"], enterprise=first, data={"held_on": datetime.date(2012, 4, 1), "title": "心理健康讲座", "participants": 30})
    assert "请勿重复登记" in refused.value.message_dict["title"][0]
    with pytest.raises(ValidationError) as refused:
        services.welfare_activity_record(acting_user=people["a"], enterprise=first, data={"held_on": datetime.date(2012, 6, 1), "title": "讲座", "participants": 0})
    assert "至少为 1" in refused.value.message_dict["participants"][0]
    assert WelfareActivity.objects.count() == 3


def test_rooms_and_points_count_while_open(city, people):
    enterprise = enterprises_of(city, city.town_a)[0]
    room = services.care_point_open(acting_user=people["a"], org=enterprise.org, enterprise=enterprise, data={
        "kind": "counselling_room", "name": "心灵驿站", "opened_on": datetime.date(2012, 2, 1), "staff": 2, "counsellors_certified": 1})
    services.care_point_open(acting_user=people["a"], org=city.town_a, data={
        "kind": "appeal_point", "name": "职工诉求服务点", "opened_on": datetime.date(2012, 2, 1), "staff": 1})
    with pytest.raises(ValidationError) as refused:
        services.care_point_open(acting_user=people["a"], org=city.town_a, data={
            "kind": "counselling_room", "name": "另一间", "opened_on": datetime.date(2012, 2, 1), "staff": 1, "counsellors_certified": 3})
    assert "不能多于工作人员" in refused.value.message_dict["counsellors_certified"][0]
    assert (indicators.counselling_rooms(city.federation, YEAR), indicators.appeal_points(city.town_a, YEAR)) == (1, 1)
    services.care_point_close(acting_user=people["a"], care_point=room, closed_on=datetime.date(2012, 10, 1))
    assert indicators.counselling_rooms(city.federation, YEAR) == 0 and CarePoint.objects.count() == 2


@pytest.mark.parametrize("name", ["women:agreement-list", "women:care-point-list", "women:welfare-list"])
def test_every_list_opens_prints_and_exports(city, people, name):
    client = login_as(Client(), people["city"])
    page = client.get(reverse(name))
    assert page.status_code == 200 and "打印" in page.content.decode()
    export = client.get(reverse(name) + "?export=xlsx")
    assert export.status_code == 200 and "spreadsheetml" in export["Content-Type"]


def test_the_agreement_form_wants_an_enterprise_not_a_union(city, people):
    client = login_as(Client(), people["a"])
    response = client.post(reverse("women:agreement-create"), {"place": city.town_a.code, "signed_on": "2012-03-08", "expires_on": "2015-03-07", "women_covered": "10"})
    assert response.status_code == 200 and "由企业签订" in response.content.decode()
    assert not ProtectionAgreement.objects.exists()
