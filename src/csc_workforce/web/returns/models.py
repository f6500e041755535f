"""Submissions (an upload and its validation report), accepted returns (every version kept), their
worker rows (the council's own) and their leavers as keyed hashes (all the region reads)."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from django.conf import settings
from django.db import models

from csc_workforce.web.orgs.models import Council


class SubmissionStatus(StrEnum):
    CHECKING = "checking"  # a large upload queued for the worker (``returns.tasks``)
    UNREADABLE = "unreadable"
    REJECTED = "rejected"
    VALID = "valid"
    ACCEPTED = "accepted"


STATUS_CHOICES = [
    (SubmissionStatus.CHECKING.value, "Being checked"),
    (SubmissionStatus.UNREADABLE.value, "Could not be read"),
    (SubmissionStatus.REJECTED.value, "Has errors"),
    (SubmissionStatus.VALID.value, "Ready to accept"),
    (SubmissionStatus.ACCEPTED.value, "Accepted"),
]


class FileFormat(StrEnum):
    XML = "xml"
    XLSX = "xlsx"


FORMAT_CHOICES = [(FileFormat.XML.value, "Census XML"), (FileFormat.XLSX.value, "XLSX template")]


STORED_ISSUE_LIMIT = 5_000  # issues kept per submission (errors first); the counts cover them all


class Submission(models.Model):
    """One upload and what validation found. Only a return that can still be accepted keeps its
    bytes; unreadable or hostile files are never stored. A large upload is "checking" until the
    worker has checked it (``check_job``), and keeps its bytes only until then."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="submissions")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    file_format = models.CharField(max_length=4, choices=FORMAT_CHOICES)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField(null=True, editable=False)
    status = models.CharField(max_length=10, choices=STATUS_CHOICES)
    year = models.PositiveSmallIntegerField(null=True)
    file_la_code = models.CharField(max_length=10, blank=True)
    worker_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    query_count = models.PositiveIntegerField(default=0)
    issues = models.JSONField(default=list)  # errors first, at most STORED_ISSUE_LIMIT of them
    issue_count = models.PositiveIntegerField(default=0)  # every issue found, stored or not
    message = models.TextField(blank=True)
    # When the retention command removed the report and any bytes (the counts stay).
    pruned_at = models.DateTimeField(null=True, blank=True)
    # The background job checking a large upload (``returns.tasks``); None for one checked inline.
    check_job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.council.la_code} {self.filename} ({self.status})"

    @property
    def can_be_accepted(self) -> bool:
        return bool(self.status == SubmissionStatus.VALID and self.pruned_at is None)


class AcceptedReturn(models.Model):
    """A council's return for one year as accepted; the current one is the highest version."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="accepted_returns")
    year = models.PositiveSmallIntegerField()
    version = models.PositiveIntegerField()
    submission = models.OneToOneField(Submission, on_delete=models.PROTECT, related_name="accepted")
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    accepted_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255)
    file_format = models.CharField(max_length=4, choices=FORMAT_CHOICES)
    content = models.BinaryField(editable=False)
    sha256 = models.CharField(max_length=64)
    worker_count = models.PositiveIntegerField()
    query_count = models.PositiveIntegerField(default=0)
    measures = models.JSONField(default=dict)  # the headline row of analytics.council_measures
    measure_notes = models.JSONField(default=list)
    # Why the user went on although the check page warned of a large change (typed by them).
    reason = models.TextField(blank=True)
    # Explanations of queries, keyed "CODE ITEM" (one per rule and item), for DfE COLLECT.
    explanations = models.JSONField(default=dict)
    # The earlier version whose bytes this one restored (None for an upload).
    restored_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # When the retention command removed this superseded version's worker rows and original bytes
    # (its measures snapshot stays).
    pruned_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["council", "-year", "-version"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["council", "year", "version"], name="one_version_number_per_year")
        ]
        # sha256 is in the index so the pages' "current versions" query reads the index alone:
        # on SQLite the row's columns after ``content`` sit behind its overflow pages (30x slower).
        indexes: ClassVar = [
            models.Index(fields=["council", "year", "version", "sha256"], name="current_version_lookup")
        ]

    def __str__(self) -> str:
        return f"{self.council.la_code} {self.year} v{self.version}"


class WorkerRecord(models.Model):
    """One worker row of an accepted return, for the council's own workers page."""

    accepted_return = models.ForeignKey(AcceptedReturn, on_delete=models.CASCADE, related_name="workers")
    record = models.PositiveIntegerField()
    swe_no = models.CharField(max_length=20, blank=True)
    agency_worker = models.BooleanField(null=True)
    org_role = models.CharField(max_length=4, blank=True)
    fte = models.FloatField(null=True)
    role_start_date = models.DateField(null=True)
    role_end_date = models.DateField(null=True)
    start_origin = models.CharField(max_length=4, blank=True)
    reason_leave = models.CharField(max_length=4, blank=True)
    cases30 = models.IntegerField(null=True)
    working_days_lost = models.FloatField(null=True)
    items = models.JSONField(default=dict)

    class Meta:
        ordering: ClassVar = ["accepted_return", "record"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["accepted_return", "record"], name="one_row_per_record")
        ]

    def __str__(self) -> str:
        return f"record {self.record}"


class LeaverKeySet(models.Model):
    """An accepted version's permanent leavers as keyed hashes, for the region's cooling-off check.

    Stored at acceptance when the region secret is set (``leaver_keys``), or later by the
    ``store_leaver_keys`` command; only a council's current version for a year keeps its set. A set
    may hold no keys (a return with no leavers): its presence says the return was keyed.
    """

    accepted_return = models.OneToOneField(
        AcceptedReturn, on_delete=models.CASCADE, related_name="leaver_key_set"
    )
    # core.pseudonym.secret_fingerprint of the secret the keys were made with.
    secret_fingerprint = models.CharField(max_length=16)
    stored_at = models.DateTimeField(auto_now_add=True)
    # Leaving records whose SWENo or RoleEndDate could not be used (counted, never named here).
    skipped = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"leaver keys of {self.accepted_return_id}"


class LeaverKey(models.Model):
    """One permanent leaver: the keyed hash of the SWE number, the leaving date and the council."""

    key_set = models.ForeignKey(LeaverKeySet, on_delete=models.CASCADE, related_name="keys")
    worker_key = models.CharField(max_length=64)
    left_on = models.DateField()
    old_la_code = models.CharField(max_length=10)

    class Meta:
        ordering: ClassVar = ["key_set", "id"]

    def __str__(self) -> str:
        return f"leaver {self.worker_key[:8]}… {self.left_on}"
