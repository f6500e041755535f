"""Named scenarios saved per council and the council's caseload standard: audited, scoped."""

from __future__ import annotations

from typing import Any

import pytest

from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.forecasts.models import ForecastSettings, SavedScenario
from tests.web_fixtures.jobs import file_from_job

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]
PAGE = "/councils/873/forecast/"
PLAN = {
    "run": "1",
    "retention_improvement": "10",
    "extra_newly_qualified_fte": "5",
    "caseload_cap": "",
    "agency_conversion_fte": "0",
    "conversion_months": "6",
    "months": "24",
    "sims": "200",
    "seed": "7",
}


def test_saved_scenarios_are_compared_side_by_side_and_audited(login: Any, analyst: Any) -> None:
    client = login(analyst)
    tried = client.get(PAGE, {**PLAN, "name": "fewer leavers"}).content.decode()
    assert 'id="save-scenario-form"' in tried
    for name, nq in (("fewer leavers", "5"), ("more newly qualified", "20")):
        response = client.post(f"{PAGE}scenarios/", {**PLAN, "name": name, "extra_newly_qualified_fte": nq})
        assert response.status_code == 302
    assert list(SavedScenario.objects.values_list("name", flat=True)) == [
        "fewer leavers",
        "more newly qualified",
    ]
    assert AuditEvent.objects.filter(action="save_forecast_scenario").count() == 2
    html = client.get(PAGE).content.decode()
    table = html.split('id="comparison-table"')[1].split("</table>")[0]
    assert "fewer leavers" in table and "more newly qualified" in table and "baseline" in table
    saved = SavedScenario.objects.get(name="fewer leavers")
    assert client.post(f"{PAGE}scenarios/{saved.pk}/delete/").status_code == 302
    assert not SavedScenario.objects.filter(pk=saved.pk).exists()
    assert AuditEvent.objects.filter(action="delete_forecast_scenario").count() == 1


def test_the_councils_standard_is_kept_and_judged_against(login: Any, analyst: Any) -> None:
    client = login(analyst)
    assert client.post(f"{PAGE}standard/", {"caseload_standard": "16"}).status_code == 302
    assert ForecastSettings.objects.get(council__la_code="873").caseload_standard == 16.0
    assert AuditEvent.objects.filter(action="set_caseload_standard").count() == 1
    html = client.get(PAGE).content.decode()
    assert "No caseload standard is set" not in html
    assert ">16 (this run&#x27;s)<" in html or ">16 (this run's)<" in html
    assert client.post(f"{PAGE}standard/", {"caseload_standard": "2"}).status_code == 400


def test_another_councils_scenarios_cannot_be_saved_or_deleted(login: Any, analyst: Any) -> None:
    other = "/councils/881/forecast/"
    assert login(analyst).post(f"{other}scenarios/", {**PLAN, "name": "x"}).status_code in {403, 404}
    assert login(analyst).post(f"{other}standard/", {"caseload_standard": "16"}).status_code in {403, 404}
    assert not SavedScenario.objects.exists()
    assert login(analyst).get(f"{PAGE}scenarios/").status_code == 405


def test_board_pack_from_the_forecast_page_is_audited(login: Any, analyst: Any) -> None:
    client = login(analyst)
    assert 'id="prepare-board-pack"' in client.get(PAGE).content.decode()
    assert client.get(f"{PAGE}board-pack.pdf")["Location"] == PAGE  # the old address leads to the page
    response = file_from_job(client, f"{PAGE}board-pack/prepare/")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export_board_pack").count() == 1
    assert login(analyst).get("/councils/881/forecast/board-pack.pdf").status_code in {403, 404}
