"""Record rules: mandatory items, starter/leaver pairings, dates, absence and age (R040-R054)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Final

from csc_workforce.core.census.registry import EVERY_RECORD_MANDATORY, LEAVER_ITEMS
from csc_workforce.core.census.validation.catalogue import rule
from csc_workforce.core.census.validation.context import Context, age_on, in_post
from csc_workforce.core.census.validation.issue import Issue

YOUNGEST: Final = 20
OLDEST: Final = 75
YOUNGEST_AT_START: Final = 18
_ZERO: Final = Decimal(0)


@rule("CSWW-R040", "error", "record", "Non-agency record missing an item that non-agency records must have")
def non_agency_mandatory(ctx: Context) -> Iterator[Issue]:
    if ctx.spec is None:
        return
    required = ctx.spec.non_agency_mandatory
    for worker in ctx.non_agency:
        items = worker.items
        for item in required:
            if item not in items:
                yield ctx.issue(
                    "CSWW-R040",
                    worker,
                    item,
                    f"{item} is missing; it is required for non-agency workers",
                    expected="a value (AgencyWorker is 0)",
                )


@rule("CSWW-R041", "error", "record", "`AgencyWorker`, `SWENo` or `FTE` missing")
def every_record_mandatory(ctx: Context) -> Iterator[Issue]:
    for worker in ctx.workers:
        items = worker.items
        for item in EVERY_RECORD_MANDATORY:
            if item not in items:
                yield ctx.issue(
                    "CSWW-R041", worker, item, f"{item} is missing; every record needs it", expected="a value"
                )


@rule("CSWW-R042", "error", "record", "`RoleStartDate` and `StartOrigin` not both present or both absent")
def start_pairing(ctx: Context) -> Iterator[Issue]:
    for worker in ctx.workers:
        items = worker.items
        has_start = "RoleStartDate" in items
        if has_start != ("StartOrigin" in items):
            present, missing = (
                ("RoleStartDate", "StartOrigin") if has_start else ("StartOrigin", "RoleStartDate")
            )
            yield ctx.issue(
                "CSWW-R042",
                worker,
                missing,
                f"{present} is given but {missing} is missing; they go together",
                expected=f"{missing} given with {present}, or neither",
            )


@rule("CSWW-R043", "error", "record", "`RoleEndDate` present without `ReasonLeave` or `LeaverDestination`")
def leaver_items_present(ctx: Context) -> Iterator[Issue]:
    for worker in ctx.workers:
        items = worker.items
        if "RoleEndDate" in items:
            for item in LEAVER_ITEMS:
                if item not in items:
                    yield ctx.issue(
                        "CSWW-R043",
                        worker,
                        item,
                        f"{item} is missing for a leaver (RoleEndDate is given)",
                        expected="a value for every leaver",
                    )


@rule("CSWW-R044", "error", "record", "`ReasonLeave` or `LeaverDestination` present without `RoleEndDate`")
def leaver_items_without_end(ctx: Context) -> Iterator[Issue]:
    for worker in ctx.workers:
        items = worker.items
        if "RoleEndDate" not in items:
            for item in LEAVER_ITEMS:
                if item in items:
                    yield ctx.issue(
                        "CSWW-R044",
                        worker,
                        item,
                        f"{item} is given but there is no RoleEndDate",
                        value=items[item][0],
                        expected="only for leavers (records with RoleEndDate)",
                    )


@rule("CSWW-R045", "error", "record", "`RoleEndDate` outside the census year (1 October to 30 September)")
def end_in_year(ctx: Context) -> Iterator[Issue]:
    if ctx.bounds is None:
        return
    start, end = ctx.bounds
    expected = f"from {start.isoformat()} to {end.isoformat()}"
    for worker, text, ended in zip(
        ctx.workers, ctx.values("RoleEndDate"), ctx.dates("RoleEndDate"), strict=True
    ):
        if ended is not None and not start <= ended <= end:
            yield ctx.issue(
                "CSWW-R045",
                worker,
                "RoleEndDate",
                f"RoleEndDate {text} is outside the census year",
                value=text,
                expected=expected,
            )


@rule("CSWW-R046", "error", "record", "`RoleStartDate` after 30 September of the collection year")
def start_not_after_reference(ctx: Context) -> Iterator[Issue]:
    if ctx.bounds is None:
        return
    end = ctx.bounds[1]
    starts = zip(ctx.workers, ctx.values("RoleStartDate"), ctx.dates("RoleStartDate"), strict=True)
    for worker, text, started in starts:
        if started is not None and started > end:
            yield ctx.issue(
                "CSWW-R046",
                worker,
                "RoleStartDate",
                f"RoleStartDate {text} is after the census reference date",
                value=text,
                expected=f"on or before {end.isoformat()}",
            )


@rule("CSWW-R047", "error", "record", "`RoleEndDate` before `RoleStartDate`")
def end_after_start(ctx: Context) -> Iterator[Issue]:
    for worker in ctx.workers:
        items = worker.items
        if "RoleEndDate" not in items or "RoleStartDate" not in items:
            continue
        started = ctx.date(items["RoleStartDate"][0])
        ended = ctx.date(items["RoleEndDate"][0])
        if started is not None and ended is not None and ended < started:
            yield ctx.issue(
                "CSWW-R047",
                worker,
                "RoleEndDate",
                f"RoleEndDate {ended.isoformat()} is before RoleStartDate {started.isoformat()}",
                value=items["RoleEndDate"][0],
                expected=f"on or after {started.isoformat()}",
            )


@rule(
    "CSWW-R048",
    "query",
    "record",
    "`ReasonAbsence` without `Absat30Sept` = 1, or `Absat30Sept` = 1 without a reason",
)
def absence_pairing(ctx: Context) -> Iterator[Issue]:
    for worker in ctx.workers:
        items = worker.items
        absent = "1" in items.get("Absat30Sept", ())
        reasons = items.get("ReasonAbsence")
        if reasons and not absent:
            yield ctx.issue(
                "CSWW-R048",
                worker,
                "ReasonAbsence",
                "ReasonAbsence is given but Absat30Sept is not 1 (absent on 30 September)",
                value=reasons[0],
                expected="a reason only when Absat30Sept is 1",
            )
        elif absent and not reasons:
            yield ctx.issue(
                "CSWW-R048",
                worker,
                "ReasonAbsence",
                "Absat30Sept is 1 but no ReasonAbsence is given",
                expected="the reason for the absence",
            )


@rule("CSWW-R049", "info", "record", "Leaver with `FTE` and `FTE30` both 0 or missing (no leaver FTE)")
def leaver_without_fte(ctx: Context) -> Iterator[Issue]:
    for worker in ctx.non_agency:
        if in_post(worker):
            continue
        ftes = [ctx.number(worker.value(item)) for item in ("FTE", "FTE30")]
        if all(value is None or value == _ZERO for value in ftes):
            yield ctx.issue(
                "CSWW-R049",
                worker,
                "FTE",
                "leaver has no FTE above 0 in FTE or FTE30, so adds nothing to leaver FTE",
                value=worker.value("FTE"),
                expected="the leaver's FTE when known",
            )


@rule("CSWW-R050", "query", "record", "Age at 30 September (leavers: at leaving) under 20 or over 75")
def plausible_age(ctx: Context) -> Iterator[Issue]:
    if ctx.bounds is None:
        return
    reference = ctx.bounds[1]
    births = ctx.dates("PersonBirthDate")
    for worker, born, ended in zip(ctx.workers, births, ctx.dates("RoleEndDate"), strict=True):
        if born is None:
            continue
        on = ended if ended is not None and ended <= reference else reference
        if YOUNGEST < on.year - born.year <= OLDEST:
            continue  # the age is year difference or one less: within bounds, no need to work it out
        age = age_on(born, on)
        if not YOUNGEST <= age <= OLDEST:
            yield ctx.issue(
                "CSWW-R050",
                worker,
                "PersonBirthDate",
                f"age {age} on {on.isoformat()} is outside {YOUNGEST} to {OLDEST}",
                value=worker.value("PersonBirthDate"),
                expected=f"an age from {YOUNGEST} to {OLDEST}",
            )


@rule(
    "CSWW-R051", "query", "record", "In-post non-agency case holder (`OrgRole` 5) with `Cases30` missing or 0"
)
def case_holder_without_cases(ctx: Context) -> Iterator[Issue]:
    for worker in ctx.non_agency:
        items = worker.items
        if items.get("OrgRole") != ["5"] or not in_post(worker):
            continue
        cases = items.get("Cases30")
        if cases is None or ctx.number(cases[0]) == _ZERO:
            yield ctx.issue(
                "CSWW-R051",
                worker,
                "Cases30",
                "a case holder (OrgRole 5) in post has no cases recorded at 30 September",
                value=cases[0] if cases else None,
                expected="the number of cases held",
            )


@rule("CSWW-R052", "query", "record", "Agency record carries leaver items (agency workers are never leavers)")
def agency_with_leaver_items(ctx: Context) -> Iterator[Issue]:
    for worker in ctx.agency:
        items = worker.items
        found = [item for item in ("RoleEndDate", *LEAVER_ITEMS) if item in items]
        if found:
            yield ctx.issue(
                "CSWW-R052",
                worker,
                found[0],
                f"agency worker record has {', '.join(found)}; these are ignored for agency workers",
                value=items[found[0]][0],
                expected="no leaver items on agency records",
            )


@rule("CSWW-R053", "query", "record", "`RoleStartDate` before the worker's 18th birthday")
def started_too_young(ctx: Context) -> Iterator[Issue]:
    births, starts = ctx.dates("PersonBirthDate"), ctx.dates("RoleStartDate")
    for worker, born, started in zip(ctx.workers, births, starts, strict=True):
        if born is None or started is None or started.year - born.year > YOUNGEST_AT_START:
            continue  # a year difference over 18 means 18 at least
        if age_on(born, started) < YOUNGEST_AT_START:
            yield ctx.issue(
                "CSWW-R053",
                worker,
                "RoleStartDate",
                f"RoleStartDate {started.isoformat()} is before the worker was {YOUNGEST_AT_START}",
                value=worker.value("RoleStartDate"),
                expected=f"a start date on or after the {YOUNGEST_AT_START}th birthday",
            )


@rule("CSWW-R054", "query", "record", "Non-agency worker in post with `FTE` 0")
def in_post_without_fte(ctx: Context) -> Iterator[Issue]:
    for worker in ctx.non_agency:
        if in_post(worker) and ctx.number(worker.value("FTE")) == _ZERO:
            yield ctx.issue(
                "CSWW-R054",
                worker,
                "FTE",
                "worker in post at 30 September has FTE 0",
                value=worker.value("FTE"),
                expected="the contracted FTE, above 0",
            )
