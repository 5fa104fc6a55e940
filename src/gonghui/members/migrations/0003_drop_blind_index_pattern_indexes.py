"""Drop the pattern (LIKE) indexes Django adds beside every indexed varchar on PostgreSQL, for
the two blind indexes. A blind index is a keyed hash, only ever compared whole, so these were
never read; with random keys they cost a bulk import a third of its index writes (bench
members_import). The equality indexes stay. Django's state is unchanged: it tracks neither.
"""

from django.db import migrations

INDEXES = {
    "members_member_id_number_index_2eb3594c_like": "id_number_index",
    "members_member_mobile_index_7d51ae6c_like": "mobile_index",
}


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, column in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON members_member ({column} varchar_pattern_ops)")


class Migration(migrations.Migration):
    dependencies = [("members", "0002_member_name_prefix_index")]

    operations = [migrations.RunPython(drop, create, elidable=False)]
