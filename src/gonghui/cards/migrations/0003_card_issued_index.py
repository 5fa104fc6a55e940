"""An index the card figures read (cards.indicators) on PostgreSQL: cards by the day they were
issued, with the end date and holder, so that counting the cards issued in a period or valid
at a date is an index-only scan instead of a read of the wide card table (sealed payout
accounts). SQLite, the embedded default, needs none; as in members 0002 the index is not
declared on the model (INCLUDE is PostgreSQL's) and Django's state is unchanged."""

from django.db import migrations

INDEX = "cards_card_issued_cover"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON cards_card (issued_on) INCLUDE (ended_on, member_id)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("cards", "0002_tillstamp")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
