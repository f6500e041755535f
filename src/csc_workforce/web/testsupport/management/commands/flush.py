"""``flush`` for the test runner: empties every table, the append-only audit log included."""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand

from csc_workforce.web.testsupport.unlock import maintenance_unlocked


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        with maintenance_unlocked():
            super().handle(**options)
