"""Indexes the member figures read (members.indicators) on PostgreSQL, where the city's
millions of members live.

The member table is wide (sealed fields, blind indexes), so a figure that reads a column or two
of every member reads hundreds of megabytes; a narrow index holds just those columns and serves
an index-only scan (the members at a date by sex and household; those whose information was
collected by a date). Stays are read by member (the members at a date) and by the day
they began (the members recruited in a period). The members who have left are few and have an
index of their own (the cards of those who had left are left out of the valid cards). SQLite,
the embedded default, holds a small city and needs none of these; like 0002 they are not
declared on the models (INCLUDE and a partial index would make the models' state
PostgreSQL-only), and Django's state is unchanged.
"""

from django.db import migrations

INDEXES = {
    "members_member_figures": "members_member (id) INCLUDE (sex, household)",
    "members_member_collected": "members_member (collected_on)",
    "members_member_gone": "members_member (id) WHERE status <> 'active'",
    "members_period_member_cover": "members_membershipperiod (member_id) INCLUDE (started_on, ended_on, org_id)",
    "members_period_started_cover": "members_membershipperiod (started_on) INCLUDE (reason, member_id, ended_on, org_id)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, definition in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {definition}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("members", "0003_drop_blind_index_pattern_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
