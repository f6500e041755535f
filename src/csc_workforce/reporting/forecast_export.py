"""A forecast run as an Excel workbook or a PDF report, with what is needed to reproduce it.

Workbook sheets: one of monthly percentiles per scenario (FTE in post, FTE needed, agency FTE,
vacancies, turnover, shortfall probability, cost of permanent and agency staff), the scenario
comparison at each 30 September, the scenarios' settings, and the inputs, seed and provenance.
The PDF carries the fan charts (inline SVG; the renderer fetches nothing) and the same tables.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from csc_workforce.core.forecast import ForecastResult
from csc_workforce.core.forecast.compare import COMPARED_MEASURES, ForecastRun
from csc_workforce.core.forecast.result import PERCENTILES
from csc_workforce.reporting.excel import Cell, SheetTable, tables_xlsx_bytes, write_tables_xlsx
from csc_workforce.reporting.forecast_charts import (
    forecast_figures,
    format_median,
    format_probability,
    format_signed_change,
)
from csc_workforce.reporting.pdf import html_to_pdf, write_pdf

MONTHLY_MEASURES: Final = (
    ("inpost_fte", "FTE in post"),
    ("demand_fte", "FTE needed at the standard"),
    ("cases", "cases"),
    ("case_holders_fte", "case-holding FTE"),
    ("caseload_fte", "caseload (cases per case-holding FTE)"),
    ("agency_fte", "agency FTE"),
    ("vacancy_fte", "vacancies FTE"),
    ("turnover_rate_fte", "turnover %"),
    ("cost_permanent", "cost permanent £/month"),
    ("cost_agency", "cost agency £/month"),
    ("cost_total", "cost total £/month"),
)
COMPARED_HEADINGS: Final = {
    "inpost_fte": "FTE in post",
    "agency_fte": "agency FTE",
    "vacancy_fte": "vacancies FTE",
    "cost_total": "cost £/month",
}
NOTES: Final = (
    "p10, p50 and p90: the 10th percentile, median and 90th percentile of the simulated futures; "
    "eight in ten futures fall between p10 and p90.",
    "Shortfall probability: the share of simulated futures in which the caseload (cases per "
    "case-holding FTE, permanent plus agency) is above the caseload standard.",
    "Month YYYY-MM: the end of that month; month 12 of each year is the 30 September census date.",
)


def _cell(value: float, places: int) -> Cell:
    """A figure for the sheet; an empty cell where the council has none (NaN)."""
    return None if math.isnan(value) else round(value, places)


def monthly_table(result: ForecastResult) -> SheetTable:
    """One row per month: every measure's p10/p50/p90 and the shortfall probability."""
    columns = ["month"]
    headings = {"month": "month"}
    for measure, label in MONTHLY_MEASURES:
        for q in PERCENTILES:
            columns.append(f"{measure}_p{q}")
            headings[f"{measure}_p{q}"] = f"{label} p{q}"
    columns.append("shortfall_probability")
    headings["shortfall_probability"] = "shortfall probability"
    rows: list[list[Cell]] = []
    for m, label in enumerate(result.labels):
        row: list[Cell] = [label]
        for measure, _ in MONTHLY_MEASURES:
            row.extend(_cell(float(result.percentiles[measure][i, m]), 3) for i in range(len(PERCENTILES)))
        row.append(_cell(float(result.shortfall_probability[m]), 4))
        rows.append(row)
    formats = {c: "#,##0" for c in columns if c.startswith("cost_")}
    formats["shortfall_probability"] = "0%"
    return SheetTable(columns, rows, headings, formats, NOTES)


def comparison_table(run: ForecastRun) -> SheetTable:
    """Medians at each 30 September for every scenario, with the change from the baseline."""
    columns = ["time_period", "scenario"]
    headings = {"time_period": "30 September of", "scenario": "scenario"}
    for measure in COMPARED_MEASURES:
        columns += [f"{measure}_p50", f"{measure}_change"]
        headings[f"{measure}_p50"] = f"{COMPARED_HEADINGS[measure]} median"
        headings[f"{measure}_change"] = f"{COMPARED_HEADINGS[measure]} change from baseline"
    columns.append("shortfall_probability")
    headings["shortfall_probability"] = "shortfall probability"
    rows = [[row[c] for c in columns] for row in run.comparison()]
    formats = {c: "#,##0" for c in columns if c.startswith("cost_")}
    formats["shortfall_probability"] = "0%"
    return SheetTable(columns, rows, headings, formats)


def scenarios_table(run: ForecastRun) -> SheetTable:
    fields = list(run.baseline.scenario.to_dict())
    rows = [[r.scenario.to_dict()[f] for f in fields] for r in run.results]
    return SheetTable(fields, rows)


