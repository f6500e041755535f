"""``load_councils``: create or update regions and councils from the bundled published statistics."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from csc_workforce.web.orgs.directory import sync_councils
from csc_workforce.web.orgs.models import Council, Region


class Command(BaseCommand):
    help = "Create or update regions and councils from the bundled published statistics."

    def handle(self, *args: Any, **options: Any) -> None:
        count = sync_councils(Region, Council)
        self.stdout.write(f"{count} councils in {Region.objects.count()} regions")
