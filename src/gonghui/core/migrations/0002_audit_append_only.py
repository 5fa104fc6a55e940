"""The audit table refuses UPDATE and DELETE at the database itself."""

from django.db import migrations

SQLITE = [
    "CREATE TRIGGER core_auditentry_no_update BEFORE UPDATE ON core_auditentry BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能修改'); END;",
    "CREATE TRIGGER core_auditentry_no_delete BEFORE DELETE ON core_auditentry BEGIN SELECT RAISE(ABORT, '审计日志只能追加，不能删除'); END;",
]
SQLITE_REVERSE = ["DROP TRIGGER core_auditentry_no_update;", "DROP TRIGGER core_auditentry_no_delete;"]
POSTGRES = [
    """CREATE FUNCTION core_auditentry_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION '审计日志只能追加，不能修改或删除'; END; $$ LANGUAGE plpgsql;""",
    "CREATE TRIGGER core_auditentry_append_only BEFORE UPDATE OR DELETE ON core_auditentry FOR EACH ROW EXECUTE FUNCTION core_auditentry_append_only();",
]
POSTGRES_REVERSE = ["DROP TRIGGER core_auditentry_append_only ON core_auditentry;", "DROP FUNCTION core_auditentry_append_only();"]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
