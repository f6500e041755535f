"""Start-up checks (``manage.py check --database default``, run by ``migrate`` and the demo): the
audit log's protection in place. Warnings, not errors: a database being migrated has no table yet,
and an operator must be able to start the service to fix its role."""

from __future__ import annotations

from typing import Any

from django.core.checks import Tags, Warning, register
from django.db import connections

from csc_workforce.web.audit.protection import missing_triggers, role_problems, table_exists


@register(Tags.database)
def audit_log_protected(app_configs: Any = None, databases: Any = None, **kwargs: Any) -> list[Warning]:
    found: list[Warning] = []
    for alias in databases or []:
        connection = connections[alias]
        if not table_exists(connection):
            continue
        missing = missing_triggers(connection)
        if missing:
            found.append(
                Warning(
                    f"the audit log is not protected: trigger(s) {', '.join(missing)} missing",
                    hint="run migrate; never migrate the audit app backwards (docs/data-protection.md)",
                    id="audit.W001",
                )
            )
        problems = role_problems(connection)
        if problems:
            found.append(
                Warning(
                    f"the database role can rewrite the audit log: {'; '.join(problems)}",
                    hint="run the service as a role with INSERT and SELECT only on audit_auditevent"
                    " (docs/data-protection.md)",
                    id="audit.W002",
                )
            )
    return found
