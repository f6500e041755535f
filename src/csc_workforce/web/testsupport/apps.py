"""Test-only app (installed by the test settings alone): lets the test runner empty the audit log."""

from django.apps import AppConfig


class TestSupportConfig(AppConfig):
    name = "csc_workforce.web.testsupport"
    label = "testsupport"

    def ready(self) -> None:
        from csc_workforce.web.testsupport import unlock  # noqa: PLC0415

        unlock.connect()
