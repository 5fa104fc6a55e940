"""Drop, on PostgreSQL, the single-column indexes Django adds for three foreign keys whose
column already leads another index: members by union (the (org, status) index), stays by union
(the (org, started_on) index) and stays by member (the covering index of 0004). Each cost a
bulk import one more random index write per row and served no query the other cannot (bench
members_import). SQLite keeps them (0004's indexes are PostgreSQL's only). Django's state is
unchanged: it finds indexes by their columns when it alters a field, so a missing one is fine.
"""

from django.db import migrations

COVERED = [("members_member", "org_id"), ("members_membershipperiod", "org_id"), ("members_membershipperiod", "member_id")]


def _single_column_indexes(cursor, table: str, column: str) -> list[str]:
    cursor.execute("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s AND indexdef LIKE %s",
                   [table, f"CREATE INDEX % USING btree ({column})"])
    return [row[0] for row in cursor.fetchall()]


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for table, column in COVERED:
            for name in _single_column_indexes(cursor, table, column):
                schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in COVERED:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {table}_{column}_single ON {table} ({column})")


class Migration(migrations.Migration):
    dependencies = [("members", "0004_figure_indexes")]

    operations = [migrations.RunPython(drop, create, elidable=False)]
