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
from collections.abc import Callable, Mapping
from typing import Final

SECRET_ENV_VAR: Final = "CSCW_REGION_SECRET"  # noqa: S105 (the variable name, not a secret)
_RANDOM_KEY_BYTES: Final = 32
# A fixed message no SWE number can equal (SWE numbers have no spaces or colons).
_FINGERPRINT_MESSAGE: Final = b"csc-workforce: region secret fingerprint"
_FINGERPRINT_CHARS: Final = 16


def normalise_swe_no(swe_no: str) -> str:
    """The form that is hashed: surrounding whitespace removed, letters upper-cased."""
    return swe_no.strip().upper()


def pseudonymise(swe_no: str, secret: bytes) -> str:
    """The keyed hash (hex) of ``swe_no`` under the region ``secret``."""
    if not secret:
        raise ValueError("the pseudonym secret must not be empty")
    message = normalise_swe_no(swe_no).encode("utf-8")
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def worker_key_function(secret: bytes) -> Callable[[str], str]:
    """The keyed hash under ``secret`` as a function of the SWE number (memoised per function)."""
    if not secret:
        raise ValueError("the pseudonym secret must not be empty")
    keys: dict[str, str] = {}

    def worker_key(swe_no: str) -> str:
        if swe_no not in keys:
            keys[swe_no] = pseudonymise(swe_no, secret)
        return keys[swe_no]

    return worker_key


def secret_fingerprint(secret: bytes) -> str:
    """Which secret made a set of keys, without revealing it: keys are comparable only when their
    fingerprints are equal (a changed secret makes stored keys match nothing)."""
    return hmac.new(secret, _FINGERPRINT_MESSAGE, hashlib.sha256).hexdigest()[:_FINGERPRINT_CHARS]


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
