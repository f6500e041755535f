"""Retention: remove worker-level data the council no longer needs, keep the aggregates and the log.

What goes, once it is older than the retention period (``older_than_years``):

- a **superseded** accepted version (a later version of the same council and year exists) that was
  superseded before the cut-off: its worker rows, its original bytes and its submission's
  validation report (the report names SWE numbers). Its measures snapshot, counts and digest stay,
  so the version is still listed and the dashboards are unchanged.
- an upload that was **never accepted** (unreadable, rejected or left unaccepted) before the
  cut-off: its report and any bytes it kept.

A council's current version of a year is never touched, however old. Every run that removes
anything is audited (``retention_prune``: one event per council, and one for the whole run), with
ids and counts only. The audit log itself is never pruned here (docs/data-protection.md).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.utils import timezone

from csc_workforce.core.agency.dates import add_years
from csc_workforce.web.audit.models import Action
from csc_workforce.web.audit.services import record_event
from csc_workforce.web.orgs.models import Council
from csc_workforce.web.returns.models import AcceptedReturn, Submission, SubmissionStatus, WorkerRecord


@dataclass(frozen=True, slots=True)
class PrunableVersion:
    pk: int
    la_code: str
    year: int
    version: int
    superseded_at: datetime
    worker_rows: int


@dataclass(frozen=True, slots=True)
class PrunableUpload:
    pk: int
    la_code: str
    filename: str
    status: str
    uploaded_at: datetime


@dataclass(slots=True)
class RetentionPlan:
    older_than_years: int
    cutoff: datetime
    versions: list[PrunableVersion] = field(default_factory=list)
    uploads: list[PrunableUpload] = field(default_factory=list)

    @property
    def worker_rows(self) -> int:
        return sum(version.worker_rows for version in self.versions)

    @property
    def is_empty(self) -> bool:
        return not self.versions and not self.uploads


def cutoff_for(older_than_years: int, now: datetime) -> datetime:
    """``now`` moved back by whole years (29 February falls back to 28 February)."""
    if older_than_years < 1:
        raise ValueError(f"the retention period must be at least 1 year, not {older_than_years}")
    day = add_years(now.date(), -older_than_years)
    return now.replace(year=day.year, month=day.month, day=day.day)


def plan_retention(older_than_years: int, now: datetime | None = None) -> RetentionPlan:
    """What a run would remove now (nothing is changed)."""
    plan = RetentionPlan(older_than_years, cutoff_for(older_than_years, now or timezone.now()))
    next_version = AcceptedReturn.objects.filter(
        council=OuterRef("council"), year=OuterRef("year"), version__gt=OuterRef("version")
    ).order_by("version")
    versions = (
        AcceptedReturn.objects.filter(pruned_at__isnull=True)
        .annotate(superseded_at=Subquery(next_version.values("accepted_at")[:1]))
        .filter(superseded_at__lt=plan.cutoff)
        .annotate(rows=Count("workers"))
        .order_by("council__la_code", "year", "version")
        .values_list("pk", "council__la_code", "year", "version", "superseded_at", "rows")
    )
    plan.versions = [PrunableVersion(*row) for row in versions]
    uploads = (
        Submission.objects.filter(pruned_at__isnull=True, uploaded_at__lt=plan.cutoff)
        .exclude(status=SubmissionStatus.ACCEPTED)
        .order_by("council__la_code", "uploaded_at", "pk")
        .values_list("pk", "council__la_code", "filename", "status", "uploaded_at")
    )
    plan.uploads = [PrunableUpload(*row) for row in uploads]
    return plan


def apply_retention(older_than_years: int, username: str, now: datetime | None = None) -> RetentionPlan:
    """Remove what :func:`plan_retention` lists, in one transaction, and audit it; returns the plan."""
    moment = now or timezone.now()
    with transaction.atomic():
        plan = plan_retention(older_than_years, moment)
        version_ids = [version.pk for version in plan.versions]
        WorkerRecord.objects.filter(accepted_return_id__in=version_ids).delete()
        AcceptedReturn.objects.filter(pk__in=version_ids).update(content=b"", pruned_at=moment)
        Submission.objects.filter(accepted__in=version_ids).update(issues=[], content=None, pruned_at=moment)
        Submission.objects.filter(pk__in=[upload.pk for upload in plan.uploads]).update(
            issues=[], content=None, pruned_at=moment
        )
        _audit(plan, username)
    return plan


def _audit(plan: RetentionPlan, username: str) -> None:
    common: dict[str, Any] = {"older_than_years": plan.older_than_years, "cutoff": plan.cutoff.isoformat()}
    by_council: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"versions": [], "uploads": [], "worker_rows": 0}
    )
    for version in plan.versions:
        entry = by_council[version.la_code]
        entry["versions"].append({"id": version.pk, "year": version.year, "version": version.version})
        entry["worker_rows"] += version.worker_rows
    for upload in plan.uploads:
        by_council[upload.la_code]["uploads"].append(upload.pk)
    councils = {council.la_code: council for council in Council.objects.filter(la_code__in=by_council)}
    for la_code, entry in sorted(by_council.items()):
        record_event(None, Action.RETENTION_PRUNE, councils[la_code], username=username, **common, **entry)
    record_event(
        None,
        Action.RETENTION_PRUNE,
        username=username,
        **common,
        councils=sorted(by_council),
        versions=len(plan.versions),
        uploads=len(plan.uploads),
        worker_rows=plan.worker_rows,
    )
