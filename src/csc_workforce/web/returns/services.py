"""Checking, accepting and reading census returns: the only code that writes returns data.

- :func:`check_upload` reads and validates an upload and records a :class:`Submission` with its
  report. It never touches accepted data.
- :func:`accept_submission` turns a clean submission into the council's current return for its
  year: the original bytes, one :class:`WorkerRecord` per worker and a measures snapshot, all in
  one transaction (a failure leaves nothing behind).
- :func:`accept_file` does both, for loaders (the demo) and tests.
- :func:`current_returns` / :func:`region_current_returns` give the latest accepted version per
  year as :class:`CensusReturn` objects for the analytics code.
- :func:`region_departures` gives the permanent leavers of every member council's current returns
  (for agency cooling-off) from the worker rows, in one query, without re-reading any file.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Iterable
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, QuerySet

from csc_workforce.analytics.canonical import workers_frame
from csc_workforce.analytics.council import MeasureNotes, measures_for_returns
from csc_workforce.core.agency.leavers import Departure, departures_from_return
from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.census.validation import Issue, validate_return
from csc_workforce.core.census.years import default_collection_year
from csc_workforce.web.orgs.models import Council, Region
from csc_workforce.web.returns.models import AcceptedReturn, Submission, SubmissionStatus, WorkerRecord
from csc_workforce.web.returns.reading import UploadRefusedError, display_name, file_format_of, read_upload

WEB_RULE_COUNCIL = "CSWW-W001"
WEB_RULE_YEAR = "CSWW-W002"
_BULK = 2000


class ReturnRefusedError(ValueError):
    """A return that cannot be accepted; the message says why (and names the file)."""

    def __init__(self, message: str, submission: Submission | None = None) -> None:
        super().__init__(message)
        self.submission = submission


# --- checking ------------------------------------------------------------------------------------


def _known_la_codes() -> frozenset[str]:
    from csc_workforce.ingest.published import known_la_codes  # noqa: PLC0415 - loads the bundled data

    return known_la_codes()


def _web_issues(census: CensusReturn, council: Council) -> list[Issue]:
    """Checks only the web app can make: the file is this council's, and says its year."""
    issues = []
    if (census.la_code or "").strip() != council.la_code:
        issues.append(
            Issue(
                code=WEB_RULE_COUNCIL,
                severity="error",
                record=None,
                swe_no=None,
                field="LEA",
                message=f"this return is for LA {census.la_code or '(none)'}, not {council.name}",
                value=census.la_code,
                expected=f"{council.la_code} ({council.name})",
            )
        )
    if census.year is None:
        issues.append(
            Issue(
                code=WEB_RULE_YEAR,
                severity="error",
                record=None,
                swe_no=None,
                field="Year",
                message="the header has no four-digit collection year",
                value=census.header.year,
                expected=f"the collection year, e.g. {default_collection_year()}",
            )
        )
    return issues


def previous_return(council: Council, year: int | None) -> CensusReturn | None:
    """Last year's current return for the continuity checks, when the council has one."""
    if year is None:
        return None
    accepted = latest_version(council, year - 1)
    return census_of(accepted) if accepted is not None else None


def validate_for(council: Council, census: CensusReturn) -> list[Issue]:
    """Every issue in ``census`` as this council's return (continuity against last year included)."""
    issues = _web_issues(census, council)
    issues += validate_return(
        census, previous=previous_return(council, census.year), known_la_codes=_known_la_codes()
    )
    return issues


