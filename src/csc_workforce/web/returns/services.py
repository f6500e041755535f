"""Checking, accepting and reading census returns: the only code that writes returns data.

- :func:`check_upload` reads and validates an upload and records a :class:`Submission` with its
  report. It never touches accepted data. A large upload is held as "checking"
  (:func:`hold_for_checking`) and checked the same way by the worker (:func:`finish_check`).
- :func:`accept_submission` turns a clean submission into the council's current return for its
  year: the original bytes, one :class:`WorkerRecord` per worker and a measures snapshot, all in
  one transaction (a failure leaves nothing behind).
- :func:`accept_file` does both, for loaders (the demo) and tests.
- :func:`current_returns` / :func:`region_current_returns` give the latest accepted version per
  year as :class:`CensusReturn` objects for the analytics code.
- :func:`region_leaver_keys` gives the permanent leavers of every member council's current returns
  (for agency cooling-off) as the keyed hashes stored at acceptance (``leaver_keys``): never a
  worker row, a SWE number or a file. :func:`backfill_leaver_keys` keys the current returns
  accepted before the region secret was set.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Exists, OuterRef, QuerySet

from csc_workforce.analytics.canonical import workers_frame
from csc_workforce.analytics.council import MeasureNotes, measures_for_returns
from csc_workforce.core.agency.model import Leaver
from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.census.validation import Issue, in_report_order, validate_return
from csc_workforce.core.census.years import default_collection_year
from csc_workforce.core.pseudonym import secret_fingerprint
from csc_workforce.ingest.errors import UnreadableFileError
from csc_workforce.ingest.guard import bytes_to_parse
from csc_workforce.web.audit.models import Action
from csc_workforce.web.audit.services import record_event
from csc_workforce.web.orgs.models import Council, Region
from csc_workforce.web.returns.acceptance import AcceptanceCheck, check_acceptance
from csc_workforce.web.returns.leaver_keys import keys_for_new_version, store_leaver_keys
from csc_workforce.web.returns.models import (
    STORED_ISSUE_LIMIT,
    AcceptedReturn,
    LeaverKey,
    Submission,
    SubmissionStatus,
    WorkerRecord,
)
from csc_workforce.web.returns.reading import UploadRefusedError, display_name, file_format_of, read_upload
from csc_workforce.web.returns.report import explanation_key

WEB_RULE_COUNCIL = "CSWW-W001"
WEB_RULE_YEAR = "CSWW-W002"
_BULK = 2000
REASON_LIMIT = 2_000  # characters kept of a typed reason or explanation


class ReturnRefusedError(ValueError):
    """A return that cannot be accepted; the message says why (and names the file)."""

    def __init__(self, message: str, submission: Submission | None = None) -> None:
        super().__init__(message)
        self.submission = submission


class AcceptBusyError(ReturnRefusedError):
    """Another accept for the council held the database: nothing changed; the user tries again."""


ACCEPT_BUSY_MESSAGE = "Someone else is accepting a return for this council; try again in a moment"


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
    return Submission.objects.create(
        **_upload_fields(council, data, filename, user), **_checked_fields(council, data, filename)
    )


def hold_for_checking(council: Council, data: bytes, filename: str, user: Any) -> Submission:
    """Record a large upload as "checking", its bytes kept only until the worker has checked it
    (:func:`finish_check`, queued by ``returns.tasks``)."""
    return Submission.objects.create(
        **_upload_fields(council, data, filename, user),
        file_format=_format_guess(filename),
        status=SubmissionStatus.CHECKING,
        content=data,
    )


def finish_check(submission_id: int, progress: Callable[[str], None] | None = None) -> Submission:
    """In the worker: check a held upload exactly as :func:`check_upload` does and record the
    outcome on the same submission (the bytes stay only if the return is clean). A submission no
    longer "checking" (settled meanwhile) is left as it is."""
    submission = Submission.objects.select_related("council").get(pk=submission_id)
    if submission.status == SubmissionStatus.CHECKING and submission.content is not None:
        fields = _checked_fields(
            submission.council, bytes(submission.content), submission.filename, progress=progress
        )
        Submission.objects.filter(pk=submission.pk, status=SubmissionStatus.CHECKING).update(**fields)
        submission.refresh_from_db()
    return submission


def abandon_check(submission_id: int, message: str) -> None:
    """A check that stopped before its end: the upload becomes unreadable and its bytes go."""
    Submission.objects.filter(pk=submission_id, status=SubmissionStatus.CHECKING).update(
        status=SubmissionStatus.UNREADABLE, content=None, message=message
    )


def _upload_fields(council: Council, data: bytes, filename: str, user: Any) -> dict[str, Any]:
    """What a :class:`Submission` records of the upload itself, before it is checked."""
    return {
        "council": council,
        "uploaded_by": user if getattr(user, "is_authenticated", False) else None,
        "filename": display_name(filename),
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def _checked_fields(
    council: Council, data: bytes, filename: str, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Read and validate an upload: the :class:`Submission` fields its check sets (the status, the
    report, and the bytes only for a clean return). ``progress`` hears each step (the worker)."""
    say = progress or (lambda _text: None)
    say("Reading the file")
    try:
        read = read_upload(data, filename, max_bytes=settings.CSCW_MAX_UPLOAD_BYTES)
    except UploadRefusedError as error:
        return {
            "file_format": _format_guess(filename),
            "status": SubmissionStatus.UNREADABLE,
            "content": None,
            "message": str(error),
        }
    census = read.census
    say(f"Checking {len(census.workers):,} worker records against the census rules")
    issues = in_report_order(validate_for(council, census))
    errors = sum(1 for issue in issues if issue.severity == "error")
    queries = sum(1 for issue in issues if issue.severity == "query")
    status = SubmissionStatus.REJECTED if errors else SubmissionStatus.VALID
    return {
        "file_format": read.file_format,
        "status": status,
        "content": data if status == SubmissionStatus.VALID else None,
        "year": census.year,
        "file_la_code": (census.la_code or "")[:10],
        "worker_count": len(census.workers),
        "error_count": errors,
        "query_count": queries,
        "issues": [asdict(issue) for issue in issues[:STORED_ISSUE_LIMIT]],
        "issue_count": len(issues),
    }


