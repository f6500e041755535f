"""Retention analysis: spells of employment built from census histories (pure), and leaver hazards
by length of service taken from them. Estimators (Kaplan–Meier, Aalen–Johansen, Cox) live in
``analytics.retention``."""

from csc_workforce.core.retention.hazards import ServiceHazard, leaver_hazards_by_service
from csc_workforce.core.retention.spells import (
    DESTINATIONS,
    ORIGINS,
    ReturnRecords,
    ServiceRecord,
    Spell,
    SpellHistory,
    build_spells,
    destination_group,
    origin_group,
    tenure_years,
)

__all__ = [
    "DESTINATIONS",
    "ORIGINS",
    "ReturnRecords",
    "ServiceHazard",
    "ServiceRecord",
    "Spell",
    "SpellHistory",
    "build_spells",
    "destination_group",
    "leaver_hazards_by_service",
    "origin_group",
    "tenure_years",
]
