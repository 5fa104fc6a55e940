import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gonghui.core.audit import verify
from gonghui.core.indicators import Period
from gonghui.core.models import AuditEntry
from gonghui.orgs import selectors, services
from gonghui.orgs.indicators import enterprises_joint, enterprises_single, enterprises_uncovered, new_single_unions, unions_primary
from gonghui.orgs.models import Enterprise, LegalPersonRegistration, Org
from gonghui.testing import credit_code, login_as


def enterprise_data(city, number, **extra):
    data = {"credit_code": credit_code(number), "name": f"新企业{number}", "industry": "C", "ownership": "private", "above_scale": False,
            "employee_count": 30, "address_town": city.town_a, "address": "", "org": city.town_a}
    data.update(extra)
    return data


def test_a_node_created_under_a_parent_gets_its_path_and_is_audited(city, make_user):
    clerk = make_user("clerk", city.town_a)
    org = services.org_create(acting_user=clerk, parent=city.villages[0], name="新建企业工会", kind="enterprise")
    assert org.path == city.villages[0].path + f"{org.pk:08d}"
    assert org.level == 4 and org.code.startswith(city.villages[0].code)
    assert AuditEntry.objects.filter(action="create", object_id=str(org.pk)).exists()
    assert verify() == []


def test_a_node_cannot_be_created_at_the_wrong_level_or_outside_scope(city, make_user):
    clerk = make_user("clerk", city.town_a)
    with pytest.raises(ValidationError) as refused:
        services.org_create(acting_user=clerk, parent=city.primaries[0], name="错误", kind="enterprise")
    assert "上级" in refused.value.message_dict["parent"][0]
    with pytest.raises(PermissionDenied):
        services.org_create(acting_user=clerk, parent=city.town_b, name="越权", kind="village")


def test_moving_a_node_under_its_own_descendant_is_refused(city, make_user):
    clerk = make_user("clerk", city.federation)
    village = city.villages[0]
    with pytest.raises(ValidationError) as refused:
        services.org_move(acting_user=clerk, org=city.town_a, new_parent=village)
    assert "下级" in refused.value.message_dict["new_parent"][0]


def test_moving_a_village_moves_its_whole_subtree_and_scope_follows(client, city, make_user):
    clerk = make_user("clerk", city.federation)
    village = city.villages[0]
    services.org_move(acting_user=clerk, org=village, new_parent=city.town_b)
    village.refresh_from_db()
    assert village.parent == city.town_b and village.path.startswith(city.town_b.path)
    for primary in city.primaries[:2]:
        primary.refresh_from_db()
        assert primary.path == village.path + f"{primary.pk:08d}"
    clerk_b = make_user("clerk", city.town_b)
    login_as(client, clerk_b)
    assert client.get(f"/orgs/{city.primaries[0].pk}/").status_code == 200
    clerk_a = make_user("clerk", city.town_a)
    login_as(client, clerk_a)
    assert client.get(f"/orgs/{city.primaries[0].pk}/").status_code == 404


def test_a_clerk_cannot_move_their_own_node(city, make_user):
    clerk = make_user("clerk", city.town_a)
    with pytest.raises(PermissionDenied):
        services.org_move(acting_user=clerk, org=city.town_a, new_parent=city.federation)


def test_an_enterprise_with_a_duplicate_or_invalid_credit_code_is_refused(city, make_user):
    clerk = make_user("clerk", city.town_a)
    with pytest.raises(ValidationError) as duplicate:
        services.enterprise_create(acting_user=clerk, data=enterprise_data(city, 1))
    assert "已登记" in duplicate.value.message_dict["credit_code"][0]
    bad = credit_code(500)[:17] + ("0" if credit_code(500)[17] != "0" else "1")
    with pytest.raises(ValidationError) as invalid:
        services.enterprise_create(acting_user=clerk, data=enterprise_data(city, 500, credit_code=bad))
    assert "校验位" in invalid.value.message_dict["credit_code"][0]
    with pytest.raises(ValidationError) as letters:
        services.enterprise_create(acting_user=clerk, data=enterprise_data(city, 501, credit_code="91330282MA2AIOZSV0"))
    assert "字符" in letters.value.message_dict["credit_code"][0]


def test_a_reviewer_may_accept_an_early_pilot_code_and_it_stays_flagged(city, make_user):
    reviewer = make_user("reviewer", city.town_a)
    clerk = make_user("clerk", city.town_a)
    good = credit_code(600)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(ValidationError):
        services.enterprise_create(acting_user=clerk, data=enterprise_data(city, 600, credit_code=bad), accept_flagged=True)
    enterprise = services.enterprise_create(acting_user=reviewer, data=enterprise_data(city, 600, credit_code=bad), accept_flagged=True)
    assert enterprise.credit_code_flagged and enterprise.credit_code_accepted_by == reviewer
    data = enterprise_data(city, 600, credit_code=bad, name="改名企业")
    services.enterprise_update(acting_user=clerk, enterprise=enterprise, data=data)
    enterprise.refresh_from_db()
    assert enterprise.name == "改名企业" and enterprise.credit_code_flagged


