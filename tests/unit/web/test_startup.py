"""A server process freezes what is alive at start-up, with every view loaded."""

from __future__ import annotations

import gc
import sys

import pytest

from csc_workforce.web.startup import freeze_start_up_objects

pytestmark = [pytest.mark.web, pytest.mark.django_db]


def test_every_view_is_loaded_and_the_objects_alive_are_frozen() -> None:
    try:
        frozen = freeze_start_up_objects()
        assert frozen > 10_000 and gc.get_freeze_count() > 10_000  # other threads may add or free a few
        assert "csc_workforce.web.forecasts.views" in sys.modules
        assert "csc_workforce.web.continuity.views" in sys.modules
    finally:
        gc.unfreeze()  # the rest of the test run collects as usual
    assert gc.get_freeze_count() == 0
