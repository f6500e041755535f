"""Single sign-on is configured from the environment: on only when complete; production refuses
a provider over plain HTTP, and switching password sign-in off without single sign-on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

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
NAMES = ["CSCW_OIDC_ENABLED", "CSCW_OIDC_ISSUER", "CSCW_OIDC_ALLOWED_EMAIL_DOMAINS", "CSCW_PASSWORD_SIGN_IN"]


def _settings(module: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    code = (
        f"import json, csc_workforce.web.settings.{module} as s; "
        f"print(json.dumps({{name: getattr(s, name) for name in {NAMES!r}}}))"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_single_sign_on_is_on_only_when_every_setting_is_given() -> None:
    loaded = _settings("base", OIDC_ENV)
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout) == {
        "CSCW_OIDC_ENABLED": True,
        "CSCW_OIDC_ISSUER": PROVIDER,
        "CSCW_OIDC_ALLOWED_EMAIL_DOMAINS": ["council.example", "partner.example"],
        "CSCW_PASSWORD_SIGN_IN": True,
    }
    without_domains = {**OIDC_ENV, "CSCW_OIDC_ALLOWED_EMAIL_DOMAINS": ""}
    assert json.loads(_settings("base", without_domains).stdout)["CSCW_OIDC_ENABLED"] is False


def test_production_signs_in_through_the_provider_alone() -> None:
    loaded = _settings("production", {**PRODUCTION, **OIDC_ENV, "CSCW_PASSWORD_SIGN_IN": "0"})
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout)["CSCW_PASSWORD_SIGN_IN"] is False


def test_production_refuses_to_lock_everyone_out() -> None:
    loaded = _settings("production", {**PRODUCTION, "CSCW_PASSWORD_SIGN_IN": "0"})
    assert loaded.returncode != 0
    assert "CSCW_PASSWORD_SIGN_IN=0 needs single sign-on" in loaded.stderr


def test_production_refuses_a_provider_over_plain_http() -> None:
    loaded = _settings(
        "production", {**PRODUCTION, **OIDC_ENV, "CSCW_OIDC_TOKEN_ENDPOINT": "http://idp/token"}
    )
    assert loaded.returncode != 0
    assert "http://idp/token must use https://" in loaded.stderr


def test_the_demo_keeps_password_sign_in(tmp_path: Path) -> None:
    loaded = _settings("demo", {"CSCW_PASSWORD_SIGN_IN": "0", "CSCW_DATA_DIR": str(tmp_path)})
    assert loaded.returncode == 0, loaded.stderr
    assert json.loads(loaded.stdout)["CSCW_PASSWORD_SIGN_IN"] is True
