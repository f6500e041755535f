"""Hostile scenario input on the forecast pages: escaped everywhere, bounded, never fetched."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

import pytest
from openpyxl import load_workbook

from tests.web_fixtures.jobs import file_from_job

pytestmark = [pytest.mark.security, pytest.mark.web, pytest.mark.django_db]
HOSTILE = "<script>alert(1)</script>"  # within the 40-character limit, so the run happens
FETCH = '<img src="file:///etc/passwd">'
FORM = {
    "run": "1",
    "retention_improvement": "10",
    "extra_newly_qualified_fte": "0",
    "caseload_cap": "",
    "agency_conversion_fte": "0",
    "conversion_months": "6",
    "months": "12",
    "sims": "100",
    "seed": "1",
}


def test_scenario_name_is_escaped_in_page_and_charts(login: Any, analyst: Any) -> None:
    response = login(analyst).get("/councils/873/forecast/", {**FORM, "name": HOSTILE})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; compared with the baseline" in html
    assert 'data-series="&lt;script&gt;alert(1)&lt;/script&gt;"' in html  # inside the SVG too


def test_hostile_name_goes_into_pdf_and_excel_inertly(login: Any, analyst: Any) -> None:
    client = login(analyst)
    prepare, query = "/councils/873/forecast/export-pdf/prepare/", urlencode({**FORM, "name": FETCH})
    pdf = file_from_job(client, prepare, {"query": query})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    formula = {**FORM, "name": '=HYPERLINK("http://x.invalid","x")'}
    xlsx = client.get("/councils/873/forecast/export.xlsx", formula)
    book = load_workbook(io.BytesIO(xlsx.content))
    cell = book["Scenarios"]["A3"]
    assert cell.data_type != "f"  # text, not a formula
    assert "HYPERLINK" in str(cell.value)


@pytest.mark.parametrize(
    "override",
    [
        {"sims": "100000"},
        {"months": "120"},
        {"seed": "-1"},
        {"retention_improvement": "nan"},
        {"extra_newly_qualified_fte": "1e309"},
        {"name": "x" * 41},
    ],
)
def test_out_of_bounds_settings_are_refused_not_run(
    login: Any, analyst: Any, override: dict[str, str]
) -> None:
    response = login(analyst).get("/councils/873/forecast/", {**FORM, "name": "s", **override})
    assert response.status_code == 400
    export = login(analyst).get("/councils/873/forecast/export.xlsx", {**FORM, "name": "s", **override})
    assert export.status_code == 404


def test_forms_only_accept_get(login: Any, analyst: Any) -> None:
    assert login(analyst).post("/councils/873/forecast/", FORM).status_code == 405
