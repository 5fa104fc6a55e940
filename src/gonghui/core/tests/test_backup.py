"""`gonghui backup`: a consistent copy of the database that holds what was written, never the
data key, and never a half-written file under a good name."""

import io
import sqlite3
import subprocess

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from gonghui.testing import CityFactory, make_org

# core stands below orgs: its tests reach the tree through the app registry.
Org = apps.get_model("orgs", "Org")


@pytest.mark.django_db(transaction=True)
def test_a_backup_holds_the_tree_as_it_was_and_says_the_key_is_kept_apart(tmp_path):
    CityFactory().build()
    out = io.StringIO()
    call_command("backup", output=tmp_path, stdout=out)
    files = [p for p in tmp_path.iterdir()]
    assert len(files) == 1 and not files[0].name.endswith(".part")
    assert "数据密钥文件" in out.getvalue() and "不在备份内" in out.getvalue()
    assert (files[0].stat().st_mode & 0o777) == 0o600
    names = set(Org.objects.values_list("name", flat=True))
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(files[0])
        assert {name for (name,) in copy.execute("SELECT name FROM orgs_org")} == names
        copy.close()
    else:
        listing = subprocess.run(["pg_restore", "--list", str(files[0])], capture_output=True, text=True, check=True).stdout
        assert "TABLE DATA public orgs_org" in listing
    assert not any(p.name.endswith(".json") for p in tmp_path.iterdir())


@pytest.mark.django_db(transaction=True)
def test_restoring_a_backup_brings_back_the_data_as_it_was(tmp_path):
    city = CityFactory().build()
    call_command("backup", output=tmp_path, stdout=io.StringIO())
    backup = next(tmp_path.iterdir())
    union = city.primaries[-1]
    Org.objects.filter(pk=union.pk).update(name="备份之后改的名字")
    make_org(name="备份之后新建的工会", code="C-99", level=2, kind="town", parent=city.federation)
    call_command("restore", str(backup), yes=True, stdout=io.StringIO())
    assert Org.objects.get(pk=union.pk).name == union.name
    assert not Org.objects.filter(code="C-99").exists()
    from gonghui.core import audit

    assert audit.AuditEntry.objects.filter(action=audit.Action.RESTORE).count() == 1
    assert audit.verify() == []


def test_restore_without_yes_or_from_a_file_that_is_not_a_backup_changes_nothing(tmp_path, db):
    from django.core.management.base import CommandError

    bogus = tmp_path / "名单.xlsx"
    bogus.write_bytes(b"PK\x03\x04 not a database")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(bogus))
    with pytest.raises(CommandError, match="不是 SQLite 数据库备份|pg_restore 失败"):
        call_command("restore", str(bogus), yes=True)
    with pytest.raises(CommandError, match="不存在"):
        call_command("restore", str(tmp_path / "none.pgdump"), yes=True)
