"""Properties of spells over random one-person histories (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from csc_workforce.core.retention import ReturnRecords, ServiceRecord, build_spells, leaver_hazards_by_service

FIRST = 2018
# Each year the person is: absent, in post, or a leaver during the year.
STATES = st.lists(st.sampled_from(["absent", "in_post", "leaver"]), min_size=1, max_size=7)


def _history(states: list[str], start_offset: int) -> list[ReturnRecords]:
    returns = []
    start: date | None = None
    for index, state in enumerate(states):
        year = FIRST + index
        records = []
        if state == "absent":
            start = None
        else:
            if start is None:
                # A spell continuing from before the first return starts long ago; others in the year.
                start = (
                    date(year - 6, 3, 1)
                    if index == 0
                    else date(year - 1, 10, 1) + timedelta(days=start_offset)
                )
            end = date(year, 6, 30) if state == "leaver" else None
            records.append(ServiceRecord(swe="SW1", agency=0, start=start, end=end))
            if state == "leaver":
                start = None
        returns.append(ReturnRecords("821", year, records))
    return returns


def _runs(states: list[str]) -> int:
    """Spells expected: each maximal run of in-post years, ended by a leaver year or not."""
    count, open_ = 0, False
    for state in states:
        if state == "absent":
            open_ = False
        elif not open_:
            count += 1
            open_ = state == "in_post"
        elif state == "leaver":
            open_ = False
    return count


@settings(max_examples=200, deadline=None)
@given(STATES, st.integers(min_value=0, max_value=200))
def test_spells_follow_the_years_in_post(states: list[str], start_offset: int) -> None:
    history = build_spells(_history(states, start_offset))
    assert len(history.spells) == _runs(states)
    assert sum(s.left for s in history.spells) == states.count("leaver")
    for spell in history.spells:
        assert spell.start <= spell.entered <= spell.end
        assert spell.entry_years <= spell.tenure_years
    assert (states[0] != "absent") == any(not s.started_in_observation for s in history.spells)


@settings(max_examples=200, deadline=None)
@given(STATES, st.integers(min_value=0, max_value=200))
def test_service_bands_share_out_every_year_at_risk_and_every_leaver(
    states: list[str], start_offset: int
) -> None:
    history = build_spells(_history(states, start_offset))
    bands = leaver_hazards_by_service(history.spells)
    exposure = sum(max(0.0, s.tenure_years - s.entry_years) for s in history.spells)
    assert abs(sum(b.years_at_risk for b in bands) - exposure) < 1e-9
    assert sum(b.leavers for b in bands) == sum(
        1 for s in history.spells if s.left and s.tenure_years > s.entry_years
    )
