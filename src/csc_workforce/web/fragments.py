"""Values derived from cached view models, kept in the process beside them: rendered page
fragments and serialised API documents.

A dashboard's figures (tables, charts and their tables) cost more to render than everything else
on the page together, and the measures API spends most of its time serialising. Both depend only
on view models that ``lru_cache`` already keeps for as long as the data they rest on is current,
and on a few display choices (year, measure, highlighted council). So the derived value is kept
beside the models: a hit needs the very same model objects (compared by identity, held by the
entry), never only equal keys, so nothing kept can outlive the models it was derived from, whatever
ids a database reuses. Nothing request-specific (CSRF tokens, the user's permissions) may go in.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any, Generic, TypeVar

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

T = TypeVar("T")
Sources = tuple[object, ...]


class DerivedCache(Generic[T]):
    """At most ``maxsize`` values, least recently used dropped first; thread-safe."""

    def __init__(self, maxsize: int) -> None:
        self._maxsize = maxsize
        self._entries: OrderedDict[tuple[Hashable, ...], tuple[Sources, T]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, sources: Sources, params: tuple[Hashable, ...], build: Callable[[], T]) -> T:
        """``build()``, or the value built before from the same ``sources`` (by identity) and ``params``."""
        key = (tuple(id(source) for source in sources), params)
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and all(a is b for a, b in zip(entry[0], sources, strict=True)):
                self._entries.move_to_end(key)
                return entry[1]
        # Built outside the lock: two threads may both build a new value; both results are equal.
        value = build()
        with self._lock:
            self._entries[key] = (sources, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self._maxsize:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class FragmentCache:
    """Rendered templates kept by :class:`DerivedCache`."""

    def __init__(self, maxsize: int) -> None:
        self._rendered: DerivedCache[SafeString] = DerivedCache(maxsize)

    def render(
        self,
        template_name: str,
        sources: Sources,
        params: tuple[Hashable, ...],
        context: Callable[[], Mapping[str, Any]],
    ) -> SafeString:
        """``template_name`` rendered with ``context()``, or the copy rendered before from the same
        ``sources`` and ``params``."""

        def build() -> SafeString:
            return mark_safe(render_to_string(template_name, dict(context())))  # noqa: S308 - autoescaped template output

        return self._rendered.get(sources, (template_name, *params), build)

    def clear(self) -> None:
        self._rendered.clear()
