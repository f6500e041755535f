"""The region's agency pack in Chromium, as the regional lead: cooling-off from stored leaver keys,
small money cells `c`, and no engagement id or SWE number anywhere on the page."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from csc_workforce.web.agency.demo import load_demo_agency_data
from csc_workforce.web.orgs.models import Region
from csc_workforce.web.returns.models import LeaverKey
from csc_workforce.web.returns.services import current_versions

pytestmark = [pytest.mark.browser, pytest.mark.web]

ENGAGEMENT_ID = re.compile(r"\bE\d{3}-\d{5}\b")  # the synthetic registers' ids (synth/engagement_register.py)
SWE_NUMBER = re.compile(r"\bSW\d{6,}\b", re.IGNORECASE)


def test_regional_lead_sees_the_pack_without_people_and_cooling_off_from_keys(
    demo_site: str, page: Any, sign_in: Callable[..., None]
) -> None:
    region = Region.objects.get(slug="east-of-england")
    assert load_demo_agency_data(region, seed=1) == 11
    keyed = LeaverKey.objects.filter(key_set__accepted_return__in=current_versions()).count()
    returns = current_versions().filter(council__region=region).count()
    assert keyed > 0 and returns >= 11

    sign_in(page, demo_site, "lead.east-of-england", "/region/east-of-england/agency/")

    expect(page.get_by_role("heading", name="Agency compliance", exact=True)).to_be_visible()
    expect(page.locator("#cooling-off-status")).to_have_text(
        f"Cooling-off checked against {keyed} leavers in {returns} accepted census returns of the region, "
        "by keyed hash only."
    )
    expect(page.locator("#returns-without-keys")).to_have_count(0)
    spend_cells = [text.strip() for text in page.locator("#spend tbody td").all_inner_texts()]
    assert "c" in spend_cells, "money over fewer engagements than the threshold should be suppressed"
    assert int(page.locator("#region-breaches").inner_text().replace(",", "")) > 0
    text = page.locator("main").inner_text()
    html = page.content()
    assert not ENGAGEMENT_ID.search(html) and not SWE_NUMBER.search(html)
    assert "earliest allowed start" not in text
