"""Whether the database still protects the audit log: its triggers present, and on PostgreSQL the
application's role unable to change or empty the table (docs/data-protection.md)."""

from __future__ import annotations

from typing import Any, Final

TABLE: Final = "audit_auditevent"
# The triggers of migrations 0002 and 0003, by database.
TRIGGERS: Final = {
    "sqlite": frozenset({"audit_refuse_update", "audit_refuse_delete", "audit_time_from_database"}),
    "postgresql": frozenset({"audit_refuse_change", "audit_time_from_database"}),
}
# Rights the application's PostgreSQL role must not have on the table.
FORBIDDEN_PRIVILEGES: Final = ("UPDATE", "DELETE", "TRUNCATE")


def table_exists(connection: Any) -> bool:
    return TABLE in connection.introspection.table_names()


def missing_triggers(connection: Any) -> list[str]:
    """The protecting triggers that are absent or disabled (empty on other databases)."""
    wanted = TRIGGERS.get(connection.vendor, frozenset())
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [TABLE])
        elif connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass"
                " AND NOT tgisinternal AND tgenabled <> 'D'",
                [TABLE],
            )
        else:
            return []
        present = {row[0] for row in cursor.fetchall()}
    return sorted(wanted - present)


def role_problems(connection: Any) -> list[str]:
    """What the PostgreSQL role may do to the audit table that it should not (empty elsewhere)."""
    if connection.vendor != "postgresql":
        return []
    problems = []
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
        if row is not None and row[0]:
            problems.append("the role is a superuser")
        cursor.execute("SELECT tableowner = current_user FROM pg_tables WHERE tablename = %s", [TABLE])
        row = cursor.fetchone()
        if row is not None and row[0]:
            problems.append("the role owns the table (it can drop its triggers)")
        for privilege in FORBIDDEN_PRIVILEGES:
            cursor.execute("SELECT has_table_privilege(current_user, %s, %s)", [TABLE, privilege])
            row = cursor.fetchone()
            if row is not None and row[0]:
                problems.append(f"the role has {privilege}")
    return problems
