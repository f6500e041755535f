"""Each worker's team as the council's HR extract gave it, for retention by team.

Recorded when a return is built from an HR extract whose mapping names a team column
(``web.hrbuild``); keyed by the SWE number the spells link by. Never shown per person: the
retention page shows only teams' figures, small teams suppressed (``core.disclosure``).
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from csc_workforce.web.orgs.models import Council


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
