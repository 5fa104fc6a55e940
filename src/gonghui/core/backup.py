"""Backups of the database, consistent while the server runs, and their restore.

SQLite: the online backup API copies a consistent snapshot page by page (a plain file copy
of a WAL database can miss what is still in the -wal file). PostgreSQL: pg_dump in its custom
format, restorable with pg_restore. The data key ring is NOT put in the backup: sealed ID
numbers and phones are only as safe as the key kept apart from them, so the command says
where the key is and that it must be kept, separately.
"""

import datetime
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection

from gonghui.core import audit


class BackupFailed(Exception):
    """The backup could not be made; the message says why, in Chinese."""


def backup_database(directory: Path) -> Path:
    """Write one backup file into `directory` (created if missing) and return its path. The
    file is written under a temporary name and renamed when whole: a half-written backup never
    looks like a good one."""
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    if connection.vendor == "sqlite":
        target = directory / f"gonghui-{stamp}.sqlite3"
        partial = target.with_suffix(".part")
        connection.ensure_connection()
        destination = sqlite3.connect(partial)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    elif connection.vendor == "postgresql":
        target = directory / f"gonghui-{stamp}.pgdump"
        partial = target.with_suffix(".part")
        if shutil.which("pg_dump") is None:
            raise BackupFailed("找不到 pg_dump，请安装 PostgreSQL 客户端(postgresql-client)后重试")
        db = connection.settings_dict
        env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
        command = ["pg_dump", "--format=custom", "--no-owner", f"--file={partial}", f"--dbname={db['NAME']}"]
        if db.get("HOST"):
            command.append(f"--host={db['HOST']}")
        if db.get("PORT"):
            command.append(f"--port={db['PORT']}")
        if db.get("USER"):
            command.append(f"--username={db['USER']}")
        result = subprocess.run(command, env=env, capture_output=True, text=True)
        if result.returncode != 0:
            partial.unlink(missing_ok=True)
            raise BackupFailed(f"pg_dump 失败(退出码 {result.returncode})：{result.stderr.strip()[:500]}")
    else:
        raise BackupFailed(f"不支持的数据库类型 {connection.vendor}")
    os.chmod(partial, 0o600)  # the backup holds sealed personal data and the audit trail
    partial.replace(target)
    audit.record(actor=None, actor_name="命令行", action=audit.Action.BACKUP, object_type="database", summary=f"数据库备份到 {target}")
    return target


def restore_database(path: Path) -> None:
    """Replace the whole database with a backup made by backup_database. Run it with the
    server stopped. SQLite: the backup API in the other direction, so the live file is never
    half-copied; PostgreSQL: pg_restore --clean in one transaction (all or nothing)."""
    if not path.is_file():
        raise BackupFailed(f"备份文件 {path} 不存在")
    if connection.vendor == "sqlite":
        try:
            source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            source.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.DatabaseError:
            raise BackupFailed(f"{path.name} 不是 SQLite 数据库备份") from None
        connection.ensure_connection()
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        if shutil.which("pg_restore") is None:
            raise BackupFailed("找不到 pg_restore，请安装 PostgreSQL 客户端(postgresql-client)后重试")
        db = connection.settings_dict
        env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", f"--dbname={db['NAME']}"]
        for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
            if db.get(key):
                command.append(f"{option}={db[key]}")
        connection.close()  # our own session must not hold locks on the tables being replaced
        result = subprocess.run([*command, str(path)], env=env, capture_output=True, text=True)
        if result.returncode != 0:
            raise BackupFailed(f"pg_restore 失败(退出码 {result.returncode})，数据库未改动：{result.stderr.strip()[:500]}")
    else:
        raise BackupFailed(f"不支持的数据库类型 {connection.vendor}")
    # Appended to the restored trail, whose chain goes on from the backup's last entry.
    audit.record(actor=None, actor_name="命令行", action=audit.Action.RESTORE, object_type="database", summary=f"从备份 {path.name} 恢复数据库")


def default_directory() -> Path:
    return Path(settings.VAR_DIR) / "backups"
