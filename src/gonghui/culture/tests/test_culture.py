"""Workers' culture: deliveries to places in the clerk's subtree only, refused clearly when
wrong and never half-saved; libraries, learning enterprises and recognitions; the figures
they make, by town and for the city; the lists export and print."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from gonghui.core.indicators import Period
from gonghui.core.models import AuditEntry
from gonghui.core.roles import Role
from gonghui.culture import indicators, services
from gonghui.culture.models import Delivery, WorkersLibrary
from gonghui.testing import login_as

YEAR = Period.year(2012)


@pytest.fixture
def people(city, make_user):
    return {
        "a": make_user(Role.CLERK, city.town_a, username="clerk-a"),
        "b": make_user(Role.CLERK, city.town_b, username="clerk-b"),
        "city": make_user(Role.CLERK, city.federation, username="clerk-city"),
        "leader": make_user(Role.LEADER, city.town_a, username="leader-a"),
    }


def enterprise_of(city, town):
    return next(e for e in city.enterprises if e.org.path.startswith(town.path) and e.formation == "single")


def deliver(user, enterprise, **data):
    values = {"kind": "film", "title": "《雷锋在1959》", "delivered_on": datetime.date(2012, 6, 1), "quantity": 2, "audience": 300}
    values.update(data)
    return services.delivery_record(acting_user=user, org=enterprise.org, enterprise=enterprise, data=values)


def test_deliveries_make_the_figures_of_their_town_and_of_the_city(city, people):
    a, b = enterprise_of(city, city.town_a), enterprise_of(city, city.town_b)
    deliver(people["a"], a, kind="performance", title="文艺专场", quantity=1, audience=1200)
    deliver(people["a"], a, kind="film", quantity=3, audience=450)
    deliver(people["b"], b, kind="books", title="职工书屋赠书", quantity=500, audience=100)
    deliver(people["b"], b, kind="film", quantity=2, delivered_on=datetime.date(2013, 2, 1))  # next year
    assert indicators.performances(city.town_a, YEAR) == 1 and indicators.performances(city.town_b, YEAR) == 0
    assert indicators.films(city.federation, YEAR) == 3
    assert indicators.books(city.federation, YEAR) == 500 and indicators.books(city.town_a, YEAR) == 0
    assert indicators.audience(city.federation, YEAR) == 1200 + 450 + 100
    assert indicators.films(city.federation, Period.year(2013)) == 2


def test_a_delivery_to_a_place_outside_the_clerks_town_is_refused_and_nothing_is_written(city, people):
    other = enterprise_of(city, city.town_b)
    written = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        deliver(people["a"], other)
    assert "不在您的管辖范围内" in refused.value.message_dict["place"][0]
    assert not Delivery.objects.exists() and AuditEntry.objects.count() == written


@pytest.mark.parametrize("field, value, words", [
    ("quantity", 0, "数量不能小于 1"),
    ("quantity", 5000, "超出合理范围"),
    ("audience", -3, "受惠职工不能为负数"),
    ("audience", 500_000, "超出合理范围"),
    ("delivered_on", datetime.date(2099, 1, 1), "不能晚于今天"),
    ("title", "   ", "不能为空"),
])
def test_bad_figures_are_refused_by_field_in_chinese(city, people, field, value, words):
    with pytest.raises(ValidationError) as refused:
        deliver(people["a"], enterprise_of(city, city.town_a), **{field: value})
    assert words in " ".join(refused.value.message_dict[field])
    assert not Delivery.objects.exists()


def test_the_same_delivery_twice_is_refused(city, people):
    enterprise = enterprise_of(city, city.town_a)
    deliver(people["a"], enterprise)
    with pytest.raises(ValidationError) as refused:
        deliver(people["a"], enterprise)
    assert "请勿重复登记" in refused.value.message_dict["title"][0]
    assert Delivery.objects.count() == 1


def test_a_leader_reads_but_records_nothing(city, people):
    with pytest.raises(PermissionDenied):
        deliver(people["leader"], enterprise_of(city, city.town_a))
    client = login_as(Client(), people["leader"])
    assert client.get(reverse("culture:delivery-list")).status_code == 200
    assert client.get(reverse("culture:delivery-create")).status_code == 403


def test_a_clerk_records_a_delivery_by_credit_code_and_finds_it_in_the_exported_list(city, people):
    enterprise = enterprise_of(city, city.town_a)
    client = login_as(Client(), people["a"])
    response = client.post(reverse("culture:delivery-create"), {
        "kind": "books", "title": "安全生产读本", "place": enterprise.credit_code.lower(), "delivered_on": "2012-09-10", "quantity": "800", "audience": "200"})
    delivery = Delivery.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("culture:delivery-detail", args=[delivery.pk])
    assert (delivery.enterprise, delivery.org, delivery.quantity) == (enterprise, enterprise.org, 800)
    page = client.get(reverse("culture:delivery-list")).content.decode()
    assert "安全生产读本" in page and "800册" in page and "打印" in page
    export = client.get(reverse("culture:delivery-list") + "?kind=books&export=xlsx")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(export.streaming_content))).get_sheet_by_index(0).to_python()
    assert rows[0][:3] == ["日期", "类别", "节目/影片/书目"] and rows[1][2] == "安全生产读本" and rows[1][1] == "书籍"


def test_the_form_says_why_a_place_in_another_town_is_refused(city, people):
    other = enterprise_of(city, city.town_b)
    client = login_as(Client(), people["a"])
    response = client.post(reverse("culture:delivery-create"), {
        "kind": "film", "title": "《钱学森》", "place": other.credit_code, "delivered_on": "2012-09-10", "quantity": "1", "audience": "50"})
    assert response.status_code == 200 and "不存在或不在您的管辖范围内" in response.content.decode()
    assert not Delivery.objects.exists()


def test_a_national_library_recognition_raises_the_librarys_level_and_counts_once(city, people):
    enterprise = enterprise_of(city, city.town_a)
    library = services.library_create(acting_user=people["a"], org=enterprise.org, enterprise=enterprise, data={
        "name": "职工书屋", "opened_on": datetime.date(2010, 5, 1), "books_held": 3000, "area_m2": 80})
    for level, day in (("ningbo", datetime.date(2011, 6, 1)), ("national", datetime.date(2012, 8, 1))):
        services.recognition_record(acting_user=people["a"], org=enterprise.org, enterprise=enterprise, library=library, data={
            "kind": "workers_library", "level": level, "awarded_on": day, "awarded_by": "上级工会"})
    library.refresh_from_db()
    assert library.level == "national"
    assert indicators.national_libraries(city.federation, YEAR) == 1 and indicators.ningbo_libraries(city.federation, YEAR) == 0
    assert indicators.ningbo_libraries(city.federation, Period.year(2011)) == 1
    with pytest.raises(ValidationError):
        services.recognition_record(acting_user=people["a"], org=enterprise.org, enterprise=enterprise, library=library, data={
            "kind": "centre_point", "level": "ningbo", "awarded_on": datetime.date(2012, 9, 1), "awarded_by": "宁波市总工会"})
    assert WorkersLibrary.objects.get().level == "national"


def test_learning_enterprises_count_new_city_model_units_only_the_first_time(city, people):
    enterprise = enterprise_of(city, city.town_a)
    learning = services.learning_enterprise_enrol(acting_user=people["a"], enterprise=enterprise, data={"started_on": datetime.date(2010, 1, 1)})
    with pytest.raises(ValidationError):
        services.learning_enterprise_enrol(acting_user=people["a"], enterprise=enterprise, data={"started_on": datetime.date(2010, 1, 1)})

    def assess(level, year, day):
        return services.assessment_record(acting_user=people["a"], learning_enterprise=learning, data={"level": level, "year": year, "assessed_on": day})

    assess("city_model", 2011, datetime.date(2011, 12, 1))
    assess("ningbo_model", 2012, datetime.date(2012, 11, 1))
    assert indicators.learning_models_new(city.federation, Period.year(2011)) == 1
    assess("city_model", 2012, datetime.date(2012, 12, 1))
    assert indicators.learning_models_new(city.federation, YEAR) == 0  # not new in 2012
    assert indicators.ningbo_learning_models(city.town_a, YEAR) == 1 and indicators.ningbo_learning_models(city.town_b, YEAR) == 0
    with pytest.raises(ValidationError) as refused:
        assess("city_model", 2012, datetime.date(2012, 12, 5))
    assert "已登记过" in refused.value.message_dict["level"][0]
    with pytest.raises(ValidationError) as refused:
        assess("city_standard", 2012, datetime.date(2009, 1, 1))
    assert refused.value.message_dict


def test_an_art_troupe_founded_in_the_year_is_counted(city, people):
    services.body_create(acting_user=people["city"], org=city.federation, data={
        "name": "市职工艺术团", "kind": "art_troupe", "founded_on": datetime.date(2012, 4, 28), "members_count": 80})
    assert indicators.art_troupes_new(city.federation, YEAR) == 1
    assert indicators.art_troupes_new(city.town_a, YEAR) == 0
    with pytest.raises(ValidationError):
        services.body_create(acting_user=people["a"], org=city.federation, data={
            "name": "另一个艺术团", "kind": "art_troupe", "founded_on": datetime.date(2012, 4, 28)})


@pytest.mark.parametrize("name", ["culture:delivery-list", "culture:library-list", "culture:learning-list", "culture:assessment-list",
                                  "culture:body-list", "culture:recognition-list"])
def test_every_culture_list_opens_and_exports(city, people, name):
    client = login_as(Client(), people["city"])
    assert client.get(reverse(name)).status_code == 200
    export = client.get(reverse(name) + "?export=xlsx")
    assert export.status_code == 200 and "spreadsheetml" in export["Content-Type"]
