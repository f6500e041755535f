"""Leaving by length of service in the forecast (ADR 0021): hand-made spells, known answers."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pytest

from csc_workforce.core.forecast import CouncilInputs, RoleInputs, Scenario
from csc_workforce.core.forecast.model import simulate
from csc_workforce.core.forecast.service import ServiceBand, service_bands
from csc_workforce.core.retention import Spell, leaver_hazards_by_service
from tests.unit.forecast.test_forecast_model import council

START = date(2000, 1, 1)
FOUR_YEARS = 1461  # days: exactly 4.0 years of 365.25 days


def spell(swe: str, entered_days: int, end_days: int, *, left: bool) -> Spell:
    return Spell(
        la_code="999",
        swe=swe,
        start=START,
        entered=START + timedelta(days=entered_days),
        end=START + timedelta(days=end_days),
        left=left,
        first_year=2000,
    )


SPELLS = [
    spell("a", 0, FOUR_YEARS, left=True),
    spell("b", 0, FOUR_YEARS, left=True),
    spell("c", 0, FOUR_YEARS, left=True),
    spell("d", 0, 2 * FOUR_YEARS, left=False),
    spell("e", FOUR_YEARS, 2 * FOUR_YEARS, left=True),  # entered late, at 4 years' service
]
EDGES = (0.0, 4.0, 8.0, math.inf)


def test_band_hazards_from_hand_made_spells() -> None:
    hazards = leaver_hazards_by_service(SPELLS, EDGES)
    # (0, 4]: a, b, c and d at risk 4 years each, three leave; (4, 8]: d and e, e leaves.
    assert [(h.leavers, h.years_at_risk) for h in hazards] == [(3, 16.0), (1, 8.0), (0, 0.0)]


def test_relative_hazards_are_shrunk_and_scaled_to_the_starting_mix() -> None:
    hazards = leaver_hazards_by_service(SPELLS, EDGES)
    bands = service_bands(
        [(h.low_years, h.high_years) for h in hazards],
        [h.leavers for h in hazards],
        [h.years_at_risk for h in hazards],
        [2, 1, 1],
    )
    overall = 4 / 24
    rates = [
        3 / 13 * (3 / 16) + 10 / 13 * overall,  # ten leavers' worth of prior toward the overall rate
        1 / 11 * (1 / 8) + 10 / 11 * overall,
        overall,  # no one at risk: the overall rate
    ]
    mean = 0.5 * rates[0] + 0.25 * rates[1] + 0.25 * rates[2]
    assert [b.start_share for b in bands] == [0.5, 0.25, 0.25]
    assert [b.relative_hazard for b in bands] == pytest.approx([r / mean for r in rates], rel=1e-12)
    assert sum(b.start_share * b.relative_hazard for b in bands) == pytest.approx(1.0)


def test_no_exposure_or_no_staff_gives_no_bands() -> None:
    assert service_bands([(0.0, 1.0)], [0], [0.0], [5]) == ()
    assert service_bands([(0.0, 1.0)], [1], [3.0], [0]) == ()


def test_starters_enter_the_first_band_and_leave_at_its_rate() -> None:
    bands = (ServiceBand(0.0, 1.0, 0.0, 3.0), ServiceBand(1.0, math.inf, 1.0, 1.0))
    inputs = council(
        roles=(RoleInputs("all", 200.0, 0.0, 0.0, 0.0, 0.15),),
        fill_rate=0.0,
        service_bands=bands,
    )
    out = simulate(inputs, Scenario(), 3, 2, np.random.default_rng(1))
    q = 0.15 / 12
    # Month 1: all settled staff, the role's rate. The 2.5 FTE replacing them start in band one.
    assert out["leavers_fte"][0, 0] == pytest.approx(200.0 * q)
    # Month 2: the starters leave at three times the rate, the settled staff at the role's rate.
    first = 200.0 * q
    assert out["leavers_fte"][0, 1] == pytest.approx(first * 3 * q + (200.0 - first) * q)


def test_bands_with_one_relative_hazard_change_nothing() -> None:
    bands = (
        ServiceBand(0.0, 1.0, 0.3, 1.0),
        ServiceBand(1.0, 3.0, 0.3, 1.0),
        ServiceBand(3.0, math.inf, 0.4, 1.0),
    )
    plain = simulate(council(), Scenario(), 36, 4, np.random.default_rng(7))
    banded = simulate(council(service_bands=bands), Scenario(), 36, 4, np.random.default_rng(7))
    for name in ("inpost_fte", "leavers_fte", "starters_fte", "caseload_fte"):
        np.testing.assert_allclose(banded[name], plain[name], rtol=1e-12)


def test_inputs_without_bands_keep_their_fingerprint_and_bands_round_trip() -> None:
    plain = council()
    assert "service_bands" not in plain.to_dict()
    banded = council(service_bands=(ServiceBand(0.0, math.inf, 1.0, 1.0),))
    assert CouncilInputs.from_dict(banded.to_dict()) == banded
    assert banded.fingerprint() != plain.fingerprint()
    assert "one leaver rate per role" in plain.leaving_basis
