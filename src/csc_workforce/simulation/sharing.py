"""A region's capacity ledger from its councils' forecasts, for the staff-sharing planner.

Each council's case-holding FTE to spare (or find) over the horizon is its tightest month: what
it has in a share ``prudence`` of futures against what its caseload standard needs in the median
future (``core.forecast.surplus``), so a loan agreed now never leaves a donor short later on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from csc_workforce.core.forecast import Scenario
from csc_workforce.core.forecast.inputs import CouncilInputs
from csc_workforce.core.forecast.surplus import CommittedChange, lowest_surplus, surplus_by_month
from csc_workforce.core.sharing.model import LedgerRow
from csc_workforce.simulation.backends import Backend


@dataclass(frozen=True, slots=True)
class ForecastLedger:
    rows: tuple[LedgerRow, ...]
    skipped: tuple[str, ...] = field(default=())  # councils whose forecast cannot judge a standard


def forecast_ledger(
    inputs: Sequence[CouncilInputs],
    backend: Backend,
    *,
    horizon: int,
    prudence: float,
    sims: int,
    seed: int,
    committed: Mapping[str, Sequence[CommittedChange]] | None = None,
) -> ForecastLedger:
    """One ledger row per council: its prudent surplus (or deficit) in the tightest month ahead,
    with the changes already committed for it (``committed``, by council code: loans agreed)."""
    rows: list[LedgerRow] = []
    skipped: list[str] = []
    for result in backend.run(list(inputs), Scenario(), horizon, sims, seed):
        try:
            changes = (committed or {}).get(result.inputs.code, ())
            months = surplus_by_month(result, horizon=horizon, prudence=prudence, committed=changes)
            tightest = lowest_surplus(months)
        except ValueError as error:
            skipped.append(f"{result.inputs.code}: {error}")
            continue
        rows.append(LedgerRow(result.inputs.code, tightest.role, round(tightest.surplus_fte, 1)))
    return ForecastLedger(tuple(rows), tuple(skipped))