def checks_in_background(data: bytes, filename: str) -> bool:
    """Whether an upload is checked by the worker rather than in the request: a census file whose
    bytes to parse (a workbook's unpacked, some seven times its size) are over
    ``CSCW_INLINE_CHECK_BYTES`` (any other type is refused at once, whatever its size)."""
    if not _format_guess(filename):
        return False
    try:
        return bytes_to_parse(data, filename) > settings.CSCW_INLINE_CHECK_BYTES
    except UnreadableFileError:
        return False  # refused from the zip directory alone: at once, in the request


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


def _worker_fields(census: CensusReturn) -> list[dict[str, Any]]:
    """Each worker's :class:`WorkerRecord` fields but its accepted return, typed as analytics reads them."""
    typed = workers_frame([census]).iter_rows(named=True)
    return [
        {
            "record": worker.position,
            "swe_no": row["SWENo"] or (worker.value("SWENo") or "")[:20],
            "agency_worker": None if row["AgencyWorker"] is None else bool(row["AgencyWorker"]),
            "org_role": row["OrgRole"] or "",
            "fte": row["FTE"],
            "role_start_date": row["RoleStartDate"],
            "role_end_date": row["RoleEndDate"],
            "start_origin": row["StartOrigin"] or "",
            "reason_leave": row["ReasonLeave"] or "",
            "cases30": row["Cases30"],
            "working_days_lost": row["WorkingDaysLost"],
            "items": {
                name: values[0] if len(values) == 1 else values for name, values in worker.items.items()
            },
        }
        for worker, row in zip(census.workers, typed, strict=True)
    ]


def submission_census(submission: Submission) -> CensusReturn | None:
    """The return a submission holds, read from its stored bytes (None once they are gone)."""
    if submission.content is None:
        return None
    data = bytes(submission.content)
    return read_upload(data, submission.filename, max_bytes=max(len(data), 1)).census


def acceptance_check(submission: Submission) -> AcceptanceCheck | None:
    """What accepting ``submission`` changes (see ``acceptance``); None when it holds no bytes."""
    census = submission_census(submission)
    if census is None:
        return None
    measures, _ = measures_snapshot(census)
    return check_acceptance(
        submission.council, submission, census, measures, previous_return(submission.council, census.year)
    )


def accept_submission(
    submission: Submission,
    user: Any,
    *,
    reason: str = "",
    explanations: dict[str, str] | None = None,
    restored_from: AcceptedReturn | None = None,
) -> AcceptedReturn:
    """Make a clean submission its council's current return for its year (a new version).

    Re-reads and re-validates the stored bytes inside the transaction, so a return with errors can
    never be accepted; bytes identical to the current version are refused, and so is a large change
    (``acceptance``) without a ``reason``. Raises :class:`ReturnRefusedError` and changes nothing
    otherwise. ``explanations`` of queries and the reason are kept with the version.
    """
    try:
        return _accept(
            submission, user, reason=reason, explanations=explanations, restored_from=restored_from
        )
    except (OperationalError, IntegrityError) as error:
        # SQLite: the write lock was not free within the busy timeout; PostgreSQL: a lock or
        # version-number clash with a concurrent accept. The transaction rolled back whole.
        raise AcceptBusyError(ACCEPT_BUSY_MESSAGE, submission) from error


