"""Accessible server-rendered SVG charts: no script, no external resources, safe to inline.

Every chart is an ``<svg role="img">`` labelled by its own ``<title>`` and ``<desc>`` (the desc
states every value, so a screen reader hears the data), uses GOV.UK colours, and tells series
apart by line style and marker shape as well as colour. Pages should still show the figures as a
table next to the chart (:func:`chart_rows` gives those rows for a line chart).

Building blocks shared by every chart (and by the forecast fan chart): :class:`LinearScale`,
:func:`nice_ticks`, :class:`Plot` (the drawing area), :func:`svg_document` and :func:`y_axis`.
All text goes through :func:`esc`; numbers are written by the chart itself.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Final

# GOV.UK Design System colours (govuk-frontend's colour palette).
GOVUK_BLACK: Final = "#0b0c0c"
GOVUK_DARK_GREY: Final = "#505a5f"
GOVUK_MID_GREY: Final = "#b1b4b6"
GOVUK_LIGHT_GREY: Final = "#f3f2f1"
GOVUK_BLUE: Final = "#1d70b8"
GOVUK_DARK_BLUE: Final = "#003078"
GOVUK_ORANGE: Final = "#f47738"
GOVUK_GREEN: Final = "#00703c"
GOVUK_PURPLE: Final = "#4c2c92"
GOVUK_PINK: Final = "#d53880"
GOVUK_RED: Final = "#d4351c"
GOVUK_BROWN: Final = "#b58840"
# Series colours in order: each has at least 3:1 contrast against white except orange and brown,
# which are always paired with a distinct dash pattern and marker.
SERIES_COLOURS: Final = (GOVUK_BLUE, GOVUK_ORANGE, GOVUK_GREEN, GOVUK_PURPLE, GOVUK_PINK, GOVUK_BROWN)
DASHES: Final = ("", "6 3", "2 3", "8 3 2 3", "4 4", "1 2")
MARKERS: Final = ("circle", "square", "triangle", "diamond", "circle", "square")
FONT: Final = "font-family=\"'GDS Transport', arial, sans-serif\""

_ID_UNSAFE: Final = re.compile(r"[^a-z0-9-]+")

Formatter = Callable[[float], str]


def esc(text: object) -> str:
    """Text for SVG/HTML content or an attribute value (quotes escaped too)."""
    return html.escape(str(text), quote=True)


def format_number(value: float) -> str:
    """Default value text: 1 decimal place with thousands separators (rates, FTE, caseload)."""
    return f"{value:,.1f}"


def format_whole(value: float) -> str:
    """Whole numbers with thousands separators (headcounts, cases)."""
    return f"{value:,.0f}"


def format_pounds(value: float) -> str:
    """Whole pounds with thousands separators (costs)."""
    return f"£{value:,.0f}"


def chart_id(text: str) -> str:
    """An id safe for ``id=""`` and ``aria-labelledby`` built from any text."""
    slug = _ID_UNSAFE.sub("-", text.lower()).strip("-")
    return f"chart-{slug or 'untitled'}"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low``..``high`` (steps of 1, 2, 2.5 or 5 × 10ⁿ)."""
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError(f"cannot make ticks for {low!r}..{high!r}")
    if high < low:
        low, high = high, low
    if high - low < 1e-3:  # figures are published to 1 dp: a flat line gets a unit-high axis
        high = low + max(abs(low), 1.0)
    raw = (high - low) / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks: list[float] = []
    value = start
    while value < high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(value, 10))
    return ticks


@dataclass(frozen=True, slots=True)
class LinearScale:
    """Maps a data interval onto a pixel interval (``pixel_end`` may be below ``pixel_start``)."""

    domain_start: float
    domain_end: float
    pixel_start: float
    pixel_end: float

    def __call__(self, value: float) -> float:
        span = self.domain_end - self.domain_start
        share = 0.0 if span == 0 else (value - self.domain_start) / span
        return self.pixel_start + share * (self.pixel_end - self.pixel_start)


