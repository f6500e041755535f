"""Seeded synthetic census histories calibrated to DfE's published figures (no real personal data)."""

from __future__ import annotations

from csc_workforce.synth.areas import ENGLAND, UnknownAreaError, area_names
from csc_workforce.synth.generate import count_returns, generate_region, write_region

__all__ = ["ENGLAND", "UnknownAreaError", "area_names", "count_returns", "generate_region", "write_region"]
