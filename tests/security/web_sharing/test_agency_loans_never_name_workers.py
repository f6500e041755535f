"""Agency workers lent between councils are never named outside the lending council: the region
page and its Excel/PDF pack, the receiving council's page, and another council of the region
hold no engagement id or SWE number; only the lender can name engagements, and only its own."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from csc_workforce.web.sharing.models import Loan, LoanStaff
from tests.integration.web_sharing.test_agency_loans import LEAVER_822, SECRET_IDS, make_flagged_loan
from tests.web_fixtures.jobs import file_from_job

pytestmark = [pytest.mark.security, pytest.mark.web, pytest.mark.django_db]

REGION_PAGE = "/region/east-of-england/sharing/"
SWE_NUMBERS = ("SW87300100", "SW87300101", LEAVER_822)


@pytest.fixture
def lent(council: Any, other_council: Any, region: Any, make_user: Any, login: Any) -> Loan:
    loan = make_flagged_loan(council, other_council, region, make_user("loader", "admin"))
    donor = login(make_user("manager.873", "council_manager", council=council))
    response = donor.post(
        f"/councils/873/sharing/loans/{loan.pk}/accept/",
        {"staff": "agency", "engagement": list(SECRET_IDS), "reason": "Court cover"},
    )
    assert response.status_code == 302
    assert LoanStaff.objects.get(loan=loan).flags  # something to leak
    return loan


def _leaks(content: bytes) -> list[str]:
    text = content.decode("utf-8", errors="replace")
    return [value for value in (*SECRET_IDS, *SWE_NUMBERS) if value in text]


def test_the_region_page_and_pack_hold_no_engagement_id(login: Any, lead: Any, lent: Loan) -> None:
    client = login(lead)
    page = client.get(REGION_PAGE)
    assert page.status_code == 200 and "price cap: 1 worker" in page.content.decode()
    assert _leaks(page.content) == []
    # The PDF is drawn from the same tables as the workbook, whose cells are read back here.
    assert file_from_job(client, f"{REGION_PAGE}prepare-pdf/").content.startswith(b"%PDF")
    book = load_workbook(io.BytesIO(client.get(f"{REGION_PAGE}export.xlsx").content), read_only=True)
    cells = " ".join(str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v)
    assert _leaks(cells.encode()) == [] and "no-return period: 1 worker" in cells


def test_the_receiver_and_other_councils_see_no_engagement_id(
    login: Any, make_user: Any, lent: Loan, far_council: Any
) -> None:
    receiver = login(make_user("manager.822", "council_manager", council=lent.to_council))
    page = receiver.get("/councils/822/sharing/")
    assert page.status_code == 200 and "no-return period: 1 worker" in page.content.decode()
    assert _leaks(page.content) == []
    # The receiver cannot name the lender's engagements: its acceptance carries none.
    receiver.post(
        f"/councils/822/sharing/loans/{lent.pk}/accept/",
        {"staff": "agency", "engagement": ["ENG-FINE"], "reason": "ok"},
    )
    assert LoanStaff.objects.get(loan=lent).engagement_ids == list(SECRET_IDS)
    # Nor can another council see the lender's sharing page.
    outsider = login(make_user("manager.301", "council_manager", council=far_council))
    assert outsider.get("/councils/873/sharing/").status_code == 403
