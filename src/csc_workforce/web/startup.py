"""What a web server process does once before it serves: load every view, then keep the objects
alive at that point out of the garbage collector's full passes.

A full (generation 2) collection walks every tracked object and stops every thread while it does:
measured on the demo, 200-300 ms each, a few times a minute under load, every request in flight
waiting (docs/web.md, "Load test"). Frozen objects are never walked; they are still freed when
nothing refers to them, and only cyclic garbage already frozen would be kept, so collect first.
"""

from __future__ import annotations

import gc


def freeze_start_up_objects() -> int:
    """Import every view (the URL configuration, otherwise loaded by the first request), collect,
    and freeze what is alive; returns how many objects are frozen."""
    from django.urls import get_resolver  # noqa: PLC0415 - only once Django is set up

    get_resolver().url_patterns  # noqa: B018 - evaluated for its imports
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
