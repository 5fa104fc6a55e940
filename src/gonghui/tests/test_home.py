import datetime

from gonghui.members import services
from gonghui.testing import login_as, member_data


def test_the_home_page_shows_the_chosen_years_figures_of_the_own_subtree(client, city, make_user):
    clerk = make_user("clerk", city.town_a)
    services.member_register(acting_user=clerk, org=city.primaries[0], data=member_data(1, joined_on=datetime.date(2012, 4, 1)))
    login_as(client, clerk)
    page = client.get("/", {"year": "2012"}).content.decode()
    assert "2012年工作概况" in page and "会员数" in page and "发展会员数" in page
    assert city.town_a.name in page
    page_2011 = client.get("/", {"year": "2011"}).content.decode()
    assert "2011年工作概况" in page_2011
    assert client.get("/", {"year": "<script>"}).status_code == 200


def test_a_page_out_of_scope_answers_404_in_chinese_with_the_menu(client, city, make_user, settings):
    settings.DEBUG = False
    login_as(client, make_user("clerk", city.town_a))
    response = client.get(f"/orgs/{city.town_b.pk}/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and "不在您的管辖范围内" in page and "组织树" in page
    assert city.town_b.name not in page


def test_the_server_error_page_is_in_chinese():
    from django.template import loader

    assert "系统出错" in loader.get_template("500.html").render()
