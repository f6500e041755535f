"""The demo's sample files, the mapping download, the update button and the empty dashboard panel."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.utils import timezone

from csc_workforce.ingest.hr_extract import read_hr_extract_bytes
from csc_workforce.web.hrbuild.demo import load_sample_files
from csc_workforce.web.hrbuild.models import HrDraft, HrMappingVersion, HrSampleFile
from csc_workforce.web.hrbuild.services import prune_drafts
from tests.integration.web.test_page_accessibility import _check as check_accessible
from tests.integration.web_hrbuild.journey import review_form, synthetic_years

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]


def test_the_demo_offers_synthetic_extracts_to_download(analyst: Any, login: Any, tmp_path: Path) -> None:
    assert load_sample_files(tmp_path, seed=1) == 4
    assert load_sample_files(tmp_path, seed=1) == 4  # idempotent
    client = login(analyst)
    page = client.get("/councils/873/hr/")
    assert b"Try it with synthetic HR data" in page.content
    name = HrSampleFile.objects.get(name__endswith="hr_extract_2025.xlsx").name
    download = client.get(f"/hr/samples/{name}")
    assert download.status_code == 200
    extract = read_hr_extract_bytes(download.content, name)
    assert "Job Title" in extract.headings and len(extract.rows) > 100


def test_update_redraws_value_tables_for_the_chosen_column_and_saves_nothing(
    council: Any, analyst: Any, login: Any, tmp_path: Path
) -> None:
    _, files = synthetic_years(tmp_path, years=(2024,))[2024]
    client = login(analyst)
    with files.extract.open("rb") as staff:
        location = client.post("/councils/873/hr/", {"year": "2024", "as_of": "2024-09-30", "staff": staff})[
            "Location"
        ]
    form = review_form(client.get(location).context)
    form["staff-col-Ethnicity"] = ""  # the user says the extract has no ethnicity column
    updated = client.post(location, {**form, "action": "update"})
    assert updated.status_code == 200
    review = updated.context["reviews"][0]
    assert next(row for row in review.items if row.item == "Ethnicity").heading == ""
    assert "Ethnicity" not in [row.item for row in review.coded]
    assert not HrMappingVersion.objects.exists()
    assert HrDraft.objects.count() == 1


def test_the_saved_mapping_downloads_as_yaml(council: Any, analyst: Any, login: Any) -> None:
    document = {
        "version": 1,
        "columns": {"OrgRole": "Job Title"},
        "values": {"OrgRole": {"Social Worker": "5"}},
    }
    HrMappingVersion.objects.create(council=council, kind="staff", version=1, document=document)
    response = login(analyst).get("/councils/873/hr/mappings/staff.yaml")
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["values"]["OrgRole"] == {"Social Worker": "5"}
    assert login(analyst).get("/councils/873/hr/mappings/agency.yaml").status_code == 404


def test_the_dashboard_invites_a_build_when_there_is_no_position(
    council: Any, analyst: Any, login: Any
) -> None:
    page = login(analyst).get("/councils/873/")
    assert b"No position yet" in page.content
    assert b'href="/councils/873/hr/"' in page.content


def test_unfinished_drafts_are_deleted_after_a_day(council: Any, analyst: Any) -> None:
    draft = HrDraft.objects.create(council=council, year=2025, as_of=date(2025, 9, 30), sources=[])
    assert prune_drafts() == 0
    assert prune_drafts(timezone.now() + timedelta(days=1, minutes=1)) == 1
    assert not HrDraft.objects.filter(pk=draft.pk).exists()


def test_the_journey_pages_are_structurally_accessible(
    council: Any, analyst: Any, login: Any, tmp_path: Path
) -> None:
    _, files = synthetic_years(tmp_path, years=(2024,))[2024]
    client = login(analyst)
    check_accessible(client.get("/councils/873/hr/"))
    with files.extract.open("rb") as staff, files.agency_list.open("rb") as agency:
        location = client.post(
            "/councils/873/hr/", {"year": "2024", "as_of": "2024-09-30", "staff": staff, "agency": agency}
        )["Location"]
    check_accessible(client.get(location))
