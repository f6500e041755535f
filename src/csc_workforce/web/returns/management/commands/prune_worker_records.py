"""``prune_worker_records --older-than-years N [--apply]``: remove worker-level data past retention.

A dry run by default: it lists what would go and changes nothing. ``--apply`` removes it in one
transaction and writes the audit events (``web.returns.retention`` says what goes and what stays).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from csc_workforce.web.returns.management.actor import command_actor
from csc_workforce.web.returns.retention import RetentionPlan, apply_retention, plan_retention


class Command(BaseCommand):
    help = (
        "Remove worker rows, original files and reports of superseded returns and never-accepted "
        "uploads older than N years; keeps current returns, measures snapshots and the audit log. "
        "Lists what would go unless --apply is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than-years", type=int, required=True, metavar="N")
        parser.add_argument("--apply", action="store_true", help="Remove it (default: only list it).")
        parser.add_argument(
            "--by", default=None, help="Name recorded in the audit log (default: the OS user)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        years = options["older_than_years"]
        if years < 1:
            raise CommandError(f"--older-than-years must be at least 1, not {years}")
        if options["apply"]:
            plan = apply_retention(years, options["by"] or command_actor())
            self._report(plan, "Removed")
        else:
            plan = plan_retention(years)
            self._report(plan, "Would remove")
            if not plan.is_empty:
                self.stdout.write("Dry run: nothing was changed. Run again with --apply to remove it.")

    def _report(self, plan: RetentionPlan, verb: str) -> None:
        self.stdout.write(
            f"Retention {plan.older_than_years} year(s): cut-off {plan.cutoff:%Y-%m-%d %H:%M %Z}."
        )
        for version in plan.versions:
            self.stdout.write(
                f"  {version.la_code} {version.year} version {version.version} (superseded "
                f"{version.superseded_at:%Y-%m-%d}): {version.worker_rows} worker rows, original file, report"
            )
        for upload in plan.uploads:
            self.stdout.write(
                f"  {upload.la_code} upload {upload.pk} {upload.filename!r} ({upload.status}, "
                f"{upload.uploaded_at:%Y-%m-%d}): report and any stored file"
            )
        self.stdout.write(
            f"{verb}: {len(plan.versions)} superseded version(s) ({plan.worker_rows} worker rows) and "
            f"{len(plan.uploads)} never-accepted upload(s). Current returns, measures snapshots and "
            "the audit log are kept."
        )
