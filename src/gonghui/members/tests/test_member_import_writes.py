"""What an import writes is what registering by hand writes: on PostgreSQL the import goes by
COPY, past the model's save(), so these tests pin the stored values down on both databases."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from gonghui.members import services
from gonghui.members.imports import MemberImportSpec
from gonghui.members.models import Member, MembershipPeriod
from gonghui.members.selectors import members_search
from gonghui.members.tests.test_member_import import good_row, run, workbook
from gonghui.testing import id_number, member_data


@pytest.fixture
def clerk(city, make_user):
    return make_user("clerk", city.town_a)


def test_an_imported_member_is_sealed_found_by_its_blind_indexes_and_has_its_first_period(city, clerk):
    code = city.primaries[0].code
    number = next(id_number(s) for s in range(200, 600) if id_number(s).endswith("X"))
    row = ["王小明", number, "13912345678", "回", "本科", "城镇", "2011-07-01", city.enterprises[0].credit_code, code]
    headers = ["姓名", "身份证号", "手机号", "民族", "文化程度", "户籍类型", "入会日期", "工作单位信用代码", "所在工会编码"]
    job = run(clerk, city.town_a, workbook([row], headers=headers))
    assert job.created_count == 1, job.error_sample

    member = Member.objects.get()
    assert (member.name, member.ethnicity, member.education, member.household) == ("王小明", "回族", "bachelor", "urban")
    assert member.id_number.reveal() == number and member.mobile.reveal() == "13912345678"
    assert member.birth_date == datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    assert member.sex == ("M" if int(number[16]) % 2 else "F")
    assert (member.org, member.enterprise, member.status, member.status_changed_on) == (city.primaries[0], city.enterprises[0], "active", None)
    assert member.joined_on == datetime.date(2011, 7, 1) and member.collected_on == timezone.localdate()
    assert member.created_at and member.updated_at
    # Sealed at rest: the stored text holds neither number.
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, mobile FROM members_member")
        sealed_number, sealed_mobile = cursor.fetchone()
    assert sealed_number and number not in sealed_number and sealed_mobile and "13912345678" not in sealed_mobile
    # Found as a clerk finds people: by ID number with a lower-case x, and by mobile.
    assert list(members_search(clerk, text=number.lower())) == [member]
    assert list(members_search(clerk, text="139 1234 5678")) == [member]
    period = MembershipPeriod.objects.get()
    assert (period.member, period.org, period.started_on, period.ended_on, period.reason) == (member, city.primaries[0], member.joined_on, None, "joined")


def test_an_import_written_in_several_batches_writes_each_row_once_and_the_ids_stay_usable(city, clerk, monkeypatch):
    monkeypatch.setattr(MemberImportSpec, "batch_size", 3)
    code = city.primaries[0].code
    job = run(clerk, city.town_a, workbook([good_row(s, code) for s in range(1, 9)]))
    assert (job.status, job.created_count) == ("done", 8), job.message
    assert Member.objects.count() == 8 and MembershipPeriod.objects.count() == 8
    assert set(MembershipPeriod.objects.values_list("member_id", flat=True)) == set(Member.objects.values_list("pk", flat=True))
    # A member registered by hand afterwards takes a fresh id: the import drew its ids from the
    # same sequence.
    later = services.member_register(acting_user=clerk, org=city.primaries[0], data=member_data(50))
    assert later.pk > max(Member.objects.exclude(pk=later.pk).values_list("pk", flat=True))


def test_a_name_holding_a_tab_or_a_backslash_is_stored_as_it_was_typed(city, clerk):
    # COPY's text format gives both a meaning of their own.
    names = ["王\\小明", "李\t四", "赵\\N"]
    rows = [[name, id_number(20 + n), "2012-01-01", city.primaries[0].code] for n, name in enumerate(names)]
    job = run(clerk, city.town_a, workbook(rows, headers=["姓名", "身份证号", "入会日期", "所在工会编码"]))
    assert job.created_count == 3, job.error_sample
    assert sorted(Member.objects.values_list("name", flat=True)) == sorted(names)


def test_a_file_without_mobiles_stores_none(city, clerk):
    rows = [["无手机", id_number(9), "2012-01-01", city.primaries[0].code]]
    job = run(clerk, city.town_a, workbook(rows, headers=["姓名", "身份证号", "入会日期", "所在工会编码"]))
    assert job.created_count == 1, job.error_sample
    member = Member.objects.get()
    assert member.mobile.reveal() == "" and member.mobile_index == ""


def test_a_reimport_with_a_new_mobile_finds_the_member_by_the_new_number_only(city, clerk):
    code = city.primaries[0].code
    row = good_row(3, code)
    run(clerk, city.town_a, workbook([row]))
    member = Member.objects.get()
    old_mobile = row[2]
    row[2], row[0] = "13655556666", "改名会员"
    again = run(clerk, city.town_a, workbook([row]))
    assert (again.created_count, again.updated_count) == (0, 1)
    member.refresh_from_db()
    assert (member.name, member.mobile.reveal()) == ("改名会员", "13655556666")
    assert list(members_search(clerk, text="13655556666")) == [member]
    assert list(members_search(clerk, text=old_mobile)) == []
    assert MembershipPeriod.objects.count() == 1


def test_a_reimport_that_names_another_union_of_the_subtree_moves_the_member_and_keeps_the_history(city, clerk):
    first, second = city.primaries[0], city.primaries[1]
    run(clerk, city.town_a, workbook([good_row(4, first.code)]))
    again = run(clerk, city.town_a, workbook([good_row(4, second.code)]))
    assert again.updated_count == 1
    member = Member.objects.get()
    assert member.org == second
    periods = list(member.periods.order_by("id").values_list("org_id", "ended_on", "reason"))
    assert [(org, ended is None, reason) for org, ended, reason in periods] == [(first.pk, False, "joined"), (second.pk, True, "transfer")]
