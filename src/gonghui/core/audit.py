"""The audit trail: append-only, hash-chained, written in the same transaction as the change.

Every service calls `record(...)` inside its transaction. Each entry's hash (an HMAC keyed
from the key ring outside the database) covers its own content and the previous entry's hash, so `gonghui audit verify` finds any entry edited,
removed or reordered. Database triggers refuse UPDATE and DELETE on the table as well.
"""

import datetime
import hashlib
import hmac
import json
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from gonghui.core.models import AuditEntry, AuditHead
from gonghui.core.sealing import SealedValue, keyring, mask_text

GENESIS = "0" * 64
_LOCK_KEY = 4_711_2013  # PostgreSQL advisory lock serialising appends to the chain


class Action:
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    LOCKED = "account_locked"
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    REVEAL = "reveal"
    EXPORT = "export"
    IMPORT = "import"
    GRANT = "grant"
    PASSWORD = "password"
    TWO_FACTOR = "two_factor"
    KEY_ROTATION = "key_rotation"
    BACKUP = "backup"
    RESTORE = "restore"

    LABELS = {
        LOGIN: "登录",
        LOGIN_FAILED: "登录失败",
        LOGOUT: "退出",
        LOCKED: "账号锁定",
        CREATE: "新增",
        UPDATE: "修改",
        DELETE: "删除",
        REVEAL: "查看完整敏感信息",
        EXPORT: "导出",
        IMPORT: "导入",
        GRANT: "授权",
        PASSWORD: "密码",
        TWO_FACTOR: "双因素认证",
        KEY_ROTATION: "密钥轮换",
        BACKUP: "数据备份",
        RESTORE: "数据恢复",
    }


def _printable(value):
    if isinstance(value, SealedValue):
        return value.masked
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if hasattr(value, "pk"):
        return str(value.pk)
    return mask_text(str(value))


def snapshot(instance, fields: Iterable[str]) -> dict:
    """The printable (masked) values of `fields` on a model instance, for a before/after."""
    result = {}
    for name in fields:
        field = instance._meta.get_field(name)
        result[name] = _printable(getattr(instance, field.attname))
    return result


def diff(before: dict, after: dict) -> dict:
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def created(instance, fields: Iterable[str]) -> dict:
    """The before/after of a new record: nothing before, its masked values after."""
    return diff({}, snapshot(instance, fields))


def _chain_key() -> bytes:
    # Keyed with a key kept outside the database: whoever can write the table but not read the
    # key file cannot forge a chain that verifies.
    return hashlib.sha256(b"gonghui-audit-chain:" + keyring()["index_raw"]).digest()


def entry_hash(entry: AuditEntry) -> str:
    content = {
        "seq": entry.seq,
        "at": entry.at.astimezone(datetime.timezone.utc).isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_name": entry.actor_name,
        "actor_org_path": entry.actor_org_path,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "summary": entry.summary,
        "changes": entry.changes,
        "ip": entry.ip,
        "prev_hash": entry.prev_hash,
    }
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hmac.new(_chain_key(), canonical.encode(), hashlib.sha256).hexdigest()


def client_ip(request) -> str:
    if request is None:
        return ""
    return request.META.get("REMOTE_ADDR", "")[:64]


def record(
    *,
    actor,
    action: str,
    target=None,
    object_type: str = "",
    object_id="",
    summary: str = "",
    changes: dict | None = None,
    request=None,
    actor_name: str = "",
) -> AuditEntry:
    """Append one entry. Call inside the transaction of the change it records."""
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or target.pk
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        entry = AuditEntry(
            seq=head.seq + 1,
            at=timezone.now(),
            actor_id=getattr(actor, "pk", None),
            actor_name=(getattr(actor, "username", "") or actor_name)[:150],
            actor_org_path=getattr(getattr(actor, "org", None), "path", "") or "",
            action=action,
            object_type=object_type,
            object_id=str(object_id or ""),
            summary=mask_text(summary)[:500],
            changes=json.loads(json.dumps(changes or {}, ensure_ascii=False, default=_printable)),
            ip=client_ip(request),
            prev_hash=head.hash or GENESIS,
        )
        entry.hash = entry_hash(entry)
        entry.save(force_insert=True)
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
    return entry


def verify() -> list[str]:
    """Walk the chain; return one Chinese line per problem found (empty when intact)."""
    problems = []
    expected_seq, prev_hash = 1, GENESIS
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=2000):
        if entry.seq != expected_seq:
            problems.append(f"第 {expected_seq} 至 {entry.seq - 1} 条日志缺失(已被删除)")
        if entry.prev_hash != prev_hash:
            problems.append(f"第 {entry.seq} 条日志的前序哈希不符(前一条被删除、篡改或顺序被打乱)")
        if entry_hash(entry) != entry.hash:
            problems.append(f"第 {entry.seq} 条日志内容被篡改")
        expected_seq, prev_hash = entry.seq + 1, entry.hash
    head = AuditHead.objects.filter(id=1).first()
    last_seq = expected_seq - 1
    if head and (head.seq != last_seq or (head.seq and head.hash != prev_hash)):
        problems.append(f"日志链末端应为第 {head.seq} 条，实际为第 {last_seq} 条(末尾日志被删除或篡改)")
    return problems
