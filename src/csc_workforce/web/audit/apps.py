"""The append-only, hash-chained audit log: logins, uploads, acceptances, account changes, every
view or export of worker data and every refusal of one."""

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "csc_workforce.web.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from csc_workforce.web.audit import checks, signals  # noqa: F401, PLC0415 - registers them
