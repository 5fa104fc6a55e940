"""The audit trail is append-only and hash-chained: the database refuses to change or remove
an entry, and `gonghui audit verify` names any entry that was changed, removed or moved
behind the database's back anyway (by someone who lifted the triggers first)."""

import importlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from gonghui.core import audit
from gonghui.core.models import AuditEntry, AuditHead
from gonghui.core.sealing import SealedValue

APPEND_ONLY = importlib.import_module("gonghui.core.migrations.0002_audit_append_only")


@pytest.fixture
def trail(city, make_user):
    """Six entries of the kinds the platform writes, by a clerk and by the system."""
    clerk = make_user("clerk", city.town_a)
    audit.record(actor=None, actor_name="nobody", action=audit.Action.LOGIN_FAILED, summary="用户名不存在")
    audit.record(actor=clerk, action=audit.Action.LOGIN, target=clerk, summary="登录成功")
    audit.record(actor=clerk, action=audit.Action.UPDATE, target=city.town_a, summary="修改组织", changes={"name": ["旧名", "新名"]})
    audit.record(actor=clerk, action=audit.Action.EXPORT, object_type="orgs.enterprise", summary="导出企业 10 行", changes={"query": "q=企业"})
    audit.record(actor=clerk, action=audit.Action.REVEAL, object_type="members.member", object_id=7, summary="查看身份证号")
    audit.record(actor=None, actor_name="system", action=audit.Action.KEY_ROTATION, summary="启用新数据密钥 k2")
    return clerk


