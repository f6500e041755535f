"""Social workers in post at 30 September by role (2019-2025), for role mix and calibration.

Source quirks handled (shared/csww/csww_role_inpost_2019_2025.md): LA codes carry a stray ".0";
joint returns have no DfE code (filled from their ONS codes); values carry no symbols. Mind the
2024 series break between "Case holder" and "Qualified without cases" (spec §11).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import polars as pl

from csc_workforce.core.published import JOINT_RETURNS
from csc_workforce.ingest.published._csv import (
    PublishedFileError,
    bundled_path,
    parse_value,
    parse_year,
    read_rows,
)
from csc_workforce.ingest.published.indicators import LEVELS

ROLE_FILE: Final = "csww_role_inpost_2019_2025.csv"
ROLES: Final = (
    "Senior manager",
    "Middle manager",
    "First line manager",
    "Senior practitioner",
    "Case holder",
    "Qualified without cases",
    "Total",
)
ROLE_SCHEMA: Final = {
    "time_period": pl.Int32,
    "geographic_level": pl.Utf8,
    "area_name": pl.Utf8,
    "region_name": pl.Utf8,
    "old_la_code": pl.Utf8,
    "new_la_code": pl.Utf8,
    "role": pl.Utf8,
    "inpost_fte": pl.Float64,
    "inpost_headcount": pl.Float64,
}
_CODE: Final = re.compile(r"^\d{3}$")
_JOINT_BY_ONS: Final = {joint.new_la_code: joint.old_la_code for joint in JOINT_RETURNS}


def load_role_inpost(path: Path | None = None) -> pl.DataFrame:
    """In post by role, national / regional / LA; ``None`` reads the bundled file."""
    source = bundled_path(ROLE_FILE) if path is None else Path(path)
    _, rows = read_rows(source, frozenset(ROLE_SCHEMA))
    data: dict[str, list[object]] = {name: [] for name in ROLE_SCHEMA}
    for row in rows:
        level = LEVELS.get(row.cells["geographic_level"].lower())
        if level is None:
            raise PublishedFileError(
                source, "unknown geographic level", line=row.line, column="geographic_level"
            )
        role = row.cells["role"]
        if role not in ROLES:
            raise PublishedFileError(source, f"unknown role {role!r}", line=row.line, column="role")
        code = row.cells["old_la_code"].removesuffix(".0") or _JOINT_BY_ONS.get(row.cells["new_la_code"], "")
        if level == "Local authority" and not _CODE.match(code) and code not in _JOINT_BY_ONS.values():
            raise PublishedFileError(
                source, f"expected a DfE 3-digit LA code, found {code!r}", line=row.line, column="old_la_code"
            )
        values = {name: parse_value(source, row, name)[0] for name in ("inpost_fte", "inpost_headcount")}
        record = {
            "time_period": parse_year(source, row),
            "geographic_level": level,
            "area_name": row.cells["area_name"] or None,
            "region_name": row.cells["region_name"] or None,
            "old_la_code": code or None,
            "new_la_code": row.cells["new_la_code"] or None,
            "role": role,
            **values,
        }
        for name, value in record.items():
            data[name].append(value)
    return pl.DataFrame(data, schema=ROLE_SCHEMA)
