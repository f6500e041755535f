"""Saved HR mappings (versioned per council and source), review drafts, positions and demo samples."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from csc_workforce.web.orgs.models import Council

STAFF = "staff"
AGENCY = "agency"
SOURCE_KINDS = {STAFF: "HR extract (permanent staff)", AGENCY: "Agency list"}


class SourceKind(models.TextChoices):
    STAFF = STAFF, SOURCE_KINDS[STAFF]
    AGENCY = AGENCY, SOURCE_KINDS[AGENCY]


class HrMappingVersion(models.Model):
    """One saved version of a council's mapping for one kind of extract (never edited, only added)."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="hr_mappings")
    kind = models.CharField(max_length=10, choices=SourceKind.choices)
    version = models.PositiveIntegerField()
    document = models.JSONField()  # the mapping file format (docs/hr-extract.md)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["council", "kind", "version"], name="hr_mapping_version_unique")
        ]
        ordering: ClassVar = ["council", "kind", "-version"]

    def __str__(self) -> str:
        return f"{self.council.la_code} {self.kind} mapping v{self.version}"


class HrDraft(models.Model):
    """Extracts under review: only the columns that are not personal data, deleted once built."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="hr_drafts")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    year = models.PositiveIntegerField()
    as_of = models.DateField()
    sources = models.JSONField()  # [{kind, source, headings, heading_row, rows: [[number, {heading: text}]]}]

    def __str__(self) -> str:
        return f"{self.council.la_code} HR draft {self.year}"


class HrPosition(models.Model):
    """The workforce position worked out when a return was built from HR data (council measures only)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="hr_positions")
    as_of = models.DateField()
    measures = models.JSONField()
    workers = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-as_of", "-created_at"]

    def __str__(self) -> str:
        return f"{self.council.la_code} position {self.as_of}"


class HrSampleFile(models.Model):
    """A synthetic sample extract the demo offers for download (no real personal data)."""

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=200)
    content = models.BinaryField()

    class Meta:
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name
