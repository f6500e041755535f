"""The hash chain's link column, the event time from the database, and the triggers that hold it.

On SQLite, changing a column rebuilds the table, which drops its triggers: every trigger is
(re)created here. Going back is refused: this migration's reverse would leave the log unprotected.
"""

from typing import Any

import django.db.models.functions.datetime
from django.db import migrations, models
from django.db.migrations.exceptions import IrreversibleError

TABLE = "audit_auditevent"
MESSAGE = "the audit log is append-only"
TIME_MESSAGE = "the audit log takes its time from the database"

SQLITE = [
    "DROP TRIGGER IF EXISTS audit_refuse_update",
    "DROP TRIGGER IF EXISTS audit_refuse_delete",
    "DROP TRIGGER IF EXISTS audit_time_from_database",
    f"""CREATE TRIGGER audit_refuse_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    # Only the test-only app's flush can make cscw_audit_unlocked() answer 1 (audit.lock).
    f"""CREATE TRIGGER audit_refuse_delete BEFORE DELETE ON {TABLE}
        WHEN cscw_audit_unlocked() = 0
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    # A SQLite trigger cannot set NEW.at, so it refuses any time not within seconds of now.
    f"""CREATE TRIGGER audit_time_from_database BEFORE INSERT ON {TABLE}
        WHEN NEW.at IS NULL OR abs(julianday(NEW.at) - julianday('now')) * 86400.0 > 5
        BEGIN SELECT RAISE(ABORT, '{TIME_MESSAGE}'); END""",
]

POSTGRES = [
    """CREATE OR REPLACE FUNCTION audit_time_from_database() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.at := clock_timestamp(); RETURN NEW; END $$""",
    f"DROP TRIGGER IF EXISTS audit_time_from_database ON {TABLE}",
    f"""CREATE TRIGGER audit_time_from_database BEFORE INSERT ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION audit_time_from_database()""",
]


def protect(apps: Any, schema_editor: Any) -> None:
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def refuse(apps: Any, schema_editor: Any) -> None:
    raise IrreversibleError(
        "refused: migrating the audit app back would remove the audit log's protection"
        " (docs/data-protection.md)"
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only")]

    operations = [
        migrations.AddField(
            model_name="auditevent",
            name="previous_hash",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.AlterField(
            model_name="auditevent",
            name="at",
            field=models.DateTimeField(db_default=django.db.models.functions.datetime.Now(), db_index=True),
        ),
        migrations.RunPython(protect, refuse),
    ]
