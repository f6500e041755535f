"""Loans of agency workers through the Django test client: the lending council names engagements
from its own register, they are checked as the receiving council would engage them (price cap,
no-return period), a flagged loan is agreed only with typed reasons (audited), the receiving council
and the region see counts by rule and never an engagement id, and the pack carries the flags."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook

from csc_workforce.core.forecast.surplus import CASE_HOLDING
from csc_workforce.web.agency import services as agency
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.returns.services import accept_file
from csc_workforce.web.sharing.models import Loan, LoanStaff, SharingRun
from tests.integration.agency.agency_files import engagement
from tests.integration.agency.test_agency_web import CAPS, register_csv
from tests.web_fixtures.jobs import file_from_job
from tests.web_fixtures.returns import clean_return, swe_number, xml_bytes

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]

REGION_PAGE = "/region/east-of-england/sharing/"
# Council 822's clean return has a permanent leaver (worker 2) who left on 2025-03-31: a loan to
# 822 from 1 June 2025 is two months later, inside the national three-month no-return period.
LEAVER_822 = swe_number("822", 2)
LOAN_START = date(2025, 6, 1)
SECRET_IDS = ("ENG-OVER", "ENG-BACK", "ENG-FINE")


@pytest.fixture
def flagged_loan(council: Any, other_council: Any, region: Any, make_user: Any) -> Loan:
    return make_flagged_loan(council, other_council, region, make_user("loader", "admin"))


def make_flagged_loan(council: Any, other_council: Any, region: Any, loader: Any) -> Loan:
    """A proposed loan from 873 to 822 from 1 June 2025, 873's register (one clean, one over the
    cap, one who left 822 two months before, one team manager, one ended) and the region's caps."""
    accept_file(other_council, xml_bytes(clean_return("822", 2025)), loader, filename="822-2025.xml")
    agency.import_terms(region, (CAPS.encode(), "caps.csv"), None, None, loader)
    rows = [
        engagement("ENG-FINE", la_code="873", swe_no="SW87300100", hourly_rate="38.00"),
        engagement("ENG-OVER", la_code="873", swe_no="SW87300101", hourly_rate="42.50"),
        engagement("ENG-BACK", la_code="873", swe_no=LEAVER_822),
        engagement("ENG-TM", la_code="873", swe_no="SW87300103", role="team_manager"),
        engagement("ENG-GONE", la_code="873", swe_no="SW87300104", end_date="2025-05-31"),
    ]
    agency.import_register(council, register_csv(rows), "register.csv", loader)
    theirs = [engagement("ENG-822", la_code="822", swe_no="SW82200100")]
    agency.import_register(other_council, register_csv(theirs), "register.csv", loader)
    run = SharingRun.objects.create(
        region=region, horizon=6, prudence=0.9, covered_fte=3, uncovered_fte=0, created_by="lead"
    )
    return Loan.objects.create(
        run=run,
        from_council=council,
        to_council=other_council,
        role=CASE_HOLDING,
        fte=3.0,
        start=LOAN_START,
        months=6,
        agency_spend_avoided=1000,
    )


def _client(login: Any, make_user: Any, council: Any) -> Any:
    return login(make_user(f"manager.{council.la_code}", "council_manager", council=council))


def _accept(client: Any, loan: Loan, la_code: str, **form: Any) -> Any:
    return client.post(f"/councils/{la_code}/sharing/loans/{loan.pk}/accept/", form)


