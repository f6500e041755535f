"""Importing registers and caps, and checking engagements across the region: the agency pages' logic.

Files are read by the same importers as the CLI (``ingest.engagements``, ``ingest.agency_caps``)
and checked by the same rules (``analytics.agency.region_context``, ``core.agency.check``).
Cooling-off uses the leavers of the region's current census returns as the keyed hashes stored
when each was accepted (``returns.services.region_leaver_keys``): the same keys ``csc-workforce
agency leavers`` writes, so no worker row or SWE number of any council's census return is read
here. Without ``CSCW_REGION_SECRET`` no keys exist to compare and cooling-off is not checked.
"""

from __future__ import annotations

import functools
import hashlib
import re
import secrets
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction

from csc_workforce.analytics.agency import PermanentCosts, RegionCheck, region_context
from csc_workforce.core.agency.caps import CapTable
from csc_workforce.core.agency.check import CheckContext, check_engagements
from csc_workforce.core.agency.cost import four_quarters_to
from csc_workforce.core.agency.model import Engagement, PriceCap
from csc_workforce.core.disclosure import DEFAULT_THRESHOLD, DisclosureRule
from csc_workforce.core.pseudonym import secret_fingerprint, worker_key_function
from csc_workforce.ingest.agency_caps import read_caps, read_permanent_costs
from csc_workforce.ingest.agency_table import AgencyFileError
from csc_workforce.ingest.engagements import read_engagements
from csc_workforce.reporting.agency_report import ComplianceReport, build_compliance_report
from csc_workforce.web.agency.models import EngagementRegister, RegionAgencyTerms
from csc_workforce.web.orgs.models import Council, Region
from csc_workforce.web.returns.leaver_keys import configured_region_secret
from csc_workforce.web.returns.reading import display_name
from csc_workforce.web.returns.services import (
    RegionLeaverKeys,
    ReturnWithoutKeys,
    current_versions,
    region_leaver_keys,
)

T = TypeVar("T")
_SUFFIX = re.compile(r"^\.[a-z0-9]{1,8}$")


class FileRefusedError(ValueError):
    """An agency file that was not imported; ``problems`` names every bad row and column."""

    def __init__(self, filename: str, problems: list[str]) -> None:
        super().__init__(f"{filename}: not imported ({len(problems)} problem(s))")
        self.filename = filename
        self.problems = problems


# --- the region secret -----------------------------------------------------------------------------
@functools.cache
def _process_key() -> bytes:
    return secrets.token_bytes(32)


def engagement_key_function() -> Callable[[str], str]:
    """Keys for the engagements' SWE numbers: under the region secret, so they compare with the
    stored leaver keys; without it a random key of this process (cooling-off is then not checked)."""
    return worker_key_function(configured_region_secret() or _process_key())


# --- reading uploads -------------------------------------------------------------------------------
def _read_upload(data: bytes, filename: str, reader: Callable[[Path], T]) -> T:
    """Run an ingest reader on uploaded bytes (it reads from a path; the temporary file goes away)."""
    name = display_name(filename)
    suffix = Path(name).suffix.lower()
    limit = settings.CSCW_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise FileRefusedError(name, [f"is {len(data):,} bytes, over the {limit:,} byte upload limit"])
    with tempfile.TemporaryDirectory(prefix="cscw-agency-") as folder:
        path = Path(folder) / f"upload{suffix if _SUFFIX.match(suffix) else '.bin'}"
        path.write_bytes(data)
        try:
            return reader(path)
        except AgencyFileError as error:
            raise FileRefusedError(name, error.problems) from None


def read_register(data: bytes, filename: str, council: Council) -> list[Engagement]:
    """Every engagement in an upload for ``council``, or :class:`FileRefusedError` naming every problem.

    A row for another council is a problem too: a council uploads its own register.
    """
    engagements = _read_upload(data, filename, read_engagements)
    problems = [
        f"engagement_id {e.engagement_id}: column la_code: {e.la_code} is not {council.name} "
        f"({council.la_code}); a council uploads only its own engagements"
        for e in engagements
        if e.la_code != council.la_code
    ]
    if problems:
        raise FileRefusedError(display_name(filename), problems)
    return engagements


