"""Scenarios as data: what a council could change, applied on top of the baseline inputs."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

_FIELDS = {
    "name": "a short name",
    "retention_improvement": "share by which the leaver hazard falls, e.g. 0.1 for 10% fewer leavers",
    "extra_newly_qualified_fte": "extra newly qualified (ASYE) FTE recruited each September",
    "caseload_cap": "cases per case-holding FTE to hold; posts are funded up to the FTE this needs",
    "agency_conversion_fte": "agency FTE converted to permanent posts",
    "conversion_months": "months over which the conversions happen",
}


class ScenarioError(ValueError):
    """A scenario that cannot be used; the message names the field."""


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str = "baseline"
    retention_improvement: float = 0.0
    extra_newly_qualified_fte: float = 0.0
    caseload_cap: float | None = None
    agency_conversion_fte: float = 0.0
    conversion_months: int = 6

    def __post_init__(self) -> None:
        if not -1.0 < self.retention_improvement < 1.0:
            raise ScenarioError(f"retention_improvement must be in (-1, 1), got {self.retention_improvement}")
        if self.extra_newly_qualified_fte < 0:
            raise ScenarioError(
                f"extra_newly_qualified_fte must be >= 0, got {self.extra_newly_qualified_fte}"
            )
        if self.caseload_cap is not None and not self.caseload_cap > 0:
            raise ScenarioError(f"caseload_cap must be > 0, got {self.caseload_cap}")
        if self.agency_conversion_fte < 0:
            raise ScenarioError(f"agency_conversion_fte must be >= 0, got {self.agency_conversion_fte}")
        if not 1 <= self.conversion_months <= 36:
            raise ScenarioError(f"conversion_months must be 1 to 36, got {self.conversion_months}")

    @property
    def is_baseline(self) -> bool:
        return self == Scenario(name=self.name)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: object, source: str = "scenario") -> Scenario:
        """Build from parsed YAML/JSON; errors name ``source`` and the field."""
        if not isinstance(data, dict):
            raise ScenarioError(f"{source}: expected a mapping of fields, got {type(data).__name__}")
        unknown = sorted(set(data) - set(_FIELDS))
        if unknown:
            raise ScenarioError(
                f"{source}: unknown field(s) {', '.join(map(str, unknown))}; known: {', '.join(_FIELDS)}"
            )
        values: dict[str, Any] = {}
        for key, raw in data.items():
            if key == "name":
                if not isinstance(raw, str) or not raw.strip():
                    raise ScenarioError(f"{source}: field 'name' must be non-empty text")
                values[key] = raw.strip()[:80]
            elif key == "caseload_cap" and raw is None:
                values[key] = None
            elif key == "conversion_months":
                if isinstance(raw, bool) or not isinstance(raw, int):
                    raise ScenarioError(f"{source}: field 'conversion_months' must be a whole number")
                values[key] = raw
            else:
                if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
                    raise ScenarioError(
                        f"{source}: field {key!r} must be a number ({_FIELDS[key]}), got {raw!r}"
                    )
                values[key] = float(raw)
        try:
            return cls(**values)
        except ScenarioError as exc:
            raise ScenarioError(f"{source}: {exc}") from None


def describe_fields() -> dict[str, str]:
    """Field name -> meaning, for help text and forms."""
    return dict(_FIELDS)
