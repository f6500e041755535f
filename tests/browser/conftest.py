"""Browser test fixtures: a live server with demo-like data and a Playwright page on Debian's Chromium.

- ``browser``: one Chromium for the session (never downloaded: /usr/bin/chromium).
- ``live_site``: the live server URL with councils and the demo users (``analyst.<code>`` for every
  East of England council, ``lead.east-of-england``, ``admin``; password ``PASSWORD``), no returns.
- ``demo_site``: ``live_site`` plus synthetic East of England returns for 2024 and 2025, accepted
  through the same service as an upload.
- ``page``: a fresh browser page; a full-page screenshot goes to test-artifacts/browser/ at the end.
- ``sign_in(page, base_url, username, next_path="")``: signs in through the login form.
- ``screenshot(page, name)``: an extra named screenshot.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import sync_playwright

from csc_workforce.export.census_xml import census_xml_bytes
from csc_workforce.synth import generate_region
from csc_workforce.web.demo import ensure_users
from csc_workforce.web.orgs.directory import ensure_councils
from csc_workforce.web.orgs.models import Council, Region
from csc_workforce.web.returns.services import accept_file
from tests.web_fixtures.fixtures import PASSWORD

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by fixtures in that
# thread are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_YEARS = (2024, 2025)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's Chromium is not installed (bash scripts/setup.sh installs it)")

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def _artifact_name(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")[:150]


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB")
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=str(ARTIFACTS / f"{_artifact_name(request.node.nodeid)}.png"), full_page=True)
    finally:
        context.close()


@pytest.fixture
def screenshot() -> Callable[[Any, str], Path]:
    def take(page: Any, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{_artifact_name(name)}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def live_site(live_server: Any, transactional_db: Any) -> str:

    ensure_councils()
    ensure_users(Region.objects.get(slug="east-of-england"), PASSWORD)
    return str(live_server.url)


@pytest.fixture
def demo_site(live_site: str) -> str:
    loader = get_user_model().objects.get(username="admin")
    councils = {
        council.la_code: council for council in Council.objects.filter(region__slug="east-of-england")
    }
    returns = sorted(generate_region("East of England", DEMO_YEARS, 1), key=lambda c: (c.year, c.la_code))
    for census in returns:
        accept_file(
            councils[census.la_code or ""],
            census_xml_bytes(census),
            loader,
            filename=f"{census.la_code}_{census.year}.xml",
        )
    return live_site


@pytest.fixture
def sign_in() -> Callable[[Any, str, str], None]:
    def submit(page: Any, base_url: str, username: str, next_path: str = "") -> None:
        target = f"{base_url}/accounts/login/" + (f"?next={next_path}" if next_path else "")
        page.goto(target)
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()

    return submit
