"""Shared fixtures: where the shared/ folder (published statistics, public samples) lives."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = Path(os.environ.get("CSCW_SHARED_DIR", REPO_ROOT.parent / "shared"))
if not SHARED_DIR.is_dir():  # a worktree or a clone elsewhere on the same machine
    SHARED_DIR = Path("/work/shared")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED_DIR.is_dir():
        pytest.skip("shared/ folder with published statistics and samples is not available")
    return SHARED_DIR


from tests.web_fixtures.fixtures import (  # noqa: E402, F401 - fixtures for the web tests
    _fresh_cache,
    accepted_return,
    admin_user,
    analyst,
    council,
    councils,
    far_council,
    lead,
    login,
    make_user,
    manager,
    no_role_user,
    other_analyst,
    other_council,
    other_lead,
    other_region,
    region,
)
from tests.web_fixtures.jobs import job_worker  # noqa: E402, F401 - background jobs in tests

_DATABASE_FIXTURES = frozenset({"db", "transactional_db", "live_server"})


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that touches the database is a ``web`` test, so the PostgreSQL re-run
    (tests/integration/web/test_postgres_rerun.py) picks it up even if its module forgot the mark."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("django_db") is not None or fixtures & _DATABASE_FIXTURES:
            item.add_marker(pytest.mark.web)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Start the PostgreSQL re-run now, beside the suite, when its test is among those to run."""
    from tests.integration.web.postgres_rerun import POSTGRES_URL, TEST_NAME, start_rerun  # noqa: PLC0415

    if POSTGRES_URL and any(item.name == TEST_NAME for item in session.items):
        session.config.postgres_rerun = start_rerun()  # type: ignore[attr-defined]


def pytest_unconfigure(config: pytest.Config) -> None:
    rerun = getattr(config, "postgres_rerun", None)
    if rerun is not None and rerun.process.poll() is None:
        rerun.process.kill()  # the suite stopped early (-x, Ctrl-C): leave no pytest running
