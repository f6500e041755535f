"""A real OpenID Connect provider (oidc-provider-mock) served on loopback in a thread, and the
settings that point the app at it. Any client id and secret are accepted; the user signing in is
chosen by posting their ``sub`` to the provider's authorisation form (their email, unless
``PROVIDER_USERS`` gives them other claims)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import oidc_provider_mock
import werkzeug.serving

ALLOWED_DOMAIN = "council.example"
UNVERIFIED = f"unverified@{ALLOWED_DOMAIN}"
# Users the provider knows with claims of their own; any other sub is signed in with email = sub.
PROVIDER_USERS = (
    oidc_provider_mock.User(sub=UNVERIFIED, claims={"email": UNVERIFIED, "email_verified": False}),
)


@contextmanager
def running_provider() -> Iterator[str]:
    """The provider's base URL (its issuer) while the context lasts."""
    app = oidc_provider_mock.app(require_nonce=True, user_claims=PROVIDER_USERS)
    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


def oidc_settings(issuer: str) -> dict[str, Any]:
    """The settings ``CSCW_OIDC_*`` give in production, for the provider at ``issuer``."""
    return {
        "CSCW_OIDC_ENABLED": True,
        "CSCW_OIDC_ISSUER": issuer,
        "OIDC_RP_CLIENT_ID": "csc-workforce",
        "OIDC_RP_CLIENT_SECRET": "test-client-secret",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{issuer}/oauth2/authorize",
        "OIDC_OP_TOKEN_ENDPOINT": f"{issuer}/oauth2/token",
        "OIDC_OP_USER_ENDPOINT": f"{issuer}/userinfo",
        "OIDC_OP_JWKS_ENDPOINT": f"{issuer}/jwks",
        "CSCW_OIDC_ALLOWED_EMAIL_DOMAINS": [ALLOWED_DOMAIN],
        # The provider signs with its one key and names no key id (CSCW_OIDC_VERIFY_KID=0).
        "OIDC_VERIFY_KID": False,
    }
