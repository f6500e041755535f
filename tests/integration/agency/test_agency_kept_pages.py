"""The agency pages' kept checks, reports and tables (``agency/services._kept_check``,
``agency/reports.REPORTS``, ``agency/views.FIGURES``): a repeat view checks nothing again, and a new
register, caps file, accepted return or disclosure threshold shows on the very next view, equal to
the page computed afresh."""

from __future__ import annotations

import itertools
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from csc_workforce.web.agency import reports, services, views
from csc_workforce.web.returns import services as returns_services
from csc_workforce.web.returns.services import accept_file
from tests.integration.agency.agency_files import engagement
from tests.integration.agency.test_agency_web import (
    COUNCIL_PAGE,
    LEAVER_822,
    REGION_PAGE,
    good_register,
    register_csv,
    upload,
    upload_caps,
)
from tests.web_fixtures.returns import clean_return, xml_bytes

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]

_PER_REQUEST = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"|nonce="[^"]+"')


def forget_everything() -> None:
    for cached in (
        services._kept_check,
        services._kept_context,
        services._register_engagements,
        services._terms_files,
        returns_services._parsed,
    ):
        cached.cache_clear()
    reports.REPORTS.clear()
    views.FIGURES.clear()


@pytest.fixture(autouse=True)
def _nothing_kept():
    forget_everything()
    yield
    forget_everything()


def served(client, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, path
    return _PER_REQUEST.sub(b"", response.content)  # a new CSRF token and CSP nonce on every page


@pytest.fixture
def checks_run(monkeypatch) -> list[int]:
    """How many engagements each check that actually ran was given."""
    runs: list[int] = []
    check = services.check_engagements

    def counted(engagements, context):
        runs.append(len(engagements))
        return check(engagements, context)

    monkeypatch.setattr(services, "check_engagements", counted)
    return runs


def test_a_repeat_view_checks_nothing_again_and_a_new_register_is_checked_at_once(
    login, analyst, lead, council, checks_run
) -> None:
    uploader, reader, region_reader = login(analyst), login(analyst), login(lead)
    assert upload(uploader, good_register()).status_code == 302
    first = served(reader, COUNCIL_PAGE)
    assert served(reader, COUNCIL_PAGE) == first
    served(region_reader, REGION_PAGE)
    served(region_reader, REGION_PAGE)
    assert checks_run == [5, 5]  # the council's check once, the region's once

    six = register_csv([engagement(f"NEW-{n}", la_code="873", agency="Fresh Ltd") for n in range(6)])
    assert upload(uploader, six).status_code == 302
    page = served(reader, COUNCIL_PAGE).decode()
    assert "NEW-5" in page and "ENG-1" not in page and "All 6 engagements" in page
    assert "Fresh Ltd" in served(region_reader, REGION_PAGE).decode()
    assert checks_run == [5, 5, 6, 6]


def test_kept_pages_equal_pages_computed_afresh_after_each_change(
    login, analyst, lead, council, other_council, make_user, settings
) -> None:
    readers = {COUNCIL_PAGE: login(analyst), REGION_PAGE: login(lead)}
    periods = ["", "?from=2025-01-01&to=2025-06-30"]
    pages = [(path, path + period) for path in readers for period in periods]

    changes = [
        lambda: upload(login(analyst), good_register()),
        # Council 822's accepted return has a permanent leaver: ENG-3 now breaks cooling-off.
        lambda: accept_file(
            other_council,
            xml_bytes(clean_return("822", 2025)),
            make_user("loader", "admin"),
            filename="r.xml",
        ),
        lambda: upload_caps(login(lead), cooling_off_months="6"),
        lambda: setattr(settings, "CSCW_DISCLOSURE_THRESHOLD", 100_000),
    ]

    seen: list[dict[str, bytes]] = []
    for change in changes:
        change()
        kept = {query: served(readers[path], query) for path, query in pages}
        again = {query: served(readers[path], query) for path, query in pages}
        forget_everything()
        fresh = {query: served(readers[path], query) for path, query in pages}
        assert kept == again == fresh
        seen.append(kept)
    assert all(before != after for before, after in itertools.pairwise(seen))

    council_page, region_page = seen[1][COUNCIL_PAGE].decode(), seen[1][REGION_PAGE].decode()
    assert "cooling-off: breach" in council_page and LEAVER_822 not in council_page
    assert "Cooling-off checked against 1 leaver in 1 accepted census return" in region_page
    assert "price-cap: breach" in seen[2][COUNCIL_PAGE].decode()
    # A higher threshold suppresses every money cell at once: suppression holds on a kept page.
    assert "£" in seen[2][REGION_PAGE].decode().split('id="region-summary"')[1].split("</div>\n</div>")[0]
    summary = seen[3][REGION_PAGE].decode().split('id="region-summary"')[1].split("</div>\n</div>")[0]
    assert "£" not in summary and ">c<" in summary


def test_a_period_that_cannot_be_read_is_named_on_a_kept_page(login, analyst, council) -> None:
    assert upload(login(analyst), good_register()).status_code == 302
    client = login(analyst)
    served(client, COUNCIL_PAGE)
    page = served(client, COUNCIL_PAGE + "?from=2025-13-01").decode()
    assert 'id="period-error"' in page and "showing the default period" in page
    assert 'id="period-error"' not in served(client, COUNCIL_PAGE).decode()


def test_new_leaver_keys_for_the_same_return_are_used_at_once(
    login, lead, other_council, make_user, settings, monkeypatch
) -> None:
    settings.CSCW_REGION_SECRET = ""
    monkeypatch.delenv("CSCW_REGION_SECRET", raising=False)
    accept_file(
        other_council, xml_bytes(clean_return("822", 2025)), make_user("loader", "admin"), filename="r.xml"
    )
    client = login(lead)
    assert "the regional key (CSCW_REGION_SECRET) is not set" in served(client, REGION_PAGE).decode()
    settings.CSCW_REGION_SECRET = "test-only-region-secret"
    assert "No leaver keys for Bedford (2025)" in served(client, REGION_PAGE).decode()
    # Keyed later, the same current return: a new key set, so a new check.
    returns_services.backfill_leaver_keys(b"test-only-region-secret", "ops team")
    assert "Cooling-off checked against 1 leaver in 1 accepted census return" in (
        served(client, REGION_PAGE).decode()
    )


def test_an_upload_refused_leaves_the_kept_page_as_it_was(login, analyst, council) -> None:
    uploader, reader = login(analyst), login(analyst)
    assert upload(uploader, good_register()).status_code == 302
    before = served(reader, COUNCIL_PAGE)
    refused = uploader.post(COUNCIL_PAGE, {"file": SimpleUploadedFile("r.csv", b"not,a,register\n")})
    assert refused.status_code == 400
    assert served(reader, COUNCIL_PAGE) == before


def test_an_upload_checks_the_region_before_its_lead_looks(login, analyst, lead, council, checks_run) -> None:
    assert upload(login(analyst), good_register()).status_code == 302
    assert checks_run == [5]  # the region's check, made by the upload
    region_page = served(login(lead), REGION_PAGE).decode()
    assert 'id="region-breaches">' in region_page
    assert checks_run == [5]
    assert upload_caps(login(lead)).status_code == 302
    assert checks_run == [5, 5]
    assert "price caps" in served(login(lead), REGION_PAGE).decode()
    assert checks_run == [5, 5]


def test_the_regions_check_context_is_kept_until_a_return_brings_leavers(
    region, other_council, make_user
) -> None:
    context, _ = services.region_check_context(region)
    assert services.region_check_context(region)[0] is context
    assert context.leavers is None  # no keyed returns yet: cooling-off is not checked
    accept_file(
        other_council, xml_bytes(clean_return("822", 2025)), make_user("loader", "admin"), filename="r.xml"
    )
    fresh, _ = services.region_check_context(region)
    assert fresh is not context and fresh.leavers is not None