def check_upload(council: Council, data: bytes, filename: str, user: Any) -> Submission:
    """Read and validate an upload; record and return the :class:`Submission` with its report.

    Unreadable or hostile files are recorded without their bytes; a return with errors keeps its
    report but not its bytes (it can never be accepted); only a clean return keeps its bytes.
    """
    name = display_name(filename)
    digest = hashlib.sha256(data).hexdigest()
    base: dict[str, Any] = {
        "council": council,
        "uploaded_by": user if getattr(user, "is_authenticated", False) else None,
        "filename": name,
        "size": len(data),
        "sha256": digest,
    }
    try:
        read = read_upload(data, filename, max_bytes=settings.CSCW_MAX_UPLOAD_BYTES)
    except UploadRefusedError as error:
        return Submission.objects.create(
            **base,
            file_format=_format_guess(filename),
            status=SubmissionStatus.UNREADABLE,
            message=str(error),
        )
    census = read.census
    issues = validate_for(council, census)
    errors = sum(1 for issue in issues if issue.severity == "error")
    queries = sum(1 for issue in issues if issue.severity == "query")
    status = SubmissionStatus.REJECTED if errors else SubmissionStatus.VALID
    return Submission.objects.create(
        **base,
        file_format=read.file_format,
        status=status,
        content=data if status == SubmissionStatus.VALID else None,
        year=census.year,
        file_la_code=(census.la_code or "")[:10],
        worker_count=len(census.workers),
        error_count=errors,
        query_count=queries,
        issues=[asdict(issue) for issue in issues],
    )


def _format_guess(filename: str) -> str:
    try:
        return file_format_of(filename).value
    except UploadRefusedError:
        return ""


# --- accepting -----------------------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, date):
        return value.isoformat()
    return value


def measures_snapshot(census: CensusReturn) -> tuple[dict[str, Any], list[str]]:
    """The headline measures of one return (analytics.council) and the notes on what they left out."""
    notes = MeasureNotes()
    frame = measures_for_returns([census], notes=notes)
    rows = frame.to_dicts()
    row = {key: _json_value(value) for key, value in rows[0].items()} if rows else {}
    return row, notes.lines()


def departure_dates(census: CensusReturn) -> dict[int, date]:
    """Each permanent leaver's leaving date by worker position, as cooling-off reads it."""
    return {departure.position: departure.left_on for departure in departures_from_return(census).departures}


def _worker_rows(accepted: AcceptedReturn, census: CensusReturn) -> Iterable[WorkerRecord]:
    typed = workers_frame([census]).iter_rows(named=True)
    departed = departure_dates(census)
    for worker, row in zip(census.workers, typed, strict=True):
        yield WorkerRecord(
            accepted_return=accepted,
            record=worker.position,
            swe_no=row["SWENo"] or (worker.value("SWENo") or "")[:20],
            agency_worker=None if row["AgencyWorker"] is None else bool(row["AgencyWorker"]),
            org_role=row["OrgRole"] or "",
            fte=row["FTE"],
            role_start_date=row["RoleStartDate"],
            role_end_date=row["RoleEndDate"],
            start_origin=row["StartOrigin"] or "",
            reason_leave=row["ReasonLeave"] or "",
            cases30=row["Cases30"],
            working_days_lost=row["WorkingDaysLost"],
            departed_on=departed.get(worker.position),
            items={name: values[0] if len(values) == 1 else values for name, values in worker.items.items()},
        )


def accept_submission(submission: Submission, user: Any) -> AcceptedReturn:
    """Make a clean submission its council's current return for its year (a new version).

    Re-reads and re-validates the stored bytes inside the transaction, so a return with errors can
    never be accepted; raises :class:`ReturnRefusedError` and changes nothing otherwise.
    """
    with transaction.atomic():
        locked = Submission.objects.select_for_update().select_related("council").get(pk=submission.pk)
        if locked.status != SubmissionStatus.VALID or locked.content is None:
            raise ReturnRefusedError(
                f"{locked.filename}: cannot be accepted ({locked.get_status_display().lower()})", locked
            )
        data = bytes(locked.content)
        council = locked.council
        try:
            census = read_upload(data, locked.filename, max_bytes=max(len(data), 1)).census
        except UploadRefusedError as error:
            raise ReturnRefusedError(str(error), locked) from None
        issues = validate_for(council, census)
        errors = [issue for issue in issues if issue.severity == "error"]
        if errors or census.year is None:
            raise ReturnRefusedError(
                f"{locked.filename}: has {len(errors)} error(s); fix them and upload again", locked
            )
        measures, notes = measures_snapshot(census)
        latest = (
            AcceptedReturn.objects.filter(council=council, year=census.year).aggregate(Max("version"))[
                "version__max"
            ]
            or 0
        )
        accepted = AcceptedReturn.objects.create(
            council=council,
            year=census.year,
            version=latest + 1,
            submission=locked,
            accepted_by=user if getattr(user, "is_authenticated", False) else None,
            filename=locked.filename,
            file_format=locked.file_format,
            content=data,
            sha256=locked.sha256,
            worker_count=len(census.workers),
            query_count=sum(1 for issue in issues if issue.severity == "query"),
            measures=measures,
            measure_notes=notes,
        )
        WorkerRecord.objects.bulk_create(_worker_rows(accepted, census), batch_size=_BULK)
        locked.status = SubmissionStatus.ACCEPTED
        locked.content = None  # the accepted return keeps the bytes
        locked.save(update_fields=["status", "content"])
    return accepted


