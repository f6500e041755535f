"""Workforce forecasting: a stock-flow model with Monte Carlo uncertainty (pure NumPy).

Public API: :func:`run_forecast` (one council, one scenario) returning :class:`ForecastResult`;
:class:`CouncilInputs` and :class:`Scenario` as its inputs; :func:`fit_panel` to fit inputs from
a council-by-year panel; :mod:`backtest` to score forecasts against what happened.
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

__all__ = [
    "DEFAULT_MONTHS",
    "DEFAULT_SEED",
    "DEFAULT_SIMS",
    "CouncilInputs",
    "ForecastResult",
    "NoiseModel",
    "Panel",
    "RoleInputs",
    "Scenario",
    "ScenarioError",
    "fit_panel",
    "run_forecast",
]
