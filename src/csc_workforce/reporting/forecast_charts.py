"""The fan charts of a forecast run, each with its data table, for the web pages and the PDF."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from csc_workforce.core.forecast import ForecastResult
from csc_workforce.core.forecast.compare import ForecastRun
from csc_workforce.reporting.charts import (
    ChartText,
    Fan,
    Formatter,
    Series,
    fan_chart,
    fan_rows,
    format_number,
    format_pounds,
)

PERCENTILE_HEADINGS: Final = ("10th percentile", "median", "90th percentile")


def format_median(measure: str, value: float) -> str:
    """A compared measure's figure (see ``COMPARED_MEASURES``): pounds for cost, else FTE."""
    return format_pounds(value) if measure == "cost_total" else format_number(value)


def format_signed_change(measure: str, change: float, *, minus: str = "-") -> str:
    """A change from the baseline with its sign; ``minus`` is the sign written before lost pounds."""
    if measure == "cost_total":
        return ("+" if change >= 0 else minus) + format_pounds(abs(change))
    return f"{change:+,.1f}"


def format_probability(probability: float | None) -> str:
    """A chance as a whole percentage; "not known" where the council has no caseload to judge."""
    if probability is None or math.isnan(probability):
        return "not known"
    return f"{100 * probability:.0f}%"


@dataclass(frozen=True, slots=True)
class FanFigure:
    """A chart and its text alternative: a table with one row per month."""

    title: str
    svg: str
    headings: tuple[str, ...]
    rows: list[list[str]]


def _fan(result: ForecastResult, measure: str, label: str) -> Fan:
    p = result.percentiles[measure]
    return Fan(label, [float(v) for v in p[0]], [float(v) for v in p[1]], [float(v) for v in p[2]])


def _figure(
    title: str,
    labels: Sequence[str],
    fans: Sequence[Fan],
    lines: Sequence[Series] = (),
    *,
    value_label: str,
    fmt: Formatter = format_number,
    summary: str = "",
) -> FanFigure:
    text = ChartText(title, value_label=value_label, summary=summary, fmt=fmt)
    headings = (
        "Month",
        *(f"{fan.label}: {h}" for fan in fans for h in PERCENTILE_HEADINGS),
        *(f"{line.label} (median)" for line in lines),
    )
    return FanFigure(
        title, fan_chart(text, labels, fans, lines=lines), headings, fan_rows(labels, fans, lines, fmt)
    )


def _median(result: ForecastResult, measure: str) -> list[float | None]:
    return [float(v) for v in result.percentiles[measure][1]]


def caseload_figure(run: ForecastRun) -> FanFigure:
    """Cases per case-holding FTE by month, each scenario over the baseline, against the standard."""
    labels = run.baseline.labels
    standard = run.baseline.standard
    return _figure(
        f"{run.baseline.inputs.name}: caseload against the standard of {standard:g}",
        labels,
        [_fan(r, "caseload_fte", r.scenario.name) for r in run.results],
        [Series(f"standard ({standard:g} cases per FTE)", [standard] * len(labels))],
        value_label="cases per case-holding FTE",
        summary="Cases per case-holding social worker (FTE, permanent plus agency) by month; above "
        "the dashed line is a shortfall.",
    )


def forecast_figures(run: ForecastRun) -> list[FanFigure]:
    """FTE in post against the FTE demand needs, agency FTE, vacancies and monthly cost; every
    scenario is drawn over the baseline in the same chart."""
    results = run.results
    labels = run.baseline.labels
    name = run.baseline.inputs.name
    demand_lines = [Series(f"FTE needed, {run.baseline.scenario.name}", _median(run.baseline, "demand_fte"))]
    for result in run.scenarios:
        if result.scenario.caseload_cap is not None:
            demand_lines.append(Series(f"FTE needed, {result.scenario.name}", _median(result, "demand_fte")))
    has_caseload = not math.isnan(float(run.baseline.percentiles["caseload_fte"][1, 0]))
    figures = [
        *([caseload_figure(run)] if has_caseload else []),
        _figure(
            f"{name}: FTE in post and FTE needed to meet demand",
            labels,
            [_fan(r, "inpost_fte", r.scenario.name) for r in results],
            demand_lines,
            value_label="FTE",
            summary="Permanent social workers in post (FTE) by month; the dashed line is the "
            "workforce (permanent plus agency) whose case holders would carry the caseload standard.",
        ),
        _figure(
            f"{name}: agency social workers (FTE)",
            labels,
            [_fan(r, "agency_fte", r.scenario.name) for r in results],
            value_label="FTE",
        ),
        _figure(
            f"{name}: vacancies (FTE)",
            labels,
            [_fan(r, "vacancy_fte", r.scenario.name) for r in results],
            value_label="FTE",
        ),
        _figure(
            f"{name}: monthly cost of permanent and agency staff ({run.baseline.scenario.name})",
            labels,
            [
                _fan(run.baseline, "cost_permanent", "permanent staff"),
                _fan(run.baseline, "cost_agency", "agency staff"),
            ],
            value_label="£ per month",
            fmt=format_pounds,
        ),
    ]
    if run.scenarios:
        figures.append(
            _figure(
                f"{name}: total monthly cost by scenario",
                labels,
                [_fan(r, "cost_total", r.scenario.name) for r in results],
                value_label="£ per month",
                fmt=format_pounds,
            )
        )
    return figures
