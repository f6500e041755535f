"""Children's data, minimised: a council-held pseudonym key, and each upload's pseudonymised facts.

The uploaded files are never stored: only what the measure needs, as the reader produced it
(``CHILD`` as a keyed pseudonym, dates of birth as month and year, episode dates, legal status,
SW_ID and SW_REASON). See docs/data-protection.md and ADR 0015.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from csc_workforce.web.orgs.models import Council


class ChildPseudonymKey(models.Model):
    """The council's own secret for children's pseudonyms; never shared with the region."""

    council = models.OneToOneField(Council, on_delete=models.PROTECT, related_name="child_pseudonym_key")
    key = models.BinaryField(editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"child pseudonym key of {self.council.la_code}"


class ContinuityUpload(models.Model):
    """One upload of a council's SSDA903 tables; the latest is current."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="continuity_uploads")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    filenames = models.JSONField(default=list)
    # Lists of plain values (see services): pseudonyms, ISO dates and codes only.
    care_episodes = models.JSONField(default=list)
    social_worker_episodes = models.JSONField(default=list)
    child_details = models.JSONField(default=list)
    children = models.PositiveIntegerField(default=0)

    class Meta:
        ordering: ClassVar = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.council.la_code} SSDA903 upload {self.pk} ({self.children} children)"