def scenario_file_text(run: ForecastRun) -> str:
    """The scenarios as a JSON scenario file for ``forecast run --scenario``."""
    return json.dumps({"scenarios": [r.scenario.to_dict() for r in run.scenarios]}, sort_keys=True)


def _flatten(prefix: str, value: Any) -> list[tuple[str, Cell]]:
    if isinstance(value, dict):
        return [item for key, inner in value.items() for item in _flatten(f"{prefix}.{key}", inner)]
    if isinstance(value, list | tuple) and value and isinstance(value[0], dict):
        return [item for i, inner in enumerate(value, start=1) for item in _flatten(f"{prefix}.{i}", inner)]
    if value is None or isinstance(value, str | int | float | bool):
        return [(prefix, value)]
    return [(prefix, json.dumps(value, default=str))]


def provenance_rows(run: ForecastRun) -> list[tuple[str, Cell]]:
    """Item/value pairs: seed, simulations, months, versions, input fingerprint, every input."""
    base = run.baseline
    rows: list[tuple[str, Cell]] = [
        ("council code", base.inputs.code),
        ("council name", base.inputs.name),
        ("region", base.inputs.region),
        ("starts at 30 September of", base.inputs.base_year),
        ("seed", base.seed),
        ("simulations", base.sims),
        ("months", base.months),
        ("model version", str(base.provenance.get("model_version", ""))),
        ("code version", str(base.provenance.get("code_version", ""))),
        ("inputs SHA-256", base.inputs.fingerprint()),
    ]
    rows += _flatten("run", {k: v for k, v in run.provenance.items() if k not in {"seed", "sims", "months"}})
    rows += _flatten("source", dict(base.inputs.sources))
    rows += _flatten("input", {k: v for k, v in base.inputs.to_dict().items() if k != "sources"})
    rows.append(("scenario file (JSON)", scenario_file_text(run)))
    rows.append(("inputs (JSON)", json.dumps(base.inputs.to_dict(), sort_keys=True)))
    return rows


def workbook_sheets(run: ForecastRun) -> dict[str, SheetTable]:
    sheets: dict[str, SheetTable] = {}
    for result in run.results:
        sheets[f"Monthly {result.scenario.name}"] = monthly_table(result)
    sheets["Scenario comparison"] = comparison_table(run)
    sheets["Scenarios"] = scenarios_table(run)
    sheets["Inputs and provenance"] = SheetTable(
        ["item", "value"],
        [list(row) for row in provenance_rows(run)],
        notes=(
            "To reproduce: run the same inputs (same SHA-256) with the same scenarios, seed, "
            "simulations and months; the model is deterministic.",
        ),
    )
    return sheets


def forecast_xlsx_bytes(run: ForecastRun) -> bytes:
    return tables_xlsx_bytes(workbook_sheets(run))


def write_forecast_xlsx(run: ForecastRun, path: Path) -> None:
    write_tables_xlsx(path, workbook_sheets(run))


# --- PDF -----------------------------------------------------------------------------------

