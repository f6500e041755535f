"""The agency pages through the Django test client: each role, cross-council attempts, uploads, audit."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from csc_workforce.web.agency.models import EngagementRegister, RegionAgencyTerms
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.returns.services import accept_file
from tests.integration.agency.agency_files import engagement
from tests.web_fixtures.jobs import run_queued_jobs
from tests.web_fixtures.returns import clean_return, swe_number, xml_bytes

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]

COUNCIL_PAGE = "/councils/873/agency/"
REGION_PAGE = "/region/east-of-england/agency/"
# Council 822's clean return has a permanent leaver (worker 2) who left on 2025-03-31.
LEAVER_822 = swe_number("822", 2)
CAPS = "region,role,effective_from,max_hourly_rate\n" + "\n".join(
    f"East of England,{role},2024-10-31,40.00"
    for role in ("social_worker", "senior_social_worker", "advanced_practitioner", "team_manager", "iro")
)


def register_csv(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def good_register() -> bytes:
    return register_csv(
        [
            engagement("ENG-1", la_code="873", swe_no="SW87300100"),
            engagement("ENG-2", la_code="873", swe_no="SW87300101", references_both_ways="no"),
            engagement("ENG-3", la_code="873", swe_no=LEAVER_822, start_date="2025-05-01"),
            engagement("ENG-4", la_code="873", swe_no="SW87300103", hourly_rate="44.00", agency="Pricey Ltd"),
            engagement(
                "ENG-5",
                la_code="873",
                swe_no="SW87300104",
                start_date="2024-01-01",
                references_both_ways="no",
            ),
        ]
    )


def upload(client, data: bytes, name: str = "register.csv"):
    return client.post(COUNCIL_PAGE, {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def leavers_822(other_council, make_user):
    user = make_user("loader", "admin")
    return accept_file(other_council, xml_bytes(clean_return("822", 2025)), user, filename="822-2025.xml")


@pytest.fixture
def uploaded(login, analyst, council):
    response = upload(login(analyst), good_register())
    assert response.status_code == 302, response.content.decode()[:2000]
    return EngagementRegister.objects.get(council=council)


def upload_caps(client, caps: str = CAPS, **extra):
    return client.post(
        "/region/east-of-england/agency/caps/",
        {"caps": SimpleUploadedFile("caps.csv", caps.encode()), **extra},
    )


# --- a council's page ---------------------------------------------------------------------------------
def test_analyst_uploads_a_register_and_sees_every_finding(login, analyst, leavers_822, uploaded):
    page = login(analyst).get(COUNCIL_PAGE).content.decode()
    assert "ENG-2" in page and "references: breach" in page
    # Cooling-off across councils: council 822's leaver, never the worker's SWE number.
    assert "cooling-off: breach" in page and "council 822 in the same region" in page
    assert LEAVER_822 not in page and "SW87300100" not in page
    assert "judged by no rule" in page  # ENG-5 started before 31 October 2024
    assert "price caps are not checked" in page  # no caps uploaded yet
    actions = list(AuditEvent.objects.filter(la_code="873").values_list("action", flat=True))
    assert "agency_upload_register" in actions and "agency_view_engagements" in actions


def test_a_malformed_register_names_every_bad_row_and_column_and_changes_nothing(login, analyst, uploaded):
    before = list(EngagementRegister.objects.values_list("pk", "sha256"))
    bad = register_csv(
        [
            engagement("ENG-1", la_code="873", role="wizard"),
            engagement("ENG-2", la_code="873", start_date="31/02/2025", hours_per_week="200"),
            engagement("ENG-3", la_code="822"),
            engagement("ENG-4", la_code="873"),
        ]
    )
    response = upload(login(analyst), bad)
    assert response.status_code == 400
    page = response.content.decode()
    assert "was not imported: nothing was changed" in page
    assert "row 2 (engagement_id ENG-1): column role" in page
    assert "row 3 (engagement_id ENG-2): column start_date" in page
    assert "row 3 (engagement_id ENG-2): column hours_per_week" in page
    assert list(EngagementRegister.objects.values_list("pk", "sha256")) == before
    assert AuditEvent.objects.filter(action="agency_refuse_register").count() == 1


def test_rows_for_another_council_are_refused(login, analyst, council):
    response = upload(
        login(analyst), register_csv([engagement("ENG-1", la_code="873"), engagement("ENG-2", la_code="822")])
    )
    assert response.status_code == 400
    assert "engagement_id ENG-2: column la_code: 822 is not Cambridgeshire" in response.content.decode()
    assert not EngagementRegister.objects.exists()


@pytest.mark.parametrize("name", ["register.xml", "register.xlsx"])
def test_unreadable_files_are_refused(login, analyst, council, name):
    response = upload(login(analyst), b"<not a register/>", name)
    assert response.status_code == 400
    assert not EngagementRegister.objects.exists()


def test_other_councils_users_get_403_and_cannot_upload(login, other_analyst, lead, uploaded):
    for user in (other_analyst, lead):
        client = login(user)
        assert client.get(COUNCIL_PAGE).status_code == 403
        assert upload(client, good_register()).status_code == 403
        assert client.get(COUNCIL_PAGE + "quarterly-return/?quarter=2025-Q2").status_code == 403
    assert EngagementRegister.objects.count() == 1


def test_unknown_council_is_404_and_anonymous_users_sign_in(login, analyst, council, client):
    assert login(analyst).get("/councils/999/agency/").status_code == 404
    response = client.get(COUNCIL_PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/?next=")


def test_quarterly_return_is_the_councils_own_and_audited(login, analyst, uploaded):
    client = login(analyst)
    response = client.get(COUNCIL_PAGE + "quarterly-return/?quarter=2025-Q2&format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["engagement_id"] for row in rows} == {"ENG-1", "ENG-2", "ENG-3", "ENG-4", "ENG-5"}
    assert "swe_no" not in rows[0]
    assert {row["rules_breached"] for row in rows} >= {"references"}
    xlsx = client.get(COUNCIL_PAGE + "quarterly-return/?quarter=2025-Q2&format=xlsx")
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).sheetnames == ["Quarterly return"]
    assert client.get(COUNCIL_PAGE + "quarterly-return/?quarter=2025-Q9").status_code == 400
    assert AuditEvent.objects.filter(action="agency_export_quarterly", la_code="873").count() == 2


# --- the region ---------------------------------------------------------------------------------------
def test_lead_sees_breaches_per_council_without_engagement_rows(login, lead, leavers_822, uploaded):
    assert upload_caps(login(lead)).status_code == 302
    response = login(lead).get(REGION_PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="by-council"' in page and "Cambridgeshire" in page
    assert "Pricey Ltd" in page  # by agency
    assert "No engagement register yet from" in page and "Bedford" in page
    for hidden in ("ENG-", LEAVER_822, "SW87300100", "earliest allowed start"):
        assert hidden not in page
    assert AuditEvent.objects.filter(action="agency_view_region").count() == 1


def test_region_counts_breaches_per_council(login, lead, leavers_822, uploaded):
    upload_caps(login(lead))
    page = login(lead).get(REGION_PAGE).content.decode()
    # ENG-2 references, ENG-3 cooling-off, ENG-4 price cap (44 > 40): three breaches, one per engagement.
    assert 'id="region-breaches">3<' in page


def test_region_downloads_hold_aggregates_only_and_are_audited(login, lead, uploaded):
    client = login(lead)
    xlsx = client.get(REGION_PAGE + "report.xlsx")
    assert xlsx.status_code == 200
    sheets = openpyxl.load_workbook(io.BytesIO(xlsx.content)).sheetnames
    assert "By council" in sheets and "Breaches" not in sheets and "Approved exceptions" not in sheets
    assert client.get(REGION_PAGE + "report.xlsx?from=2025-13-01").status_code == 400
    # The PDF is a background job for the period shown; its download is audited as the export was.
    old = client.get(REGION_PAGE + "report.pdf?from=2024-04-01&to=2025-03-31")
    assert old.status_code == 302 and old["Location"] == REGION_PAGE + "?from=2024-04-01&to=2025-03-31"
    assert 'id="prepare-pdf"' in client.get(REGION_PAGE).content.decode()
    started = client.post(REGION_PAGE + "prepare-pdf/", {"from": "2024-04-01", "to": "2025-03-31"})
    assert started.status_code == 302 and started["Location"].startswith("/jobs/")
    page = started["Location"]
    assert run_queued_jobs() == 1
    assert "Download agency-compliance-east-of-england-2024-04-01-to-2025-03-31.pdf" in (
        client.get(page).content.decode()
    )
    pdf = client.get(page + "download")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    exports = AuditEvent.objects.filter(action="agency_export_region").order_by("id")
    assert [e.detail["format"] for e in exports] == ["xlsx", "pdf"]
    assert exports.last().detail["region"] == "east-of-england"


def test_a_region_pdf_job_with_a_bad_period_names_it(login, lead, other_lead, analyst, uploaded):
    client = login(lead)
    assert login(analyst).post(REGION_PAGE + "prepare-pdf/").status_code == 403
    assert login(other_lead).post(REGION_PAGE + "prepare-pdf/").status_code == 403
    page = client.post(REGION_PAGE + "prepare-pdf/", {"from": "2025-13-01"})["Location"]
    assert login(other_lead).get(page).status_code == 404
    run_queued_jobs()
    html = client.get(page).content.decode()
    assert 'id="job-failed"' in html and "&#x27;from&#x27; date" in html
    assert client.get(page + "download").status_code == 404


def test_only_the_regions_lead_and_admins_see_the_region(
    login, lead, other_lead, analyst, admin_user, uploaded
):
    assert login(other_lead).get(REGION_PAGE).status_code == 403
    assert login(analyst).get(REGION_PAGE).status_code == 403
    assert login(analyst).get(REGION_PAGE + "report.xlsx").status_code == 403
    assert login(lead).get("/region/atlantis/agency/").status_code == 404
    assert login(admin_user).get(REGION_PAGE).status_code == 200
    assert login(admin_user).get(COUNCIL_PAGE).status_code == 200


def test_caps_upload_by_the_lead_applies_to_the_councils_check(login, lead, analyst, uploaded):
    assert "price-cap: breach" not in login(analyst).get(COUNCIL_PAGE).content.decode()
    response = upload_caps(login(lead), cooling_off_months="6")
    assert response.status_code == 302
    terms = RegionAgencyTerms.objects.get()
    assert (terms.cap_count, terms.cooling_off_months) == (5, 6)
    page = login(analyst).get(COUNCIL_PAGE).content.decode()
    assert "price-cap: breach" in page and "£44.00 is £4.00" in page


def test_bad_caps_files_change_nothing(login, lead, analyst):
    client = login(lead)
    assert upload_caps(client).status_code == 302
    before = list(RegionAgencyTerms.objects.values_list("pk", flat=True))
    london_only = "region,role,effective_from,max_hourly_rate\nLondon,social_worker,2024-10-31,40\n"
    response = upload_caps(client, london_only)
    assert response.status_code == 400 and "no row is for East of England" in response.content.decode()
    broken = "region,role,effective_from,max_hourly_rate\nEast of England,wizard,2024-10-31,-1\n"
    page = upload_caps(client, broken).content.decode()
    assert "row 2: column role" in page and "row 2: column max_hourly_rate" in page
    assert upload_caps(client, cooling_off_months="2").status_code == 400
    assert list(RegionAgencyTerms.objects.values_list("pk", flat=True)) == before
    assert upload_caps(login(analyst)).status_code == 403


def test_demo_loader_adds_caps_and_a_register_per_council_once(region, admin_user, leavers_822):
    from csc_workforce.web.agency.demo import load_demo_agency_data  # noqa: PLC0415

    accept_file(region.councils.get(la_code="873"), xml_bytes(clean_return("873", 2025)), admin_user)
    assert load_demo_agency_data(region, seed=1) == 2  # the two councils with accepted returns
    assert load_demo_agency_data(region, seed=1) == 0
    assert RegionAgencyTerms.objects.filter(region=region).count() == 1
    assert set(EngagementRegister.objects.values_list("council__la_code", flat=True)) == {"822", "873"}


def test_region_page_and_workbook_suppress_money_over_few_engagements(login, lead, uploaded):
    """Cambridgeshire's five engagements are four with Acme Locums and one with Pricey Ltd: each
    agency's cost is ``c`` on the page and in the workbook (Acme's would give Pricey's back from
    the council's total); the council's own total over five stays, and so do the counts."""
    client = login(lead)
    page = client.get(REGION_PAGE).content.decode()
    assert "ENG-" not in page and "44.00" not in page
    by_agency = page[page.index('id="cost-by-agency"') :]
    by_agency = by_agency[: by_agency.index("</table>")]
    assert by_agency.count(">c<") >= 2
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(REGION_PAGE + "report.xlsx").content))
    rows = list(workbook["By agency"].iter_rows(values_only=True))
    header = rows[0]
    costs = {row[0]: row[header.index("Agency cost (£)")] for row in rows[1:]}
    assert costs == {"Acme Locums": "c", "Pricey Ltd": "c"}
    engagements = {row[0]: row[header.index("Engagements")] for row in rows[1:]}
    assert engagements == {"Acme Locums": 4, "Pricey Ltd": 1}
    text = " ".join(
        str(c) for sheet in workbook.worksheets for r in sheet.iter_rows(values_only=True) for c in r
    )
    assert "ENG-" not in text and "SW873" not in text
