"""Fixtures: the loopback OpenID Connect provider, and the app's settings pointing at it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import override_settings

from tests.integration.web_oidc.provider import oidc_settings, running_provider


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[str]:
    with running_provider() as issuer:
        yield issuer


@pytest.fixture
def oidc_configured(oidc_provider: str) -> Iterator[dict[str, Any]]:
    values = oidc_settings(oidc_provider)
    with override_settings(**values):
        yield values
