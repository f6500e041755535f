"""Leavers for the cooling-off check, read from councils' census returns.

Only keyed hashes of SWE numbers leave this module: as :class:`Leaver` values, or as the leaver key
file a council shares with its region (:func:`write_leaver_keys`, read back by
:func:`read_leaver_keys`). A return with validation errors still
supplies its leavers (with a warning): a wrong ethnicity code does not make a leaving date wrong.
A file that cannot be read safely raises :class:`UnreadableFileError`.
"""

from __future__ import annotations

import csv
import importlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, TextIO

from csc_workforce.core.agency.leavers import leavers_from_return
from csc_workforce.core.agency.model import Leaver
from csc_workforce.core.census.model import CensusReturn
from csc_workforce.ingest.agency_table import AgencyFileError, read_table
from csc_workforce.ingest.agency_values import parse_day
from csc_workforce.ingest.census_xml import read_census_xml
from csc_workforce.ingest.paths import census_files

_MAX_POSITIONS_SHOWN = 10


@dataclass(slots=True)
class LeaverLoad:
    leavers: list[Leaver] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files: int = 0


def load_leavers(paths: Sequence[Path], worker_key: Callable[[str], str]) -> LeaverLoad:
    """Leavers from every census file given (files or folders of ``.xml``)."""
    load = LeaverLoad()
    validate = _validator()
    for path in census_files(paths):
        census = read_census_xml(path)
        load.files += 1
        if validate is not None:
            errors = _error_count(validate(census))
            if errors:
                load.warnings.append(
                    f"{path.name}: {errors} validation error{'s' if errors != 1 else ''}; "
                    "its leavers are still used for the cooling-off check"
                )
        extract = leavers_from_return(census, worker_key)
        if not (census.la_code or "").strip():
            load.warnings.append(
                f"{path.name}: no LEA in the header; its council is taken to be in the region"
            )
        if extract.skipped:
            shown = "; ".join(extract.skipped[:_MAX_POSITIONS_SHOWN])
            more = len(extract.skipped) - _MAX_POSITIONS_SHOWN
            load.warnings.append(
                f"{path.name}: {len(extract.skipped)} leaving record(s) not usable: {shown}"
                + (f"; and {more} more" if more > 0 else "")
            )
        load.leavers.extend(extract.leavers)
    return load


def _validator() -> Callable[[CensusReturn], object] | None:
    # Census validation lives on its own branch; leavers are still read when it is absent.
    try:
        module = importlib.import_module("csc_workforce.core.census.validation")
    except ImportError:
        return None
    validate = getattr(module, "validate_return", None)
    return validate if callable(validate) else None


def _error_count(result: object) -> int:
    """Errors (not queries) in whatever shape validation returns: issues with a ``severity``."""
    issues = getattr(result, "issues", result)
    if not isinstance(issues, Iterable):
        return 0
    count = 0
    for issue in issues:
        severity = getattr(issue, "severity", "error")
        if str(getattr(severity, "value", severity)).lower() == "error":
            count += 1
    return count


# --- shareable leaver key files ----------------------------------------------------------------------
LEAVER_KEY_COLUMNS: Final = ("worker_key", "left_on", "old_la_code")
_WORKER_KEY: Final = re.compile(r"^[0-9a-f]{64}$")
_LA_CODE: Final = re.compile(r"^\d{3}$")


def write_leaver_keys(leavers: Sequence[Leaver], target: TextIO) -> None:
    """A council's leavers as the file councils exchange: keyed hash, leaving date, council code."""
    writer = csv.writer(target, lineterminator="\n")
    writer.writerow(LEAVER_KEY_COLUMNS)
    for leaver in sorted(leavers, key=lambda item: (item.la_code, item.left_on, item.worker_key)):
        writer.writerow((leaver.worker_key, leaver.left_on.isoformat(), leaver.la_code))


def read_leaver_keys(path: Path) -> list[Leaver]:
    """Leavers from a key file (``agency leavers``), or :class:`AgencyFileError` naming each bad row.

    Nothing but the three columns is read; a key that is not a 64-character hex digest is refused
    (it may be an identifier pasted by mistake, so it is not repeated).
    """
    table = read_table(path, LEAVER_KEY_COLUMNS)
    problems: list[str] = []
    leavers: list[Leaver] = []
    for number, cells in table.rows:
        row: list[str] = []
        key = cells["worker_key"].lower()
        if not _WORKER_KEY.match(key):
            row.append("column worker_key: expected the 64-character key `agency leavers` writes")
        code = cells["old_la_code"]
        if code and not _LA_CODE.match(code):
            row.append(f"column old_la_code: expected a 3-digit code or a blank, found {code[:20]!r}")
        left_on = None
        try:
            left_on = parse_day(cells["left_on"])
        except ValueError as error:
            row.append(f"column left_on: {error}")
        if row or left_on is None:
            problems.extend(f"row {number}: {problem}" for problem in row)
            continue
        leavers.append(Leaver(worker_key=key, la_code=code, left_on=left_on))
    if problems:
        raise AgencyFileError(path, problems)
    return leavers
