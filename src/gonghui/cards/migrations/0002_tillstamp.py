from django.db import migrations, models

TABLES = ["cards_apikey", "cards_partner", "cards_store", "cards_benefit"]

# The version comes from a sequence, so it never repeats (even after the tables are emptied);
# it is written to the row in the changing transaction, so a reader sees the new version only
# with the change itself.
FUNCTION = """
CREATE SEQUENCE IF NOT EXISTS cards_till_stamp_seq;
CREATE OR REPLACE FUNCTION cards_till_stamp_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO cards_tillstamp (id, version) VALUES (1, nextval('cards_till_stamp_seq'))
    ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version;
    RETURN NULL;
END $$;
"""
TRIGGER = "CREATE TRIGGER {table}_till_stamp AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION cards_till_stamp_bump();"


def install(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # the till's short road (cards.till) runs on PostgreSQL only
    schema_editor.execute(FUNCTION)
    for table in TABLES:
        schema_editor.execute(TRIGGER.format(table=table))
    schema_editor.execute("INSERT INTO cards_tillstamp (id, version) VALUES (1, nextval('cards_till_stamp_seq'))")


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_till_stamp ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS cards_till_stamp_bump(); DROP SEQUENCE IF EXISTS cards_till_stamp_seq;")


class Migration(migrations.Migration):
    dependencies = [("cards", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="TillStamp",
            fields=[("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")), ("version", models.BigIntegerField())],
            options={"verbose_name": "收银接口数据版本"},
        ),
        migrations.RunPython(install, uninstall),
    ]