@dataclass(frozen=True)
class _PreparedAccept:
    """Everything an accept stores, worked out before the write transaction opens."""

    sha256: str
    year: int
    data: bytes
    fields: dict[str, Any]
    workers: list[dict[str, Any]]
    census: CensusReturn  # for the leaver keys stored with the version
    current_version: int  # the latest version of the year the checks compared with (0: none)
    previous_year_version: int  # last year's version the continuity rules read (0: none)


def _accept(
    submission: Submission,
    user: Any,
    *,
    reason: str,
    explanations: dict[str, str] | None,
    restored_from: AcceptedReturn | None,
) -> AcceptedReturn:
    # Reading, validating and measuring take seconds for a large return: they run before the write
    # transaction, so other users' writes (every page view's audit event) never wait behind them.
    # The transaction then only checks that nothing it relied on changed, and writes.
    prepared = _prepare_accept(submission, reason=reason, explanations=explanations)
    with transaction.atomic():
        # One accept per council at a time: the council row is the lock (PostgreSQL; SQLite's
        # IMMEDIATE transactions already take the database's write lock on entry).
        Council.objects.select_for_update().filter(pk=submission.council_id).exists()
        locked = (
            Submission.objects.select_for_update()
            .select_related("council")
            .defer("content")
            .get(pk=submission.pk)
        )
        still_held = Submission.objects.filter(pk=locked.pk, content__isnull=False).exists()
        if locked.status != SubmissionStatus.VALID or locked.sha256 != prepared.sha256 or not still_held:
            raise ReturnRefusedError(
                f"{locked.filename}: cannot be accepted ({locked.get_status_display().lower()})", locked
            )
        council = locked.council
        if (
            _version_of(latest_version(council, prepared.year)) != prepared.current_version
            or _version_of(latest_version(council, prepared.year - 1)) != prepared.previous_year_version
        ):
            # Another accept for this council landed while this one was being checked.
            raise AcceptBusyError(ACCEPT_BUSY_MESSAGE, locked)
        accepted = AcceptedReturn.objects.create(
            council=council,
            version=prepared.current_version + 1,
            submission=locked,
            accepted_by=user if getattr(user, "is_authenticated", False) else None,
            filename=locked.filename,
            file_format=locked.file_format,
            content=prepared.data,
            sha256=locked.sha256,
            restored_from=restored_from,
            **prepared.fields,
        )
        WorkerRecord.objects.bulk_create(
            (WorkerRecord(accepted_return=accepted, **fields) for fields in prepared.workers),
            batch_size=_BULK,
        )
        keys_for_new_version(accepted, prepared.census)
        locked.status = SubmissionStatus.ACCEPTED
        locked.content = None  # the accepted return keeps the bytes
        locked.save(update_fields=["status", "content"])
    return accepted


def _version_of(accepted: AcceptedReturn | None) -> int:
    return accepted.version if accepted is not None else 0


