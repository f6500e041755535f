"""Who counts in which official measure: pure definitions from worker facts.

shared/spec/census.md sections 9-11 and measures.md section 3.2. Everything here works on NumPy
arrays (one element per worker record) so the same definition serves one worker in a unit test
and a national census in analytics. The rate formulas themselves live in ``measures_formulas``.

Conventions for the arrays: dates are ``datetime64[D]`` with ``NaT`` for missing; decimals are
``float64`` with ``NaN`` for missing; ``agency`` is 1 (agency), 0 (LA-employed) or -1 (missing or
invalid, which leaves the record out of every population).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from csc_workforce.core.census.registry import CODE_SETS
from csc_workforce.core.census.values import collection_year_bounds

BoolArray = npt.NDArray[np.bool_]
DateArray = npt.NDArray[np.datetime64]
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


class Population(Enum):
    """The groups of worker records the measures count."""

    IN_POST = "in_post"
    STARTER = "starter"
    LEAVER = "leaver"
    AGENCY = "agency"
    CASE_HOLDER = "case_holder"


class EndOnReferenceDate(Enum):
    """Policy for a ``RoleEndDate`` equal to 30 September (DfE's rule is unknown: census.md §9)."""

    LEAVER = "leaver"  # default: the record carries an end date, so it left and is not in post
    IN_POST = "in-post"  # still in post on the reference day; leaves in the next census year


class Returners(Enum):
    """Policy for a person who leaves and rejoins the same council within the year."""

    SEPARATE_RECORDS = "separate-records"  # default: each record counts on its own dates
    CONTINUOUS = "continuous-service"  # leave-and-return is neither a leaver nor a starter


class Casual(Enum):
    """Policy for casual or zero-hours staff, recognised by a derived FTE of exactly 0."""

    INCLUDE = "include"  # default: counted in headcounts, adding 0 FTE
    EXCLUDE_ZERO_FTE = "exclude-zero-fte"  # left out of every population


@dataclass(frozen=True, slots=True)
class FteSource:
    """One candidate item for a record's FTE; ``positive_only`` skips a 0."""

    item: str  # "FTE" or "FTE30"
    positive_only: bool = False


@dataclass(frozen=True, slots=True)
class FtePolicy:
    """Which FTE item feeds which population (census.md section 11): the first usable source wins."""

    name: str
    version: int
    in_post: tuple[FteSource, ...]
    agency: tuple[FteSource, ...]
    starter: tuple[FteSource, ...]
    leaver: tuple[FteSource, ...]
    description: str

    @property
    def label(self) -> str:
        return f"{self.name}/v{self.version}"

    def sources(self, population: Population) -> tuple[FteSource, ...]:
        if population in (Population.IN_POST, Population.CASE_HOLDER):
            return self.in_post
        return {
            Population.AGENCY: self.agency,
            Population.STARTER: self.starter,
            Population.LEAVER: self.leaver,
        }[population]


_FTE = FteSource("FTE")
_FTE30 = FteSource("FTE30")

FTE_POLICIES: Final = {
    policy.name: policy
    for policy in (
        FtePolicy(
            name="fte-first",
            version=1,
            in_post=(_FTE, _FTE30),
            agency=(_FTE, _FTE30),
            starter=(_FTE,),
            leaver=(FteSource("FTE", positive_only=True), _FTE30, _FTE),
            description=(
                "in post and agency: FTE, else FTE30; starters: FTE; leavers: FTE when above 0, "
                "else FTE30; case holders: their in-post or agency FTE"
            ),
        ),
        FtePolicy(
            name="fte30-at-reference",
            version=1,
            in_post=(_FTE30, _FTE),
            agency=(_FTE, _FTE30),
            starter=(_FTE30, _FTE),
            leaver=(FteSource("FTE", positive_only=True), _FTE30, _FTE),
            description=(
                "reads FTE30 as the FTE at this 30 September: in post and starters FTE30, else FTE; "
                "agency: FTE, else FTE30; leavers: FTE when above 0, else FTE30"
            ),
        ),
    )
}
DEFAULT_FTE_POLICY: Final = FTE_POLICIES["fte-first"]


@dataclass(frozen=True, slots=True)
class MeasurePolicy:
    """Every choice that can change a figure; recorded on each output (``label``)."""

    fte: FtePolicy = DEFAULT_FTE_POLICY
    end_on_reference_date: EndOnReferenceDate = EndOnReferenceDate.LEAVER
    returners: Returners = Returners.SEPARATE_RECORDS
    casual: Casual = Casual.INCLUDE
    version: int = 1

    @property
    def label(self) -> str:
        return (
            f"measures/v{self.version}; fte={self.fte.label}; "
            f"end-on-30-september={self.end_on_reference_date.value}; "
            f"returners={self.returners.value}; casual={self.casual.value}"
        )


DEFAULT_POLICY: Final = MeasurePolicy()


def reference_dates(year: int) -> tuple[np.datetime64, np.datetime64]:
    """Start and end (30 September) of collection year ``year`` as ``datetime64[D]``."""
    start, end = collection_year_bounds(year)
    return np.datetime64(start, "D"), np.datetime64(end, "D")


def twelve_months_to(last_day: date) -> tuple[np.datetime64, np.datetime64]:
    """The 12 months ending on ``last_day``: from the day after the same date a year before."""
    try:
        year_before = last_day.replace(year=last_day.year - 1)
    except ValueError:  # 29 February: the year before has none
        year_before = last_day.replace(year=last_day.year - 1, day=28)
    return np.datetime64(year_before, "D") + np.timedelta64(1, "D"), np.datetime64(last_day, "D")


def derive_fte(sources: Sequence[FteSource], items: Mapping[str, FloatArray]) -> FloatArray:
    """The FTE each record contributes: the first source that holds a usable value, else NaN."""
    length = len(next(iter(items.values())))
    result = np.full(length, np.nan)
    for source in sources:
        candidate = items[source.item]
        usable = np.isnan(result) & ~np.isnan(candidate)
        if source.positive_only:
            usable &= candidate > 0
        result = np.where(usable, candidate, result)
    return result


@dataclass(frozen=True, slots=True)
class Classification:
    """Population membership of each record (boolean arrays of one length)."""

    in_post: BoolArray
    starter: BoolArray
    leaver: BoolArray
    agency: BoolArray
    case_holder: BoolArray
    unclassified: BoolArray  # AgencyWorker missing or invalid
    out_of_year: BoolArray  # dates that place the record outside this census year

    def mask(self, population: Population) -> BoolArray:
        return {
            Population.IN_POST: self.in_post,
            Population.STARTER: self.starter,
            Population.LEAVER: self.leaver,
            Population.AGENCY: self.agency,
            Population.CASE_HOLDER: self.case_holder,
        }[population]


@dataclass(frozen=True, slots=True)
class WorkerFacts:
    """The items of one collection year's records that classification needs."""

    year: int
    agency: npt.NDArray[np.int8]
    start: DateArray
    end: DateArray
    fte: FloatArray
    fte30: FloatArray
    cases: FloatArray
    # Same non-negative number = same person (council + SWE number); -1 = no usable identifier.
    person: IntArray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    # The 12 months ending this day instead of the census year (the workforce position on a date).
    period_end: date | None = None

    def period(self) -> tuple[np.datetime64, np.datetime64]:
        """First and last day of the period classified: the census year, or 12 months to ``period_end``."""
        return reference_dates(self.year) if self.period_end is None else twelve_months_to(self.period_end)

    def derived_fte(self, policy: FtePolicy, population: Population) -> FloatArray:
        return derive_fte(policy.sources(population), {"FTE": self.fte, "FTE30": self.fte30})


def _continuous_service(
    facts: WorkerFacts, leaver: BoolArray, starter: BoolArray
) -> tuple[BoolArray, BoolArray]:
    """Returners policy CONTINUOUS: a leaver whose person starts again later in the year is not a
    leaver, and that restart is not a starter."""
    if facts.person.size == 0:
        return leaver, starter
    starts_by_person: dict[int, list[int]] = {}
    for index in np.flatnonzero(starter & (facts.person >= 0)):
        starts_by_person.setdefault(int(facts.person[index]), []).append(int(index))
    leaver = leaver.copy()
    starter = starter.copy()
    for index in np.flatnonzero(leaver & (facts.person >= 0)):
        for other in starts_by_person.get(int(facts.person[index]), []):
            if other != index and starter[other] and facts.start[other] >= facts.end[index]:
                leaver[index] = False
                starter[other] = False
                break
    return leaver, starter


def classify(facts: WorkerFacts, policy: MeasurePolicy = DEFAULT_POLICY) -> Classification:
    """In post at 30 September, starter, leaver, agency and case holder (census.md section 9).

    - LA-employed (``AgencyWorker`` 0) with no ``RoleEndDate``: in post at 30 September.
    - LA-employed with a ``RoleEndDate`` in the year: a leaver (on 30 September: per policy).
      An end date after 30 September leaves the record in post (it leaves in a later year); one
      before the year began belongs to an earlier year and counts nowhere.
    - LA-employed with a ``RoleStartDate`` in the year: a starter (it may also be a leaver). A start
      after 30 September means not yet employed at the reference date: counted nowhere.
    - Every agency record is an agency worker at 30 September (never de-duplicated).
    - Case holders: in post or agency, with ``Cases30`` of 1 or more.
    """
    year_start, year_end = facts.period()
    agency = facts.agency == 1
    employed = facts.agency == 0
    unclassified = ~(agency | employed)
    has_end = ~np.isnat(facts.end)
    has_start = ~np.isnat(facts.start)
    ends_before_year = has_end & (facts.end < year_start)
    starts_after_year = has_start & (facts.start > year_end)
    out_of_year = employed & (ends_before_year | starts_after_year)
    counted = employed & ~out_of_year

    if policy.end_on_reference_date is EndOnReferenceDate.IN_POST:
        still_there = has_end & (facts.end >= year_end)
    else:
        still_there = has_end & (facts.end > year_end)
    leaver = counted & has_end & ~still_there
    in_post = counted & (~has_end | still_there)
    starter = counted & has_start & (facts.start >= year_start)

    if policy.returners is Returners.CONTINUOUS:
        leaver, starter = _continuous_service(facts, leaver, starter)

    if policy.casual is Casual.EXCLUDE_ZERO_FTE:
        in_post = in_post & (facts.derived_fte(policy.fte, Population.IN_POST) != 0)
        leaver = leaver & (facts.derived_fte(policy.fte, Population.LEAVER) != 0)
        starter = starter & (facts.derived_fte(policy.fte, Population.STARTER) != 0)

    holds_cases = ~np.isnan(facts.cases) & (facts.cases >= 1)
    case_holder = (in_post | agency) & holds_cases
    return Classification(
        in_post=in_post,
        starter=starter,
        leaver=leaver,
        agency=agency,
        case_holder=case_holder,
        unclassified=unclassified,
        out_of_year=out_of_year,
    )


# --- Headcount de-duplication (census.md section 10) -------------------------------------------

# The person key: council + SWE number + date of birth + gender (Sex from 2024) + ethnicity.
# ``gender`` is GenderCurrent up to 2023 and Sex from 2024, whichever the record carries.
PERSON_KEY: Final = ("la_code", "SWENo", "PersonBirthDate", "gender", "Ethnicity")
HEADCOUNT_KEYS: Final = {
    Population.IN_POST: PERSON_KEY,
    Population.STARTER: (*PERSON_KEY, "RoleStartDate"),
    Population.LEAVER: (*PERSON_KEY, "RoleEndDate"),
    Population.CASE_HOLDER: PERSON_KEY,
}
# Agency records are never de-duplicated: each record is one person.
NEVER_DEDUPLICATED: Final = frozenset({Population.AGENCY})
UNKNOWN_SENIORITY: Final = 7  # below "Qualified without cases" (OrgRole 6)


def seniority(org_role: Sequence[str | None]) -> IntArray:
    """OrgRole 1 (senior manager, most senior) to 6; a missing role ranks last."""
    return np.fromiter(
        (int(role) if role is not None and role.isdigit() else UNKNOWN_SENIORITY for role in org_role),
        dtype=np.int64,
        count=len(org_role),
    )


def headcount_representatives(eligible: BoolArray, person: IntArray, rank: IntArray) -> BoolArray:
    """One record per person among ``eligible``: the most senior post, then the first in the file.

    ``person`` numbers records by their de-duplication key (-1: no SWE number, so the record is a
    person of its own); ``rank`` is the seniority (lower is more senior). Headcount = the count of
    the returned mask. FTE is never de-duplicated and ignores this.
    """
    keep = eligible & (person < 0)
    candidates = np.flatnonzero(eligible & (person >= 0))
    if candidates.size:
        # Sort by person, then seniority, then position; the first of each person is kept.
        order = candidates[np.lexsort((candidates, rank[candidates], person[candidates]))]
        first = np.ones(order.size, dtype=bool)
        first[1:] = person[order][1:] != person[order][:-1]
        keep[order[first]] = True
    return keep


# --- Breakdowns: age, time in service and code groups -----------------------------------------

NOT_KNOWN: Final = "Not known"
NOT_RECORDED: Final = "Not recorded"
NOT_A_LEAVER: Final = "Not a leaver"

# Age in completed years: at 30 September for in post, starters and agency; on the leaving date
# for leavers (measures.md section 1). DfE publishes 20-29 ... 60 and over; the COLLECT summary
# adds under 20.
AGE_BANDS: Final = (
    ("Under 20", 0, 20),
    ("20 to 29", 20, 30),
    ("30 to 39", 30, 40),
    ("40 to 49", 40, 50),
    ("50 to 59", 50, 60),
    ("60 and over", 60, 200),
)
# Completed years from RoleStartDate to 30 September (leavers: to the leaving date).
SERVICE_BANDS: Final = (
    ("Less than 2 years", 0, 2),
    ("2 to less than 5 years", 2, 5),
    ("5 to less than 10 years", 5, 10),
    ("10 to less than 20 years", 10, 20),
    ("20 years or more", 20, 200),
)

ETHNICITY_GROUPS: Final = {
    "WBRI": "White",
    "WIRI": "White",
    "WOTH": "White",
    "MWBC": "Mixed / Multiple ethnic groups",
    "MWBA": "Mixed / Multiple ethnic groups",
    "MWAS": "Mixed / Multiple ethnic groups",
    "MOTH": "Mixed / Multiple ethnic groups",
    "AIND": "Asian / Asian British",
    "APKN": "Asian / Asian British",
    "ABAN": "Asian / Asian British",
    "AOTH": "Asian / Asian British",
    "CHNE": "Other ethnic group",
    "BCRB": "Black / African / Caribbean / Black British",
    "BAFR": "Black / African / Caribbean / Black British",
    "BOTH": "Black / African / Caribbean / Black British",
    "OOTH": "Other ethnic group",
    "REFU": NOT_KNOWN,
    "NOBT": NOT_KNOWN,
}
SEX_LABELS: Final = {
    "M": "Male",
    "F": "Female",
    "1": "Male",
    "2": "Female",
    "0": NOT_KNOWN,
    "9": "Not specified",
}


def completed_years(start: DateArray, on: DateArray) -> npt.NDArray[np.float64]:
    """Whole years from ``start`` to ``on`` (NaN where either is missing)."""
    missing = np.isnat(start) | np.isnat(on)
    start_years = start.astype("datetime64[Y]").astype(np.int64)
    on_years = on.astype("datetime64[Y]").astype(np.int64)
    # Compare month and day, not day of year, so that leap years behave.
    before_birthday = _month_day(on) < _month_day(start)
    years = (on_years - start_years - before_birthday).astype(np.float64)
    years[missing] = np.nan
    return years


def _month_day(dates: DateArray) -> IntArray:
    months = dates.astype("datetime64[M]")
    month = (months.astype(np.int64) % 12) + 1
    day = (dates - months.astype("datetime64[D]")).astype(np.int64) + 1
    return np.asarray(month * 100 + day, dtype=np.int64)


def band_labels(years: FloatArray, bands: Sequence[tuple[str, int, int]]) -> list[str]:
    """The band label of each value; NaN or negative gives "Not known"."""
    labels = np.full(years.shape, NOT_KNOWN, dtype=object)
    for label, low, high in bands:
        labels[(years >= low) & (years < high)] = label
    return [str(label) for label in labels]


def age_at(birth: DateArray, on: DateArray) -> FloatArray:
    return completed_years(birth, on)


def reference_day_array(year: int, length: int) -> DateArray:
    return np.full(length, np.datetime64(date(year, 9, 30), "D"))


def code_labels(code_set: str) -> dict[str, str]:
    """Code to label for a census code set (used for role, start origin, destination, reason)."""
    return dict(CODE_SETS[code_set].labels)


# Breakdown name -> what it groups by.
BREAKDOWNS: Final = {
    "role": "OrgRole (a person counts once, in their most senior post)",
    "age_band": "age at 30 September (leavers: on the leaving date)",
    "sex": "Sex from 2024, GenderCurrent before",
    "ethnicity_group": "DfE's major ethnic groups",
    "time_in_service": "completed years from RoleStartDate to 30 September (leavers: to leaving)",
    "start_origin": "StartOrigin",
    "leaver_destination": "LeaverDestination (non-leavers: 'Not a leaver')",
    "reason_leave": "ReasonLeave (non-leavers: 'Not a leaver')",
}
BREAKDOWN_ALIASES: Final = {
    "orgrole": "role",
    "age": "age_band",
    "gender": "sex",
    "ethnicity": "ethnicity_group",
    "service": "time_in_service",
    "startorigin": "start_origin",
    "destination": "leaver_destination",
    "leaverdestination": "leaver_destination",
    "reason": "reason_leave",
    "reasonleave": "reason_leave",
}


def breakdown_name(text: str) -> str:
    """The canonical breakdown for ``text`` (hyphens, case and a few aliases tolerated)."""
    key = text.strip().lower().replace("-", "_").replace(" ", "_")
    key = BREAKDOWN_ALIASES.get(key.replace("_", ""), BREAKDOWN_ALIASES.get(key, key))
    if key not in BREAKDOWNS:
        raise ValueError(f"unknown breakdown {text!r}; choose one of: {', '.join(BREAKDOWNS)}")
    return key


def _labels(codes: npt.NDArray[np.object_], mapping: Mapping[str, str], missing: str) -> list[str]:
    return [mapping.get(code, missing) if code is not None else missing for code in codes]


def _reference_or_leaving(population: Population, end: DateArray, year: int) -> DateArray:
    """Leavers are described on their leaving date; everyone else on 30 September."""
    reference = reference_day_array(year, len(end))
    if population is Population.LEAVER:
        return np.where(np.isnat(end), reference, end)
    return reference


def breakdown_values(
    name: str, population: Population, items: Mapping[str, npt.NDArray[Any]], year: int
) -> list[str]:
    """The breakdown label of each record when counted in ``population``.

    ``items`` holds the census items the breakdown reads, one array per item: codes as object
    arrays (None for missing), dates as ``datetime64[D]``.
    """
    if name == "role":
        return _labels(items["OrgRole"], code_labels("OrgRole"), NOT_KNOWN)
    if name == "sex":
        codes = [s if s is not None else g for s, g in zip(items["Sex"], items["GenderCurrent"], strict=True)]
        return _labels(np.asarray(codes, dtype=object), SEX_LABELS, NOT_KNOWN)
    if name == "ethnicity_group":
        return _labels(items["Ethnicity"], ETHNICITY_GROUPS, NOT_KNOWN)
    if name == "age_band":
        on = _reference_or_leaving(population, items["RoleEndDate"], year)
        return band_labels(age_at(items["PersonBirthDate"], on), AGE_BANDS)
    if name == "time_in_service":
        on = _reference_or_leaving(population, items["RoleEndDate"], year)
        return band_labels(completed_years(items["RoleStartDate"], on), SERVICE_BANDS)
    if name == "start_origin":
        return _labels(items["StartOrigin"], code_labels("StartOrigin"), NOT_RECORDED)
    if name in ("leaver_destination", "reason_leave"):
        item = "LeaverDestination" if name == "leaver_destination" else "ReasonLeave"
        if population is not Population.LEAVER:
            return [NOT_A_LEAVER] * len(items[item])
        return _labels(items[item], code_labels(item), NOT_RECORDED)
    raise ValueError(f"unknown breakdown {name!r}; choose one of: {', '.join(BREAKDOWNS)}")


# The census items each breakdown reads.
BREAKDOWN_ITEMS: Final = {
    "role": ("OrgRole",),
    "sex": ("Sex", "GenderCurrent"),
    "ethnicity_group": ("Ethnicity",),
    "age_band": ("PersonBirthDate", "RoleEndDate"),
    "time_in_service": ("RoleStartDate", "RoleEndDate"),
    "start_origin": ("StartOrigin",),
    "leaver_destination": ("LeaverDestination",),
    "reason_leave": ("ReasonLeave",),
}
