"""Leavers for the cooling-off check, read from councils' census returns.

Only keyed hashes of SWE numbers leave this module. A return with validation errors still
supplies its leavers (with a warning): a wrong ethnicity code does not make a leaving date wrong.
A file that cannot be read safely raises :class:`UnreadableFileError`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from csc_workforce.core.agency.leavers import leavers_from_return
from csc_workforce.core.agency.model import Leaver
from csc_workforce.core.census.model import CensusReturn
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