_CSS: Final = """
@page { size: A4; margin: 16mm 14mm; }
body { font-family: arial, sans-serif; font-size: 10pt; color: #0b0c0c; }
h1 { font-size: 18pt; margin: 0 0 4mm; } h2 { font-size: 13pt; margin: 6mm 0 2mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; font-size: 8.5pt; }
th, td { border-bottom: 1px solid #b1b4b6; padding: 1mm 1.5mm; text-align: right; }
th:nth-child(-n+2), td:nth-child(-n+2) { text-align: left; }
h3 { font-size: 11pt; margin: 3mm 0 1mm; }
figure { margin: 0 0 4mm; page-break-inside: avoid; } svg { width: 100%; height: auto; }
.small { font-size: 8pt; color: #505a5f; overflow-wrap: anywhere; }
.small td:first-child { width: 38%; } .headline { font-size: 11pt; font-weight: bold; }
.appendix { page-break-before: always; }
"""


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _html_table(headings: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in headings)
    body = "".join("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _comparison_display(run: ForecastRun) -> tuple[list[str], list[list[str]]]:
    headings = ["30 September", "scenario", *(f"{COMPARED_HEADINGS[m]} median" for m in COMPARED_MEASURES)]
    headings.append("shortfall probability")
    rows = []
    for row in run.comparison():
        cells = [str(row["time_period"]), row["scenario"]]
        for m in COMPARED_MEASURES:
            text = format_median(m, row[f"{m}_p50"])
            if row["scenario"] != run.baseline.scenario.name:
                text += f" ({format_signed_change(m, row[f'{m}_change'])})"
            cells.append(text)
        cells.append(format_probability(row["shortfall_probability"]))
        rows.append(cells)
    return headings, rows


# How accurate past forecasts were: the published backtest (docs/forecast.md), trained to 2022 and
# scored on 2023-2025; reproduce with `csc-workforce forecast backtest --train-to 2022`.
PAST_ACCURACY: Final = (
    "Trained on the published figures to 2022 and checked against 2023 to 2025 for every council: three "
    "years ahead, the median FTE in post was 26% closer to the outcome than carrying the last figure "
    "forward, and 77% of councils' outcomes fell inside the shaded band; the median caseload was 31% "
    "closer, with 86% inside the band. Over 2023 to 2025 the chance of a caseload above 16, 18 or 20 "
    "scored a Brier score of 0.10 against 0.14 for the share of councils above it in 2022."
)
READING_BANDS: Final = (
    "The line is the median: half the simulated futures are above it, half below. The shaded band "
    "holds 8 in 10 futures (10th to 90th percentile); a wide band is an uncertain future, not a bad "
    "forecast. A plan is drawn over the baseline in a second colour: where the bands still overlap, "
    "its effect is small beside the uncertainty. The chance of a shortfall is the share of futures in "
    "which the caseload (cases per case-holding FTE, permanent plus agency) is above the standard."
)
# Long machine-readable entries stay in the workbook; the PDF appendix is for reading.
PDF_SKIPPED_ROWS: Final = frozenset({"scenario file (JSON)", "inputs (JSON)"})


def _headline(result: ForecastResult) -> str:
    years = result.months // 12
    risks = "; ".join(
        f"30 September {result.inputs.base_year + k}: {format_probability(result.risk(k))}"
        for k in range(1, years + 1)
    )
    standard = (
        f"the standard of {result.standard:g} cases per case-holding FTE"
        if result.standard_set
        else f"{result.standard:g} cases per case-holding FTE (no standard set; next year at 15, 18, 20 "
        "and 22: " + ", ".join(format_probability(result.risk(1, s)) for s in (15.0, 18.0, 20.0, 22.0)) + ")"
    )
    return f"Chance of a caseload above {standard}, without a plan: {risks}."


def forecast_html(run: ForecastRun) -> str:
    """The report as one self-contained HTML document (no external resources): a short summary,
    then the inputs and provenance as an appendix."""
    base = run.baseline
    figures = "".join(
        f"<figure><h3>{_e(figure.title)}</h3>{figure.svg}</figure>" for figure in forecast_figures(run)[:2]
    )
    headings, rows = _comparison_display(run)
    appendix = [(k, v) for k, v in provenance_rows(run) if k not in PDF_SKIPPED_ROWS]
    provenance = _html_table(["item", "value"], appendix)
    costs = (
        f"permanent £{base.inputs.permanent_cost:,.0f} per FTE-year "
        f"({base.inputs.sources.get('permanent_cost', 'default')}); agency £{base.inputs.agency_cost:,.0f} "
        f"({base.inputs.sources.get('agency_cost', 'default')})"
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{_e(base.inputs.name)} workforce forecast</title><style>{_CSS}</style></head><body>"
        f"<h1>{_e(base.inputs.name)} ({_e(base.inputs.code)}): social worker forecast</h1>"
        f"<p>{base.months} months from 30 September {base.inputs.base_year}; {base.sims:,} simulated "
        f"futures, seed {base.seed}. Costs: {_e(costs)}.</p>"
        f'<p class="headline">{_e(_headline(base))}</p>'
        f"<h2>Baseline</h2>{figures}"
        f"<h2>Plans against the baseline</h2>{_html_table(headings, rows)}"
        f"<h2>How to read the bands</h2><p>{_e(READING_BANDS)}</p>"
        f"<h2>How accurate past forecasts were</h2><p>{_e(PAST_ACCURACY)}</p>"
        '<h2 class="appendix">Appendix: inputs, seed and provenance</h2>'
        f'<div class="small">{provenance}</div>'
        "</body></html>"
    )


def forecast_pdf_bytes(run: ForecastRun) -> bytes:
    return html_to_pdf(forecast_html(run))


def write_forecast_pdf(run: ForecastRun, path: Path) -> None:
    write_pdf(forecast_html(run), path)


def write_forecast(run: ForecastRun, path: Path) -> None:
    """Excel or PDF by the file's suffix (.xlsx or .pdf)."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        write_forecast_xlsx(run, path)
    elif suffix == ".pdf":
        write_forecast_pdf(run, path)
    else:
        raise ValueError(f"{path}: the output must end in .xlsx or .pdf")
