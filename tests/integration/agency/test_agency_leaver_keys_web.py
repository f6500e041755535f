"""Leaver keys stored at acceptance: the region's cooling-off check reads only them.

Keys are the CLI's (``agency leavers``), follow the current version, are absent (and the page
says whose) without the region secret, and are backfilled by ``store_leaver_keys``; neither the
region's nor a council's agency page reads a census worker row or a return's bytes.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from typer.testing import CliRunner

from csc_workforce.cli import app
from csc_workforce.core.agency.model import RuleId
from csc_workforce.core.census.model import WorkerRecord as CensusWorker
from csc_workforce.core.pseudonym import SECRET_ENV_VAR
from csc_workforce.web.agency import services
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.returns.models import LeaverKey, LeaverKeySet
from csc_workforce.web.returns.services import accept_file, restore_version
from tests.integration.agency.agency_files import engagement
from tests.integration.agency.test_agency_web import register_csv
from tests.web_fixtures.returns import clean_return, swe_number, xml_bytes

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]

REGION_PAGE = "/region/east-of-england/agency/"
COUNCIL_PAGE = "/councils/873/agency/"
SECRET = "test-only-region-secret"  # settings.test
NOT_SET_NOTE = "the regional key (CSCW_REGION_SECRET) is not set"
BEFORE_KEY_NOTE = "accepted before the regional key was set"


def _with_worker_items(census, position: int, **items: str):
    workers = [CensusWorker(w.position, {k: list(v) for k, v in w.items.items()}) for w in census.workers]
    for name, value in items.items():
        workers[position - 1].items[name] = [value]
    return replace(census, workers=workers)


def _stored(accepted) -> set[tuple[str, date, str]]:
    return set(
        LeaverKey.objects.filter(key_set__accepted_return=accepted).values_list(
            "worker_key", "left_on", "old_la_code"
        )
    )


def _cli_keys(census, tmp_path: Path, name: str) -> set[tuple[str, date, str]]:
    """What ``csc-workforce agency leavers`` writes for the same return, with the same secret."""
    source = tmp_path / f"{name}.xml"
    source.write_bytes(xml_bytes(census))
    output = tmp_path / f"{name}-keys.csv"
    result = CliRunner().invoke(
        app, ["agency", "leavers", str(source), "--output", str(output)], env={SECRET_ENV_VAR: SECRET}
    )
    assert result.exit_code == 0, result.output
    with output.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {(row["worker_key"], date.fromisoformat(row["left_on"]), row["old_la_code"]) for row in rows}


@pytest.fixture
def no_secret(settings, monkeypatch):
    settings.CSCW_REGION_SECRET = ""
    monkeypatch.delenv(SECRET_ENV_VAR, raising=False)
    return settings


def test_acceptance_stores_the_keys_agency_leavers_writes(other_council, make_user, tmp_path) -> None:
    census = clean_return("822", 2025)
    accepted = accept_file(other_council, xml_bytes(census), make_user("loader", "admin"), filename="r.xml")

    stored = _stored(accepted)
    assert len(stored) == 1
    assert stored == _cli_keys(census, tmp_path, "822")
    (key, left_on, la_code) = stored.pop()
    assert (left_on, la_code) == (date(2025, 3, 31), "822")
    assert swe_number("822", 2) not in key and len(key) == 64


def test_keys_follow_the_current_version_through_replacement_and_restore(
    other_council, make_user, tmp_path
) -> None:
    user = make_user("loader", "admin")
    first_census = clean_return("822", 2025)
    first = accept_file(other_council, xml_bytes(first_census), user, filename="v1.xml")
    corrected = _with_worker_items(first_census, 2, RoleEndDate="2025-02-28")
    corrected = _with_worker_items(
        corrected, 4, RoleEndDate="2025-01-31", LeaverDestination="1", ReasonLeave="3"
    )
    second = accept_file(other_council, xml_bytes(corrected), user, filename="v2.xml")

    assert not LeaverKeySet.objects.filter(accepted_return=first).exists()
    assert _stored(second) == _cli_keys(corrected, tmp_path, "v2")
    assert {(left_on, code) for _, left_on, code in _stored(second)} == {
        (date(2025, 2, 28), "822"),
        (date(2025, 1, 31), "822"),
    }

    third = restore_version(first, user)

    assert list(LeaverKeySet.objects.values_list("accepted_return", flat=True)) == [third.pk]
    assert _stored(third) == _cli_keys(first_census, tmp_path, "v1")
    # Another year's keys are that year's own and stay.
    other_year = accept_file(other_council, xml_bytes(clean_return("822", 2024)), user, filename="2024.xml")
    assert LeaverKeySet.objects.filter(accepted_return__in=[third, other_year]).count() == 2


def test_without_the_secret_no_keys_are_stored_and_the_pages_say_whose_are_missing(
    no_secret, login, lead, other_council, make_user
) -> None:
    accepted = accept_file(
        other_council, xml_bytes(clean_return("822", 2025)), make_user("loader", "admin"), filename="r.xml"
    )
    assert not LeaverKeySet.objects.filter(accepted_return=accepted).exists()

    page = login(lead).get(REGION_PAGE).content.decode()
    assert NOT_SET_NOTE in page
    assert "store_leaver_keys" in page

    # The secret is set later: the page names the council whose return predates it.
    no_secret.CSCW_REGION_SECRET = SECRET
    page = login(lead).get(REGION_PAGE).content.decode()
    assert NOT_SET_NOTE not in page
    assert "No leaver keys for Bedford (2025)" in page and BEFORE_KEY_NOTE in page
    assert "no accepted census return in the region has leaver keys yet" in page


def test_the_backfill_keys_earlier_returns_once_audited_and_the_check_then_uses_them(
    no_secret, login, lead, other_council, make_user, tmp_path
) -> None:
    census = clean_return("822", 2025)
    accepted = accept_file(other_council, xml_bytes(census), make_user("loader", "admin"), filename="r.xml")
    with pytest.raises(CommandError, match=SECRET_ENV_VAR):
        call_command("store_leaver_keys")

    no_secret.CSCW_REGION_SECRET = SECRET
    call_command("store_leaver_keys", "--by", "ops team")

    assert _stored(accepted) == _cli_keys(census, tmp_path, "822")
    events = list(AuditEvent.objects.filter(action="leaver_keys_store"))
    assert [(e.username, e.la_code, e.detail) for e in events] == [
        ("ops team", "822", {"year": 2025, "version": 1, "leavers": 1})
    ]
    call_command("store_leaver_keys")  # nothing left to key
    assert AuditEvent.objects.filter(action="leaver_keys_store").count() == 1
    page = login(lead).get(REGION_PAGE).content.decode()
    assert "Cooling-off checked against 1 leaver in 1 accepted census return" in page
    assert BEFORE_KEY_NOTE not in page

    # A new secret makes the stored keys stale: named again, and re-keyed by the backfill.
    no_secret.CSCW_REGION_SECRET = "a-new-region-secret"
    assert "No leaver keys for Bedford (2025)" in login(lead).get(REGION_PAGE).content.decode()
    call_command("store_leaver_keys", "--council", "822")
    assert LeaverKeySet.objects.get(accepted_return=accepted).keys.count() == 1
    assert _stored(accepted).isdisjoint(_cli_keys(census, tmp_path, "822"))
    with pytest.raises(CommandError, match="no council"):
        call_command("store_leaver_keys", "--council", "999")


@contextmanager
def _sql_seen() -> Iterator[list[str]]:
    seen: list[str] = []

    def record(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield seen


def test_the_agency_checks_read_no_census_worker_row_or_return_file(
    login, lead, analyst, council, other_council, make_user
) -> None:
    accept_file(
        other_council, xml_bytes(clean_return("822", 2025)), make_user("loader", "admin"), filename="r.xml"
    )
    rows = [
        engagement("ENG-1", la_code="873", swe_no=swe_number("822", 2), start_date="2025-05-01"),
        engagement("ENG-2", la_code="873", swe_no="SW87300100"),
    ]
    assert (
        login(analyst)
        .post(COUNCIL_PAGE, {"file": SimpleUploadedFile("r.csv", register_csv(rows))})
        .status_code
        == 302
    )

    with _sql_seen() as seen:
        region_page = login(lead).get(REGION_PAGE)
        council_page = login(analyst).get(COUNCIL_PAGE)
        check = services.run_check(
            other_council.region, services.region_engagements({council: services.current_register(council)})
        )

    assert region_page.status_code == council_page.status_code == 200
    assert [f.engagement_id for f in check.checked.findings if f.rule is RuleId.COOLING_OFF] == ["873/ENG-1"]
    assert (check.leavers, check.census_returns) == (1, 1)
    statements = "\n".join(seen).lower()
    assert "leaverkey" in statements  # the keys were read …
    assert "returns_workerrecord" not in statements  # … and never a worker row
    assert '"returns_acceptedreturn"."content"' not in statements  # … nor a return's bytes