@dataclass(frozen=True, slots=True)
class Plot:
    """The drawing area inside an SVG of ``width`` × ``height`` after the margins."""

    width: int
    height: int
    left: int = 56
    right: int = 16
    top: int = 16
    bottom: int = 40

    @property
    def x0(self) -> float:
        return float(self.left)

    @property
    def x1(self) -> float:
        return float(self.width - self.right)

    @property
    def y0(self) -> float:
        """The bottom edge (SVG y grows downwards)."""
        return float(self.height - self.bottom)

    @property
    def y1(self) -> float:
        return float(self.top)

    def value_scale(self, ticks: Sequence[float]) -> LinearScale:
        return LinearScale(ticks[0], ticks[-1], self.y0, self.y1)


def svg_document(
    title: str, description: str, body: Sequence[str], *, width: int, height: int, ident: str
) -> str:
    """The outer ``<svg>`` with its title and description referenced by ``aria-labelledby``."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'id="{ident}" {FONT} font-size="14">'
        f'<title id="{ident}-title">{esc(title)}</title><desc id="{ident}-desc">{esc(description)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def _tick_formatter(ticks: Sequence[float], fmt: Formatter) -> Formatter:
    """How an axis writes its ticks: whole numbers plainly when every tick is whole, else ``fmt``."""
    return format_whole if all(float(tick).is_integer() for tick in ticks) else fmt


def y_axis(plot: Plot, ticks: Sequence[float], fmt: Formatter, label: str = "") -> list[str]:
    """Horizontal grid lines with tick labels, and the axis label rotated on the left."""
    scale = plot.value_scale(ticks)
    parts = []
    tick_text = _tick_formatter(ticks, fmt)
    for tick in ticks:
        y = scale(tick)
        colour = GOVUK_BLACK if tick == 0 else GOVUK_MID_GREY
        parts.append(
            f'<line x1="{plot.x0:.1f}" y1="{y:.1f}" x2="{plot.x1:.1f}" y2="{y:.1f}" stroke="{colour}" '
            'stroke-width="1" aria-hidden="true"/>'
            f'<text x="{plot.x0 - 6:.1f}" y="{y + 4:.1f}" text-anchor="end" fill="{GOVUK_BLACK}" '
            f'aria-hidden="true">{esc(tick_text(tick))}</text>'
        )
    if label:
        middle = (plot.y0 + plot.y1) / 2
        parts.append(
            f'<text transform="translate(12 {middle:.1f}) rotate(-90)" text-anchor="middle" '
            f'fill="{GOVUK_DARK_GREY}" aria-hidden="true">{esc(label)}</text>'
        )
    return parts


def _marker(shape: str, x: float, y: float, colour: str, tip: str) -> str:
    tooltip = f"<title>{esc(tip)}</title>"
    if shape == "square":
        return (
            f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" fill="{colour}">{tooltip}</rect>'
        )
    if shape == "triangle":
        points = f"{x:.1f},{y - 4.5:.1f} {x + 4.5:.1f},{y + 3.5:.1f} {x - 4.5:.1f},{y + 3.5:.1f}"
        return f'<polygon points="{points}" fill="{colour}">{tooltip}</polygon>'
    if shape == "diamond":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}">{tooltip}</polygon>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}">{tooltip}</circle>'


@dataclass(frozen=True, slots=True)
class Series:
    """One line: a value (or None for a gap) per category of the chart's x axis."""

    label: str
    values: Sequence[float | None]
    emphasis: bool = False  # drawn thicker: the council the page is about


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar; ``note`` replaces a missing value in text (e.g. ``c`` suppressed)."""

    label: str
    value: float | None
    highlight: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class ReferenceLine:
    """A labelled vertical line across a bar chart (e.g. the region's or England's figure)."""

    label: str
    value: float


@dataclass(frozen=True, slots=True)
class ChartText:
    """Title, optional extra description and how values are written."""

    title: str
    value_label: str = ""
    summary: str = ""
    fmt: Formatter = field(default=format_number)


def _value_ticks(values: Sequence[float], *, include_zero: bool = True) -> list[float]:
    low = min([*values, 0.0]) if include_zero else min(values)
    high = max([*values, 0.0]) if include_zero else max(values)
    return nice_ticks(low, high)


def _missing_text(value: float | None, fmt: Formatter, note: str = "") -> str:
    if value is not None:
        return fmt(value)
    return note or "no figure"


def _check_lengths(categories: Sequence[str | int], series: Sequence[Series]) -> None:
    for s in series:
        if len(s.values) != len(categories):
            raise ValueError(
                f"series {s.label!r} has {len(s.values)} values for {len(categories)} categories"
            )


@dataclass(frozen=True, slots=True)
class _Style:
    colour: str
    dash: str
    marker: str
    stroke: float

    @property
    def dash_attr(self) -> str:
        return f' stroke-dasharray="{self.dash}"' if self.dash else ""


def _style(index: int, series: Series, scale: float = 1.0) -> _Style:
    return _Style(
        SERIES_COLOURS[index % len(SERIES_COLOURS)],
        DASHES[index % len(DASHES)],
        MARKERS[index % len(MARKERS)],
        (3.5 if series.emphasis else 2.0) * scale,
    )


def _series_marks(
    series: Series,
    style: _Style,
    x: Sequence[float],
    y: LinearScale,
    tip: Callable[[int, float], str],
) -> list[str]:
    """One series as a group: line segments (broken at gaps) and a marker with a tooltip per value."""
    segments: list[list[str]] = [[]]
    for i, value in enumerate(series.values):
        if value is None:
            segments.append([])
        else:
            segments[-1].append(f"{x[i]:.1f},{y(value):.1f}")
    group = [f'<g class="app-chart__series" data-series="{esc(series.label)}">']
    group.extend(
        f'<polyline points="{" ".join(points)}" fill="none" stroke="{style.colour}" '
        f'stroke-width="{style.stroke}"{style.dash_attr} aria-hidden="true"/>'
        for points in segments
        if len(points) > 1
    )
    group.extend(
        _marker(style.marker, x[i], y(value), style.colour, tip(i, value))
        for i, value in enumerate(series.values)
        if value is not None
    )
    group.append("</g>")
    return group


def _legend(series: Sequence[Series], left: float, right: float, top: float) -> list[str]:
    """Two columns of line-and-marker keys, starting at ``top``."""
    parts = []
    for index, s in enumerate(series):
        style = _style(index, s)
        column, row = index % 2, index // 2
        lx = left + column * (right - left) / 2
        ly = top + row * 22
        parts.append(
            f'<g aria-hidden="true"><line x1="{lx:.1f}" y1="{ly - 4:.1f}" '
            f'x2="{lx + 24:.1f}" y2="{ly - 4:.1f}" '
            f'stroke="{style.colour}" stroke-width="{style.stroke}"{style.dash_attr}/>'
            + _marker(style.marker, lx + 12, ly - 4, style.colour, s.label)
            + f'<text x="{lx + 30:.1f}" y="{ly:.1f}" fill="{GOVUK_BLACK}"'
            + (' font-weight="bold"' if s.emphasis else "")
            + f">{esc(s.label)}</text></g>"
        )
    return parts


def _series_text(categories: Sequence[str | int], series: Series, fmt: Formatter) -> str:
    values = "; ".join(f"{c} {_missing_text(v, fmt)}" for c, v in zip(categories, series.values, strict=True))
    return f"{series.label}: {values}."


def line_chart(
    text: ChartText,
    categories: Sequence[str | int],
    series: Sequence[Series],
    *,
    width: int = 640,
    height: int = 300,
) -> str:
    """Several series over the same categories (years), with a legend under the plot.

    A None value leaves a gap in its line. Returns "" when no series has a value.
    """
    present = [v for s in series for v in s.values if v is not None]
    if not present or not categories:
        return ""
    _check_lengths(categories, series)
    plot = Plot(width, height, bottom=44 + 22 * math.ceil(len(series) / 2))
    ticks = _value_ticks(present)
    y = plot.value_scale(ticks)
    step = (plot.x1 - plot.x0) / len(categories)
    x = [plot.x0 + step * (i + 0.5) for i in range(len(categories))]
    body = y_axis(plot, ticks, text.fmt, text.value_label)
    body.extend(
        f'<text x="{x[i]:.1f}" y="{plot.y0 + 16:.1f}" text-anchor="middle" fill="{GOVUK_BLACK}" '
        f'aria-hidden="true">{esc(category)}</text>'
        for i, category in enumerate(categories)
    )
    for index, s in enumerate(series):

        def tip(i: int, value: float, s: Series = s) -> str:
            return f"{s.label}, {categories[i]}: {text.fmt(value)}"

        body.extend(_series_marks(s, _style(index, s), x, y, tip))
    body.extend(_legend(series, plot.x0, plot.x1, plot.y0 + 40))
    description = " ".join(
        part for part in (text.summary, *(_series_text(categories, s, text.fmt) for s in series)) if part
    )
    return svg_document(text.title, description, body, width=width, height=height, ident=chart_id(text.title))


@dataclass(frozen=True, slots=True)
class Panel:
    """One small chart of a small-multiples grid: its title and its series (same labels in every panel)."""

    label: str
    series: Sequence[Series]


def small_multiples(
    text: ChartText,
    categories: Sequence[str | int],
    panels: Sequence[Panel],
    *,
    columns: int = 4,
    panel_width: int = 220,
    panel_height: int = 150,
) -> str:
    """A grid of small line charts on one shared value axis, so panels compare at a glance.

    Each panel shows its title, the first and last category, and its series; the legend (from the
    first panel's series) sits under the grid. Returns "" when no panel has a value.
    """
    present = [v for p in panels for s in p.series for v in s.values if v is not None]
    if not present or not categories:
        return ""
    for panel in panels:
        _check_lengths(categories, panel.series)
    ticks = _value_ticks(present)
    rows = math.ceil(len(panels) / columns)
    legend_series = list(panels[0].series)
    width = 50 + columns * panel_width
    height = rows * panel_height + 20 + 22 * math.ceil(len(legend_series) / 2)
    tick_text = _tick_formatter(ticks, text.fmt)
    body: list[str] = []
    for number, panel in enumerate(panels):
        column, row = number % columns, number // columns
        left, top = 50 + column * panel_width, row * panel_height
        plot = Plot(panel_width, panel_height, left=0, right=12, top=26, bottom=22)
        y = LinearScale(ticks[0], ticks[-1], top + plot.y0, top + plot.y1)
        step = (plot.x1 - plot.x0) / len(categories)
        x = [left + step * (i + 0.5) for i in range(len(categories))]
        body.append(
            f'<text x="{left:.1f}" y="{top + 16:.1f}" font-weight="bold" fill="{GOVUK_BLACK}">'
            f"{esc(panel.label)}</text>"
        )
        for tick in ticks:
            body.append(
                f'<line x1="{left:.1f}" y1="{y(tick):.1f}" x2="{left + plot.x1:.1f}" y2="{y(tick):.1f}" '
                f'stroke="{GOVUK_BLACK if tick == 0 else GOVUK_MID_GREY}" aria-hidden="true"/>'
            )
            if column == 0:
                body.append(
                    f'<text x="{left - 6:.1f}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="12" '
                    f'fill="{GOVUK_BLACK}" aria-hidden="true">{esc(tick_text(tick))}</text>'
                )
        for i in {0, len(categories) - 1}:
            body.append(
                f'<text x="{x[i]:.1f}" y="{top + plot.y0 + 16:.1f}" text-anchor="middle" font-size="12" '
                f'fill="{GOVUK_BLACK}" aria-hidden="true">{esc(categories[i])}</text>'
            )
        for index, s in enumerate(panel.series):

            def tip(i: int, value: float, s: Series = s, panel: Panel = panel) -> str:
                return f"{panel.label}, {s.label}, {categories[i]}: {text.fmt(value)}"

            body.extend(_series_marks(s, _style(index, s, 0.75), x, y, tip))
    body.extend(_legend(legend_series, 50, width - 10, rows * panel_height + 24))
    description = " ".join(
        part
        for part in (
            text.summary,
            *(
                f"{p.label}. " + " ".join(_series_text(categories, s, text.fmt) for s in p.series)
                for p in panels
            ),
        )
        if part
    )
    return svg_document(text.title, description, body, width=width, height=height, ident=chart_id(text.title))


def chart_rows(
    categories: Sequence[str | int], series: Sequence[Series], fmt: Formatter = format_number
) -> list[list[str]]:
    """The line chart's data as table rows (one per category, one column per series): its text alternative."""
    return [
        [str(category), *(_missing_text(s.values[i], fmt) for s in series)]
        for i, category in enumerate(categories)
    ]


def ranked_bar_chart(
    text: ChartText,
    bars: Sequence[Bar],
    *,
    references: Sequence[ReferenceLine] = (),
    rank: bool = True,
    descending: bool = True,
    width: int = 640,
    label_width: int = 200,
) -> str:
    """Horizontal bars, largest first (``rank``), the highlighted bar in blue and bold.

    Bars without a value are listed at the bottom with their note (e.g. ``c``) instead of a bar.
    Returns "" when there are no bars.
    """
    if not bars:
        return ""
    ordered = list(bars)
    if rank:
        with_value = sorted(
            (b for b in bars if b.value is not None), key=lambda b: b.value or 0.0, reverse=descending
        )
        ordered = with_value + [b for b in bars if b.value is None]
    bar_height, gap, legend_row = 22, 6, 20
    height = 44 + len(ordered) * (bar_height + gap) + legend_row * len(references)
    plot = Plot(width, height, left=label_width, right=70, top=10, bottom=34 + legend_row * len(references))
    values = [b.value for b in ordered if b.value is not None] + [r.value for r in references]
    ticks = _value_ticks(values) if values else [0.0, 1.0]
    scale = LinearScale(ticks[0], ticks[-1], plot.x0, plot.x1)
    tick_text = _tick_formatter(ticks, text.fmt)
    body: list[str] = []
    for tick in ticks:
        x = scale(tick)
        body.append(
            f'<line x1="{x:.1f}" y1="{plot.y1:.1f}" x2="{x:.1f}" y2="{plot.y0:.1f}" '
            f'stroke="{GOVUK_BLACK if tick == 0 else GOVUK_MID_GREY}" aria-hidden="true"/>'
            f'<text x="{x:.1f}" y="{plot.y0 + 16:.1f}" text-anchor="middle" fill="{GOVUK_BLACK}" '
            f'aria-hidden="true">{esc(tick_text(tick))}</text>'
        )
    # Reference lines first, so bars and their labels are drawn over them.
    for index, reference in enumerate(references):
        x = scale(reference.value)
        dash = DASHES[(index + 1) % len(DASHES)]
        legend_y = plot.y0 + 40 + legend_row * index
        body.append(
            f'<line x1="{x:.1f}" y1="{plot.y1:.1f}" x2="{x:.1f}" y2="{plot.y0:.1f}" stroke="{GOVUK_BLACK}" '
            f'stroke-width="2" stroke-dasharray="{dash}" aria-hidden="true"/>'
            f'<g aria-hidden="true"><line x1="{plot.x0:.1f}" y1="{legend_y - 5:.1f}" '
            f'x2="{plot.x0 + 24:.1f}" y2="{legend_y - 5:.1f}" stroke="{GOVUK_BLACK}" '
            f'stroke-width="2" stroke-dasharray="{dash}"/>'
            f'<text x="{plot.x0 + 30:.1f}" y="{legend_y:.1f}" fill="{GOVUK_BLACK}">'
            f"{esc(reference.label)}: {esc(text.fmt(reference.value))}</text></g>"
        )
    for index, bar in enumerate(ordered):
        top = plot.y1 + 4 + index * (bar_height + gap)
        middle = top + bar_height / 2 + 4
        weight = ' font-weight="bold"' if bar.highlight else ""
        body.append(
            f'<text x="{plot.x0 - 8:.1f}" y="{middle:.1f}" text-anchor="end" fill="{GOVUK_BLACK}"{weight}>'
            f"{esc(bar.label)}</text>"
        )
        shown = _missing_text(bar.value, text.fmt, bar.note)
        if bar.value is None:
            body.append(
                f'<text x="{plot.x0 + 4:.1f}" y="{middle:.1f}" fill="{GOVUK_DARK_GREY}"{weight}>'
                f"{esc(shown)}</text>"
            )
            continue
        start, end = sorted((scale(0.0), scale(bar.value)))
        colour = GOVUK_BLUE if bar.highlight else GOVUK_DARK_GREY
        body.append(
            f'<rect x="{start:.1f}" y="{top:.1f}" width="{max(end - start, 1):.1f}" height="{bar_height}" '
            f'fill="{colour}"><title>{esc(bar.label)}: {esc(shown)}</title></rect>'
            f'<text x="{end + 4:.1f}" y="{middle:.1f}" fill="{GOVUK_BLACK}"{weight}>{esc(shown)}</text>'
        )
    listing = "; ".join(
        f"{b.label}{' (selected)' if b.highlight else ''} {_missing_text(b.value, text.fmt, b.note)}"
        for b in ordered
    )
    refs = "; ".join(f"{r.label} {text.fmt(r.value)}" for r in references)
    order = "ranked highest first" if descending else "ranked lowest first"
    description = " ".join(
        part
        for part in (
            text.summary,
            f"{len(ordered)} bars{', ' + order if rank else ''}: {listing}.",
            f"Reference lines: {refs}." if refs else "",
        )
        if part
    )
    return svg_document(text.title, description, body, width=width, height=height, ident=chart_id(text.title))


def column_chart(text: ChartText, bars: Sequence[Bar], *, width: int = 700, height: int = 180) -> str:
    """Vertical bars in the given order (e.g. one per quarter); "" when there are no bars."""
    if not bars:
        return ""
    plot = Plot(width, height, left=64, right=10, top=10, bottom=24)
    values = [b.value for b in bars if b.value is not None]
    ticks = _value_ticks(values) if values else [0.0, 1.0]
    y = plot.value_scale(ticks)
    gap = 6.0
    bar_width = max((plot.x1 - plot.x0) / len(bars) - gap, 2.0)
    body = y_axis(plot, ticks, text.fmt, text.value_label)
    for index, bar in enumerate(bars):
        x = plot.x0 + gap / 2 + index * (bar_width + gap)
        shown = _missing_text(bar.value, text.fmt, bar.note)
        if bar.value is not None:
            top, bottom = sorted((y(bar.value), y(0.0)))
            colour = GOVUK_BLUE if not bar.highlight else GOVUK_DARK_BLUE
            body.append(
                f'<rect x="{x:.1f}" y="{top:.1f}" width="{bar_width:.1f}" '
                f'height="{max(bottom - top, 0.5):.1f}" '
                f'fill="{colour}"><title>{esc(bar.label)}: {esc(shown)}</title></rect>'
            )
        body.append(
            f'<text x="{x + bar_width / 2:.1f}" y="{height - 8}" font-size="9" text-anchor="middle" '
            f'fill="{GOVUK_BLACK}" aria-hidden="true">{esc(bar.label)}</text>'
        )
    listing = "; ".join(f"{b.label} {_missing_text(b.value, text.fmt, b.note)}" for b in bars)
    description = " ".join(part for part in (text.summary, f"{listing}.") if part)
    return svg_document(text.title, description, body, width=width, height=height, ident=chart_id(text.title))


# --- Forecast fan chart ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fan:
    """One forecast series: the 10th-90th percentile band and the median, one value per category."""

    label: str
    low: Sequence[float]
    median: Sequence[float]
    high: Sequence[float]


def _fan_points(
    x: Sequence[float], values: Sequence[float], y: LinearScale, *, reverse: bool = False
) -> list[str]:
    points = [f"{xi:.1f},{y(v):.1f}" for xi, v in zip(x, values, strict=True)]
    return points[::-1] if reverse else points


def fan_chart(
    text: ChartText,
    categories: Sequence[str],
    fans: Sequence[Fan],
    *,
    lines: Sequence[Series] = (),
    label_every: int = 6,
    width: int = 640,
    height: int = 320,
) -> str:
    """Forecast fans: a shaded 80% band (10th to 90th percentile) around each median line, and
    optional plain ``lines`` (e.g. the FTE needed to meet demand, dashed).

    Fans are told apart by colour, band opacity and the median's dash pattern; the description
    reads the median and band at every ``label_every``-th category. Returns "" without data.
    """
    if not categories or not fans:
        return ""
    lengths = [(f.label, len(v)) for f in fans for v in (f.low, f.median, f.high)]
    lengths += [(s.label, len(s.values)) for s in lines]
    for label, size in lengths:
        if size != len(categories):
            raise ValueError(f"series {label!r} has {size} values for {len(categories)} categories")
    values = [v for f in fans for v in (*f.low, *f.high)] + [
        v for s in lines for v in s.values if v is not None
    ]
    legend_rows = len(fans) + len(lines)
    ticks = _value_ticks(values, include_zero=min(values) <= 0)
    widest = max(len(text.fmt(t)) for t in ticks)  # room for "£1,000,000" beside the axis
    plot = Plot(width, height, left=max(56, 7 * widest + 28), right=30, bottom=40 + 18 * legend_rows)
    y = plot.value_scale(ticks)
    step = (plot.x1 - plot.x0) / max(len(categories) - 1, 1)
    x = [plot.x0 + step * i for i in range(len(categories))]
    every = max(label_every, 1)
    shown = [i for i in range(len(categories)) if (i + 1) % every == 0 or i == 0]
    body = y_axis(plot, ticks, text.fmt, text.value_label)
    for i in shown:
        body.append(
            f'<text x="{x[i]:.1f}" y="{plot.y0 + 16:.1f}" text-anchor="middle" fill="{GOVUK_BLACK}" '
            f'aria-hidden="true">{esc(categories[i])}</text>'
        )
    legend_y = plot.y0 + 36
    for index, fan in enumerate(fans):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        dash = DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        band = _fan_points(x, fan.high, y) + _fan_points(x, fan.low, y, reverse=True)
        body.append(
            f'<g class="app-chart__fan" data-series="{esc(fan.label)}">'
            f'<polygon points="{" ".join(band)}" fill="{colour}" fill-opacity="0.22" stroke="none" '
            'aria-hidden="true"/>'
            f'<polyline points="{" ".join(_fan_points(x, fan.median, y))}" fill="none" stroke="{colour}" '
            f'stroke-width="2.5"{dash_attr} aria-hidden="true"/></g>'
        )
        ly = legend_y + 18 * index
        body.append(
            f'<g aria-hidden="true"><rect x="{plot.x0:.1f}" y="{ly - 11:.1f}" width="24" height="12" '
            f'fill="{colour}" fill-opacity="0.22"/><line x1="{plot.x0:.1f}" y1="{ly - 5:.1f}" '
            f'x2="{plot.x0 + 24:.1f}" y2="{ly - 5:.1f}" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
            f'<text x="{plot.x0 + 30:.1f}" y="{ly:.1f}" fill="{GOVUK_BLACK}">'
            f"{esc(fan.label)}: median and 80% range</text></g>"
        )
    for offset, line in enumerate(lines):
        dash = DASHES[1 + offset % (len(DASHES) - 1)]  # always dashed, and black
        points = [f"{x[i]:.1f},{y(v):.1f}" for i, v in enumerate(line.values) if v is not None]
        body.append(
            f'<polyline class="app-chart__line" data-series="{esc(line.label)}" points="{" ".join(points)}" '
            f'fill="none" stroke="{GOVUK_BLACK}" stroke-width="2" stroke-dasharray="{dash}" '
            'aria-hidden="true"/>'
        )
        ly = legend_y + 18 * (len(fans) + offset)
        body.append(
            f'<g aria-hidden="true"><line x1="{plot.x0:.1f}" y1="{ly - 5:.1f}" x2="{plot.x0 + 24:.1f}" '
            f'y2="{ly - 5:.1f}" stroke="{GOVUK_BLACK}" stroke-width="2" stroke-dasharray="{dash}"/>'
            f'<text x="{plot.x0 + 30:.1f}" y="{ly:.1f}" fill="{GOVUK_BLACK}">'
            f"{esc(line.label)} (median)</text></g>"
        )
    readings = [
        f"{fan.label}: "
        + "; ".join(
            f"{categories[i]} median {text.fmt(fan.median[i])} "
            f"(80% range {text.fmt(fan.low[i])} to {text.fmt(fan.high[i])})"
            for i in shown
        )
        + "."
        for fan in fans
    ] + [
        f"{line.label}: "
        + "; ".join(f"{categories[i]} {_missing_text(line.values[i], text.fmt)}" for i in shown)
        + "."
        for line in lines
    ]
    description = " ".join(part for part in (text.summary, *readings) if part)
    return svg_document(text.title, description, body, width=width, height=height, ident=chart_id(text.title))


def fan_rows(
    categories: Sequence[str],
    fans: Sequence[Fan],
    lines: Sequence[Series] = (),
    fmt: Formatter = format_number,
) -> list[list[str]]:
    """The fan chart's data as table rows: per category, each fan's 10th, 50th and 90th
    percentiles, then each line's value: its text alternative."""
    return [
        [
            str(category),
            *(fmt(v) for fan in fans for v in (fan.low[i], fan.median[i], fan.high[i])),
            *(_missing_text(line.values[i], fmt) for line in lines),
        ]
        for i, category in enumerate(categories)
    ]
