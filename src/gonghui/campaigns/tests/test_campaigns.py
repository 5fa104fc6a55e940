"""Contests, innovation, in-house titles and training bases as clerks record them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gonghui.campaigns import indicators, services
from gonghui.campaigns.models import Contest, ContestEvent, InHouseRating, Innovation, TrainingBase, TrainingYear
from gonghui.core.indicators import Period
from gonghui.testing import login_as

YEAR_2012 = Period.year(2012)


def test_a_contest_is_recorded_with_its_events(city, city_clerk):
    contest = services.contest_create(acting_user=city_clerk, org=city.federation, data={
        "code": "yd2012", "kind": "sports_games", "name": "职工运动会", "organiser": "市总工会", "starts_on": datetime.date(2012, 9, 1),
        "ends_on": datetime.date(2012, 10, 1), "events": "田径/男子100米\n田径：女子100米\n\n游泳/男子50米自由泳",
    })
    assert contest.code == "YD2012"
    assert set(contest.events.values_list("sport", "name")) == {("田径", "男子100米"), ("田径", "女子100米"), ("游泳", "男子50米自由泳")}
    assert (indicators.sports_sports(city.federation, YEAR_2012), indicators.sports_events(city.federation, YEAR_2012)) == (2, 3)


@pytest.mark.parametrize("change, field", [
    ({"events": "田径/男子100米\n田径/男子100米"}, "events"),
    ({"events": "男子100米"}, "events"),
    ({"events": ""}, "events"),
    ({"ends_on": datetime.date(2012, 8, 1)}, "ends_on"),
    ({"code": "有 空格"}, "code"),
])
def test_a_bad_contest_is_refused_naming_the_field_and_nothing_is_saved(city, city_clerk, change, field):
    data = {"code": "YD2012", "kind": "sports_games", "name": "职工运动会", "organiser": "市总工会", "starts_on": datetime.date(2012, 9, 1),
            "ends_on": datetime.date(2012, 10, 1), "events": "田径/男子100米", **change}
    with pytest.raises(ValidationError) as caught:
        services.contest_create(acting_user=city_clerk, org=city.federation, data=data)
    assert field in caught.value.message_dict
    assert not Contest.objects.exists() and not ContestEvent.objects.exists()


def test_a_contest_code_is_used_once(city, city_clerk, skills_games):
    with pytest.raises(ValidationError, match="已被使用"):
        services.contest_create(acting_user=city_clerk, org=city.federation, data={
            "code": "JN2012", "kind": "skills_games", "name": "另一个", "organiser": "市总工会", "starts_on": datetime.date(2012, 9, 1),
            "ends_on": datetime.date(2012, 10, 1), "events": "焊工"})


def test_a_town_clerk_cannot_record_a_contest_for_the_city(city, make_user):
    with pytest.raises(PermissionDenied):
        services.contest_create(acting_user=make_user("clerk", city.town_a), org=city.federation, data={})


def test_host_and_organiser_awards_count_once_each(city, city_clerk, sports_games):
    services.unit_award_create(acting_user=city_clerk, contest=sports_games, kind="host", org=city.town_a, unit_name="浒山街道总工会")
    services.unit_award_create(acting_user=city_clerk, contest=sports_games, kind="organiser", org=city.town_a, unit_name="浒山街道总工会")
    with pytest.raises(ValidationError, match="已获该竞赛的这一奖项"):
        services.unit_award_create(acting_user=city_clerk, contest=sports_games, kind="host", org=city.town_a, unit_name="浒山街道总工会")
    assert indicators.sports_host_awards(city.federation, YEAR_2012) == 1 == indicators.sports_organiser_awards(city.town_a, YEAR_2012)
    assert indicators.sports_host_awards(city.town_b, YEAR_2012) == 0


def test_innovations_sum_their_benefit_and_a_negative_benefit_is_refused(city, city_clerk):
    enterprise = city.enterprises[0]
    for i, benefit in enumerate(["125000.50", "300000"]):
        services.innovation_create(acting_user=city_clerk, org=enterprise.org, data={
            "kind": "qc_project", "title": f"降低不良率QC攻关{i}", "level": "enterprise", "awarded_on": datetime.date(2012, 6, 1), "benefit": Decimal(benefit), "enterprise": enterprise})
    services.innovation_create(acting_user=city_clerk, org=enterprise.org, data={
        "kind": "small_innovation", "title": "自动送料小革新", "level": "city", "awarded_on": datetime.date(2012, 10, 1), "benefit": Decimal("0"), "enterprise": None})
    with pytest.raises(ValidationError) as caught:
        services.innovation_create(acting_user=city_clerk, org=enterprise.org, data={
            "kind": "qc_project", "title": "负数", "level": "city", "awarded_on": datetime.date(2012, 6, 1), "benefit": Decimal("-1"), "enterprise": None})
    assert caught.value.message_dict["benefit"] == ["经济效益不能为负数"]
    assert Innovation.objects.count() == 3
    assert indicators.qc_projects(city.federation, YEAR_2012) == 2
    assert indicators.innovation_benefit(city.federation, YEAR_2012) == Decimal("425000.50")
    assert indicators.small_innovations(city.federation, YEAR_2012) == 1
    assert indicators.qc_projects(city.town_b, YEAR_2012) == 0


def test_in_house_ratings_count_enterprises_associations_and_awards(city, city_clerk):
    e1, e2 = city.enterprises[0], city.enterprises[1]
    services.inhouse_record(acting_user=city_clerk, org=city.federation, data={"enterprise": e1, "year": 2011, "technical_count": 5, "skilled_count": 40})
    services.inhouse_record(acting_user=city_clerk, org=city.federation, data={"enterprise": e1, "year": 2012, "technical_count": 10, "skilled_count": 80, "city_award": "model"})
    services.inhouse_record(acting_user=city_clerk, org=city.federation, data={"enterprise": e2, "year": 2012, "technical_count": 3, "skilled_count": 20, "city_award": "advanced"})
    services.inhouse_record(acting_user=city_clerk, org=city.federation, data={"association": "模具行业协会", "year": 2012, "technical_count": 7, "skilled_count": 0})
    with pytest.raises(ValidationError, match="已登记"):
        services.inhouse_record(acting_user=city_clerk, org=city.federation, data={"enterprise": e1, "year": 2012, "technical_count": 1, "skilled_count": 1})
    with pytest.raises(ValidationError, match="须填且只填一个"):
        services.inhouse_record(acting_user=city_clerk, org=city.federation, data={"enterprise": e2, "association": "协会", "year": 2013, "technical_count": 1, "skilled_count": 1})
    assert InHouseRating.objects.count() == 4
    f = city.federation
    assert [fn(f, YEAR_2012) for fn in (indicators.inhouse_enterprises, indicators.inhouse_associations, indicators.inhouse_model_units,
                                       indicators.inhouse_advanced_units, indicators.inhouse_technical, indicators.inhouse_skilled)] == [2, 1, 1, 1, 20, 100]
    assert indicators.inhouse_enterprises_new(f, YEAR_2012) == 1  # e1 began in 2011


def test_training_bases_are_counted_cumulatively_with_their_years(city, city_clerk):
    org = city.primaries[0]
    old = services.training_base_create(acting_user=city_clerk, org=org, data={"name": "甲基地", "level": "city", "established_on": datetime.date(2010, 3, 1)})
    services.training_base_create(acting_user=city_clerk, org=org, data={"name": "乙基地", "level": "city", "established_on": datetime.date(2012, 3, 1)})
    services.training_year_record(acting_user=city_clerk, base=old, year=2012, trained=500, certificates=50)
    services.training_year_record(acting_user=city_clerk, base=old, year=2012, trained=600, certificates=60)  # a correction, not a second year
    with pytest.raises(ValidationError) as caught:
        services.training_year_record(acting_user=city_clerk, base=old, year=2012, trained=10, certificates=20)
    assert "certificates" in caught.value.message_dict
    with pytest.raises(ValidationError, match="年度须在基地建立"):
        services.training_year_record(acting_user=city_clerk, base=old, year=2009, trained=10, certificates=1)
    assert TrainingYear.objects.get().trained == 600
    assert indicators.training_bases(city.federation, Period.year(2011)) == 1
    assert indicators.training_bases(city.federation, YEAR_2012) == 2 and indicators.training_bases_new(city.federation, YEAR_2012) == 1
    assert (indicators.trained_workers(city.federation, YEAR_2012), indicators.skill_certificates(city.federation, YEAR_2012)) == (600, 60)
    with pytest.raises(ValidationError, match="已有名为"):
        services.training_base_create(acting_user=city_clerk, org=org, data={"name": "甲基地", "level": "city", "established_on": datetime.date(2010, 3, 1)})
    assert TrainingBase.objects.count() == 2


def test_the_pages_list_export_and_refuse_another_towns_contest(client, city, city_clerk, skills_games, make_user):
    login_as(client, city_clerk)
    for name in ("contest-list", "innovation-list", "rating-list", "base-list"):
        page = client.get(reverse(f"campaigns:{name}"))
        assert page.status_code == 200 and "劳动竞赛" in page.content.decode()
        exported = client.get(reverse(f"campaigns:{name}") + "?export=xlsx")
        assert exported.status_code == 200 and exported["Content-Type"].startswith("application/vnd.openxmlformats")
    detail = client.get(reverse("campaigns:contest-detail", args=[skills_games.pk]))
    assert "JN2012" in detail.content.decode() and "数控车工" in detail.content.decode()
    assert client.get(reverse("campaigns:entry-list", args=[skills_games.pk]) + "?export=xlsx").status_code == 200
    login_as(client, make_user("clerk", city.town_a))
    assert client.get(reverse("campaigns:contest-detail", args=[skills_games.pk])).status_code == 404
    assert "第六届" not in client.get(reverse("campaigns:contest-list")).content.decode()


def test_a_clerk_records_a_contest_and_a_negative_benefit_through_the_forms(client, city, city_clerk):
    login_as(client, city_clerk)
    response = client.post(reverse("campaigns:contest-create"), {
        "code": "LG2012", "kind": "project_contest", "name": "重点工程立功竞赛", "organiser": "市总工会", "starts_on": "2012-03-01",
        "ends_on": "2012-12-01", "events": "滨海大道工程"})
    contest = Contest.objects.get(code="LG2012")
    assert response.status_code == 302 and response["Location"] == reverse("campaigns:contest-detail", args=[contest.pk])
    page = client.post(reverse("campaigns:innovation-create"), {"kind": "qc_project", "title": "攻关", "level": "city", "awarded_on": "2012-05-01", "benefit": "-5"})
    assert page.status_code == 200 and "经济效益不能为负数" in page.content.decode() and not Innovation.objects.exists()
    page = client.post(reverse("campaigns:innovation-create"), {"kind": "qc_project", "title": "攻关", "level": "city", "awarded_on": "2012-05-01", "benefit": "5", "org_code": "C-02"})
    assert Innovation.objects.get().org == city.town_b


def test_a_leader_reads_but_cannot_record(client, city, make_user):
    login_as(client, make_user("leader", city.federation))
    assert client.get(reverse("campaigns:contest-list")).status_code == 200
    assert client.get(reverse("campaigns:contest-create")).status_code == 403


def test_a_contest_is_corrected_and_its_events_added_through_the_pages(client, city, city_clerk, skills_games):
    login_as(client, city_clerk)
    url = reverse("campaigns:contest-edit", args=[skills_games.pk])
    bad = client.post(url, {"name": "第六届", "organiser": "市总工会", "starts_on": "2012-09-01", "ends_on": "2012-08-01"})
    assert "结束日期不能早于开始日期" in bad.content.decode()
    assert client.post(url, {"name": "慈溪市第六届职工技能运动会", "organiser": "市总工会", "starts_on": "2012-05-01", "ends_on": "2012-08-31"}).status_code == 302
    skills_games.refresh_from_db()
    assert skills_games.name == "慈溪市第六届职工技能运动会" and skills_games.code == "JN2012"
    added = client.post(reverse("campaigns:contest-events-add", args=[skills_games.pk]), {"events": "焊工"})
    assert "已有项目：焊工" in added.content.decode()
    client.post(reverse("campaigns:contest-events-add", args=[skills_games.pk]), {"events": "钳工\n车工"})
    assert skills_games.events.count() == 5


def test_the_import_templates_carry_the_chinese_headers(client, city, city_clerk):
    import io

    from python_calamine import CalamineWorkbook

    login_as(client, city_clerk)
    for spec, needed in (("contest-entries", {"竞赛编号", "参赛编号", "项目", "参赛单位", "身份证号", "阶段"}),
                         ("contest-results", {"竞赛编号", "参赛编号", "名次", "奖项", "奖牌", "授予称号", "证书", "发证机关"}),
                         ("innovations", {"成果编号", "类别", "成果名称", "经济效益(元)"})):
        response = client.get(reverse("imports:template", args=[spec]))
        assert response.status_code == 200
        headers = {str(h).replace("*", "").strip() for h in CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()[0]}
        assert needed <= headers, (spec, headers)
