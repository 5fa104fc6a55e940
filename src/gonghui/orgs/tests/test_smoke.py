from gonghui.testing import login_as


def test_a_town_clerk_sees_their_town_page(client, city, make_user):
    clerk = make_user("clerk", city.town_a)
    login_as(client, clerk)
    response = client.get(f"/orgs/{city.town_a.pk}/")
    assert response.status_code == 200
    assert "浒山街道总工会" in response.content.decode()
    assert client.get(f"/orgs/{city.town_b.pk}/").status_code == 404
