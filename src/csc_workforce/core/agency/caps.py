"""Price caps by region, role and effective date: the cap in force for an engagement."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from csc_workforce.core.agency.model import PriceCap, Role


def region_key(name: str) -> str:
    """Region names compare without case or surrounding/double spaces (``Yorkshire and The Humber``)."""
    return " ".join(name.split()).casefold()


class CapTable:
    """The caps a region maintains; a later ``effective_from`` replaces an earlier one."""

    def __init__(self, caps: Iterable[PriceCap]) -> None:
        self._by_region_role: dict[tuple[str, Role], list[PriceCap]] = {}
        for cap in caps:
            self._by_region_role.setdefault((region_key(cap.region), cap.role), []).append(cap)
        for versions in self._by_region_role.values():
            versions.sort(key=lambda cap: cap.effective_from)

    def regions(self) -> set[str]:
        return {versions[0].region for versions in self._by_region_role.values()}

    def has_region(self, region: str) -> bool:
        key = region_key(region)
        return any(k == key for k, _ in self._by_region_role)

    def cap_for(self, region: str, role: Role, on: date) -> PriceCap | None:
        """The cap for ``role`` in ``region`` in force on ``on``, or None when none was set yet."""
        in_force = None
        for cap in self._by_region_role.get((region_key(region), role), []):
            if cap.effective_from <= on:
                in_force = cap
        return in_force
