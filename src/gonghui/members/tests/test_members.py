import datetime
import logging

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from python_calamine import CalamineWorkbook

from gonghui.core.indicators import Period
from gonghui.core.models import AuditEntry
from gonghui.members import services
from gonghui.members.indicators import members as members_figure, recruited, women
from gonghui.members.models import Member, MembershipPeriod, MemberStatus, TransferStatus
from gonghui.testing import id_number, login_as, member_data


@pytest.fixture
def clerk_a(city, make_user):
    return make_user("clerk", city.town_a)


@pytest.fixture
def clerk_b(city, make_user):
    return make_user("clerk", city.town_b)


def register(user, org, sequence, **extra):
    return services.member_register(acting_user=user, org=org, data=member_data(sequence, **extra))


def test_registering_derives_birth_date_and_sex_from_the_id_number(city, clerk_a):
    member = register(clerk_a, city.primaries[0], 7, id_number=id_number(7, birth="19900102"))
    assert member.birth_date == datetime.date(1990, 1, 2)
    assert member.sex == "M"  # 007: odd
    woman = register(clerk_a, city.primaries[0], 8)
    assert woman.sex == "F"


def test_the_id_number_is_sealed_in_the_database_and_masked_on_the_page(client, city, clerk_a):
    number = id_number(11)
    member = register(clerk_a, city.primaries[0], 11, id_number=number)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, mobile FROM members_member WHERE id = %s", [member.pk])
        stored_id, stored_mobile = cursor.fetchone()
    assert number not in stored_id and "13800000011" not in stored_mobile
    login_as(client, clerk_a)
    page = client.get(f"/members/{member.pk}/").content.decode()
    assert number not in page
    assert number[:6] + "********" + number[-4:] in page


def test_a_person_active_in_one_union_is_refused_in_another_with_where_masked(city, clerk_a, clerk_b):
    number = id_number(21)
    register(clerk_a, city.primaries[0], 21, id_number=number)
    with pytest.raises(ValidationError) as refused:
        register(clerk_b, city.primaries[2], 22, id_number=number.lower() if number.endswith("X") else number)
    message = refused.value.message_dict["id_number"][0]
    assert city.primaries[0].name in message
    assert number not in message and number[:6] + "********" in message
    assert Member.objects.count() == 1


def test_a_town_clerk_cannot_see_another_towns_members(client, city, clerk_a, clerk_b):
    theirs = register(clerk_b, city.primaries[2], 31)
    mine = register(clerk_a, city.primaries[0], 32)
    login_as(client, clerk_a)
    assert client.get(f"/members/{theirs.pk}/").status_code == 404
    assert client.get(f"/members/{mine.pk}/").status_code == 200
    listing = client.get("/members/").content.decode()
    assert mine.name in listing and theirs.name not in listing


def test_search_finds_a_member_by_id_number_in_any_case_of_x_and_by_name_prefix(client, city, clerk_a):
    number = next(id_number(s) for s in range(100, 400) if id_number(s).endswith("X"))
    member = register(clerk_a, city.primaries[0], 41, id_number=number, name="欧阳娜娜")
    register(clerk_a, city.primaries[0], 42, name="王小明")
    login_as(client, clerk_a)
    for query in (number, number.lower(), " " + number[:6] + " " + number[6:].lower()):
        page = client.get("/members/", {"q": query}).content.decode()
        assert "欧阳娜娜" in page and "王小明" not in page
    page = client.get("/members/", {"q": "欧阳"}).content.decode()
    assert "欧阳娜娜" in page and "王小明" not in page
    assert member.pk


def test_a_transfer_inside_the_subtree_takes_effect_and_keeps_the_history(city, clerk_a):
    member = register(clerk_a, city.primaries[0], 51)
    transfer = services.member_transfer(acting_user=clerk_a, member=member, to_org=city.primaries[1], effective_on=datetime.date(2012, 6, 1))
    assert transfer.status == TransferStatus.DONE
    member.refresh_from_db()
    assert member.org == city.primaries[1]
    periods = list(MembershipPeriod.objects.filter(member=member).order_by("started_on"))
    assert [(p.org_id, p.ended_on) for p in periods] == [(city.primaries[0].pk, datetime.date(2012, 6, 1)), (city.primaries[1].pk, None)]


