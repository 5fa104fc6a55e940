"""Search by the beginning of a name (members_search) as one index range scan on PostgreSQL.

The model's index on name serves sorting by name; under a non-C collation (C.UTF-8 here,
zh_CN in production) PostgreSQL cannot use it for LIKE '张伟%'. An index with
varchar_pattern_ops can. SQLite has no operator classes and needs nothing here. The index is
not declared on the model (opclasses would make it PostgreSQL-only in the model's state);
Django's state is unchanged by this migration.
"""

from django.db import migrations

INDEX = "members_member_name_prefix"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON members_member (name varchar_pattern_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
