"""The region's agency compliance report (Excel and PDF) for the directors' quarterly meeting.

Which councils and which agencies broke the rules, the exceptions signed off, agency spend, the
premium over permanent staff and the trend. Built from plain data (``analytics.agency``); no
staff identifier appears anywhere in it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import BinaryIO

import polars as pl

from csc_workforce.analytics.agency import (
    PermanentCosts,
    RegionCheck,
    RegionTables,
    compliance_by,
    disclose_region_tables,
    engagement_costs,
    findings_frame,
    spend_by_council_role,
    spend_trend,
)
from csc_workforce.core.agency.model import Engagement, Severity
from csc_workforce.core.agency.rules import DFE_2024_EFFECTIVE, DFE_2024_SOURCE
from csc_workforce.core.disclosure import SUPPRESSED, DisclosureRule
from csc_workforce.reporting.charts import Bar, ChartText, column_chart, format_pounds
from csc_workforce.reporting.excel import Cell, SheetTable, write_tables_xlsx
from csc_workforce.reporting.pdf import html_to_pdf, write_pdf

MONEY = "£#,##0.00"
PERCENT = "0.0%"
_HEADINGS = {
    "la_code": "Council code",
    "la_name": "Council",
    "engagement_id": "Engagement",
    "engagements_with_breach": "Engagements with a breach",
    "breaches_experience": "Experience breaches",
    "breaches_references": "References breaches",
    "breaches_cooling_off": "Cooling-off breaches",
    "breaches_project_team": "Project-team breaches",
    "breaches_price_cap": "Price-cap breaches",
    "total_cost": "Agency cost (£)",
    "breach_cost": "Cost of engagements with a breach (£)",
    "excess_cost": "Paid above the cap (£)",
    "capped_cost": "Capped part (£)",
    "fee_cost": "Agency fees (£)",
    "agency_hourly_cost": "Agency cost per hour (£)",
    "permanent_hourly_cost": "Permanent cost per hour (£)",
    "premium_rate": "Premium over permanent",
    "premium_cost": "Premium paid (£)",
}


def heading(column: str) -> str:
    return _HEADINGS.get(column, column.replace("_", " ").capitalize())


@dataclass(slots=True)
class ComplianceReport:
    region: str
    period_start: date
    period_end: date
    generated_on: date
    engagements: int
    judged: int
    breaches: int
    approved_exceptions: int
    total_cost: float | str
    excess_cost: float | str
    by_council: pl.DataFrame
    by_agency: pl.DataFrame
    findings: pl.DataFrame
    spend: pl.DataFrame
    trend: pl.DataFrame
    region_tables: RegionTables
    notes: list[str] = field(default_factory=list)
    # Notes that name no engagement: the only ones the region's copy carries.
    region_notes: list[str] = field(default_factory=list)

    def region_copy(self) -> ComplianceReport:
        """The report as the region sees it: no engagement rows, no note naming an engagement,
        money, hours and rates over fewer engagements than the threshold shown as ``c``."""
        tables = self.region_tables
        return replace(
            self,
            by_council=tables.by_council,
            by_agency=tables.by_agency,
            spend=tables.spend,
            trend=tables.trend,
            findings=self.findings.clear(),
            total_cost=tables.total_cost,
            excess_cost=tables.excess_cost,
            notes=[self.disclosure_note, AGGREGATES_ONLY_NOTE, *self.region_notes],
        )

    @property
    def disclosure_note(self) -> str:
        threshold = self.region_tables.threshold
        return (
            f"{SUPPRESSED}: suppressed. Money, hours and rates over fewer than {threshold} engagements are "
            f"not shown, nor ({self.region_tables.suppressed} cells in all) any cell from which one could "
            "be worked out by adding up or subtracting the others. Counts of engagements, breaches and "
            "approved exceptions are shown in full."
        )


def build_compliance_report(
    engagements: Sequence[Engagement],
    checked: RegionCheck,
    region: str,
    period_start: date,
    period_end: date,
    *,
    permanent_costs: PermanentCosts | None = None,
    generated_on: date | None = None,
    rule: DisclosureRule | None = None,
) -> ComplianceReport:
    """Every table of the report for engagements running between the two dates (inclusive)."""
    if period_end < period_start:
        raise ValueError(f"the period ends ({period_end}) before it starts ({period_start})")
    in_period = [
        e
        for e in engagements
        if e.start_date <= period_end and (e.end_date is None or e.end_date >= period_start)
    ]
    ids = {e.engagement_id for e in in_period}
    findings = [f for f in checked.findings if f.engagement_id in ids]
    costs = engagement_costs(in_period, period_start, period_end)  # made once for every table
    by_council = compliance_by("la_code", in_period, findings, period_start, period_end, costs=costs)
    by_agency = compliance_by("agency", in_period, findings, period_start, period_end, costs=costs)
    breaches = sum(1 for f in findings if f.severity is Severity.BREACH)
    spend = spend_by_council_role(in_period, period_start, period_end, permanent_costs, costs=costs)
    trend = spend_trend(in_period, period_start, period_end, costs=costs)
    region_tables = disclose_region_tables(
        in_period,
        findings,
        period_start,
        period_end,
        {"by_council": by_council, "by_agency": by_agency, "spend": spend, "trend": trend},
        rule=rule or DisclosureRule(),
        costs=costs,
    )
    general = [
        f"Rules: {DFE_2024_SOURCE}, in force for engagements starting on or after "
        f"{DFE_2024_EFFECTIVE}; engagements that started earlier are judged by no rule.",
        "Costs accrue evenly over the days an engagement runs: hours per week × (hourly rate + agency "
        "fee) × days ÷ 7. Open-ended engagements run to the end of the period.",
        "Excess cost is what was paid above the price cap over the period, for breaches and approved "
        "exceptions alike. Breach cost is the whole cost of engagements with at least one breach.",
        "Premium: agency hourly cost against the permanent hourly cost the region supplied for the "
        "role (blank where none was supplied).",
        "Calendar quarters: Q1 is January to March.",
        *checked.warnings,
    ]
    per_engagement = [note for note in checked.result.notes if note.startswith("engagement ")]
    shared = [note for note in checked.result.notes if not note.startswith("engagement ")]
    if per_engagement:
        shared.append(f"{len(per_engagement)} engagement(s) could not be checked against a price cap.")
    return ComplianceReport(
        region=region,
        period_start=period_start,
        period_end=period_end,
        generated_on=generated_on or date.today(),
        engagements=len(in_period),
        judged=sum(1 for e in in_period if e.start_date >= DFE_2024_EFFECTIVE),
        breaches=breaches,
        approved_exceptions=len(findings) - breaches,
        total_cost=float(by_council["total_cost"].sum()) if not by_council.is_empty() else 0.0,
        excess_cost=float(by_council["excess_cost"].sum()) if not by_council.is_empty() else 0.0,
        by_council=by_council,
        by_agency=by_agency,
        findings=findings_frame(findings),
        spend=spend,
        trend=trend,
        region_tables=region_tables,
        notes=[*general, *checked.result.notes],
        region_notes=[*general, *shared],
    )


def _summary_rows(report: ComplianceReport) -> list[tuple[str, Cell]]:
    return [
        ("Region", report.region),
        ("Period", f"{report.period_start} to {report.period_end}"),
        ("Engagements running in the period", report.engagements),
        ("Engagements judged by the DfE rules", report.judged),
        ("Breaches", report.breaches),
        ("Approved cap exceptions", report.approved_exceptions),
        ("Agency cost in the period (£)", _rounded(report.total_cost)),
        ("Paid above the cap in the period (£)", _rounded(report.excess_cost)),
        ("Generated on", report.generated_on.isoformat()),
    ]


def _rounded(value: float | str) -> float | str:
    return round(value, 2) if isinstance(value, float) else value


def _money_formats(frame: pl.DataFrame) -> dict[str, str]:
    formats = {c: MONEY for c in frame.columns if c.endswith(("_cost", "hourly_cost"))}
    formats.update({c: PERCENT for c in frame.columns if c.endswith("_rate")})
    return formats


def _sheet(frame: pl.DataFrame, notes: Sequence[str] = ()) -> SheetTable:
    return SheetTable(
        columns=list(frame.columns),
        rows=list(frame.iter_rows()),
        headings={c: heading(c) for c in frame.columns},
        number_formats=_money_formats(frame),
        notes=notes,
    )


AGGREGATES_ONLY_NOTE = (
    "This copy holds aggregates only: the engagement-level breaches and exceptions are in each "
    "council's own report."
)


def write_report_xlsx(
    report: ComplianceReport, target: Path | BinaryIO, *, engagement_rows: bool = True
) -> None:
    """The workbook; ``engagement_rows=False`` is the region's copy (:meth:`ComplianceReport.region_copy`):
    no sheet listing single engagements, small cells suppressed."""
    if not engagement_rows:
        report = report.region_copy()
    exceptions = report.findings.filter(pl.col("severity") == Severity.APPROVED_EXCEPTION.value)
    breaches = report.findings.filter(pl.col("severity") == Severity.BREACH.value)
    summary = SheetTable(columns=["measure", "value"], rows=_summary_rows(report), notes=report.notes)
    sheets: dict[str, SheetTable] = {
        "Summary": summary,
        "By council": _sheet(report.by_council),
        "By agency": _sheet(report.by_agency),
    }
    if engagement_rows:
        sheets |= {"Breaches": _sheet(breaches), "Approved exceptions": _sheet(exceptions)}
    sheets |= {"Spend by council and role": _sheet(report.spend), "Trend": _sheet(report.trend)}
    write_tables_xlsx(target, sheets)


# --- PDF -------------------------------------------------------------------------------------------
_CSS = """
@page { size: A4 landscape; margin: 14mm;
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; } }
body { font-family: Arial, Helvetica, sans-serif; font-size: 9pt; color: #0b0c0c; }
h1 { font-size: 18pt; margin: 0 0 4mm; } h2 { font-size: 12pt; margin: 6mm 0 2mm; }
table { border-collapse: collapse; width: 100%; margin-bottom: 3mm; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 1.2mm 2mm; text-align: left; vertical-align: top; }
th { background: #f3f2f1; } td.num { text-align: right; white-space: nowrap; }
.headline { display: flex; gap: 4mm; } .figure { border-left: 3px solid #1d70b8; padding: 1mm 3mm; }
.figure b { display: block; font-size: 14pt; } .notes { font-size: 7.5pt; color: #505a5f; }
"""


def display_value(value: object, column: str) -> str:
    """A report cell as people read it: rates as %, costs in £, counts with separators."""
    if value is None:
        return ""
    if isinstance(value, float):
        if column.endswith("_rate"):
            return f"{value:.1%}"
        if column.endswith("hourly_cost"):
            return f"£{value:,.2f}"
        if "cost" in column:
            return format_pounds(value)
        return f"{value:,.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def is_numeric(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _cell(value: object, column: str) -> str:
    text = html.escape(display_value(value, column))
    return f'<td class="num">{text}</td>' if is_numeric(value) else f"<td>{text}</td>"


def _html_table(frame: pl.DataFrame, columns: Sequence[str] | None = None, limit: int | None = None) -> str:
    if frame.is_empty():
        return "<p>None.</p>"
    columns = list(columns or frame.columns)
    head = "".join(f"<th>{html.escape(heading(c))}</th>" for c in columns)
    rows = frame.select(columns).iter_rows()
    body = "".join(
        "<tr>" + "".join(_cell(v, c) for v, c in zip(row, columns, strict=True)) + "</tr>"
        for i, row in enumerate(rows)
        if limit is None or i < limit
    )
    more = (
        f"<p>… and {frame.height - limit:,} more (see the workbook).</p>"
        if limit and frame.height > limit
        else ""
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


def trend_svg(trend: pl.DataFrame, width: int = 700, height: int = 180) -> str:
    """Agency cost per quarter as a column chart (inline SVG, no script, no external resources).

    Regions spend millions a quarter: the chart is then drawn in £ million, so the axis labels fit.
    """
    # A suppressed quarter (``c``) has no bar; the table beside the chart shows the symbol.
    shown = [
        (str(q), float(c)) for q, c in trend.select("quarter", "total_cost").iter_rows() if is_numeric(c)
    ]
    if not shown:
        return ""
    millions = max(cost for _, cost in shown) >= 1e6
    bars = [Bar(quarter, cost / 1e6 if millions else cost) for quarter, cost in shown]
    text = (
        ChartText("Agency cost per quarter", value_label="£ million", fmt=_millions)
        if millions
        else ChartText("Agency cost per quarter", fmt=format_pounds)
    )
    return column_chart(text, bars, width=width, height=height)


def _millions(value: float) -> str:
    return f"£{value:,.2f}m"


_EXCEPTION_COLUMNS = ("engagement_id", "la_code", "agency", "message")
_BREACH_COLUMNS = ("engagement_id", "la_code", "agency", "rule", "message")
_SPEND_COLUMNS = (
    "la_code",
    "la_name",
    "role",
    "engagements",
    "total_cost",
    "agency_hourly_cost",
    "permanent_hourly_cost",
    "premium_rate",
)
_BREACH_ROWS_IN_PDF = 60


def _figure(label: str, value: object) -> str:
    if isinstance(value, float):
        text = format_pounds(value)
        label = label.removesuffix(" (£)")
    else:
        text = f"{value:,}" if isinstance(value, int) else str(value)
    return f'<div class="figure">{html.escape(label)}<b>{html.escape(text)}</b></div>'


def compliance_columns(frame: pl.DataFrame) -> list[str]:
    """Breach columns only for rules someone broke, so the page stays readable."""
    return [
        c
        for c in frame.columns
        if c != "breach_cost" and (not c.startswith("breaches_") or frame[c].sum() > 0)
    ]


def report_html(report: ComplianceReport, *, engagement_rows: bool = True) -> str:
    """The report as one self-contained HTML document; ``engagement_rows=False`` is the region's
    copy (:meth:`ComplianceReport.region_copy`)."""
    if not engagement_rows:
        report = report.region_copy()
    figures = "".join(_figure(label, value) for label, value in _summary_rows(report)[2:8])
    by_severity = report.findings.partition_by("severity", as_dict=True) if report.findings.height else {}
    empty = report.findings.clear()
    exceptions = by_severity.get((Severity.APPROVED_EXCEPTION.value,), empty)
    breaches = by_severity.get((Severity.BREACH.value,), empty)
    title = f"Agency compliance: {report.region}, {report.period_start} to {report.period_end}"
    sections = [
        ("Agency cost per quarter", trend_svg(report.trend)),
        (
            "Breaches and exceptions by council",
            _html_table(report.by_council, compliance_columns(report.by_council)),
        ),
        (
            "Breaches and exceptions by agency",
            _html_table(report.by_agency, compliance_columns(report.by_agency)),
        ),
        ("Approved cap exceptions", _html_table(exceptions, _EXCEPTION_COLUMNS)),
        ("Breaches", _html_table(breaches, _BREACH_COLUMNS, limit=_BREACH_ROWS_IN_PDF)),
        ("Spend by council and role", _html_table(report.spend, _SPEND_COLUMNS)),
    ]
    if not engagement_rows:
        sections = [section for section in sections if section[0] not in _ENGAGEMENT_SECTIONS]
    body = "".join(f"<h2>{html.escape(heading)}</h2>{content}" for heading, content in sections)
    notes = "".join(f"<li>{html.escape(note)}</li>" for note in report.notes)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
        f'<h1>{html.escape(title)}</h1><div class="headline">{figures}</div>{body}'
        f'<div class="notes"><h2>Notes</h2><ul>{notes}</ul>'
        f"<p>Generated on {report.generated_on} by csc-workforce.</p></div></body></html>"
    )


_ENGAGEMENT_SECTIONS = frozenset({"Approved cap exceptions", "Breaches"})


def write_report_pdf(report: ComplianceReport, path: Path, *, engagement_rows: bool = True) -> None:
    write_pdf(report_html(report, engagement_rows=engagement_rows), path)


def report_pdf_bytes(report: ComplianceReport, *, engagement_rows: bool = True) -> bytes:
    return html_to_pdf(report_html(report, engagement_rows=engagement_rows))
