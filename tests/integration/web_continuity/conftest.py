"""Each test starts with empty continuity caches: the caches key on an upload's id, which a test
database rolled back reuses (a live database never does)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from csc_workforce.web.continuity import services


@pytest.fixture(autouse=True)
def _fresh_continuity_caches() -> Iterator[None]:
    services.clear_caches()
    yield
    services.clear_caches()
