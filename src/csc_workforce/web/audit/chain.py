"""The audit log's hash chain: how an event is hashed, and how a whole log is checked.

Each event stores the SHA-256 of the event before it (its id, database time, actor, action, place,
detail and that event's own ``previous_hash``), so replacing, removing or inserting an event
anywhere but at the end breaks the next event's link. The database sets each event's time and
events are written one at a time, so the times never go backwards along the ids: an event
inserted later with an earlier time (a back-dated insert) is out of order and reported.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final

GENESIS: Final = "0" * 64
# Clocks may step back a little (NTP); more than this between consecutive events is a back-dating.
CLOCK_TOLERANCE: Final = timedelta(seconds=2)


def event_hash(event: Any) -> str:
    """The SHA-256 (hex) of ``event``'s stored content, as the next event's ``previous_hash``."""
    at: datetime = event.at
    content = [
        event.pk,
        at.astimezone(UTC).isoformat(),
        event.user_id,
        event.username,
        event.action,
        event.la_code,
        event.path,
        event.ip_address,
        event.detail,
        event.previous_hash,
    ]
    encoded = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainReport:
    """The outcome of checking a log: ``broken`` names the first bad event (None when whole)."""

    events: int
    unchained: int  # events written before the chain began (no previous_hash), all at the start
    head: str  # the hash of the last event: record it elsewhere to detect a truncated tail
    broken: str | None = None

    @property
    def whole(self) -> bool:
        return self.broken is None


def _describe(event: Any) -> str:
    return f"event {event.pk} ({event.at.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC, {event.action})"


def _link_problem(event: Any, previous: Any | None, expected: str, *, chain_started: bool) -> str | None:
    if previous is not None and event.at < previous.at - CLOCK_TOLERANCE:
        return f"{_describe(event)} is dated before event {previous.pk}: it was back-dated or inserted later"
    if not event.previous_hash:
        if chain_started:
            return f"{_describe(event)} has no link to the event before it"
        return None
    if event.previous_hash != expected:
        before = f"event {previous.pk}" if previous is not None else "the start of the log"
        return (
            f"{_describe(event)} does not match the hash of {before}: "
            "an event was changed, removed or inserted"
        )
    return None


def verify_events(events: Iterable[Any]) -> ChainReport:
    """Check ``events`` in id order; stop at the first break."""
    count = unchained = 0
    previous: Any | None = None
    expected = GENESIS
    chain_started = False
    for event in events:
        count += 1
        problem = _link_problem(event, previous, expected, chain_started=chain_started)
        if problem is not None:
            return ChainReport(count, unchained, expected, broken=problem)
        if event.previous_hash:
            chain_started = True
        else:
            unchained += 1
        expected = event_hash(event)
        previous = event
    return ChainReport(count, unchained, expected if count else GENESIS)
