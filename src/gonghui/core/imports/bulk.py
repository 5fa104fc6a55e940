"""Fast inserts for write_batch and the demo: COPY on PostgreSQL, executemany elsewhere.

Both skip the per-object work of the ORM (model instances, per-value preparation), which is
most of an import's write time; they give no primary keys back, so use them for rows that
the rest of the batch does not need to refer to by id, or give the ids yourself ("id" in
every row, then call reset_sequence).
"""

from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone

# Field types whose Python values psycopg adapts as they are (no get_db_prep_save needed).
_PLAIN = {
    models.CharField, models.TextField, models.IntegerField, models.PositiveIntegerField, models.PositiveSmallIntegerField,
    models.SmallIntegerField, models.BigIntegerField, models.BooleanField, models.DateField, models.DateTimeField, models.ForeignKey,
}


def bulk_insert(model, rows: list[dict]) -> int:
    """Insert `rows` (dicts of field attname -> value, e.g. "org_id": 7) into `model`'s table.
    Missing fields take their default; auto_now/auto_now_add fields take the current time.
    Must run inside the caller's transaction. Returns the number of rows inserted."""
    if not rows:
        return 0
    now = timezone.now()
    with_ids = "id" in rows[0]
    fields = [f for f in model._meta.concrete_fields if with_ids or not f.primary_key]
    plan = []
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            plan.append((field.attname, now, False))
        else:
            plan.append((field.attname, field.get_default() if field.has_default() else None, type(field) not in _PLAIN))
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)

    db = connections[DEFAULT_DB_ALIAS]  # the wrapper itself: the `connection` proxy costs a lookup per use
    on_postgres = db.vendor == "postgresql"
    steps = [(attname, default, model._meta.get_field(attname).get_db_prep_save if prepare or not on_postgres else None) for attname, default, prepare in plan]

    def prepared():
        for row in rows:
            values = []
            for attname, default, prep in steps:
                value = row.get(attname, default)
                if prep is not None and value is not None:
                    value = prep(value, db)
                values.append(value)
            yield values

    with connection.cursor() as cursor, connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in prepared():
                    copy.write_row(values)
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(prepared()))
    return len(rows)


def reset_sequence(model) -> None:
    """After inserting rows with ids given by hand, let the database number new rows after them."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)
