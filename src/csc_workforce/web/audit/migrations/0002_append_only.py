"""The database itself refuses UPDATE and DELETE on the audit log (SQLite and PostgreSQL)."""

from typing import Any

from django.db import migrations
from django.db.migrations.exceptions import IrreversibleError

TABLE = "audit_auditevent"
MESSAGE = "the audit log is append-only"

SQLITE_CREATE = [
    f"""CREATE TRIGGER audit_refuse_update BEFORE UPDATE ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    # The test runner's flush may empty the table (audit.lock); nothing else can.
    f"""CREATE TRIGGER audit_refuse_delete BEFORE DELETE ON {TABLE}
        WHEN cscw_audit_unlocked() = 0
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]

POSTGRES_CREATE = [
    f"""CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '{MESSAGE}'; END $$""",
    f"""CREATE TRIGGER audit_refuse_change BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()""",
]


def _run(statements: dict[str, list[str]]) -> Any:
    def run(apps: Any, schema_editor: Any) -> None:
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def _refuse(apps: Any, schema_editor: Any) -> None:
    raise IrreversibleError("refused: migrating the audit app back would remove the audit log's protection")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}),
            # Dropping the triggers would make the log rewritable: going back is refused.
            _refuse,
        )
    ]
