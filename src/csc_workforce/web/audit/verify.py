"""Check a whole audit log: its protecting triggers, then its hash chain, first break reported."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connections

from csc_workforce.web.audit.chain import ChainReport, verify_events
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.audit.protection import missing_triggers, role_problems

_CHUNK = 2000


@dataclass(frozen=True, slots=True)
class LogCheck:
    chain: ChainReport
    missing_triggers: list[str]
    role_problems: list[str]  # warnings: the role could rewrite the log (PostgreSQL)

    @property
    def whole(self) -> bool:
        return self.chain.whole and not self.missing_triggers


def check_audit_log(using: str = "default") -> LogCheck:
    connection = connections[using]
    events = AuditEvent.objects.using(using).order_by("id").iterator(chunk_size=_CHUNK)
    return LogCheck(verify_events(events), missing_triggers(connection), role_problems(connection))
