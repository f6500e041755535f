"""The check before accepting: what the upload changes against the council's current version.

Shows workers, in-post FTE, leavers, agency and every headline measure, old and new. A change of
more than ``CHANGE_LIMIT`` in in-post FTE or headcount, or more than half of last year's in-post
workers missing from the file, needs a reason typed by the user (kept with the version). Bytes
identical to the current version are refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.census.validation.context import in_post
from csc_workforce.core.measure_labels import MEASURE_LABELS
from csc_workforce.web.orgs.models import Council
from csc_workforce.web.returns.models import AcceptedReturn, Submission

CHANGE_LIMIT: Final = 0.25
MISSING_LIMIT: Final = 0.5
_SIZE_MEASURES: Final = ("inpost_fte", "inpost_headcount")


@dataclass(frozen=True, slots=True)
class ComparedFigure:
    label: str
    old: Any
    new: Any

    @property
    def changed(self) -> bool:
        return bool(self.old != self.new)


@dataclass(slots=True)
class AcceptanceCheck:
    """What accepting ``submission`` would change, and whether a reason must be typed first."""

    year: int | None
    current: AcceptedReturn | None
    figures: list[ComparedFigure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    identical_to: int | None = None

    @property
    def needs_reason(self) -> bool:
        return bool(self.warnings)


def _relative_change(old: Any, new: Any) -> float | None:
    if not isinstance(old, int | float) or not isinstance(new, int | float) or old == 0:
        return None
    return abs(new - old) / abs(old)


def in_post_swe_numbers(census: CensusReturn) -> set[str]:
    """SWE numbers of the LA-employed workers in post at 30 September (core's in-post definition)."""
    return {
        worker.value("SWENo") or ""
        for worker in census.workers
        if worker.items.get("AgencyWorker") == ["0"] and in_post(worker)
    } - {""}


def check_acceptance(
    council: Council,
    submission: Submission,
    census: CensusReturn,
    measures: dict[str, Any],
    previous_year: CensusReturn | None,
) -> AcceptanceCheck:
    """Compare the upload with the current version of its year (and last year's workers)."""
    from csc_workforce.web.returns.services import latest_version  # noqa: PLC0415 - services imports us

    year = submission.year
    current = latest_version(council, year) if year is not None else None
    check = AcceptanceCheck(year=year, current=current)
    if current is not None and current.sha256 == submission.sha256:
        check.identical_to = current.version
    old = current.measures if current is not None else {}
    check.figures.append(
        ComparedFigure("Worker records", current.worker_count if current else None, len(census.workers))
    )
    for key, label in MEASURE_LABELS.items():
        if key in measures or key in old:
            check.figures.append(ComparedFigure(label.name, old.get(key), measures.get(key)))
    for key in _SIZE_MEASURES:
        change = _relative_change(old.get(key), measures.get(key))
        if change is not None and change > CHANGE_LIMIT:
            version = current.version if current is not None else "?"
            check.warnings.append(
                f"{MEASURE_LABELS[key].name} changes by {change:.0%} against version {version} "
                f"({old.get(key)} to {measures.get(key)})"
            )
    if previous_year is not None:
        last = in_post_swe_numbers(previous_year)
        present = {worker.value("SWENo") or "" for worker in census.workers}
        missing = len(last - present)
        if last and missing / len(last) > MISSING_LIMIT:
            check.warnings.append(
                f"{missing:,} of the {len(last):,} workers in post in last year's return are not in this file"
            )
    return check
