"""The council's forecast run, its PDF report and the board pack: built the same way for the page,
the in-request downloads and the background jobs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from csc_workforce.analytics.benchmarking import BenchmarkError
from csc_workforce.core.forecast import Scenario
from csc_workforce.core.forecast.compare import ForecastRun
from csc_workforce.ingest.published import load_indicators
from csc_workforce.reporting.board_pack import Continuity, board_pack_data, board_pack_pdf_bytes
from csc_workforce.reporting.forecast_export import forecast_pdf_bytes
from csc_workforce.web.continuity import services as continuity_services
from csc_workforce.web.forecasts import services
from csc_workforce.web.forecasts.forms import ScenarioForm, initial_settings
from csc_workforce.web.orgs.models import Council

MAX_QUERY: Final = 2000  # a scenario's query string is far shorter


def scenario_settings(data: Mapping[str, Any]) -> tuple[ScenarioForm, Scenario | None, dict[str, int]]:
    """The scenario form (bound once submitted: ``run`` in ``data``), the valid scenario if any, and
    months/sims/seed to run."""
    if "run" not in data:
        return ScenarioForm(initial=initial_settings()), None, initial_settings()
    form = ScenarioForm(data)
    if not form.is_valid():
        return form, None, initial_settings()
    settings = {k: form.cleaned_data[k] for k in ("months", "sims", "seed")}
    return form, form.scenario(), settings


def council_forecast_run(
    council: Council, data: Mapping[str, Any]
) -> tuple[ScenarioForm, services.CouncilBasis, ForecastRun]:
    """The baseline, the saved scenarios and the one in ``data`` (the page's query string); raises
    ``services.NoForecastError``."""
    form, scenario, settings = scenario_settings(data)
    basis = services.council_basis(council)
    saved = services.saved_scenarios(council)
    return form, basis, services.council_run(basis, scenario, **settings, saved=saved)


def forecast_filename(council: Council, run: ForecastRun, fmt: str) -> str:
    return f"forecast-{council.la_code}-{run.baseline.inputs.base_year}.{fmt}"


def forecast_pdf(council: Council, data: Mapping[str, Any]) -> tuple[str, bytes, int]:
    """The forecast report PDF of the scenario in ``data``: (file name, bytes, scenarios shown)."""
    form, _, run = council_forecast_run(council, data)
    if form.is_bound and not form.is_valid():
        raise ValueError("the scenario is not valid")
    return forecast_filename(council, run, "pdf"), forecast_pdf_bytes(run), len(run.scenarios)


class BoardPackError(Exception):
    """No board pack for this council (no forecast basis, or no published figures to compare)."""


@dataclass(frozen=True)
class BoardPack:
    pdf: bytes
    scenarios: int


def _continuity(council: Council) -> Continuity | None:
    """The share of the council's children with 3+ social workers, where its SSDA903 files are loaded."""
    summary = continuity_services.dashboard_summary(council)
    if summary is None or summary.get("share") is None:
        return None
    return Continuity(int(summary["year"]), float(summary["share"]), summary.get("national"))


def board_pack(council: Council) -> BoardPack:
    """The one-page A4 PDF for the board: the council's saved scenarios are its plans."""
    try:
        basis = services.council_basis(council)
    except services.NoForecastError as exc:
        raise BoardPackError(str(exc)) from None
    settings = initial_settings()
    run = services.council_run(
        basis, None, 12, settings["sims"], settings["seed"], saved=services.saved_scenarios(council)
    )
    try:
        pack = board_pack_data(
            load_indicators(),
            council.la_code,
            run,
            continuity=_continuity(council),
            children_changing=continuity_services.children_changing(council, run.baseline),
        )
    except BenchmarkError as exc:
        raise BoardPackError(str(exc)) from None
    return BoardPack(board_pack_pdf_bytes(pack), len(run.scenarios))


def board_pack_filename(council: Council) -> str:
    return f"board-pack-{council.la_code}.pdf"
