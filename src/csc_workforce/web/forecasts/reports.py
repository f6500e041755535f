"""The board pack, built the same way for the in-request download and the background job."""

from __future__ import annotations

from dataclasses import dataclass

from csc_workforce.analytics.benchmarking import BenchmarkError
from csc_workforce.ingest.published import load_indicators
from csc_workforce.reporting.board_pack import Continuity, board_pack_data, board_pack_pdf_bytes
from csc_workforce.web.continuity import services as continuity_services
from csc_workforce.web.forecasts import services
from csc_workforce.web.forecasts.forms import initial_settings
from csc_workforce.web.orgs.models import Council


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
