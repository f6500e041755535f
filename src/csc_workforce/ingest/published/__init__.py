"""DfE's published CSWW statistics: indicators (all layouts), LA and region lookups, neighbours, roles."""

from __future__ import annotations

from csc_workforce.ingest.published._csv import PublishedFileError, bundled_path
from csc_workforce.ingest.published.geography import (
    LocalAuthority,
    Region,
    build_la_lookup,
    build_regions,
    find_region,
    known_la_codes,
    la_lookup,
    region_slug,
    regions,
)
from csc_workforce.ingest.published.indicators import (
    INDICATORS_SCHEMA,
    LATEST_RELEASE_FILE,
    SYMBOL_SUFFIX,
    load_indicators,
)
from csc_workforce.ingest.published.neighbours import Neighbour, neighbour_entries, statistical_neighbours
from csc_workforce.ingest.published.roles import ROLES, load_role_inpost

__all__ = [
    "INDICATORS_SCHEMA",
    "LATEST_RELEASE_FILE",
    "ROLES",
    "SYMBOL_SUFFIX",
    "LocalAuthority",
    "Neighbour",
    "PublishedFileError",
    "Region",
    "build_la_lookup",
    "build_regions",
    "bundled_path",
    "find_region",
    "known_la_codes",
    "la_lookup",
    "load_indicators",
    "load_role_inpost",
    "neighbour_entries",
    "region_slug",
    "regions",
    "statistical_neighbours",
]
