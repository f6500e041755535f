"""Workers' teams from HR builds: recorded by ``web.hrbuild`` when a return is built, read by the
retention page. Whether the council's saved mapping names a team column decides what the page says."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

from django.db import transaction

from csc_workforce.web.orgs.models import Council
from csc_workforce.web.staying.models import TeamAssignment


def record_teams(council: Council, year: int, teams: Mapping[str, str]) -> int:
    """Replace the council's teams for ``year`` with ``teams`` (SWE number -> team); how many."""
    with transaction.atomic():
        TeamAssignment.objects.filter(council=council, year=year).delete()
        TeamAssignment.objects.bulk_create(
            TeamAssignment(council=council, year=year, swe=swe, team=team) for swe, team in teams.items()
        )
    return len(teams)


def teams_by_year(council: Council) -> dict[int, dict[str, str]]:
    """Collection year -> SWE number -> team, for every HR build that recorded teams."""
    teams: dict[int, dict[str, str]] = {}
    rows = TeamAssignment.objects.filter(council=council).values_list("year", "swe", "team")
    for year, swe, team in rows.iterator():
        teams.setdefault(int(year), {})[str(swe)] = str(team)
    return teams


def teams_digest(council: Council) -> str:
    """A digest of every team the council's HR builds recorded: part of the key of the stored
    retention figures, so a rebuilt year's teams are never shown with the old ones' figures."""
    digest = hashlib.sha256()
    rows = (
        TeamAssignment.objects.filter(council=council)
        .order_by("year", "swe")
        .values_list("year", "swe", "team")
    )
    for row in rows.iterator():
        digest.update(json.dumps(row).encode() + b"\n")
    return digest.hexdigest()