def import_register(council: Council, data: bytes, filename: str, user: Any) -> EngagementRegister:
    """Check an upload and make it the council's current register; nothing is stored on refusal."""
    engagements = read_register(data, filename, council)
    with transaction.atomic():
        return EngagementRegister.objects.create(
            council=council,
            uploaded_by=user if getattr(user, "is_authenticated", False) else None,
            filename=display_name(filename),
            content=data,
            sha256=hashlib.sha256(data).hexdigest(),
            engagement_count=len(engagements),
        )


def current_register(council: Council) -> EngagementRegister | None:
    return EngagementRegister.objects.filter(council=council).defer("content").first()


# A register by identity: its council, id and upload time. A stored register never changes; the
# upload time is in the key because a test database that rolls back can give the next upload the
# same id.
RegisterKey = tuple[str, int, datetime]


@functools.lru_cache(maxsize=64)
def _register_engagements(pk: int, uploaded_at: datetime) -> tuple[Engagement, ...]:
    content, sha256, filename = EngagementRegister.objects.values_list("content", "sha256", "filename").get(
        pk=pk
    )
    data = bytes(content)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise FileRefusedError(filename, ["stored bytes do not match their digest"])
    return tuple(_read_upload(data, filename, read_engagements))


def register_engagements(register: EngagementRegister) -> list[Engagement]:
    return list(_register_engagements(register.pk, register.uploaded_at))


def register_key(council: Council, register: EngagementRegister) -> RegisterKey:
    return (council.la_code, register.pk, register.uploaded_at)


# --- the region's terms ----------------------------------------------------------------------------
def read_caps_upload(data: bytes, filename: str, region: Region) -> list[PriceCap]:
    caps = _read_upload(data, filename, read_caps)
    table = CapTable(caps)
    if not table.has_region(region.name):
        found = ", ".join(sorted(table.regions())) or "none"
        raise FileRefusedError(
            display_name(filename),
            [f"column region: no row is for {region.name} (regions in the file: {found})"],
        )
    return caps


def read_costs_upload(data: bytes, filename: str, region: Region) -> PermanentCosts:
    costs = _read_upload(data, filename, read_permanent_costs)
    members = set(region.councils.values_list("la_code", flat=True))
    outside = sorted({la for la, _ in costs if la is not None and la not in members})
    if outside:
        raise FileRefusedError(
            display_name(filename),
            [f"column la_code: {', '.join(outside)} not a council of {region.name}"],
        )
    return costs


def import_terms(
    region: Region,
    caps: tuple[bytes, str],
    costs: tuple[bytes, str] | None,
    cooling_off_months: int | None,
    user: Any,
) -> RegionAgencyTerms:
    """Check the caps (and permanent costs) files and make them the region's current terms.

    Both files are checked before anything is stored; a refusal lists the problems of both.
    """
    problems: list[str] = []
    cap_list: list[PriceCap] = []
    try:
        cap_list = read_caps_upload(caps[0], caps[1], region)
    except FileRefusedError as error:
        problems += [f"{error.filename}: {problem}" for problem in error.problems]
    if costs is not None:
        try:
            read_costs_upload(costs[0], costs[1], region)
        except FileRefusedError as error:
            problems += [f"{error.filename}: {problem}" for problem in error.problems]
    if problems:
        raise FileRefusedError(display_name(caps[1]), problems)
    with transaction.atomic():
        return RegionAgencyTerms.objects.create(
            region=region,
            uploaded_by=user if getattr(user, "is_authenticated", False) else None,
            caps_filename=display_name(caps[1]),
            caps_content=caps[0],
            cap_count=len(cap_list),
            costs_filename=display_name(costs[1]) if costs else "",
            costs_content=costs[0] if costs else None,
            cooling_off_months=cooling_off_months,
        )


def current_terms(region: Region) -> RegionAgencyTerms | None:
    return RegionAgencyTerms.objects.filter(region=region).defer("caps_content", "costs_content").first()


@functools.lru_cache(maxsize=32)
def _terms_files(pk: int, uploaded_at: datetime) -> tuple[tuple[PriceCap, ...], PermanentCosts | None]:
    # Stored terms never change; the upload time is in the key too because a test database
    # that rolls back can give the next upload the same id.
    terms = RegionAgencyTerms.objects.get(pk=pk)
    caps = _read_upload(bytes(terms.caps_content), terms.caps_filename, read_caps)
    costs = None
    if terms.costs_content is not None:
        costs = _read_upload(bytes(terms.costs_content), terms.costs_filename, read_permanent_costs)
    return tuple(caps), costs


