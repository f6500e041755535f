"""Excel and PDF of the continuity figures: a council's own report, and the region's (suppressed)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from csc_workforce.analytics.continuity_outlook import Projection
from csc_workforce.core.continuity.changes import CAUSE_LABELS, ChangeCause
from csc_workforce.core.continuity.model import SW_REASONS
from csc_workforce.core.continuity.stability import BUCKETS
from csc_workforce.reporting.continuity_projection import projection_sheet
from csc_workforce.reporting.excel import SheetTable, tables_xlsx_bytes
from csc_workforce.reporting.tables_pdf import tables_pdf_bytes

DEFINITION = (
    "DfE's measure: children looked after at the end of 31 March (short breaks V3/V4 excluded), "
    "counting the distinct social workers (SW_ID) with an episode overlapping 1 April to 31 March."
)


def council_sheets(
    years: Sequence[Mapping[str, Any]], projection: Projection | None = None
) -> dict[str, SheetTable]:
    """``years``: one dict per year as ``analytics.continuity.year_json`` gives, plus
    ``leavers``, ``children_affected`` and ``agency_share`` when linked; ``projection``: next
    year's children changing social worker (a sheet of its own)."""
    distribution = SheetTable(
        columns=["year", "children_looked_after", *BUCKETS, "share_three_or_more"],
        rows=[
            [
                y["year"],
                y["children_looked_after"],
                *(y["with_social_workers"][b] for b in BUCKETS),
                y["share_three_or_more"],
            ]
            for y in years
        ],
        headings={"0": "None recorded", "3+": "3 or more", "share_three_or_more": "% with 3 or more"},
        notes=[DEFINITION],
    )
    reasons = SheetTable(
        columns=["year", "reason", "label", "episodes"],
        rows=[
            [y["year"], code, SW_REASONS.get(code, ""), n] for y in years for code, n in y["reasons"].items()
        ],
        notes=["Social worker episodes whose SW_DECOM falls in the year, by SW_REASON."],
    )
    sheets = {"Distribution": distribution, "Reasons": reasons}
    linked = [y for y in years if "changes" in y]
    if linked:
        sheets["Changes"] = SheetTable(
            columns=["year", *(c.value for c in ChangeCause), "leavers", "children_affected", "agency_share"],
            rows=[
                [
                    y["year"],
                    *(y["changes"][c.value] for c in ChangeCause),
                    y.get("leavers"),
                    y.get("children_affected"),
                    y.get("agency_share"),
                ]
                for y in linked
            ],
            headings={c.value: CAUSE_LABELS[c] for c in ChangeCause},
            notes=["Changes of social worker, by what the census says of the worker who was replaced."],
        )
    if projection is not None:
        sheets["Next year"] = projection_sheet(projection)
    return sheets


def council_xlsx(years: Sequence[Mapping[str, Any]], projection: Projection | None = None) -> bytes:
    return tables_xlsx_bytes(council_sheets(years, projection))


def region_sheet(year: int, rows: Sequence[Mapping[str, str]]) -> SheetTable:
    """``rows``: each council's disclosed cells as text (symbols kept)."""
    columns = [
        "council",
        "children_looked_after",
        *BUCKETS,
        "share_three_or_more",
        "turnover_rate",
        "agency_rate",
    ]
    return SheetTable(
        columns=columns,
        rows=[[row.get(c, "") for c in columns] for row in rows],
        headings={"0": "None recorded", "3+": "3 or more", "share_three_or_more": "% with 3 or more"},
        notes=[
            DEFINITION,
            f"Year ending 31 March {year}; turnover and agency rates (FTE) from the census of "
            f"30 September {year - 1}.",
            "c = suppressed to protect confidentiality; x = not available; z = not applicable.",
        ],
    )


def region_xlsx(year: int, rows: Sequence[Mapping[str, str]]) -> bytes:
    return tables_xlsx_bytes({"Councils": region_sheet(year, rows)})


def council_pdf(
    council: str,
    years: Sequence[Mapping[str, Any]],
    charts: Sequence[str] = (),
    projection: Projection | None = None,
) -> bytes:
    title = f"Continuity for children – {council}"
    return tables_pdf_bytes(title, council_sheets(years, projection), charts)


def region_pdf(
    region: str, year: int, rows: Sequence[Mapping[str, str]], charts: Sequence[str] = ()
) -> bytes:
    return tables_pdf_bytes(
        f"Continuity for children – {region}, year ending 31 March {year}",
        {"Councils": region_sheet(year, rows)},
        charts,
    )
