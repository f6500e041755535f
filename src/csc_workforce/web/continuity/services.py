"""Import, store and compute: the council's SSDA903 tables, the continuity report, the region's rows.

An upload is read by the same ingest readers as the CLI, under the council's own pseudonym key,
and only the minimised facts are stored (never the file). Nothing child-level is logged.
"""

from __future__ import annotations

import functools
import re
import secrets
import tempfile
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction

from csc_workforce.analytics.canonical import workers_frame
from csc_workforce.analytics.continuity import (
    ContinuityReport,
    CouncilContinuity,
    continuity_report,
    regional_rows,
    worker_statuses,
    year_json,
)
from csc_workforce.analytics.continuity_outlook import (
    NO_SSDA903,
    Projection,
    measured_leavers_fte,
    project_next_year,
)
from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.continuity.model import (
    NATIONAL_SHARE_THREE_OR_MORE,
    CareEpisode,
    ChildDetails,
    SocialWorkerEpisode,
)
from csc_workforce.core.continuity.projection import NotAvailable
from csc_workforce.core.disclosure import DisclosureRule
from csc_workforce.core.forecast import ForecastResult, Scenario
from csc_workforce.ingest.ssda903 import (
    Ssda903FileError,
    read_episodes,
    read_header,
    read_social_worker_episodes,
)
from csc_workforce.web.continuity.models import ChildPseudonymKey, ContinuityUpload
from csc_workforce.web.dashboards.services import region_keys
from csc_workforce.web.forecasts import services as forecasts
from csc_workforce.web.forecasts.forms import initial_settings
from csc_workforce.web.forecasts.models import ForecastSettings
from csc_workforce.web.fragments import DerivedCache
from csc_workforce.web.orgs.models import Council, Region
from csc_workforce.web.returns.models import AcceptedReturn
from csc_workforce.web.returns.services import census_of, current_identities

T = TypeVar("T")
_SUFFIX = re.compile(r"^\.[a-z]{3,4}$")
_NAME_CHARS = re.compile(r"[^A-Za-z0-9._ -]")
Upload = tuple[bytes, str]


class TablesRefusedError(ValueError):
    """An upload that was not imported; ``problems`` names every bad row and column."""

    def __init__(self, filename: str, problems: list[str]) -> None:
        super().__init__(f"{filename}: not imported ({len(problems)} problem(s))")
        self.filename = filename
        self.problems = problems


def display_name(filename: str) -> str:
    return _NAME_CHARS.sub("_", Path(filename).name)[:100] or "upload"


def council_key(council: Council) -> bytes:
    """The council's child pseudonym key, created on first use."""
    stored, _ = ChildPseudonymKey.objects.get_or_create(
        council=council, defaults={"key": secrets.token_bytes(32)}
    )
    return bytes(stored.key)


def _read(upload: Upload, reader: Callable[[Path, bytes], T], key: bytes) -> T:
    data, filename = upload
    name = display_name(filename)
    limit = settings.CSCW_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise TablesRefusedError(name, [f"is {len(data):,} bytes, over the {limit:,} byte upload limit"])
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="cscw-ssda903-") as folder:
        path = Path(folder) / f"upload{suffix if _SUFFIX.match(suffix) else '.bin'}"
        path.write_bytes(data)
        try:
            return reader(path, key)
        except Ssda903FileError as error:
            raise TablesRefusedError(name, error.problems) from None


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def import_tables(
    council: Council, episodes: Upload, social_workers: Upload, header: Upload | None, user: Any
) -> ContinuityUpload:
    """Read and store an upload; nothing is stored when any file is refused."""
    key = council_key(council)
    care = _read(episodes, read_episodes, key)
    workers = _read(social_workers, read_social_worker_episodes, key)
    details = _read(header, read_header, key) if header is not None else {}
    with transaction.atomic():
        return ContinuityUpload.objects.create(
            council=council,
            uploaded_by=user if getattr(user, "is_authenticated", False) else None,
            filenames=[display_name(u[1]) for u in (episodes, social_workers, header) if u is not None],
            care_episodes=[[e.child, _iso(e.start), _iso(e.end), e.legal_status] for e in care],
            social_worker_episodes=[
                [e.child, e.sw_id, _iso(e.start), _iso(e.end), e.reason, _iso(e.birth_month)] for e in workers
            ],
            child_details=[[d.child, d.sex, _iso(d.birth_month)] for d in details.values()],
            children=len({e.child for e in care}),
        )


def current_upload(council: Council) -> ContinuityUpload | None:
    return ContinuityUpload.objects.filter(council=council).defer(*_FACTS).first()


_FACTS = ("care_episodes", "social_worker_episodes", "child_details")


@dataclass(frozen=True, slots=True)
class Facts:
    care: tuple[CareEpisode, ...]
    social_workers: tuple[SocialWorkerEpisode, ...]
    details: dict[str, ChildDetails]


