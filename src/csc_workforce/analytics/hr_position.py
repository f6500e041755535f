"""The workforce position on any date from HR extracts: the official measures over the 12 months to it.

The records are the ones ``core.hr.build`` selects for any period (the same selection as the
census return), classified over the 12 months to the date by ``core.measures`` and measured by
``analytics.council`` with the formulas of ``core.measures_formulas``. So the position on
30 September equals the measures of the census return built from the same extracts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from csc_workforce.analytics.canonical import la_level_frame, workers_frame
from csc_workforce.analytics.council import MeasureNotes, council_measures
from csc_workforce.core.census.model import CensusHeader, CensusReturn, WorkerRecord
from csc_workforce.core.hr.build import (
    SOFTWARE_CODE,
    HrSource,
    la_level_items,
    records_in_period,
    translate_posts,
)
from csc_workforce.core.measures import twelve_months_to
from csc_workforce.core.measures_formulas import MEASURE_COLUMNS


@dataclass(frozen=True, slots=True)
class Position:
    """The measures on ``as_of`` (unrounded, None for DfE's ``z``) and what they left out."""

    as_of: date
    la_code: str
    measures: dict[str, float | int | None]
    notes: tuple[str, ...]
    workers: int

    def as_json(self) -> dict[str, Any]:
        return {"as_of": self.as_of.isoformat(), "old_la_code": self.la_code, "measures": self.measures}


def collection_year_of(day: date) -> int:
    """The census year (1 October to 30 September) that ``day`` falls in."""
    return day.year + 1 if day.month >= 10 else day.year


def position_return(sources: Sequence[HrSource], as_of: date, lea: str) -> CensusReturn:
    """The posts held in the 12 months to ``as_of``, described as at ``as_of``, as a return."""
    first, last = (day.astype(date) for day in twelve_months_to(as_of))
    records = records_in_period(translate_posts(sources), first, last)
    return CensusReturn(
        source=" + ".join(source.extract.source for source in sources) or "HR extract",
        header=CensusHeader(
            collection="CSWW",
            year=str(collection_year_of(as_of)),
            reference_date=as_of.isoformat(),
            source_level="L",
            lea=lea,
            software_code=SOFTWARE_CODE,
        ),
        la_block_name=None,
        la_items={
            item: [value]
            for item, value in la_level_items(sources, records, collection_year_of(as_of), as_of).items()
        },
        workers=[WorkerRecord(position, record) for position, record in enumerate(records, start=1)],
    )


def hr_position(sources: Sequence[HrSource], as_of: date, lea: str) -> Position:
    """The official measures over the 12 months to ``as_of`` (raises ``HrBuildError`` like a build)."""
    census = position_return(sources, as_of, lea)
    notes = MeasureNotes()
    frame = council_measures(workers_frame([census]), la_level_frame([census]), notes=notes, period_end=as_of)
    row = frame.row(0, named=True)
    return Position(
        as_of=as_of,
        la_code=lea,
        measures={name: row[name] for name in MEASURE_COLUMNS},
        notes=tuple(notes.lines()),
        workers=len(census.workers),
    )
