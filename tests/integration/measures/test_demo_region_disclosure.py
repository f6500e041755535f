"""On the demo region, the attacks of issue 10: Bedford's 2025 leavers and Suffolk's 2022 starters
cannot be got back by subtracting the other councils from the region total, in any regional output
(CLI ``measures --regional``, the region dashboard and API all go through ``regional_view``)."""

from __future__ import annotations

import pytest

from csc_workforce.analytics.council import council_measures
from csc_workforce.analytics.regional import REGIONAL, regional_view
from csc_workforce.analytics.returns import load_returns
from csc_workforce.core.disclosure import SUPPRESSED, DisclosureRule
from csc_workforce.synth import write_region
from csc_workforce.web.demo import DEMO_REGION, DEMO_SEED, DEMO_YEARS
from tests.unit.measures.test_disclosure_property import feasible_widths

pytestmark = pytest.mark.integration
BEDFORD, SUFFOLK = "822", "935"


@pytest.fixture(scope="module")
def demo_measures(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo-region")
    paths = write_region(DEMO_REGION, list(DEMO_YEARS), DEMO_SEED, folder)
    workers, la_level = load_returns(paths).tables()
    return council_measures(workers, la_level)


@pytest.mark.parametrize(("code", "year", "group"), [(BEDFORD, 2025, "leavers"), (SUFFOLK, 2022, "starters")])
def test_a_small_council_cannot_be_recovered_from_the_region_total(demo_measures, code, year, group):
    raw = {
        row["old_la_code"]: row[f"{group}_headcount"]
        for row in demo_measures.filter(demo_measures["time_period"] == year).to_dicts()
    }
    assert 0 < raw[code] < 5  # the case the issue names: a small group beside the region total
    rows = [
        row
        for row in regional_view(demo_measures, dict.fromkeys(raw, DEMO_REGION), rule=DisclosureRule(5))
        if row.time_period == year
    ]
    shown = {row.old_la_code: row.cells[f"{group}_headcount"] for row in rows}
    region = next(row for row in rows if row.geographic_level == REGIONAL).cells[f"{group}_headcount"]
    assert shown[code].symbol == SUPPRESSED
    for measure in (f"{group}_fte", "turnover_rate_fte" if group == "leavers" else f"{group}_headcount"):
        assert next(row for row in rows if row.old_la_code == code).cells[measure].symbol == SUPPRESSED
    hidden_councils = [c for c, cell in shown.items() if c is not None and cell.symbol == SUPPRESSED]
    assert len(hidden_councils) >= 2 or region.symbol == SUPPRESSED
    # The subtraction of the issue no longer gives the value back, nor does any other combination.
    atoms = {c: float(v) for c, v in raw.items() if v}
    codes = sorted(raw)
    cells = [frozenset({c} & atoms.keys()) for c in codes] + [frozenset(atoms)]
    hidden = {i for i, c in enumerate(codes) if shown[c].symbol == SUPPRESSED}
    if region.symbol == SUPPRESSED:
        hidden.add(len(codes))
    assert min(feasible_widths(atoms, cells, hidden).values()) >= 1