@functools.lru_cache(maxsize=32)
def _facts(pk: int, uploaded_at: datetime) -> Facts:
    # A stored upload never changes; the upload time is in the key too because a test database
    # that rolls back can give the next upload the same id (as agency terms are keyed).
    upload = ContinuityUpload.objects.only(*_FACTS).get(pk=pk)
    care = tuple(CareEpisode(c, _day(s) or date.min, _day(e), ls) for c, s, e, ls in upload.care_episodes)
    workers = tuple(
        SocialWorkerEpisode(c, sw, _day(s) or date.min, _day(e), reason, _day(birth))
        for c, sw, s, e, reason, birth in upload.social_worker_episodes
    )
    details = {c: ChildDetails(c, sex, _day(birth)) for c, sex, birth in upload.child_details}
    return Facts(care, workers, details)


# The census returns a report rests on: (year, id, digest) of each current return, oldest first.
CensusKey = tuple[tuple[int, int, str], ...]


def _returns_of(census: CensusKey) -> list[CensusReturn]:
    """The very returns ``census`` names (never "the current ones now", which may have moved on)."""
    rows = AcceptedReturn.objects.filter(pk__in=[pk for _, pk, _ in census]).defer("content")
    return [census_of(accepted) for accepted in rows.order_by("year")]


@functools.lru_cache(maxsize=64)
def _report(pk: int, uploaded_at: datetime, census: CensusKey) -> ContinuityReport:
    facts = _facts(pk, uploaded_at)
    returns = _returns_of(census)
    statuses = worker_statuses(workers_frame(returns)) if returns else None
    return continuity_report(facts.care, facts.social_workers, details=facts.details or None, census=statuses)


@functools.lru_cache(maxsize=64)
def _leavers_fte(census: CensusKey, continuity_year: int) -> float | None:
    return measured_leavers_fte(_returns_of(census), continuity_year)


# The 12-month baseline forecast by everything it rests on (see ``_forecast_identity``), and next
# year's projection from it kept beside the report it was made from (by identity): a new upload
# projects again from the kept baseline, a new acceptance forecasts again.
_BASELINES: DerivedCache[ForecastResult | NotAvailable] = DerivedCache(maxsize=32)
_PROJECTIONS: DerivedCache[Projection] = DerivedCache(maxsize=64)


def clear_caches() -> None:
    """Forget every computed report (for tests, whose rolled-back databases reuse upload ids)."""
    _facts.cache_clear()
    _report.cache_clear()
    _leavers_fte.cache_clear()
    _BASELINES.clear()
    _PROJECTIONS.clear()
    member_years.cache_clear()
    member_rows.cache_clear()
    _member_row.cache_clear()


def _census_key(council: Council) -> CensusKey:
    return tuple((a.year, a.pk, a.sha256) for a in current_identities(council))


@dataclass(frozen=True, slots=True)
class Current:
    """A council's current upload (None before its first), its report and the census it links to."""

    upload: ContinuityUpload | None
    report: ContinuityReport | None
    census: CensusKey


def current(council: Council) -> Current:
    """The current upload and its report, linked to the council's current census returns: computed
    once per upload and set of returns (a new upload or acceptance is a new key, so never stale)."""
    upload = current_upload(council)
    if upload is None:
        return Current(None, None, ())
    census = _census_key(council)
    return Current(upload, _report(upload.pk, upload.uploaded_at, census), census)


def council_report(council: Council) -> tuple[ContinuityUpload | None, ContinuityReport | None]:
    """The current upload and its report, linked to the council's current census returns."""
    state = current(council)
    return state.upload, state.report


def child_rows(report: ContinuityReport, year: int) -> list[dict[str, Any]]:
    """Child-level rows for the council's own users: pseudonym (shortened), age band, sex, legal
    status and number of social workers. Callers audit every view."""
    if year not in report.years:
        return []
    return [
        {
            "child": child.child[:12],
            "age_band": child.age_band,
            "sex": child.sex,
            "legal_status": child.legal_status,
            "social_workers": child.social_workers,
        }
        for child in report.years[year].stability.children
    ]


def year_summary(report: ContinuityReport, year: int) -> dict[str, Any]:
    """``year_json`` plus the leaver and agency figures, for pages and exports."""
    item = report.years[year]
    data = year_json(item)
    if item.link is not None:
        data |= {
            "changes_counted": item.link.changes,
            "leavers": item.link.leavers,
            "children_affected": item.link.children_affected_by_leavers,
            "children_per_leaver": item.link.mean_children_per_leaver,
            "agency_share": item.link.agency_share_of_episodes,
        }
    data["national_share"] = NATIONAL_SHARE_THREE_OR_MORE.get(year)
    return data


def dashboard_summary(council: Council) -> dict[str, Any] | None:
    """The latest year's share with 3+ beside England's, for the council dashboard."""
    try:
        _, report = council_report(council)
    except (ValueError, LookupError):
        return None
    if report is None or not report.years:
        return None
    year = max(report.years)
    return {"year": year, "share": report.years[year].stability.share_three_or_more,
            "national": NATIONAL_SHARE_THREE_OR_MORE.get(year)}  # fmt: skip


