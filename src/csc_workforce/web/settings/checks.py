"""Checks of the production settings' secrets and database, each a reason or None (no Django here:
the settings module imports them before Django is configured)."""

from __future__ import annotations

from typing import Final
from urllib.parse import urlparse

SECRET_KEY_MIN_LENGTH: Final = 40
SECRET_KEY_MIN_DISTINCT: Final = 16
DATABASE_SCHEMES: Final = ("postgresql", "postgres")
_GENERATE = 'generate one with: python -c "import secrets; print(secrets.token_urlsafe(48))"'


def secret_key_problem(key: str) -> str | None:
    """Why ``key`` is too weak to sign sessions, or None: long, varied, no spaces, not Django's
    placeholder."""
    if not key:
        return f"is not set: {_GENERATE}"
    if any(character.isspace() for character in key):
        return f"contains spaces or other blanks: {_GENERATE}"
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return f"is shorter than {SECRET_KEY_MIN_LENGTH} characters: {_GENERATE}"
    if len(set(key)) < SECRET_KEY_MIN_DISTINCT:
        return f"has fewer than {SECRET_KEY_MIN_DISTINCT} different characters: {_GENERATE}"
    if key.startswith("django-insecure"):
        return f"is Django's insecure placeholder: {_GENERATE}"
    return None


def database_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be production's database, or None (``postgresql://user:pass@host/db``)."""
    if not url:
        return "is not set: production needs postgresql://user:password@host:5432/name"
    parsed = urlparse(url)
    if parsed.scheme not in DATABASE_SCHEMES or not parsed.hostname:
        return "must be postgresql://user:password@host:5432/name"
    return None