def _prepare_accept(
    submission: Submission, *, reason: str, explanations: dict[str, str] | None
) -> _PreparedAccept:
    """Re-read and re-validate the stored bytes (a return with errors can never be accepted)."""
    fresh = Submission.objects.select_related("council").get(pk=submission.pk)
    if fresh.status != SubmissionStatus.VALID or fresh.content is None:
        raise ReturnRefusedError(
            f"{fresh.filename}: cannot be accepted ({fresh.get_status_display().lower()})", fresh
        )
    data = bytes(fresh.content)
    council = fresh.council
    # Versions first: if one lands while this file is checked, the transaction sees the change.
    year_versions = {
        year: _version_of(latest_version(council, year)) for year in (fresh.year, (fresh.year or 0) - 1)
    }
    try:
        census = read_upload(data, fresh.filename, max_bytes=max(len(data), 1)).census
    except UploadRefusedError as error:
        raise ReturnRefusedError(str(error), fresh) from None
    issues = validate_for(council, census)
    errors = [issue for issue in issues if issue.severity == "error"]
    if errors or census.year is None:
        raise ReturnRefusedError(
            f"{fresh.filename}: has {len(errors)} error(s); fix them and upload again", fresh
        )
    if census.year != fresh.year:  # pragma: no cover - the stored year is read from these same bytes
        raise ReturnRefusedError(f"{fresh.filename}: its year does not match its check", fresh)
    measures, notes = measures_snapshot(census)
    check = check_acceptance(council, fresh, census, measures, previous_return(council, census.year))
    if check.identical_to is not None:
        raise ReturnRefusedError(
            f"{fresh.filename}: identical to version {check.identical_to}, the current "
            f"{census.year} return; nothing was changed",
            fresh,
        )
    reason = reason.strip()[:REASON_LIMIT]
    if check.needs_reason and not reason:
        raise ReturnRefusedError(
            f"{fresh.filename}: " + "; ".join(check.warnings) + ". Type a reason to accept it anyway", fresh
        )
    checked_version = _version_of(check.current)
    if checked_version != year_versions[census.year]:
        raise AcceptBusyError(ACCEPT_BUSY_MESSAGE, fresh)
    return _PreparedAccept(
        sha256=fresh.sha256,
        year=census.year,
        data=data,
        fields={
            "year": census.year,
            "worker_count": len(census.workers),
            "query_count": sum(1 for issue in issues if issue.severity == "query"),
            "measures": measures,
            "measure_notes": notes,
            "reason": reason,
            "explanations": _kept_explanations(explanations or {}, issues),
        },
        workers=_worker_fields(census),
        census=census,
        current_version=checked_version,
        previous_year_version=year_versions[census.year - 1],
    )


def _kept_explanations(explanations: dict[str, str], issues: list[Issue]) -> dict[str, str]:
    """Explanations of the return's own queries only ("CODE ITEM" keys), trimmed and bounded."""
    keys = {explanation_key(issue.code, issue.field) for issue in issues if issue.severity == "query"}
    return {
        key: text.strip()[:REASON_LIMIT] for key, text in explanations.items() if key in keys and text.strip()
    }


def restore_version(accepted: AcceptedReturn, user: Any) -> AcceptedReturn:
    """A new current version with an earlier version's bytes, checked and accepted like an upload.

    The earlier version stays as it was; :class:`ReturnRefusedError` when its bytes are gone
    (retention) or identical to the current version.
    """
    if accepted.pruned_at is not None:
        raise ReturnRefusedError(
            f"version {accepted.version}: its file was removed under the retention policy"
        )
    data = bytes(AcceptedReturn.objects.values_list("content", flat=True).get(pk=accepted.pk))
    submission = check_upload(accepted.council, data, accepted.filename, user)
    if submission.status != SubmissionStatus.VALID:
        raise ReturnRefusedError(
            f"version {accepted.version}: no longer passes validation ({submission.error_count} error(s))",
            submission,
        )
    return accept_submission(
        submission,
        user,
        reason=f"restored version {accepted.version}",
        explanations=dict(accepted.explanations),
        restored_from=accepted,
    )


def accept_file(
    council: Council,
    path_or_bytes: Path | bytes,
    user: Any,
    *,
    filename: str | None = None,
    reason: str = "",
) -> AcceptedReturn:
    """Check and accept a census file in one step; :class:`ReturnRefusedError` (with the submission and
    its report) when it is unreadable, has errors, is identical to the current version, or changes
    it a lot without a ``reason``. Nothing accepted changes on refusal."""
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
    return accept_submission(submission, user, reason=reason)


# --- reading -------------------------------------------------------------------------------------


def latest_version(council: Council, year: int) -> AcceptedReturn | None:
    return AcceptedReturn.objects.filter(council=council, year=year).order_by("-version").first()


def current_versions() -> QuerySet[AcceptedReturn]:
    """Accepted returns that are their council's current version for their year (no later version)."""
    later = AcceptedReturn.objects.filter(
        council=OuterRef("council"), year=OuterRef("year"), version__gt=OuterRef("version")
    )
    return AcceptedReturn.objects.filter(~Exists(later))


class ReturnIdentity(NamedTuple):
    """What identifies an accepted return's bytes for good (``AcceptedReturn`` has the same names)."""

    pk: int
    year: int
    version: int
    sha256: str


def current_identities(council: Council) -> list[ReturnIdentity]:
    """:func:`current_accepted`'s returns by identity only, oldest year first: read from one index
    as plain rows, for the pages that only need to know which returns are current."""
    rows = current_versions().filter(council=council).order_by("year")
    return [ReturnIdentity(*row) for row in rows.values_list("pk", "year", "version", "sha256")]


def current_accepted(council: Council) -> list[AcceptedReturn]:
    """The latest accepted version for each year, oldest year first."""
    return list(current_versions().filter(council=council).order_by("year").defer("content"))