def _forecast_identity(council: Council, census: CensusKey) -> tuple[Hashable, ...]:
    """What the 12-month baseline of :func:`children_changing` rests on, as
    ``forecasts.council_basis`` and ``forecasts.forecast`` read it: the council's names, its current
    returns, its forecast settings and the page's simulations and seed (the published fit is fixed)."""
    chosen = ForecastSettings.objects.filter(council=council).values_list("caseload_standard", "on_costs")
    page = initial_settings()
    return (council.pk, council.name, council.region.name, census, chosen.first(),
            page["sims"], page["seed"])  # fmt: skip


def _baseline(council: Council) -> ForecastResult | NotAvailable:
    try:
        basis = forecasts.council_basis(council)
    except forecasts.NoForecastError as error:
        return NotAvailable(f"not available: {error}")
    page = initial_settings()
    return forecasts.forecast(basis.inputs, Scenario(), 12, page["sims"], page["seed"])


def _project(report: ContinuityReport, census: CensusKey, baseline: ForecastResult) -> Projection:
    return project_next_year(report, baseline, lambda year: _leavers_fte(census, year))


def children_changing(
    council: Council, baseline: ForecastResult | None = None, *, state: Current | None = None
) -> Projection:
    """Next year's children changing social worker: the baseline forecast's leavers (``baseline``,
    else the 12-month baseline the board pack runs) times the latest SSDA903 year's children
    affected per leaver; not available without the tables, a census to link or a forecast.
    ``state``: the council's :func:`current` when the caller has just read it."""
    try:
        state = state if state is not None else current(council)
    except (ValueError, LookupError):
        return NO_SSDA903
    report, census = state.report, state.census
    if report is None or not report.years:
        return NO_SSDA903
    if baseline is not None:
        return _project(report, census, baseline)
    identity = _forecast_identity(council, census)

    def project() -> Projection:
        kept = _BASELINES.get((), identity, lambda: _baseline(council))
        return kept if isinstance(kept, NotAvailable) else _project(report, census, kept)

    return _PROJECTIONS.get((report,), identity, project)


@dataclass(frozen=True, slots=True)
class Member:
    """A member council as the region's figures rest on it: its names, its current upload's
    identity (id, upload time; None before its first) and its current returns."""

    la_code: str
    name: str
    upload: tuple[int, datetime] | None
    census: CensusKey


Members = tuple[Member, ...]


def region_members(region: Region) -> Members:
    """Every member council, by name, read as plain rows (three queries whatever the region's size)."""
    uploads: dict[str, tuple[int, datetime]] = {}
    rows = ContinuityUpload.objects.filter(council__region=region).order_by("-uploaded_at", "-id")
    for la_code, pk, uploaded_at in rows.values_list("council__la_code", "pk", "uploaded_at"):
        uploads.setdefault(la_code, (pk, uploaded_at))  # the first is the latest, as current_upload's
    census: dict[str, list[tuple[int, int, str]]] = {}
    for pk, la_code, year, _version, sha256 in region_keys(region):
        census.setdefault(la_code, []).append((year, pk, sha256))
    councils = Council.objects.filter(region=region).order_by("name").values_list("la_code", "name")
    return tuple(
        Member(la_code, name, uploads.get(la_code), tuple(sorted(census.get(la_code, ()))))
        for la_code, name in councils
    )


def _member_report(member: Member) -> ContinuityReport | None:
    return _report(*member.upload, member.census) if member.upload is not None else None


@functools.lru_cache(maxsize=16)
def member_years(members: Members) -> tuple[int, ...]:
    """Every year some member's current upload has figures for."""
    years: set[int] = set()
    for member in members:
        report = _member_report(member)
        if report is not None:
            years.update(report.years)
    return tuple(sorted(years))


@functools.lru_cache(maxsize=32)
def member_rows(members: Members, year: int, threshold: int) -> tuple[CouncilContinuity, ...]:
    """Each member council with an upload covering ``year``, suppressed for the region under
    ``threshold`` (kept, the same tuple while the members' identities stand: the figures built from
    it are kept beside it). Each council's row is kept by its own identities too, so an upload or
    acceptance computes that council's row again, and only that one."""
    rows = (_member_row(member, year, threshold) for member in members)
    return tuple(row for row in rows if row is not None)


@functools.lru_cache(maxsize=256)
def _member_row(member: Member, year: int, threshold: int) -> CouncilContinuity | None:
    report = _member_report(member)
    if report is None or year not in report.years:
        return None
    counts = report.years[year].stability.with_social_workers
    returns = {member.la_code: _returns_of(member.census)}
    (row,) = regional_rows([(member.la_code, member.name, counts)], returns, year, DisclosureRule(threshold))
    return row
