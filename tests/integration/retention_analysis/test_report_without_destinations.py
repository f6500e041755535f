"""Leaving out the Aalen–Johansen fits (``destinations=False``, the retention page's grouping and
team rows) changes no other figure: a differential test against the full computation."""

from __future__ import annotations

from dataclasses import replace

import pytest

from csc_workforce.analytics.retention import retention_report, spell_history
from csc_workforce.core.retention import SpellHistory
from csc_workforce.synth import generate_region


@pytest.fixture(scope="module")
def history() -> SpellHistory:
    returns = [r for r in generate_region("East of England", (2023, 2024, 2025), 3) if r.la_code == "873"]
    return spell_history(returns)


@pytest.mark.parametrize("by", ["role", "start_origin", "age_band"])
def test_survival_without_destinations_is_survival_with_them_less_the_destinations(
    history: object, by: str
) -> None:
    full = retention_report(history, by, detail=False)
    quick = retention_report(history, by, detail=False, destinations=False)
    assert any(group.destinations for group in full.groups)
    assert all(not group.destinations for group in (*quick.groups, quick.overall))
    assert quick.groups == tuple(replace(group, destinations=()) for group in full.groups)
    assert quick.overall == replace(full.overall, destinations=())
