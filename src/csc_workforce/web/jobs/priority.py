"""The worker's CPU priority: below the web server's, so a job never slows the pages."""

from __future__ import annotations

import os


def lower_priority(niceness: int) -> int:
    """Add ``niceness`` to this process's Unix nice value (nothing at 0, or where there is none);
    returns the nice value now. Raising it needs no privilege, so it works in any container."""
    if not hasattr(os, "nice"):
        return 0
    return os.nice(max(0, niceness))