# --- checking --------------------------------------------------------------------------------------
@dataclass(slots=True)
class AgencyCheck:
    """Engagements checked against the region's terms and leavers, with what the check had to go on."""

    engagements: list[Engagement]
    checked: RegionCheck
    caps: list[PriceCap]
    permanent_costs: PermanentCosts | None
    terms: RegionAgencyTerms | None
    leavers: int
    census_returns: int  # current returns whose leaver keys were used
    secret_configured: bool
    returns_without_keys: list[ReturnWithoutKeys]

    def councils_without_keys(self) -> list[tuple[str, list[int]]]:
        """Each council with current returns whose leavers could not be used, and those years."""
        years: dict[str, list[int]] = {}
        for item in self.returns_without_keys:
            years.setdefault(item.council_name, []).append(item.year)
        return list(years.items())


def _council_regions() -> dict[str, str]:
    return dict(Council.objects.values_list("la_code", "region__name"))


@dataclass(frozen=True, slots=True)
class _RegionTerms:
    """What a region's check reads: its current terms and their files, and its stored leaver keys."""

    terms: RegionAgencyTerms | None
    caps: tuple[PriceCap, ...]
    costs: PermanentCosts | None
    secret_configured: bool
    keys: RegionLeaverKeys


def _region_terms(region: Region) -> _RegionTerms:
    terms = current_terms(region)
    caps, costs = _terms_files(terms.pk, terms.uploaded_at) if terms is not None else ((), None)
    secret = configured_region_secret()
    return _RegionTerms(terms, tuple(caps), costs, secret is not None, region_leaver_keys(region, secret))


def _context(found: _RegionTerms, region: Region, la_codes: set[str]) -> tuple[CheckContext, list[str]]:
    return region_context(
        list(found.caps),
        region.name,
        worker_key=engagement_key_function(),
        leavers=found.keys.leavers if found.keys.keyed_returns else None,
        cooling_off_months=found.terms.cooling_off_months if found.terms is not None else None,
        council_region=_council_regions(),
        require_caps=False,
        la_codes=la_codes,
    )


def region_check_context(region: Region) -> tuple[CheckContext, list[str]]:
    """The region's rules, caps and leavers as one :class:`CheckContext` (for checks of engagements
    that are not in a register, such as agency workers lent between councils), with warnings;
    kept, like the checks, by what it rests on (:func:`check_sources`)."""
    context, warnings = _kept_context(check_sources(region))
    return context, list(warnings)


@functools.lru_cache(maxsize=16)
def _kept_context(sources: CheckSources) -> tuple[CheckContext, tuple[str, ...]]:
    region = Region.objects.get(pk=sources.region[0])
    context, warnings = _context(_region_terms(region), region, set())
    return context, tuple(warnings)


def run_check(region: Region, engagements: Sequence[Engagement]) -> AgencyCheck:
    found = _region_terms(region)
    context, warnings = _context(found, region, {e.la_code for e in engagements})
    return AgencyCheck(
        engagements=list(engagements),
        checked=RegionCheck(result=check_engagements(engagements, context), warnings=warnings),
        caps=list(found.caps),
        permanent_costs=found.costs,
        terms=found.terms,
        leavers=len(found.keys.leavers),
        census_returns=found.keys.keyed_returns,
        secret_configured=found.secret_configured,
        returns_without_keys=found.keys.without_keys,
    )


def council_check(council: Council) -> tuple[EngagementRegister | None, AgencyCheck | None]:
    """The council's current register and its check (kept: see :func:`_kept_check`)."""
    register = current_register(council)
    if register is None:
        return None, None
    return register, _kept_check((register_key(council, register),), False, check_sources(council.region))


def region_registers(region: Region) -> dict[Council, EngagementRegister | None]:
    return {council: current_register(council) for council in region.councils.all().order_by("name")}


def _engagements_of(registers: Sequence[RegisterKey], prefixed: bool) -> list[Engagement]:
    return [
        replace(engagement, engagement_id=f"{la_code}/{engagement.engagement_id}") if prefixed else engagement
        for la_code, pk, uploaded_at in registers
        for engagement in _register_engagements(pk, uploaded_at)
    ]


def region_engagements(registers: dict[Council, EngagementRegister | None]) -> list[Engagement]:
    """Every member council's current engagements; ids prefixed by the council (ids are per register)."""
    keys = [
        register_key(council, register) for council, register in registers.items() if register is not None
    ]
    return _engagements_of(keys, prefixed=True)


