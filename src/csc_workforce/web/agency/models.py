"""Engagement registers (per council) and caps files (per region): every upload kept, the latest current.

Only files that imported cleanly are stored, whole: the original bytes, so a register is always
read by the same importer the CLI uses (``ingest.engagements``).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from csc_workforce.web.orgs.models import Council, Region


class _Upload(models.Model):
    """Who uploaded a file and when; the latest upload is the current one."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering: ClassVar = ["-uploaded_at", "-id"]


class EngagementRegister(_Upload):
    """A council's engagement register as uploaded; the council's current one is the latest."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="engagement_registers")
    filename = models.CharField(max_length=255)
    content = models.BinaryField(editable=False)
    sha256 = models.CharField(max_length=64)
    engagement_count = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.council.la_code} {self.filename} ({self.engagement_count} engagements)"


class RegionAgencyTerms(_Upload):
    """A region's price caps file, optional permanent staff costs and agreed cooling-off period."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="agency_terms")
    caps_filename = models.CharField(max_length=255)
    caps_content = models.BinaryField(editable=False)
    cap_count = models.PositiveIntegerField()
    costs_filename = models.CharField(max_length=255, blank=True)
    costs_content = models.BinaryField(null=True, editable=False)
    # The regional agreement's cooling-off period in months; None keeps the national 3 months.
    cooling_off_months = models.PositiveSmallIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.region.name} caps {self.caps_filename}"