@pytest.fixture
def attacker(db):
    """Lifts the append-only triggers, as someone holding the database password could, and
    puts them back when the test ends (the test's transaction rolls back besides)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER core_auditentry_no_update")
            cursor.execute("DROP TRIGGER core_auditentry_no_delete")
        else:
            cursor.execute("ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only")
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in APPEND_ONLY.SQLITE:
                cursor.execute(statement)
        else:
            cursor.execute("ALTER TABLE core_auditentry ENABLE TRIGGER core_auditentry_append_only")


def verify_fails() -> str:
    """Runs `gonghui audit verify`, which must fail; returns what it wrote to stderr."""
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("audit", "verify", stdout=io.StringIO(), stderr=err)
    assert "审计日志校验失败" in str(excinfo.value)
    return err.getvalue()


# An intact trail --------------------------------------------------------------------------------


def test_entries_chain_each_to_the_one_before_and_verify_passes(trail):
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5, 6]
    assert entries[0].prev_hash == audit.GENESIS
    for before, after in zip(entries, entries[1:]):
        assert after.prev_hash == before.hash
    for entry in entries:
        assert entry.hash == audit.entry_hash(entry)
    head = AuditHead.objects.get()
    assert (head.seq, head.hash) == (6, entries[-1].hash)

    out = io.StringIO()
    call_command("audit", "verify", stdout=out, stderr=io.StringIO())
    assert "共 6 条" in out.getvalue() and "通过" in out.getvalue()


def test_an_empty_trail_verifies(db):
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "共 0 条" in out.getvalue()


def test_an_entry_names_who_did_what_from_where_and_never_holds_personal_data_whole(city, make_user):
    clerk = make_user("clerk", city.town_a)
    entry = audit.record(
        actor=clerk,
        action=audit.Action.UPDATE,
        target=city.town_a,
        summary="会员 33028219900101123X 手机 13800138000 已修改",
        changes={"id_number": [SealedValue("33028219900101123X", "id_number"), SealedValue("330282199001011158", "id_number")]},
    )
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert (entry.actor_id, entry.actor_name, entry.actor_org_path) == (clerk.pk, clerk.username, city.town_a.path)
    assert (entry.object_type, entry.object_id) == ("orgs.org", str(city.town_a.pk))
    text = entry.summary + str(entry.changes)
    assert "33028219900101123X" not in text and "13800138000" not in text and "330282199001011158" not in text
    assert "330282********123X" in entry.summary and "138****8000" in entry.summary
    assert entry.changes["id_number"] == ["330282********123X", "330282********1158"]


def test_an_entry_written_in_a_transaction_that_rolls_back_leaves_the_chain_intact(trail):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            audit.record(actor=trail, action=audit.Action.UPDATE, summary="回滚的修改")
            raise RuntimeError("the change failed")
    assert not AuditEntry.objects.filter(summary="回滚的修改").exists()
    assert audit.verify() == []
    follow_up = audit.record(actor=trail, action=audit.Action.UPDATE, summary="下一条")
    assert follow_up.seq == 7
    assert audit.verify() == []


# The database refuses -----------------------------------------------------------------------------


def test_the_database_refuses_to_update_an_audit_entry(trail):
    with pytest.raises(DatabaseError, match="审计日志只能追加"):
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("UPDATE core_auditentry SET summary = %s WHERE seq = %s", ["改过的", 3])
    with pytest.raises(DatabaseError, match="审计日志只能追加"):
        with transaction.atomic():
            AuditEntry.objects.filter(seq=3).update(actor_name="someone-else")
    entry = AuditEntry.objects.get(seq=3)
    entry.summary = "改过的"
    with pytest.raises(DatabaseError, match="审计日志只能追加"):
        with transaction.atomic():
            entry.save()
    assert AuditEntry.objects.get(seq=3).summary == "修改组织"
    assert audit.verify() == []


def test_the_database_refuses_to_delete_an_audit_entry(trail):
    with pytest.raises(DatabaseError, match="审计日志只能追加"):
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM core_auditentry WHERE seq = %s", [6])
    with pytest.raises(DatabaseError, match="审计日志只能追加"):
        with transaction.atomic():
            AuditEntry.objects.all().delete()
    assert AuditEntry.objects.count() == 6
    assert audit.verify() == []


# Verify names what an attacker did -------------------------------------------------------------------


@pytest.mark.parametrize(
    "field, value",
    [
        ("summary", "登录成功"),
        ("actor_name", "someone-else"),
        ("actor_id", None),
        ("action", audit.Action.LOGIN),
        ("object_id", "999"),
        ("changes", {"name": ["旧名", "另一个名字"]}),
        ("ip", "10.0.0.1"),
    ],
)
def test_verify_names_an_entry_whose_content_was_edited(trail, attacker, field, value):
    AuditEntry.objects.filter(seq=3).update(**{field: value})
    stderr = verify_fails()
    assert "第 3 条日志内容被篡改" in stderr


def test_verify_names_an_entry_whose_time_was_moved(trail, attacker):
    entry = AuditEntry.objects.get(seq=4)
    AuditEntry.objects.filter(seq=4).update(at=entry.at.replace(year=entry.at.year - 1))
    assert "第 4 条日志内容被篡改" in verify_fails()


def test_verify_notices_an_entry_edited_and_rehashed_by_the_next_entry(trail, attacker):
    entry = AuditEntry.objects.get(seq=3)
    entry.summary = "悄悄改过"
    AuditEntry.objects.filter(seq=3).update(summary=entry.summary, hash=audit.entry_hash(entry))
    stderr = verify_fails()
    assert "第 4 条日志的前序哈希不符" in stderr


def test_verify_names_an_entry_deleted_from_the_middle(trail, attacker):
    AuditEntry.objects.filter(seq=3).delete()
    stderr = verify_fails()
    assert "第 3 至 3 条日志缺失" in stderr
    assert "第 4 条日志的前序哈希不符" in stderr


def test_verify_names_the_first_entry_when_it_is_deleted(trail, attacker):
    AuditEntry.objects.filter(seq=1).delete()
    assert "第 1 至 1 条日志缺失" in verify_fails()


def test_verify_names_entries_cut_off_the_end(trail, attacker):
    AuditEntry.objects.filter(seq=6).delete()
    stderr = verify_fails()
    assert "日志链末端应为第 6 条，实际为第 5 条" in stderr


def test_verify_names_both_entries_when_two_swap_their_content(trail, attacker):
    fields = ["at", "actor_id", "actor_name", "actor_org_path", "action", "object_type", "object_id", "summary", "changes", "ip", "prev_hash", "hash"]
    two, five = (AuditEntry.objects.values(*fields).get(seq=n) for n in (2, 5))
    AuditEntry.objects.filter(seq=2).update(**five)
    AuditEntry.objects.filter(seq=5).update(**two)
    stderr = verify_fails()
    assert "第 2 条" in stderr and "第 5 条" in stderr


def test_verify_notices_two_entries_that_swap_their_places(trail, attacker):
    # Renumbering (seq 2 <-> 5) keeps each row's content but breaks the order it was chained in.
    AuditEntry.objects.filter(seq=2).update(seq=-2)
    AuditEntry.objects.filter(seq=5).update(seq=2)
    AuditEntry.objects.filter(seq=-2).update(seq=5)
    stderr = verify_fails()
    assert "第 2 条" in stderr and "第 5 条" in stderr


def test_a_forged_entry_inserted_in_the_middle_is_named(trail):
    # Inserting needs no trigger lifted; the forger copies a real entry's neighbours.
    third = AuditEntry.objects.get(seq=3)
    AuditEntry.objects.create(
        seq=100, at=third.at, actor_name="forger", action=audit.Action.LOGIN, prev_hash=third.hash, hash="0" * 64,
    )
    stderr = verify_fails()
    assert "第 7 至 99 条日志缺失" in stderr and "第 100 条日志内容被篡改" in stderr