def accept_file(
    council: Council, path_or_bytes: Path | bytes, user: Any, *, filename: str | None = None
) -> AcceptedReturn:
    """Check and accept a census file in one step; :class:`ReturnRefusedError` (with the submission and
    its report) when it is unreadable or has errors. Nothing accepted changes on refusal."""
    if isinstance(path_or_bytes, Path):
        data = path_or_bytes.read_bytes()
        name = filename or path_or_bytes.name
    else:
        data = path_or_bytes
        name = filename or "return.xml"
    submission = check_upload(council, data, name, user)
    if submission.status == SubmissionStatus.UNREADABLE:
        raise ReturnRefusedError(submission.message, submission)
    if submission.status == SubmissionStatus.REJECTED:
        raise ReturnRefusedError(
            f"{submission.filename}: has {submission.error_count} error(s); fix them and upload again",
            submission,
        )
    return accept_submission(submission, user)


# --- reading -------------------------------------------------------------------------------------


def latest_version(council: Council, year: int) -> AcceptedReturn | None:
    return AcceptedReturn.objects.filter(council=council, year=year).order_by("-version").first()


def current_versions() -> QuerySet[AcceptedReturn]:
    """Accepted returns that are their council's current version for their year (no later version)."""
    later = AcceptedReturn.objects.filter(
        council=OuterRef("council"), year=OuterRef("year"), version__gt=OuterRef("version")
    )
    return AcceptedReturn.objects.filter(~Exists(later))


def current_accepted(council: Council) -> list[AcceptedReturn]:
    """The latest accepted version for each year, oldest year first."""
    return list(current_versions().filter(council=council).order_by("year").defer("content"))


@functools.lru_cache(maxsize=256)
def _parsed(pk: int, sha256: str, filename: str) -> CensusReturn:
    # Accepted rows never change, so (id, digest) identifies the bytes for good.
    content = AcceptedReturn.objects.values_list("content", flat=True).get(pk=pk)
    data = bytes(content)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ReturnRefusedError(f"{filename}: stored bytes do not match their digest")
    return read_upload(data, filename, max_bytes=max(len(data), 1)).census


def census_of(accepted: AcceptedReturn) -> CensusReturn:
    """The accepted return as read from its stored bytes (cached; treat it as read-only)."""
    return _parsed(accepted.pk, accepted.sha256, accepted.filename)


def current_returns(council: Council) -> list[CensusReturn]:
    """The council's current return for each year it has one, oldest year first."""
    return [census_of(accepted) for accepted in current_accepted(council)]


def region_current_returns(region: Region) -> dict[Council, list[CensusReturn]]:
    """Every member council's current returns (an empty list for a council with none)."""
    return {council: current_returns(council) for council in region.councils.all().order_by("name")}


def region_departures(region: Region) -> tuple[list[Departure], int]:
    """The permanent leavers in every member council's current returns, and how many returns those are.

    Read from the worker rows stored at acceptance (``WorkerRecord.departed_on``), in the order of
    :func:`region_current_returns` (council name, year, worker), so the result is the same as
    ``departures_from_return`` over those returns. The council code is the council's own: an
    accepted return's header always names it (rule CSWW-W001).
    """
    current = current_versions().filter(council__region=region)
    rows = (
        WorkerRecord.objects.filter(accepted_return__in=current, departed_on__isnull=False)
        .order_by("accepted_return__council__name", "accepted_return__year", "record")
        .values_list("record", "swe_no", "accepted_return__council__la_code", "departed_on")
    )
    departures = [Departure(record, swe_no, la_code, left_on) for record, swe_no, la_code, left_on in rows]
    return departures, current.count()
