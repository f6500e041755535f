"""``{% hr_position_panel council %}``: the latest workforce position from HR data, clearly dated."""

from __future__ import annotations

from typing import Any

from django import template

from csc_workforce.core.measure_labels import MEASURE_LABELS, format_figure
from csc_workforce.web.hrbuild.services import latest_position

register = template.Library()

PANEL_MEASURES = (
    "inpost_fte",
    "inpost_headcount",
    "starters_headcount",
    "leavers_headcount",
    "turnover_rate_fte",
    "agency_rate_fte",
    "vacancy_rate_fte",
    "caseload_fte",
)


@register.inclusion_tag("hrbuild/_position_panel.html")
def hr_position_panel(council: Any, may_build: bool = False) -> dict[str, Any]:
    position = latest_position(council)
    rows = []
    if position is not None:
        rows = [
            {
                "name": MEASURE_LABELS[name].name,
                "value": format_figure(name, position.measures.get(name), "z"),
            }
            for name in PANEL_MEASURES
        ]
    return {"council": council, "position": position, "rows": rows, "may_build": may_build}
