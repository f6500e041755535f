from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "csc_workforce.web.audit"
    label = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        from csc_workforce.web.audit import signals  # noqa: F401, PLC0415 - connects the receivers
