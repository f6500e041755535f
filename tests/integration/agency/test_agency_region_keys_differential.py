"""The web app's regional cooling-off check, from stored leaver keys, finds what the command line
finds from each council's ``agency leavers`` key file (and from the returns themselves) on the
demo region's data; an older demo folder without keys gets them when the demo set-up runs again."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csc_workforce.cli import app
from csc_workforce.core.agency.model import RuleId
from csc_workforce.core.pseudonym import SECRET_ENV_VAR
from csc_workforce.web import demo
from csc_workforce.web.agency import services
from csc_workforce.web.agency.demo import load_demo_agency_data
from csc_workforce.web.agency.models import EngagementRegister, RegionAgencyTerms
from csc_workforce.web.returns.models import LeaverKeySet
from csc_workforce.web.returns.services import current_versions

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]

SECRET = "test-only-region-secret"  # settings.test


def _cli(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), env={SECRET_ENV_VAR: SECRET})
    assert result.exit_code == 0, result.output
    return result.stdout


def _combined_register(registers, path: Path) -> Path:
    """Every council's register in one file, ids prefixed by council as the region page does."""
    rows = []
    for council, register in registers.items():
        if register is None:
            continue
        text = bytes(
            EngagementRegister.objects.values_list("content", flat=True).get(pk=register.pk)
        ).decode()
        for row in csv.DictReader(io.StringIO(text)):
            rows.append({**row, "engagement_id": f"{council.la_code}/{row['engagement_id']}"})
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_region_check_from_stored_keys_equals_agency_check_with_leaver_files(region, tmp_path: Path) -> None:
    demo.ensure_users(region, "a-demo-password-1")
    assert demo.load_demo_data(tmp_path / "demo") == 55
    load_demo_agency_data(region, demo.DEMO_SEED)
    registers = services.region_registers(region)
    web = services.run_check(region, services.region_engagements(registers))

    key_files, return_folders = [], []
    for council in region.councils.order_by("la_code"):
        folder = tmp_path / "returns" / council.la_code
        folder.mkdir(parents=True)
        for accepted in current_versions().filter(council=council):
            (folder / f"{council.la_code}_{accepted.year}.xml").write_bytes(bytes(accepted.content))
        keys = tmp_path / f"leavers-{council.la_code}.csv"
        _cli("agency", "leavers", str(folder), "--output", str(keys))
        key_files += ["--leavers", str(keys)]
        return_folders += ["--census", str(folder)]
    caps = tmp_path / "caps.csv"
    caps.write_bytes(bytes(RegionAgencyTerms.objects.get(region=region).caps_content))
    engagements = _combined_register(registers, tmp_path / "engagements.csv")
    check = [
        "agency",
        "check",
        str(engagements),
        "--caps",
        str(caps),
        "--region",
        region.name,
        "--format",
        "json",
    ]

    from_key_files = json.loads(_cli(*check, *key_files))
    from_returns = json.loads(_cli(*check, *return_folders))

    web_findings = [finding.as_dict() for finding in web.checked.findings]
    cooling_off = [f for f in web.checked.findings if f.rule is RuleId.COOLING_OFF]
    assert len(cooling_off) >= 3, "the demo region should have cooling-off breaches to compare"
    assert web_findings == from_key_files == from_returns
    assert (web.census_returns, web.returns_without_keys) == (55, [])


def test_the_demo_set_up_keys_returns_accepted_without_the_secret(
    region, tmp_path: Path, settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.CSCW_REGION_SECRET = ""
    monkeypatch.delenv(SECRET_ENV_VAR, raising=False)
    demo.ensure_users(region, "a-demo-password-1")
    assert demo.load_demo_data(tmp_path, years=[2025]) == 11
    assert not LeaverKeySet.objects.exists()
    assert len(services.run_check(region, []).returns_without_keys) == 11

    settings.CSCW_REGION_SECRET = SECRET
    assert demo.load_demo_data(tmp_path, years=[2025]) == 0

    assert LeaverKeySet.objects.count() == 11
    check = services.run_check(region, [])
    assert (check.census_returns, check.returns_without_keys, check.secret_configured) == (11, [], True)