def test_formation_follows_the_union_an_enterprise_is_filed_under(city, make_user):
    clerk = make_user("clerk", city.town_a)
    joint = services.enterprise_create(acting_user=clerk, data=enterprise_data(city, 700, org=city.villages[1]))
    assert joint.formation == "joint"
    with pytest.raises(ValidationError) as taken:
        services.enterprise_create(acting_user=clerk, data=enterprise_data(city, 701, org=city.primaries[0]))
    assert "已对应" in taken.value.message_dict["org"][0]


def test_legal_person_registration_keeps_its_history_and_refuses_bad_steps(city, make_user):
    clerk = make_user("clerk", city.town_a)
    org = city.primaries[0]
    with pytest.raises(ValidationError):
        services.registration_record(acting_user=clerk, org=org, kind="change", certificate_number="X1", registered_on=datetime.date(2012, 1, 1))
    services.registration_record(acting_user=clerk, org=org, kind="new", certificate_number="工法证001", registered_on=datetime.date(2012, 1, 1))
    with pytest.raises(ValidationError) as twice:
        services.registration_record(acting_user=clerk, org=org, kind="new", certificate_number="工法证002", registered_on=datetime.date(2012, 2, 1))
    assert "变更" in twice.value.message_dict["kind"][0]
    with pytest.raises(ValidationError):
        services.registration_record(acting_user=clerk, org=org, kind="change", certificate_number="工法证001", registered_on=datetime.date(2012, 3, 1), valid_until=datetime.date(2012, 2, 1))
    services.registration_record(acting_user=clerk, org=org, kind="change", certificate_number="工法证001", registered_on=datetime.date(2012, 5, 1))
    services.registration_record(acting_user=clerk, org=org, kind="cancel", certificate_number="工法证001", registered_on=datetime.date(2012, 9, 1))
    assert list(LegalPersonRegistration.objects.filter(org=org).order_by("registered_on").values_list("kind", flat=True)) == ["new", "change", "cancel"]


def test_tree_counts_and_indicators_count_the_subtree(city):
    children = {c["org"].pk: c for c in selectors.children_with_counts(city.federation)}
    assert children[city.town_a.pk]["primary"] == 2 and children[city.town_a.pk]["joint"] == 2
    assert children[city.town_a.pk]["single"] == 2 and children[city.town_a.pk]["joint_covered"] == 1
    period = Period.year(2012)
    assert unions_primary(city.federation, period) == 4
    assert unions_primary(city.town_b, period) == 2
    assert enterprises_single(city.town_a, period) == 2
    assert enterprises_joint(city.town_a, period) == 1
    assert enterprises_uncovered(city.federation, period) == 2
    Org.objects.filter(pk=city.primaries[0].pk).update(established_on=datetime.date(2012, 4, 1))
    assert new_single_unions(city.federation, period) == 1
    assert new_single_unions(city.town_b, period) == 0


def test_a_leader_reads_but_cannot_write(client, city, make_user):
    leader = make_user("leader", city.town_a)
    login_as(client, leader)
    assert client.get(f"/orgs/{city.town_a.pk}/").status_code == 200
    assert client.post(f"/orgs/{city.villages[0].pk}/edit/", {"name": "x", "kind": "village", "status": "active"}).status_code == 403
    assert Org.objects.get(pk=city.villages[0].pk).name != "x"


def test_enterprise_form_shows_chinese_errors_and_saves_nothing(client, city, make_user):
    clerk = make_user("clerk", city.town_a)
    login_as(client, clerk)
    before = Enterprise.objects.count()
    response = client.post("/orgs/enterprises/new/", {"credit_code": "123", "name": "", "industry": "C", "ownership": "private",
                                                      "employee_count": "-5", "address_town": str(city.town_a.pk), "org_code": city.town_b.code})
    page = response.content.decode()
    assert response.status_code == 200
    assert "职工人数不能为负数" in page and "此项不能为空" in page
    assert Enterprise.objects.count() == before


def test_the_list_table_is_refreshed_by_htmx_as_a_partial(client, city, make_user):
    clerk = make_user("clerk", city.town_a)
    login_as(client, clerk)
    response = client.get("/orgs/list/", {"q": "企业1"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="list-table")
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page and 'id="list-table"' in page
    assert "浒山街企业1工会" in page