def test_a_transfer_to_another_town_waits_for_the_receiving_union(client, city, clerk_a, clerk_b):
    member = register(clerk_a, city.primaries[0], 61)
    transfer = services.member_transfer(acting_user=clerk_a, member=member, to_org=city.primaries[2], effective_on=datetime.date(2012, 7, 1))
    assert transfer.status == TransferStatus.PENDING
    with pytest.raises(Exception):
        services.transfer_decide(acting_user=clerk_a, transfer=transfer, accept=True)
    login_as(client, clerk_b)
    assert client.get(f"/members/{member.pk}/").status_code == 404
    response = client.post(f"/members/transfers/{transfer.pk}/", {"decision": "accept"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.org == city.primaries[2]
    assert client.get(f"/members/{member.pk}/").status_code == 200
    assert client.post(f"/members/transfers/{transfer.pk}/", {"decision": "accept"}).status_code == 302
    assert MembershipPeriod.objects.filter(member=member).count() == 2


def test_revealing_a_whole_id_number_needs_the_grant_and_is_audited(client, city, clerk_a, make_user):
    number = id_number(71)
    member = register(clerk_a, city.primaries[0], 71, id_number=number)
    login_as(client, clerk_a)
    assert client.post(f"/members/{member.pk}/reveal/id_number/").status_code == 403
    granted = make_user("clerk", city.town_a, can_reveal=True)
    login_as(client, granted)
    response = client.post(f"/members/{member.pk}/reveal/id_number/")
    assert response.status_code == 200 and number in response.content.decode()
    assert AuditEntry.objects.filter(action="reveal", actor_id=granted.pk, object_id=str(member.pk)).exists()


def test_the_default_export_is_masked_and_the_full_export_needs_the_grant(client, city, clerk_a, make_user, tmp_path):
    number = id_number(81)
    register(clerk_a, city.primaries[0], 81, id_number=number)
    login_as(client, clerk_a)
    response = client.get("/members/", {"export": "xlsx"})
    path = tmp_path / "m.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    flat = " ".join(str(c) for row in rows for c in row)
    assert number not in flat and number[:6] + "********" in flat
    assert client.get("/members/", {"export": "xlsx", "reveal": "1"}).status_code == 403
    granted = make_user("clerk", city.town_a, can_reveal=True)
    login_as(client, granted)
    response = client.get("/members/", {"export": "xlsx", "reveal": "1"})
    path.write_bytes(b"".join(response.streaming_content))
    flat = " ".join(str(c) for row in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python() for c in row)
    assert number in flat
    assert AuditEntry.objects.filter(action="reveal", actor_id=granted.pk).exists()


def test_no_log_line_or_audit_entry_holds_a_whole_id_number(city, clerk_a, caplog):
    number = id_number(91)
    with caplog.at_level(logging.DEBUG):
        member = register(clerk_a, city.primaries[0], 91, id_number=number)
        logging.getLogger("gonghui").info("registered %s with %s", member, number)
        with pytest.raises(ValidationError):
            register(clerk_a, city.primaries[1], 92, id_number=number)
    from gonghui.core.sealing import MaskPersonalDataFilter

    masked = [MaskPersonalDataFilter().filter(r) and r.getMessage() for r in caplog.records]
    assert all(number not in line for line in masked)
    assert not any(number in str(e.changes) or number in e.summary for e in AuditEntry.objects.all())


def test_leaving_closes_the_membership_and_the_figures_follow(city, clerk_a):
    one = register(clerk_a, city.primaries[0], 101, joined_on=datetime.date(2012, 3, 1))
    register(clerk_a, city.primaries[1], 102, joined_on=datetime.date(2011, 3, 1))
    services.member_end(acting_user=clerk_a, member=one, status=MemberStatus.RETIRED, on=datetime.date(2013, 2, 1))
    assert members_figure(city.town_a, Period.year(2012)) == 2
    assert members_figure(city.town_a, Period.year(2013)) == 1
    assert recruited(city.town_a, Period.year(2012)) == 1
    assert members_figure(city.town_b, Period.year(2012)) == 0
    assert women(city.federation, Period.year(2012)) == 1  # sequence 102 is even
    with pytest.raises(ValidationError):
        services.member_end(acting_user=clerk_a, member=one, status=MemberStatus.LEFT, on=datetime.date(2013, 2, 2))


@pytest.mark.parametrize("field,value,fragment", [
    ("id_number", "330282198503150011", "校验位"),
    ("id_number", "330282199902300010", "出生日期"),
    ("mobile", "12345", "手机号"),
    ("name", "", "姓名"),
])
def test_bad_values_are_refused_naming_the_field(city, clerk_a, field, value, fragment):
    data = member_data(5)
    data[field] = value
    with pytest.raises(ValidationError) as refused:
        services.member_register(acting_user=clerk_a, org=city.primaries[0], data=data)
    assert fragment in refused.value.message_dict[field][0]
    assert Member.objects.count() == 0
