"""The demo loader: synthetic returns through the acceptance service, users, app hooks; idempotent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from csc_workforce.web import demo
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.orgs.models import Membership, Region
from csc_workforce.web.returns.models import AcceptedReturn, WorkerRecord

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]


def test_demo_users_cover_every_council_of_the_region(councils: Region) -> None:
    users = demo.ensure_users(councils, "a-demo-password-1")
    names = {user.username for user in users}
    assert names == {f"analyst.{c.la_code}" for c in councils.councils.all()} | {
        "lead.east-of-england",
        "admin",
    }
    assert Membership.objects.get(user__username="analyst.873").council.la_code == "873"
    assert Membership.objects.get(user__username="lead.east-of-england").region == councils
    assert get_user_model().objects.get(username="admin").check_password("a-demo-password-1")


def test_loading_accepts_each_council_once_and_is_idempotent(councils: Region, tmp_path: Path) -> None:
    demo.ensure_users(councils, "a-demo-password-1")
    stages: list[str] = []
    loaded = demo.load_demo_data(
        tmp_path, years=[2025], progress=lambda stage, done, total: stages.append(stage)
    )
    assert loaded == 11
    assert set(stages) == {"Generating synthetic returns", "Accepting returns"}
    assert AcceptedReturn.objects.filter(year=2025).count() == 11
    assert WorkerRecord.objects.count() > 11 * 50
    assert AuditEvent.objects.filter(action="accept").count() == 11
    assert demo.load_demo_data(tmp_path, years=[2025]) == 0
    assert AcceptedReturn.objects.count() == 11


def test_app_loaders_are_called(councils: Region, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[Path, int]] = []
    config: Any = apps.get_app_config("returns")
    monkeypatch.setattr(
        config, "load_demo", lambda data_dir, seed, progress: calls.append((data_dir, seed)), raising=False
    )
    assert "returns" in demo.run_app_loaders(tmp_path, seed=3)
    assert calls == [(tmp_path, 3)]
