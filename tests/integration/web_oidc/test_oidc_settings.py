"""Single sign-on is configured from the environment: on only when complete; production refuses
a provider over plain HTTP, and switching password sign-in off without single sign-on."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured

from csc_workforce.web.settings import base

pytestmark = [pytest.mark.security]

STRONG_KEY = "Hq3v-9xZ_t2LmP8sWc4NbR7yKd1FgJ6uA0eOiTzXhVwQ"
PRODUCTION = {
    "CSCW_SECRET_KEY": STRONG_KEY,
    "CSCW_DATABASE_URL": "postgresql://app:secret@db.internal:5432/cscw",
}
PROVIDER = "https://login.council.example/tenant/v2.0"
OIDC_ENV = {
    "CSCW_OIDC_ISSUER": PROVIDER + "/",
    "CSCW_OIDC_CLIENT_ID": "csc-workforce",
    "CSCW_OIDC_CLIENT_SECRET": "client-secret",
    "CSCW_OIDC_AUTHORIZATION_ENDPOINT": f"{PROVIDER}/authorize",
    "CSCW_OIDC_TOKEN_ENDPOINT": f"{PROVIDER}/token",
    "CSCW_OIDC_USERINFO_ENDPOINT": f"{PROVIDER}/userinfo",
    "CSCW_OIDC_JWKS_ENDPOINT": f"{PROVIDER}/keys",
    "CSCW_OIDC_ALLOWED_EMAIL_DOMAINS": " Council.example, ,partner.example",
}
SETTINGS_ENV = ("CSCW_", "DJANGO_")


@pytest.fixture
def load_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str, dict[str, str]], ModuleType]]:
    """Loads a settings module afresh under exactly the given ``CSCW_*`` environment; the modules are
    loaded again as they were afterwards (Django's own settings object is never touched)."""
    loaded: list[str] = []

    def load(module: str, env: dict[str, str]) -> ModuleType:
        for name in [name for name in os.environ if name.startswith(SETTINGS_ENV)]:
            monkeypatch.delenv(name)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        importlib.reload(base)
        if module == "base":
            return base
        loaded.append(module)
        name = f"csc_workforce.web.settings.{module}"
        return importlib.reload(sys.modules[name]) if name in sys.modules else importlib.import_module(name)

    yield load
    monkeypatch.undo()
    importlib.reload(base)
    for module in loaded:
        sys.modules.pop(f"csc_workforce.web.settings.{module}", None)


def test_single_sign_on_is_on_only_when_every_setting_is_given(load_settings: Any) -> None:
    settings = load_settings("base", OIDC_ENV)
    assert settings.CSCW_OIDC_ENABLED is True
    assert settings.CSCW_OIDC_ISSUER == PROVIDER
    assert settings.CSCW_OIDC_ALLOWED_EMAIL_DOMAINS == ["council.example", "partner.example"]
    assert f"{PROVIDER}/token" == settings.OIDC_OP_TOKEN_ENDPOINT
    assert settings.CSCW_PASSWORD_SIGN_IN is True
    without_domains = {**OIDC_ENV, "CSCW_OIDC_ALLOWED_EMAIL_DOMAINS": ""}
    assert load_settings("base", without_domains).CSCW_OIDC_ENABLED is False


def test_production_signs_in_through_the_provider_alone(load_settings: Any) -> None:
    settings = load_settings("production", {**PRODUCTION, **OIDC_ENV, "CSCW_PASSWORD_SIGN_IN": "0"})
    assert settings.CSCW_PASSWORD_SIGN_IN is False
    assert settings.CSCW_OIDC_ENABLED is True


def test_production_refuses_to_lock_everyone_out(load_settings: Any) -> None:
    with pytest.raises(ImproperlyConfigured, match="CSCW_PASSWORD_SIGN_IN=0 needs single sign-on"):
        load_settings("production", {**PRODUCTION, "CSCW_PASSWORD_SIGN_IN": "0"})


def test_production_refuses_a_provider_over_plain_http(load_settings: Any) -> None:
    plain = {**PRODUCTION, **OIDC_ENV, "CSCW_OIDC_TOKEN_ENDPOINT": "http://idp/token"}
    with pytest.raises(ImproperlyConfigured, match="http://idp/token must use https://"):
        load_settings("production", plain)


def test_the_demo_keeps_password_sign_in(load_settings: Any, tmp_path: Path) -> None:
    settings = load_settings("demo", {"CSCW_PASSWORD_SIGN_IN": "0", "CSCW_DATA_DIR": str(tmp_path)})
    assert settings.CSCW_PASSWORD_SIGN_IN is True
