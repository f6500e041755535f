"""Pseudonymous keys for Social Work England numbers.

Councils in a region share one secret, so the same worker gets the same key in every council's
data and leavers can be matched to agency engagements without exchanging identities. The key is
HMAC-SHA256 over the upper-cased, trimmed SWE number; without the secret it cannot be reversed or
recomputed from a guessed number.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from typing import Final

SECRET_ENV_VAR: Final = "CSCW_REGION_SECRET"  # noqa: S105 (the variable name, not a secret)
_RANDOM_KEY_BYTES: Final = 32


def normalise_swe_no(swe_no: str) -> str:
    """The form that is hashed: surrounding whitespace removed, letters upper-cased."""
    return swe_no.strip().upper()


def pseudonymise(swe_no: str, secret: bytes) -> str:
    """The keyed hash (hex) of ``swe_no`` under the region ``secret``."""
    if not secret:
        raise ValueError("the pseudonym secret must not be empty")
    message = normalise_swe_no(swe_no).encode("utf-8")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def random_run_key() -> bytes:
    """A fresh random key for one run: matching works within the run, never across runs."""
    return secrets.token_bytes(_RANDOM_KEY_BYTES)


def region_secret(environ: Mapping[str, str]) -> tuple[bytes, bool]:
    """The region secret from ``environ``, or a random per-run key.

    Returns ``(secret, from_environment)`` so the caller can say when a random key was used.
    A secret that is only whitespace counts as absent.
    """
    value = environ.get(SECRET_ENV_VAR, "")
    if value.strip():
        return value.encode("utf-8"), True
    return random_run_key(), False
