"""Next year's children changing social worker on synthetic data: the continuity page, the
forecast page and the board pack show the figure the core function gives; without SSDA903
tables it is "not available", never zero."""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from weasyprint import HTML

from csc_workforce.analytics.canonical import la_level_frame, workers_frame
from csc_workforce.analytics.continuity import continuity_report, worker_statuses
from csc_workforce.analytics.continuity_outlook import children_changing_next_year
from csc_workforce.analytics.forecast_inputs import bundled_fit, inputs_from_census
from csc_workforce.core.continuity.projection import Band, ChildrenChangingProjection
from csc_workforce.core.forecast import Scenario, run_forecast
from csc_workforce.core.forecast.compare import ForecastRun
from csc_workforce.ingest.published import load_indicators
from csc_workforce.ingest.ssda903 import read_episodes, read_social_worker_episodes
from csc_workforce.reporting.board_pack import Continuity, board_pack_data, board_pack_html
from csc_workforce.reporting.continuity_projection import plan_sentence, projection_rows, projection_sentence
from csc_workforce.synth import generate_region
from csc_workforce.synth.ssda903 import write_council_tables
from csc_workforce.web.continuity.demo import load_demo_continuity
from csc_workforce.web.continuity.services import children_changing
from csc_workforce.web.forecasts.forms import initial_settings
from csc_workforce.web.returns.services import accept_file
from tests.web_fixtures.jobs import file_from_job
from tests.web_fixtures.returns import xml_bytes

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]
SEED = 11
YEARS = (2024, 2025, 2026)


@pytest.fixture(scope="module")
def synthetic_873() -> list[Any]:
    return sorted(
        (r for r in generate_region("East of England", list(YEARS), SEED) if r.la_code == "873"),
        key=lambda r: r.year,
    )


def _expected(returns: list[Any], folder: Path) -> ChildrenChangingProjection:
    """The core figure, computed outside the web app from the same synthetic files."""
    episodes, social_workers, _ = write_council_tables(returns, SEED, folder)
    care = read_episodes(episodes, b"any key: aggregates only")
    workers = read_social_worker_episodes(social_workers, b"any key: aggregates only")
    report = continuity_report(care, workers, census=worker_statuses(workers_frame(returns)))
    inputs = inputs_from_census(workers_frame(returns), la_level_frame(returns), published=bundled_fit())
    settings = initial_settings()
    forecast = run_forecast(inputs, Scenario(), 12, settings["sims"], settings["seed"])
    projection = children_changing_next_year(report, returns, forecast)
    assert isinstance(projection, ChildrenChangingProjection)
    return projection


def test_the_pages_show_the_core_figure(synthetic_873, council, analyst, login, tmp_path):
    client = login(analyst)
    assert "not available: no SSDA903" in html.unescape(
        client.get("/councils/873/forecast/").content.decode()
    )
    for census in synthetic_873:
        accept_file(council, xml_bytes(census), analyst, filename=f"873_{census.year}.xml")
    assert load_demo_continuity(council.region, SEED, loader=analyst) == 1

    expected = _expected(synthetic_873, tmp_path)
    assert expected.measured_year == 2026 and expected.forecast_year == 2027
    assert expected.case_holding_leavers > 0 and expected.from_leavers.median > 0
    sentence = projection_sentence(expected)

    page = html.unescape(client.get("/councils/873/continuity/").content.decode())
    assert sentence in page
    for label, *cells in projection_rows(expected):
        assert label in page and all(f">{cell}<" in page for cell in cells)
    assert expected.assumption in page

    workbook = load_workbook(io.BytesIO(client.get("/councils/873/continuity/report.xlsx").content))
    values = [list(row) for row in workbook["Next year"].iter_rows(values_only=True)]
    total = expected.total.rounded()
    assert ["Changes of social worker in all", total.low, total.median, total.high] in values

    forecast_page = html.unescape(client.get("/councils/873/forecast/").content.decode())
    assert sentence in forecast_page

    # The board pack's section, from the web app's own projection for the pack's baseline.
    shown = children_changing(council)
    assert isinstance(shown, ChildrenChangingProjection)
    assert shown.total == expected.total
    response = file_from_job(client, "/councils/873/forecast/board-pack/prepare/")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_the_board_pack_page_stays_one_page_with_the_projection(synthetic_873, tmp_path, shared_dir):
    expected = _expected(synthetic_873, tmp_path)
    inputs = inputs_from_census(workers_frame(synthetic_873), la_level_frame(synthetic_873))
    plan = Scenario(name="Thirty percent fewer leavers", retention_improvement=0.3)
    baseline, planned = run_forecast(inputs, months=12, sims=200), run_forecast(inputs, plan, 12, 200)
    run = ForecastRun(baseline, (planned,))
    frame = load_indicators(shared_dir / "csww/csww_indicators_2017_to_2025.csv")
    pack = board_pack_data(
        frame, "873", run, continuity=Continuity(2026, 20.1, None), children_changing=expected
    )
    text = board_pack_html(pack)
    assert html.escape(projection_sentence(expected), quote=True) in text
    assert "Low (10th percentile)" in text
    with_plan = expected.with_leavers(Band(*planned.leavers_in_year(1)))
    assert (
        with_plan.from_leavers.median
        < expected.with_leavers(Band(*baseline.leavers_in_year(1))).from_leavers.median
    )
    assert html.escape(plan_sentence(plan.name, with_plan), quote=True) in text
    assert len(HTML(string=text).render().pages) == 1
