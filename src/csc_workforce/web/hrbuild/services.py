"""Build a council's census return from its HR extracts: drafts, saved mappings, the build and position.

The extracts are read once, on upload, into an :class:`HrDraft` holding only the columns that are
not personal data; the draft is deleted when the return is built, so no extract outlives the build.
The built return is handed to the returns app exactly as an upload (``returns.services.check_upload``),
so it gets the normal validation report and is accepted like any other return.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from csc_workforce.analytics.hr_position import hr_position
from csc_workforce.core.census.registry import census_year
from csc_workforce.core.hr.build import HrSource, build_return
from csc_workforce.core.hr.extract import HrExtract, HrRow
from csc_workforce.core.hr.mapping import HrMapping, mapping_from_document
from csc_workforce.core.hr.teams import worker_teams
from csc_workforce.export.census_xml import census_xml_bytes
from csc_workforce.ingest.hr_extract import read_hr_extract_bytes
from csc_workforce.web.hrbuild.models import SOURCE_KINDS, STAFF, HrDraft, HrMappingVersion, HrPosition
from csc_workforce.web.orgs.models import Council
from csc_workforce.web.returns.models import Submission
from csc_workforce.web.returns.services import check_upload
from csc_workforce.web.staying.teams import record_teams

DRAFT_LIFETIME = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class UploadedExtract:
    kind: str
    filename: str
    data: bytes


@dataclass(frozen=True, slots=True)
class BuildOutcome:
    submission: Submission
    saved: list[HrMappingVersion]
    position: HrPosition


def _extract_json(kind: str, extract: HrExtract) -> dict[str, Any]:
    kept = sorted({heading for row in extract.rows for heading in row.values})
    return {
        "kind": kind,
        "source": extract.source,
        "headings": [heading for heading in extract.headings if heading in kept],
        "heading_row": extract.heading_row,
        "dropped": extract.dropped_columns,
        "rows": [[row.number, row.values] for row in extract.rows],
    }


def _extract_from_json(document: Mapping[str, Any]) -> HrExtract:
    return HrExtract(
        source=str(document["source"]),
        headings=tuple(document["headings"]),
        rows=tuple(HrRow(int(number), dict(values)) for number, values in document["rows"]),
        heading_row=int(document["heading_row"]),
        dropped_columns=int(document["dropped"]),
    )


def draft_extracts(draft: HrDraft) -> list[tuple[str, HrExtract]]:
    """The extracts of a draft, staff first, with their kind."""
    return [(str(source["kind"]), _extract_from_json(source)) for source in draft.sources]


def prune_drafts(now: datetime | None = None) -> int:
    """Delete drafts older than ``DRAFT_LIFETIME`` (a review left unfinished); returns how many."""
    cutoff = (now or timezone.now()) - DRAFT_LIFETIME
    deleted, _ = HrDraft.objects.filter(created_at__lt=cutoff).delete()
    return int(deleted)


def create_draft(
    council: Council, user: Any, year: int, as_of: date, files: Sequence[UploadedExtract]
) -> HrDraft:
    """Read the uploaded extracts (``UnreadableFileError`` naming the file) into a new draft.

    Worker rows (without personal columns) live only as long as the review: drafts older than a
    day are deleted whenever a new one is made, and a draft is deleted once its return is built.
    """
    census_year(year)  # KeyError for a year the registry does not have
    prune_drafts()
    sources = [
        _extract_json(upload.kind, read_hr_extract_bytes(upload.data, upload.filename, drop_personal=True))
        for upload in files
    ]
    return HrDraft.objects.create(
        council=council,
        created_by=user if getattr(user, "is_authenticated", False) else None,
        year=year,
        as_of=as_of,
        sources=sources,
    )


def latest_mapping(council: Council, kind: str) -> HrMappingVersion | None:
    return HrMappingVersion.objects.filter(council=council, kind=kind).order_by("-version").first()


def saved_mapping(council: Council, kind: str) -> HrMapping | None:
    """The council's latest saved mapping for ``kind`` as a checked mapping, or None."""
    latest = latest_mapping(council, kind)
    return mapping_from_document(latest.document) if latest is not None else None


def _save_version(
    council: Council, kind: str, document: dict[str, Any], user: Any
) -> HrMappingVersion | None:
    latest = latest_mapping(council, kind)
    if latest is not None and latest.document == document:
        return None
    number = (
        HrMappingVersion.objects.filter(council=council, kind=kind).aggregate(Max("version"))["version__max"]
        or 0
    )
    return HrMappingVersion.objects.create(
        council=council,
        kind=kind,
        version=number + 1,
        document=document,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )


def mapping_name(kind: str) -> str:
    return f"{SOURCE_KINDS[kind]} mapping"


def build_from_draft(draft: HrDraft, documents: Mapping[str, dict[str, Any]], user: Any) -> BuildOutcome:
    """Check the mappings, build and validate the return, save the mappings (a new version when
    changed), record the position and delete the draft. ``MappingError`` or ``HrBuildError`` when
    the mappings cannot build it; nothing is saved then."""
    council = draft.council
    sources = [
        HrSource(extract, mapping_from_document(documents[kind]), mapping_name(kind))
        for kind, extract in draft_extracts(draft)
    ]
    census = build_return(
        sources, draft.year, council.la_code, created=timezone.now().strftime("%Y-%m-%dT%H:%M:%S")
    )
    position = hr_position(sources, draft.as_of, council.la_code)
    # Workers' teams (where the staff mapping names a team column), for retention by team.
    teams: dict[str, str] = {}
    for (kind, _), source in zip(draft_extracts(draft), sources, strict=True):
        if kind == STAFF:
            teams |= worker_teams(source.extract, source.mapping)
    with transaction.atomic():
        saved = [
            version
            for kind, _ in draft_extracts(draft)
            if (version := _save_version(council, kind, documents[kind], user)) is not None
        ]
        snapshot = HrPosition.objects.create(
            council=council,
            as_of=draft.as_of,
            measures=dict(position.measures),
            workers=position.workers,
        )
        submission = check_upload(
            council, census_xml_bytes(census), f"hr-{council.la_code}-{draft.year}.xml", user
        )
        record_teams(council, draft.year, teams)
        draft.delete()
    return BuildOutcome(submission=submission, saved=saved, position=snapshot)


def latest_position(council: Council) -> HrPosition | None:
    return HrPosition.objects.filter(council=council).first()
