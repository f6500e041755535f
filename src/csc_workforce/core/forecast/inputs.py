"""What the forecast needs to know about one council: stocks, rates, noise and costs.

Everything is a plain number so that the same inputs can come from published statistics, a
council's own census history, or a test. ``analytics.forecast_inputs`` builds them from data;
``core.forecast.calibration`` holds the estimators.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from csc_workforce.core.forecast.service import ServiceBand

# Defaults, each labelled with its source (shared/spec/agency-and-planning.md §4).
# Permanent and agency cost per FTE-year: St Helens 2025 average weekly cost x 52 (£1,280 and £1,800).
DEFAULT_PERMANENT_COST = 1280.0 * 52
DEFAULT_AGENCY_COST = 1800.0 * 52
# Share of permanent leavers who became agency social workers, by reporting year
# (DfE attrition data set, 2025 release: "into agency" FTE / leavers FTE).
LEAVERS_TO_AGENCY_SHARE: dict[int, float] = {
    2021: 873.6 / 4994.5,
    2022: 1082.9 / 5421.0,
    2023: 949.2 / 5254.6,
    2024: 585.5 / 4726.7,
    2025: 277.5 / 4230.5,
}
# Starter origins. No national distribution of StartOrigin is published [unknown]; these are
# proxies: movers between LAs (1,258.4 FTE) / starters (4,825.6 FTE) in 2022 for "another LA";
# the 20-29 share of starter FTE in 2024 (28.2%) for "newly qualified"; agency conversions are an
# assumption. A council's own census history replaces them.
DEFAULT_STARTER_ORIGINS: dict[str, float] = {
    "newly_qualified": 0.28,
    "other_council": 0.26,
    "agency": 0.10,
    "other": 0.36,
}


# Census returns a council needs before the forecast takes leaving by length of service from its
# spells (ADR 0021): with fewer, few spells are followed past their first years.
MIN_HISTORY_RETURNS = 3


def leavers_to_agency_share(year: int) -> float:
    """The latest published share at or before ``year`` (the earliest one before 2021)."""
    known = [y for y in LEAVERS_TO_AGENCY_SHARE if y <= year]
    return LEAVERS_TO_AGENCY_SHARE[max(known) if known else min(LEAVERS_TO_AGENCY_SHARE)]


@dataclass(frozen=True, slots=True)
class RoleInputs:
    """One role's stocks at the base date and its annual leaver hazard."""

    role: str
    inpost_fte: float
    vacancy_fte: float
    agency_fte: float
    agency_cover_fte: float
    leaver_rate: float  # annual share of in-post FTE leaving (turnover, as a fraction)

    def __post_init__(self) -> None:
        for name in ("inpost_fte", "vacancy_fte", "agency_fte", "agency_cover_fte"):
            value = getattr(self, name)
            if not value >= 0.0:
                raise ValueError(f"role {self.role!r}: {name} must be a number >= 0, got {value!r}")
        if not 0.0 <= self.leaver_rate < 1.0:
            raise ValueError(f"role {self.role!r}: leaver_rate must be in [0, 1), got {self.leaver_rate!r}")


@dataclass(frozen=True, slots=True)
class NoiseModel:
    """Uncertainty, estimated from the training years (``calibration.fit_noise``).

    ``level_sd``: log-scale uncertainty of the starting stock; ``drift_sd``: yearly log-scale
    unexplained net flow (stocks and flows do not reconcile in published data);
    ``hazard_sd``: year-to-year log-scale variation of the leaver hazard; ``case_level_sd`` and
    ``case_sd``: the starting-level and yearly log-scale variation of cases around their trend;
    ``share_level_sd`` and ``share_sd``: the same pair for the share of the workforce holding cases;
    ``agency_level_sd`` and ``agency_drift_sd``: the same pair for the agency FTE a council engages.
    """

    level_sd: float = 0.04
    drift_sd: float = 0.075
    hazard_sd: float = 0.2
    case_sd: float = 0.05
    case_level_sd: float = 0.0
    share_level_sd: float = 0.0
    share_sd: float = 0.05
    share_beta: float = 0.0  # how far the case holders' share moves with an unexplained change in cases
    share_offset: float = 0.0  # share of the workforce's unexplained change the case holders' share offsets
    agency_level_sd: float = 0.2
    agency_drift_sd: float = 0.3


