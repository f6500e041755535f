"""Load regions and councils from the bundled published statistics (idempotent)."""

from __future__ import annotations

from typing import Any

from csc_workforce.core.published import split_joint
from csc_workforce.ingest.published import la_lookup, regions
from csc_workforce.ingest.published.geography import LONDON_SUB_REGIONS


def published_directory() -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str, str]]]:
    """(slug, name, code) of England's nine regions and (la_code, name, new_la_code, region slug) of
    every council in the latest published year (members of a joint return listed one by one)."""
    lookup = la_lookup()
    region_rows: list[tuple[str, str, str]] = []
    council_rows: list[tuple[str, str, str, str]] = []
    for region in regions():
        if region.name in LONDON_SUB_REGIONS:
            continue  # London councils belong to London; the sub-regions are breakdowns of it
        region_rows.append((region.slug, region.name, region.code))
        for published in region.councils:
            for code in split_joint(published.old_la_code):
                council = lookup[code]
                council_rows.append((code, council.la_name, council.new_la_code, region.slug))
    return region_rows, council_rows


def sync_councils(region_model: Any, council_model: Any) -> int:
    """Create or update every region and council; returns the number of councils. Takes the model
    classes so a data migration can pass its historical models."""
    region_rows, council_rows = published_directory()
    by_slug = {}
    for slug, name, code in region_rows:
        region, _ = region_model.objects.update_or_create(slug=slug, defaults={"name": name, "code": code})
        by_slug[slug] = region
    for la_code, name, new_code, slug in council_rows:
        council_model.objects.update_or_create(
            la_code=la_code, defaults={"name": name, "new_la_code": new_code, "region": by_slug[slug]}
        )
    return len(council_rows)


def ensure_councils() -> int:
    """Councils present in the database (loading them when the table is empty); returns the count."""
    from csc_workforce.web.orgs.models import Council, Region  # noqa: PLC0415 - needs the app registry

    count = Council.objects.count()
    return count if count else sync_councils(Region, Council)
