"""The regional forecast page with agreed staff loans: each council's risk before and after."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

import pytest
from openpyxl import load_workbook

from csc_workforce.core.forecast.surplus import CASE_HOLDING
from csc_workforce.web.forecasts.models import RegionForecast
from csc_workforce.web.forecasts.region import EXPORT_COLUMNS, precompute_region
from csc_workforce.web.sharing.models import Loan, SharingRun

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]
PAGE = "/region/east-of-england/forecast/"
# A year's loan from month 1 of a forecast from the published 30 September 2025.
TERMS: dict[str, Any] = {
    "role": CASE_HOLDING,
    "start": date(2025, 10, 1),
    "months": 12,
    "agency_spend_avoided": 0,
}


def _agree_loan(region: Any, lender: Any, borrower: Any, fte: float, *, agreed: bool = True) -> Loan:
    run = SharingRun.objects.create(
        region=region, horizon=12, prudence=0.9, covered_fte=fte, uncovered_fte=0, created_by="lead"
    )
    agreed_at = datetime(2025, 9, 20, tzinfo=UTC) if agreed else None
    return Loan.objects.create(
        run=run, from_council=lender, to_council=borrower, fte=fte, agreed_at=agreed_at, **TERMS
    )


def _cells(region: Any, months: int) -> dict[str, dict[str, Any]]:
    stored = RegionForecast.objects.get(region=region, months=months)
    return {row["la_code"]: row["cells"] for row in stored.rows}


def test_agreed_loans_raise_the_lenders_risk_and_lower_the_borrowers(
    login: Any, lead: Any, region: Any, council: Any, other_council: Any
) -> None:
    _agree_loan(region, other_council, council, 25.0)
    _agree_loan(region, council, other_council, 500.0, agreed=False)  # only proposed: not counted
    precompute_region(region, sims=300)
    cells = _cells(region, 12)
    lender, borrower = cells[other_council.la_code], cells[council.la_code]
    assert lender["agreed_loans"] == "lends 25.0 FTE, months 1 to 12"
    assert borrower["agreed_loans"] == "receives 25.0 FTE, months 1 to 12"
    assert lender["peak_shortfall_probability_after_loans"] > lender["peak_shortfall_probability"]
    assert borrower["peak_shortfall_probability_after_loans"] < borrower["peak_shortfall_probability"]
    # Councils without loans keep their own figure, the highest of their monthly chances.
    untouched = [c for code, c in cells.items() if code not in {council.la_code, other_council.la_code}]
    assert untouched and all(c["agreed_loans"] is None for c in untouched)
    judged = [c for c in untouched if c["peak_shortfall_probability"] is not None]
    assert judged
    for c in judged:
        assert c["peak_shortfall_probability_after_loans"] == c["peak_shortfall_probability"]
        assert c["peak_shortfall_probability"] >= c["shortfall_probability"]

    html = login(lead).get(PAGE, {"months": "12"}).content.decode()
    table = html.split('id="region-ranking"')[1].split("</table>")[0]
    row = next(r for r in table.split("<tr")[1:] if other_council.name in r)
    before = round(100 * lender["peak_shortfall_probability"])
    after = round(100 * lender["peak_shortfall_probability_after_loans"])
    assert f"{before}%, {after}%" in row.replace("&lt;", "<")
    assert "lends 25.0 FTE, months 1 to 12" in row
    assert "Highest monthly chance" in table

    xlsx = login(lead).get(PAGE + "export.xlsx", {"months": "12"})
    sheet = load_workbook(io.BytesIO(xlsx.content), read_only=True)["Region forecast"]
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header == list(EXPORT_COLUMNS)
    exported = next(r for r in rows[1:] if r[0] == other_council.la_code)
    assert exported[header.index("peak_shortfall_probability_after_loans")] == pytest.approx(
        lender["peak_shortfall_probability_after_loans"]
    )
