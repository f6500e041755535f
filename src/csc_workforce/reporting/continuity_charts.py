"""Continuity charts: the distribution of social workers per child, the trend of the share with
3 or more, and the regional scatter of a workforce rate against that share (accessible SVG)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from csc_workforce.reporting.charts import (
    GOVUK_BLACK,
    GOVUK_BLUE,
    GOVUK_DARK_GREY,
    Bar,
    ChartText,
    LinearScale,
    Plot,
    Series,
    chart_id,
    column_chart,
    esc,
    format_number,
    line_chart,
    nice_ticks,
    svg_document,
    y_axis,
)

BUCKET_LABELS = {"0": "None recorded", "1": "1", "2": "2", "3+": "3 or more"}


def distribution_svg(counts: Mapping[str, int | None], year: int) -> str:
    """Children looked after on 31 March by how many social workers they had in the year."""
    bars = [
        Bar(BUCKET_LABELS[name], None if value is None else float(value), note="c")
        for name, value in counts.items()
    ]
    text = ChartText(f"Children by number of social workers, year ending 31 March {year}", "Children")
    return column_chart(text, bars, width=480, height=200)


def trend_svg(trend: Sequence[tuple[int, float | None]], national: Mapping[int, float]) -> str:
    """The share with 3 or more social workers per year, beside England's published figure."""
    years = [year for year, _ in trend]
    series = [Series("This council", [share for _, share in trend], emphasis=True)]
    if any(year in national for year in years):
        series.append(Series("England (DfE)", [national.get(year) for year in years]))
    text = ChartText("Children with 3 or more social workers in the year", "% of children")
    return line_chart(text, years, series, width=560, height=280)


@dataclass(frozen=True, slots=True)
class Point:
    label: str
    x: float
    y: float


def scatter_svg(title: str, x_label: str, y_label: str, points: Sequence[Point]) -> str:
    """One dot per council; "" when no council has both figures. Pages show the table beside it."""
    if not points:
        return ""
    width, height = 560, 320
    plot = Plot(width, height, left=64, bottom=52)
    y_ticks = nice_ticks(0.0, max(p.y for p in points))
    x_ticks = nice_ticks(0.0, max(p.x for p in points))
    y = plot.value_scale(y_ticks)
    x = LinearScale(x_ticks[0], x_ticks[-1], plot.x0, plot.x1)
    body = y_axis(plot, y_ticks, format_number, y_label)
    for tick in x_ticks:
        body.append(
            f'<text x="{x(tick):.1f}" y="{plot.y0 + 18:.1f}" text-anchor="middle" fill="{GOVUK_BLACK}" '
            f'aria-hidden="true">{esc(format_number(tick))}</text>'
        )
    body.append(
        f'<text x="{(plot.x0 + plot.x1) / 2:.1f}" y="{height - 8}" text-anchor="middle" '
        f'fill="{GOVUK_DARK_GREY}" aria-hidden="true">{esc(x_label)}</text>'
    )
    for point in points:
        tip = f"{point.label}: {x_label} {format_number(point.x)}, {y_label} {format_number(point.y)}"
        body.append(
            f'<circle cx="{x(point.x):.1f}" cy="{y(point.y):.1f}" r="5" fill="{GOVUK_BLUE}">'
            f"<title>{esc(tip)}</title></circle>"
        )
    listing = "; ".join(f"{p.label} {format_number(p.x)} and {format_number(p.y)}" for p in points)
    description = f"Each council's {x_label} and {y_label}: {listing}."
    return svg_document(title, description, body, width=width, height=height, ident=chart_id(title))
