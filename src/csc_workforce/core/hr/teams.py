"""Which team each worker of an HR extract is in, keyed by the SWE number spells link by.

Only where the mapping names a ``team_column``. The SWE number is cleaned exactly as the census
item is (``clean_swe``), so a worker's team joins their spells (``core.retention``) by the same key.
"""

from __future__ import annotations

import re
from typing import Final

from csc_workforce.core.hr.build import HrBuildError
from csc_workforce.core.hr.extract import HrExtract
from csc_workforce.core.hr.mapping import HrMapping
from csc_workforce.core.hr.translate import clean_swe

MAX_TEAM_LENGTH: Final = 100
_SPACES: Final = re.compile(r"\s+")


def worker_teams(extract: HrExtract, mapping: HrMapping) -> dict[str, str]:
    """SWE number -> team for every row with both (a later row wins: the extract's latest post).

    Empty when the mapping has no team column or maps no SWE number. Raises ``HrBuildError``
    naming the file, row and column when a team name is longer than ``MAX_TEAM_LENGTH``.
    """
    swe_heading = mapping.heading("SWENo")
    if not mapping.team_column or not swe_heading:
        return {}
    teams: dict[str, str] = {}
    for row in extract.rows:
        swe, team = row.get(swe_heading), row.get(mapping.team_column)
        if not swe or not team or not clean_swe(swe):
            continue
        name = _SPACES.sub(" ", team).strip()
        if len(name) > MAX_TEAM_LENGTH:
            raise HrBuildError(
                [
                    f"{extract.source} row {row.number} column {mapping.team_column!r}: a team name is "
                    f"at most {MAX_TEAM_LENGTH} characters"
                ]
            )
        teams[clean_swe(swe)] = name
    return teams