@functools.lru_cache(maxsize=256)
def _parsed(pk: int, sha256: str) -> CensusReturn:
    # Accepted rows never change, so (id, digest) identifies the bytes for good.
    content, filename = AcceptedReturn.objects.values_list("content", "filename").get(pk=pk)
    data = bytes(content)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ReturnRefusedError(f"{filename}: stored bytes do not match their digest")
    return read_upload(data, filename, max_bytes=max(len(data), 1)).census


def census_of(accepted: AcceptedReturn | ReturnIdentity) -> CensusReturn:
    """The accepted return as read from its stored bytes (cached; treat it as read-only)."""
    return _parsed(accepted.pk, accepted.sha256)


def current_returns(council: Council) -> list[CensusReturn]:
    """The council's current return for each year it has one, oldest year first."""
    return [census_of(accepted) for accepted in current_accepted(council)]


def region_current_returns(region: Region) -> dict[Council, list[CensusReturn]]:
    """Every member council's current returns (an empty list for a council with none)."""
    return {council: current_returns(council) for council in region.councils.all().order_by("name")}


@dataclass(frozen=True, slots=True)
class ReturnWithoutKeys:
    """A current return the region's check cannot use: accepted before the secret was set (or
    keyed under an earlier secret). ``store_leaver_keys`` keys it."""

    council_name: str
    la_code: str
    year: int
    version: int


@dataclass(frozen=True, slots=True)
class RegionLeaverKeys:
    leavers: list[Leaver]
    keyed_returns: int  # current returns whose keys were read
    without_keys: list[ReturnWithoutKeys]  # council name, then year


def region_leaver_keys(region: Region, secret: bytes | None) -> RegionLeaverKeys:
    """The keyed leavers of every member council's current returns, made under ``secret``.

    Reads only the stored keys (``LeaverKey``), in council-name, year order; never a worker row or
    a return's bytes. Without a secret no keys can be compared: none are read, and the current
    returns with no keys at all are listed.
    """
    current = current_versions().filter(council__region=region)
    if secret is None:
        keyed = AcceptedReturn.objects.none()
        lacking = current.filter(leaver_key_set__isnull=True)
    else:
        keyed = current.filter(leaver_key_set__secret_fingerprint=secret_fingerprint(secret))
        lacking = current.exclude(pk__in=keyed.values("pk"))
    rows = (
        LeaverKey.objects.filter(key_set__accepted_return__in=keyed)
        .order_by("key_set__accepted_return__council__name", "key_set__accepted_return__year", "id")
        .values_list("worker_key", "old_la_code", "left_on")
    )
    without = lacking.order_by("council__name", "year").values_list(
        "council__name", "council__la_code", "year", "version"
    )
    return RegionLeaverKeys(
        leavers=[Leaver(worker_key=key, la_code=la_code, left_on=left_on) for key, la_code, left_on in rows],
        keyed_returns=keyed.count(),
        without_keys=[ReturnWithoutKeys(*row) for row in without],
    )


def backfill_leaver_keys(
    secret: bytes, by: str, councils: Iterable[Council] | None = None
) -> list[tuple[AcceptedReturn, int]]:
    """Key every current return (of ``councils``, default all) that has no keys under ``secret``,
    from the return's own stored bytes, audited as done ``by``; returns each version keyed and its
    leaver count.

    Each return is keyed, with its audit event, in its own transaction under the council's lock,
    so an accept at the same time either comes first (and this keys the new current version, or
    skips it as already keyed) or after (and its own keys replace these).
    """
    fingerprint = secret_fingerprint(secret)
    wanted = current_versions().exclude(leaver_key_set__secret_fingerprint=fingerprint)
    if councils is not None:
        wanted = wanted.filter(council__in=list(councils))
    done = []
    for pk in wanted.order_by("council__name", "year").values_list("pk", flat=True):
        with transaction.atomic():
            accepted = AcceptedReturn.objects.defer("content").select_related("council").get(pk=pk)
            Council.objects.select_for_update().filter(pk=accepted.council_id).exists()
            if not wanted.filter(pk=pk).exists():
                continue  # superseded or keyed meanwhile
            key_set = store_leaver_keys(accepted, census_of(accepted), secret)
            leavers = key_set.keys.count()
            record_event(
                None,
                Action.LEAVER_KEYS_STORE,
                accepted.council,
                username=by,
                year=accepted.year,
                version=accepted.version,
                leavers=leavers,
            )
            done.append((accepted, leavers))
    return done
