"""Cap exceptions are signed off, not ticked: who, when, why and until when."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from csc_workforce.cli import app
from tests.integration.agency.agency_files import REGION, engagement, write_caps, write_engagements
from tests.integration.agency.agency_files import SIGN_OFF as AGENCY_SIGN_OFF

pytestmark = pytest.mark.integration
SIGN_OFF = {**AGENCY_SIGN_OFF, "exception_until": "2025-09-30"}
BLANK_SIGN_OFF = dict.fromkeys(AGENCY_SIGN_OFF, "")


def check(tmp_path, rows):
    path = write_engagements(tmp_path / "register.csv", rows)
    caps = write_caps(tmp_path / "caps.csv")
    return CliRunner().invoke(
        app,
        ["agency", "check", str(path), "--caps", str(caps), "--region", REGION, "--format", "json"],
        env={"CSCW_REGION_SECRET": "s"},
    )


def test_only_a_signed_off_exception_in_force_is_an_approved_exception(tmp_path):
    over = {"hourly_rate": "48.00", "cap_exception_approved": "yes", "start_date": "2025-04-01"}
    rows = [
        engagement("signed", **over, **SIGN_OFF),
        engagement("ticked", **over, **BLANK_SIGN_OFF),
        engagement("expired", **over, **{**SIGN_OFF, "exception_until": "2025-03-31"}),
    ]
    result = check(tmp_path, rows)
    assert result.exit_code == 0, result.output
    found = {f["engagement_id"]: f for f in json.loads(result.stdout)}
    assert found["signed"]["severity"] == "approved-exception"
    message = found["signed"]["message"]
    assert "A. Patel, Head of Service" in message and "2025-03-20" in message and "2025-09-30" in message
    assert "court work" in message
    assert found["ticked"]["severity"] == "breach" and "signed off, not ticked" in found["ticked"]["message"]
    assert (
        found["expired"]["severity"] == "breach" and "ended before the start" in found["expired"]["message"]
    )


def test_a_partial_or_inconsistent_sign_off_is_refused_naming_row_and_column(tmp_path):
    rows = [
        engagement("partial", exception_approved_by="A. Patel, Head of Service"),
        engagement("backwards", **{**SIGN_OFF, "exception_until": "2025-01-01"}),
    ]
    result = check(tmp_path, rows)
    assert result.exit_code == 2
    assert "(engagement_id partial): column exception_approved_on: required" in result.output
    assert "(engagement_id partial): column exception_reason: required" in result.output
    assert (
        "(engagement_id backwards): column exception_until: 2025-01-01 is before the approval"
        in result.output
    )