# --- kept checks -----------------------------------------------------------------------------------
# A check is kept for as long as everything it rests on is current, keyed by the identities of the
# registers, the terms, the current returns with their leaver key sets, the region secret and the
# councils' regions: a new upload, acceptance, key set or secret is a new key, so a kept check is
# never stale and is recomputed on the first view after any of them (never after a time).
@dataclass(frozen=True, slots=True)
class CheckSources:
    """The identities of what a region's check reads besides the engagements."""

    region: tuple[int, str]  # pk, name
    terms: tuple[int, datetime] | None  # the current terms' pk and upload time
    # Each current return (pk, digest) with its leaver key set (pk, secret fingerprint, when stored).
    key_sets: tuple[tuple[Any, ...], ...]
    secret: str | None  # the region secret's fingerprint
    council_regions: tuple[tuple[str, str], ...]


def check_sources(region: Region) -> CheckSources:
    """What a check of ``region`` rests on, read as plain rows (three small queries)."""
    terms = RegionAgencyTerms.objects.filter(region=region).values_list("pk", "uploaded_at").first()
    key_sets = (
        current_versions()
        .filter(council__region=region)
        .order_by("pk")
        .values_list(
            "pk",
            "sha256",
            "leaver_key_set__pk",
            "leaver_key_set__secret_fingerprint",
            "leaver_key_set__stored_at",
        )
    )
    secret = configured_region_secret()
    return CheckSources(
        region=(region.pk, region.name),
        terms=terms,
        key_sets=tuple(key_sets),
        secret=secret_fingerprint(secret) if secret is not None else None,
        council_regions=tuple(sorted(_council_regions().items())),
    )


@functools.lru_cache(maxsize=32)
def _kept_check(registers: tuple[RegisterKey, ...], prefixed: bool, sources: CheckSources) -> AgencyCheck:
    # Shared by every view while current: callers treat it as read-only.
    region = Region.objects.get(pk=sources.region[0])
    return run_check(region, _engagements_of(registers, prefixed))


@dataclass(frozen=True, slots=True)
class RegionRegisters:
    """Which member councils have a current register (by identity), in council-name order."""

    current: tuple[RegisterKey, ...]
    missing: tuple[str, ...]  # names of the councils with none


def region_register_keys(region: Region) -> RegionRegisters:
    """Each member council's current register by identity, from two queries of plain rows."""
    current: dict[str, RegisterKey] = {}
    # The models' ordering (newest upload first) picks the current register, as in current_register.
    rows = EngagementRegister.objects.filter(council__region=region).values_list(
        "council__la_code", "pk", "uploaded_at"
    )
    for la_code, pk, uploaded_at in rows:
        current.setdefault(la_code, (la_code, pk, uploaded_at))
    councils = region.councils.order_by("name").values_list("la_code", "name")
    return RegionRegisters(
        current=tuple(current[la_code] for la_code, _ in councils if la_code in current),
        missing=tuple(name for la_code, name in councils if la_code not in current),
    )


def region_check(region: Region) -> tuple[RegionRegisters, AgencyCheck]:
    """Every member council's current engagements checked together (kept: see :func:`_kept_check`)."""
    registers = region_register_keys(region)
    return registers, _kept_check(registers.current, True, check_sources(region))


def default_period(engagements: Sequence[Engagement], today: date) -> tuple[date, date]:
    """Four calendar quarters ending today, or with the last engagement's end when all have ended."""
    if not engagements:
        return four_quarters_to(today)
    last_end = max((today if e.end_date is None else e.end_date) for e in engagements)
    return four_quarters_to(min(last_end, today))


def disclosure_rule() -> DisclosureRule:
    return DisclosureRule(int(getattr(settings, "CSCW_DISCLOSURE_THRESHOLD", DEFAULT_THRESHOLD)))


def compliance_report(
    check: AgencyCheck, region: Region, start: date, end: date, rule: DisclosureRule | None = None
) -> ComplianceReport:
    """The region's copy of the report (:meth:`ComplianceReport.region_copy`): no engagement rows,
    small cells suppressed at ``CSCW_DISCLOSURE_THRESHOLD`` (or ``rule``)."""
    return build_compliance_report(
        check.engagements,
        check.checked,
        region.name,
        start,
        end,
        permanent_costs=check.permanent_costs,
        rule=rule or disclosure_rule(),
    ).region_copy()
