"""Each worker's team as the council's HR extract gave it, for retention by team; and the
retention pages' figures computed ahead (``web.staying.figures``).

Recorded when a return is built from an HR extract whose mapping names a team column
(``web.hrbuild``); keyed by the SWE number the spells link by. Never shown per person: the
retention page shows only teams' figures, small teams suppressed (``core.disclosure``).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from csc_workforce.web.orgs.models import Council, Region


class TeamAssignment(models.Model):
    """One worker's team in one collection year's HR extract (replaced when the year is rebuilt)."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="team_assignments")
    year = models.PositiveIntegerField()
    swe = models.CharField(max_length=20)
    team = models.CharField(max_length=100)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["council", "year", "swe"], name="team_assignment_unique")
        ]
        indexes: ClassVar = [models.Index(fields=["council", "year"], name="team_assignment_year")]

    def __str__(self) -> str:
        return f"{self.council.la_code} {self.year} team assignment"


class StoredRetention(models.Model):
    """One retention page's figures (group figures only, already suppressed: never a person),
    computed once by ``web.staying.figures`` and read by the page, its downloads and the PDF job.

    ``key`` digests everything the figures rest on (the accepted returns' id, year, version and
    digest, the council or region, the grouping, the disclosure threshold, the teams); a page reads
    a row only by its own key and scope, so a row can never serve another council's or an older
    return's figures. One row is kept per council and grouping, and per region.
    """

    key = models.CharField(max_length=64, unique=True)
    council = models.ForeignKey(Council, null=True, on_delete=models.CASCADE, related_name="+")
    region = models.ForeignKey(Region, null=True, on_delete=models.CASCADE, related_name="+")
    grouping = models.CharField(max_length=20, blank=True)
    computed_at = models.DateTimeField(auto_now=True)
    # JSON text rather than a JSONField: hazard ratios may be NaN or infinite, which JSON columns
    # (PostgreSQL's jsonb) refuse; Python's json keeps them exactly.
    figures = models.TextField()

    def __str__(self) -> str:
        return f"retention figures {self.key[:12]}"