def test_agency_workers_are_flagged_and_agreed_only_with_reasons(
    login: Any, lead: Any, make_user: Any, flagged_loan: Loan
) -> None:
    loan = flagged_loan
    donor = _client(login, make_user, loan.from_council)
    recipient = _client(login, make_user, loan.to_council)
    # The lender chooses from its own current case-holding engagements, each with what it would breach.
    page = donor.get("/councils/873/sharing/").content.decode()
    proposals = page.split('id="sharing-proposals"')[1].split("</table>")[0]
    for eid in ("ENG-FINE", "ENG-OVER", "ENG-BACK"):
        assert f'value="{eid}"' in proposals
    assert 'value="ENG-TM"' not in proposals and 'value="ENG-GONE"' not in proposals
    assert "would breach: price cap (£2.50 an hour over)" in proposals
    assert "would breach: no-return period" in proposals

    # The receiving council accepts first: nothing is flagged yet.
    assert _accept(recipient, loan, "822").status_code == 302
    chosen = {"staff": "agency", "engagement": ["ENG-OVER", "ENG-BACK", "ENG-FINE"]}
    refused = _accept(donor, loan, "873", **chosen)
    assert refused.status_code == 400
    assert "give your reason" in refused.content.decode()
    loan.refresh_from_db()
    assert loan.donor_decision == "pending" and not LoanStaff.objects.exists()
    # Another council's engagement, or one this loan cannot lend, is refused by name.
    wrong = _accept(donor, loan, "873", staff="agency", engagement=["ENG-TM"], reason="x")
    assert wrong.status_code == 400 and "ENG-TM is not a current engagement" in wrong.content.decode()
    theirs = _accept(donor, loan, "873", staff="agency", engagement=["ENG-822"], reason="x")
    assert theirs.status_code == 400 and "ENG-822 is not a current engagement" in theirs.content.decode()
    assert "ENG-822" not in page

    assert (
        _accept(donor, loan, "873", **chosen, reason="Court work; recipient to sign off").status_code == 302
    )
    loan.refresh_from_db()
    staff = LoanStaff.objects.get(loan=loan)
    assert staff.engagement_ids == ["ENG-OVER", "ENG-BACK", "ENG-FINE"]
    assert [(f["engagement_id"], f["rule"]) for f in staff.flags] == [
        ("ENG-OVER", "price-cap"),
        ("ENG-BACK", "cooling-off"),
    ]
    # The receiver accepted before the breach was known: its acceptance is withdrawn, not agreed.
    assert loan.agreed_at is None and loan.recipient_decision == "pending"
    assert loan.donor_decision == "accepted"

    # The receiver sees counts and rules only, and must give its own reason.
    seen = recipient.get("/councils/822/sharing/").content.decode()
    assert "price cap: 1 worker; no-return period: 1 worker" in seen
    assert not any(eid in seen for eid in SECRET_IDS) and LEAVER_822 not in seen
    assert _accept(recipient, loan, "822").status_code == 400
    assert _accept(recipient, loan, "822", reason="Cover for two court teams").status_code == 302
    loan.refresh_from_db()
    assert loan.status == "Agreed"
    staff.refresh_from_db()
    assert staff.recipient_reason == "Cover for two court teams"

    reasons = AuditEvent.objects.filter(action="accept_loan_despite_breach").order_by("id")
    assert [(e.detail["side"], e.detail["reason"]) for e in reasons] == [
        ("donor", "Court work; recipient to sign off"),
        ("recipient", "Cover for two court teams"),
    ]
    donor_event = AuditEvent.objects.filter(action="decide_sharing_loan", detail__side="donor").get()
    assert donor_event.detail["agency_workers"] == 3
    assert donor_event.detail["recipient_acceptance_withdrawn"] is True

    # The lender sees its own ids with their flags on the agreed loan.
    own = donor.get("/councils/873/sharing/").content.decode().split('id="sharing-agreements"')[1]
    assert "ENG-OVER: would breach: price cap (£2.50 an hour over)" in own
    assert "ENG-FINE: no breach found" in own

    # The region sees the counts by rule, never an engagement id, SWE number or reason.
    region = login(lead).get(REGION_PAGE).content.decode()
    assert "price cap: 1 worker; no-return period: 1 worker" in region
    assert not any(eid in region for eid in SECRET_IDS)
    assert LEAVER_822 not in region and "Court work" not in region

    # The partnership board's pack carries the flags as counts.
    book = load_workbook(io.BytesIO(login(lead).get(REGION_PAGE + "export.xlsx").content), read_only=True)
    rows = list(book["Agreements"].iter_rows(values_only=True))
    column = next(r for r in rows if r and "agency_rules" in r).index("agency_rules")
    values = [r[column] for r in rows if r and r[0] == "873"]
    assert values == ["3 agency workers; would breach: price cap: 1 worker; no-return period: 1 worker"]
    text = "\n".join(str(v) for r in rows for v in r if v is not None)
    assert not any(eid in text for eid in SECRET_IDS)
    assert file_from_job(login(lead), REGION_PAGE + "prepare-pdf/").content.startswith(b"%PDF")


def test_permanent_staff_by_default_and_a_clean_loan_needs_no_reason(
    login: Any, make_user: Any, flagged_loan: Loan
) -> None:
    loan = flagged_loan
    donor = _client(login, make_user, loan.from_council)
    recipient = _client(login, make_user, loan.to_council)
    assert _accept(donor, loan, "873").status_code == 302
    staff = LoanStaff.objects.get(loan=loan)
    assert not staff.agency and staff.flags == []
    assert _accept(recipient, loan, "822").status_code == 302
    loan.refresh_from_db()
    assert loan.status == "Agreed"
    assert "Permanent staff" in recipient.get("/councils/822/sharing/").content.decode()
    assert not AuditEvent.objects.filter(action="accept_loan_despite_breach").exists()


def test_a_clean_agency_loan_is_agreed_without_a_reason(
    login: Any, make_user: Any, flagged_loan: Loan
) -> None:
    loan = flagged_loan
    donor = _client(login, make_user, loan.from_council)
    assert _accept(donor, loan, "873", staff="agency", engagement=["ENG-FINE"]).status_code == 302
    assert _accept(_client(login, make_user, loan.to_council), loan, "822").status_code == 302
    loan.refresh_from_db()
    assert loan.status == "Agreed" and LoanStaff.objects.get(loan=loan).flags == []


def test_the_receiver_accepts_against_the_terms_in_force_when_it_accepts(
    login: Any, make_user: Any, flagged_loan: Loan, region: Any
) -> None:
    loan = flagged_loan
    assert (
        _accept(
            _client(login, make_user, loan.from_council), loan, "873", staff="agency", engagement=["ENG-FINE"]
        ).status_code
        == 302
    )
    # The region lowers its caps after the lender accepted: the £38 worker is now £1 over.
    agency.import_terms(region, (CAPS.replace("40.00", "37.00").encode(), "caps.csv"), None, None, None)
    recipient = _client(login, make_user, loan.to_council)
    refused = _accept(recipient, loan, "822")
    assert refused.status_code == 400 and "price cap: 1 worker" in refused.content.decode()
    assert _accept(recipient, loan, "822", reason="Agreed by the partnership board").status_code == 302
    loan.refresh_from_db()
    staff = LoanStaff.objects.get(loan=loan)
    assert loan.status == "Agreed" and [f["excess_hourly"] for f in staff.flags] == ["1.00"]
