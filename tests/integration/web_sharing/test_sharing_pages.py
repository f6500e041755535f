"""The staff-sharing journey through the Django test client: the lead proposes loans from the
councils' forecasts, both councils accept, the agreement is listed and counted in both councils'
forecasts; offers steer the planner; access to other councils and regions is refused."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from csc_workforce.core.forecast.surplus import CASE_HOLDING
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.sharing.models import Loan, SharingOffer, SharingRun
from csc_workforce.web.sharing.services import committed_changes
from tests.web_fixtures.jobs import file_from_job, run_queued_jobs

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]
REGION_PAGE = "/region/east-of-england/sharing/"
PLAN = {"horizon": "6", "prudence": "0.9"}


def _propose(login: Any, lead: Any, plan: dict[str, str] = PLAN) -> SharingRun:
    response = login(lead).post(REGION_PAGE + "propose/", plan)
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    assert run_queued_jobs() == 1  # the proposals are made by the background job
    return SharingRun.objects.get()  # one run per test


def _council_user(make_user: Any, council: Any) -> Any:
    return make_user(f"manager.{council.la_code}", "council_manager", council=council)


def test_lead_proposes_loans_that_balance_the_ledger(login: Any, lead: Any) -> None:
    run = _propose(login, lead)
    ledger = {row["la_code"]: row["surplus_fte"] for row in run.ledger}
    assert len(ledger) >= 5 and all(row["role"] == CASE_HOLDING for row in run.ledger)
    loans = list(Loan.objects.filter(run=run))
    assert loans, "the demo region has councils to spare and councils short"
    lent: dict[str, float] = {}
    for loan in loans:
        assert ledger[loan.from_council.la_code] > 0 > ledger[loan.to_council.la_code]
        lent[loan.from_council.la_code] = lent.get(loan.from_council.la_code, 0) + loan.fte
        lent[loan.to_council.la_code] = lent.get(loan.to_council.la_code, 0) - loan.fte
        assert loan.months == 6 and loan.agency_spend_avoided > 0
        # Lending raises the lender's risk (or keeps it), receiving lowers the receiver's.
        assert loan.donor_risk_after >= loan.donor_risk_before
        assert loan.recipient_risk_after <= loan.recipient_risk_before
    for code, net in lent.items():
        assert net <= ledger[code] + 1e-9 if net > 0 else -net <= -ledger[code] + 1e-9
    deficit = -sum(v for v in ledger.values() if v < 0)
    surplus = sum(v for v in ledger.values() if v > 0)
    assert run.covered_fte == pytest.approx(min(deficit, surplus), abs=0.05 * len(ledger))
    html = login(lead).get(REGION_PAGE).content.decode()
    assert 'id="sharing-ledger"' in html and 'id="sharing-proposals"' in html
    assert loans[0].to_council.name in html
    assert AuditEvent.objects.filter(action="propose_sharing_loans").count() == 1
    assert AuditEvent.objects.filter(action="view_sharing_region").exists()


def test_a_ceiling_and_a_refusal_steer_the_planner(login: Any, lead: Any, make_user: Any) -> None:
    first = _propose(login, lead)
    loan = Loan.objects.filter(run=first).first()
    assert loan is not None
    donor, recipient = loan.from_council, loan.to_council
    donor_client = login(_council_user(make_user, donor))
    response = donor_client.post(f"/councils/{donor.la_code}/sharing/offer/", {"max_lend_fte": "0"})
    assert response.status_code == 302
    recipient_client = login(_council_user(make_user, recipient))
    response = recipient_client.post(
        f"/councils/{recipient.la_code}/sharing/offer/", {"max_lend_fte": "", "refuses_to_receive": "on"}
    )
    assert response.status_code == 302
    assert SharingOffer.objects.get(council=recipient).refuses_to_receive
    SharingRun.objects.all().delete()
    second = _propose(login, lead)
    assert not Loan.objects.filter(run=second, from_council=donor).exists()
    assert not Loan.objects.filter(run=second, to_council=recipient).exists()
    assert AuditEvent.objects.filter(action="set_sharing_offer").count() == 2
    bad = donor_client.post(f"/councils/{donor.la_code}/sharing/offer/", {"max_lend_fte": "-1"})
    assert bad.status_code == 400 and "govuk-error-summary" in bad.content.decode()


def test_both_sides_accept_and_the_loan_counts_in_both_forecasts(
    login: Any, lead: Any, make_user: Any
) -> None:
    run = _propose(login, lead)
    loan = Loan.objects.filter(run=run).first()
    assert loan is not None
    donor, recipient = loan.from_council, loan.to_council
    donor_client = login(_council_user(make_user, donor))
    recipient_client = login(_council_user(make_user, recipient))
    page = recipient_client.get(f"/councils/{recipient.la_code}/sharing/").content.decode()
    assert f"/sharing/loans/{loan.pk}/accept/" in page
    assert donor_client.post(f"/councils/{donor.la_code}/sharing/loans/{loan.pk}/accept/").status_code == 302
    loan.refresh_from_db()
    assert loan.status == "Proposed" and loan.donor_decided_by == f"manager.{donor.la_code}"
    accepted = recipient_client.post(f"/councils/{recipient.la_code}/sharing/loans/{loan.pk}/accept/")
    assert accepted.status_code == 302
    loan.refresh_from_db()
    assert loan.status == "Agreed" and loan.agreed_at is not None
    agreed = AuditEvent.objects.get(action="agree_sharing_loan")
    assert agreed.detail["fte"] == loan.fte and agreed.detail["from_la"] == donor.la_code
    assert AuditEvent.objects.filter(action="decide_sharing_loan").count() == 2
    # Listed for the region and both councils.
    for client, path in (
        (login(lead), REGION_PAGE),
        (donor_client, f"/councils/{donor.la_code}/sharing/"),
        (recipient_client, f"/councils/{recipient.la_code}/sharing/"),
    ):
        html = client.get(path).content.decode()
        agreements = html.split('id="sharing-agreements"')[1].split("</table>")[0]
        assert recipient.name in agreements and "Agreed" in agreements
    # A committed change in both councils' forecasts: lent FTE taken away, received FTE added.
    lent = donor_client.get(f"/councils/{donor.la_code}/forecast/").content.decode()
    received = recipient_client.get(f"/councils/{recipient.la_code}/forecast/").content.decode()
    assert f"{-loan.fte:+.1f}" in lent.split('id="committed-loans-table"')[1].split("</table>")[0]
    assert f"{loan.fte:+.1f}" in received.split('id="committed-loans-table"')[1].split("</table>")[0]
    # Settled: a second decision is refused, clearly.
    again = donor_client.post(f"/councils/{donor.la_code}/sharing/loans/{loan.pk}/decline/")
    assert again.status_code == 400 and "already agreed" in again.content.decode()
    # The next plan starts from the agreed loan: the donor has that much less to lend.
    before = {row["la_code"]: row["surplus_fte"] for row in run.ledger}
    login(lead).post(REGION_PAGE + "propose/", PLAN)
    run_queued_jobs()
    after = {row["la_code"]: row["surplus_fte"] for row in SharingRun.objects.first().ledger}
    assert after[donor.la_code] == pytest.approx(before[donor.la_code] - loan.fte, abs=0.11)


def test_declined_by_one_side_is_not_agreed(login: Any, lead: Any, make_user: Any) -> None:
    loan = Loan.objects.filter(run=_propose(login, lead)).first()
    assert loan is not None
    client = login(_council_user(make_user, loan.to_council))
    declined = client.post(f"/councils/{loan.to_council.la_code}/sharing/loans/{loan.pk}/decline/")
    assert declined.status_code == 302
    loan.refresh_from_db()
    assert loan.status == "Declined" and loan.agreed_at is None


def test_the_workbook_holds_ledger_proposals_and_agreements(login: Any, lead: Any) -> None:
    run = _propose(login, lead)
    response = login(lead).get(REGION_PAGE + "export.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["Ledger", "Proposals", "Agreements"]
    rows = list(book["Ledger"].iter_rows(values_only=True))
    assert rows[0][:4] == ("la_code", "la_name", "role", "surplus_fte")
    assert {r[0] for r in rows[1 : 1 + len(run.ledger)]} == {row["la_code"] for row in run.ledger}
    pdf = file_from_job(login(lead), REGION_PAGE + "prepare-pdf/")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert login(lead).get(REGION_PAGE + "export.csv").status_code == 404
    assert AuditEvent.objects.filter(action="export_sharing_region").count() == 2


def test_the_page_prepares_the_pdf_as_a_job_audited_as_the_export(
    login: Any, lead: Any, other_lead: Any
) -> None:
    _propose(login, lead)
    client = login(lead)
    assert 'id="prepare-pdf"' in client.get(REGION_PAGE).content.decode()
    assert login(other_lead).post(REGION_PAGE + "prepare-pdf/").status_code == 403
    started = client.post(REGION_PAGE + "prepare-pdf/")
    assert started.status_code == 302 and started["Location"].startswith("/jobs/")
    page = started["Location"]
    assert login(other_lead).get(page).status_code == 404
    assert run_queued_jobs() == 1
    pdf = client.get(page + "download")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert 'filename="sharing-east-of-england.pdf"' in pdf["Content-Disposition"]
    (export,) = AuditEvent.objects.filter(action="export_sharing_region")
    assert export.detail == {"region": "east-of-england", "format": "pdf"}


def test_access_is_refused_to_other_councils_and_regions(
    login: Any, lead: Any, other_lead: Any, analyst: Any, other_analyst: Any
) -> None:
    assert login(other_lead).get(REGION_PAGE).status_code == 403
    assert login(other_lead).post(REGION_PAGE + "propose/", PLAN).status_code == 403
    assert login(analyst).get(REGION_PAGE).status_code == 403
    assert login(lead).get("/councils/873/sharing/").status_code == 403
    assert login(other_analyst).get("/councils/873/sharing/").status_code == 403
    assert login(other_analyst).post("/councils/873/sharing/offer/", {"max_lend_fte": "1"}).status_code == 403
    assert login(analyst).get("/councils/873/sharing/").status_code == 200
    assert login(lead).get("/region/nowhere/sharing/").status_code == 404
    assert not SharingOffer.objects.exists()


def test_a_council_cannot_decide_a_loan_that_is_not_its_own(login: Any, lead: Any, make_user: Any) -> None:
    loan = Loan.objects.filter(run=_propose(login, lead)).first()
    assert loan is not None
    outsider = (
        type(loan.from_council)
        .objects.filter(region=loan.from_council.region)
        .exclude(pk__in=[loan.from_council_id, loan.to_council_id])
        .first()
    )
    client = login(_council_user(make_user, outsider))
    response = client.post(f"/councils/{outsider.la_code}/sharing/loans/{loan.pk}/accept/")
    assert response.status_code == 400 and "not to or from your council" in response.content.decode()
    # Nor on another council's page.
    elsewhere = client.post(f"/councils/{loan.from_council.la_code}/sharing/loans/{loan.pk}/accept/")
    assert elsewhere.status_code == 403
    loan.refresh_from_db()
    assert loan.donor_decision == loan.recipient_decision == "pending"


def test_agreed_loans_become_changes_in_the_months_still_ahead(
    council: Any, other_council: Any, region: Any
) -> None:
    run = SharingRun.objects.create(
        region=region, horizon=6, prudence=0.9, covered_fte=1, uncovered_fte=0, created_by="lead"
    )
    agreed = datetime(2025, 9, 1, tzinfo=UTC)

    def loan(start: date, months: int, fte: float) -> Loan:
        return Loan.objects.create(
            run=run,
            from_council=council,
            to_council=other_council,
            role=CASE_HOLDING,
            fte=fte,
            start=start,
            months=months,
            agency_spend_avoided=0,
            agreed_at=agreed,
        )

    loan(date(2025, 4, 1), 6, 1.0)  # April to September 2025: over by the forecast's first month
    loan(date(2025, 8, 1), 4, 2.0)  # August to November: October and November still ahead
    loan(date(2026, 1, 1), 3, 3.0)  # January to March 2026: months 4 to 6
    proposed = loan(date(2025, 10, 1), 3, 9.0)
    proposed.agreed_at = None  # proposed, not agreed: no change
    proposed.save()
    lent = committed_changes(council, 2025)
    received = committed_changes(other_council, 2025)
    assert [(c.fte, c.start, c.months) for c in lent] == [(-2.0, 1, 2), (-3.0, 4, 3)]
    assert [(c.fte, c.start, c.months) for c in received] == [(2.0, 1, 2), (3.0, 4, 3)]


def test_neighbour_pairs_limit_the_loans_and_a_bad_file_names_its_row(login: Any, lead: Any) -> None:
    first = Loan.objects.filter(run=_propose(login, lead)).first()
    assert first is not None
    donor, recipient = first.from_council.la_code, first.to_council.la_code
    SharingRun.objects.all().delete()
    csv = SimpleUploadedFile("pairs.csv", f"from_la,to_la,travel_minutes\n{recipient},{donor},40\n".encode())
    response = login(lead).post(REGION_PAGE + "propose/", {**PLAN, "neighbours": csv})
    assert response.status_code == 302
    assert run_queued_jobs() == 1
    run = SharingRun.objects.get()
    assert run.neighbours == [[*sorted([donor, recipient]), 40.0]]
    loans = list(Loan.objects.filter(run=run))
    assert loans and {(loan.from_council.la_code, loan.to_council.la_code) for loan in loans} == {
        (donor, recipient)
    }
    bad = SimpleUploadedFile("pairs.csv", b"from_la,to_la\n873,abc\n")
    refused = login(lead).post(REGION_PAGE + "propose/", {**PLAN, "neighbours": bad})
    html = refused.content.decode()
    assert refused.status_code == 400 and "govuk-error-summary" in html
    assert "pairs.csv: row 2" in html and "to_la" in html
    assert SharingRun.objects.count() == 1  # nothing planned from a refused file
