"""Workforce forecasting: a stock-flow model with Monte Carlo uncertainty (pure NumPy).

Public API: :func:`run_forecast` (one council, one scenario) returning :class:`ForecastResult`;
:class:`CouncilInputs` and :class:`Scenario` as its inputs; :func:`fit_panel` to fit inputs from
a council-by-year panel; :mod:`backtest` to score forecasts against what happened;
:func:`surplus_by_month` for the case-holding FTE a council can spare or must find at its standard.
"""

from csc_workforce.core.forecast.calibration import Panel, fit_panel
from csc_workforce.core.forecast.inputs import CouncilInputs, NoiseModel, RoleInputs
from csc_workforce.core.forecast.result import (
    DEFAULT_MONTHS,
    DEFAULT_SEED,
    DEFAULT_SIMS,
    ForecastResult,
    run_forecast,
)
from csc_workforce.core.forecast.scenario import Scenario, ScenarioError
from csc_workforce.core.forecast.surplus import CommittedChange, SurplusMonth, surplus_by_month

__all__ = [
    "DEFAULT_MONTHS",
    "DEFAULT_SEED",
    "DEFAULT_SIMS",
    "CommittedChange",
    "CouncilInputs",
    "ForecastResult",
    "NoiseModel",
    "Panel",
    "RoleInputs",
    "Scenario",
    "ScenarioError",
    "SurplusMonth",
    "fit_panel",
    "run_forecast",
    "surplus_by_month",
]