@dataclass(frozen=True, slots=True)
class CouncilInputs:
    """Everything one council's forecast needs. ``base_year``: the 30 September the run starts at."""

    code: str
    name: str
    region: str
    base_year: int
    roles: tuple[RoleInputs, ...]
    fill_rate: float = 0.1  # annual share of the vacancy gap filled by recruitment
    agency_adjust_rate: float = 0.25  # monthly share of the gap to the agency target closed
    cases: float = 0.0
    case_holders_fte: float = 0.0
    case_trend: float = 0.0  # annual log growth of cases
    case_reversion: float = 0.0  # log change of cases over the first year (an unusual year unwinding)
    caseload_target: float | None = None  # the caseload (region's, toward England's) caseloads drift back to
    caseload_reversion: float = 0.0  # yearly share of the gap to ``caseload_target`` that closes
    # log change of cases if the caseload's gap to its target closed in full; closes at the same pace
    case_capacity_gap: float = 0.0
    caseload_standard: float | None = None  # cases per case-holding FTE the council set, if any
    establishment_growth: float = 0.0  # annual log growth of funded posts
    leavers_to_agency: float = 0.2
    starter_origins: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_STARTER_ORIGINS))
    permanent_cost: float = DEFAULT_PERMANENT_COST
    agency_cost: float = DEFAULT_AGENCY_COST
    noise: NoiseModel = field(default_factory=NoiseModel)
    sources: dict[str, str] = field(default_factory=dict)  # parameter -> where its value came from
    # Leaving by length of service from the council's spells (ADR 0021); empty: one rate per role.
    service_bands: tuple[ServiceBand, ...] = ()

    def __post_init__(self) -> None:
        if not self.roles:
            raise ValueError(f"council {self.code}: at least one role is needed")
        if not 0.0 <= self.fill_rate <= 1.0:
            raise ValueError(f"council {self.code}: fill_rate must be in [0, 1], got {self.fill_rate!r}")
        total = sum(self.starter_origins.values())
        if any(v < 0 for v in self.starter_origins.values()) or abs(total - 1.0) > 1e-6:
            raise ValueError(f"council {self.code}: starter_origins must be >= 0 and sum to 1, got {total}")
        if self.permanent_cost < 0 or self.agency_cost < 0:
            raise ValueError(f"council {self.code}: costs must be >= 0")
        if self.caseload_standard is not None and not self.caseload_standard > 0:
            raise ValueError(f"council {self.code}: caseload_standard must be > 0")

    @property
    def inpost_fte(self) -> float:
        return sum(r.inpost_fte for r in self.roles)

    @property
    def leaving_basis(self) -> str:
        """How leaving is modelled, in words for pages and packs (ADR 0021)."""
        return self.sources.get("leaver_hazards") or (
            "one leaver rate per role (no census history of at least "
            f"{MIN_HISTORY_RETURNS} returns to take leaving by length of service from)"
        )

    @property
    def agency_fte(self) -> float:
        return sum(r.agency_fte for r in self.roles)

    def to_dict(self) -> dict[str, object]:
        values = asdict(self)
        if not self.service_bands:
            # Inputs without bands keep the fingerprint they had before bands existed.
            del values["service_bands"]
        return values

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CouncilInputs:
        """The inverse of :meth:`to_dict` (e.g. from the inputs recorded with a run)."""
        values = dict(data)
        values["roles"] = tuple(RoleInputs(**role) for role in values["roles"])
        values["noise"] = NoiseModel(**values["noise"])
        values["service_bands"] = tuple(ServiceBand(**band) for band in values.get("service_bands", ()))
        return cls(**values)

    def fingerprint(self) -> str:
        """SHA-256 of the inputs, recorded with every run so it can be reproduced."""
        text = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()
