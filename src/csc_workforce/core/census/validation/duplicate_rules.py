"""Duplicate rules on DfE's de-duplication keys (census.md section 10) (R060-R063).

Records are grouped by ``SWENo`` first, so the work is proportional to the few repeated numbers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

from csc_workforce.core.census.model import WorkerRecord
from csc_workforce.core.census.validation.catalogue import rule
from csc_workforce.core.census.validation.context import Context, in_post
from csc_workforce.core.census.validation.issue import Issue

PERSONAL_ITEMS: Final = ("PersonBirthDate", "GenderCurrent", "Sex", "Ethnicity")


def _repeated(ctx: Context) -> Iterator[list[WorkerRecord]]:
    for group in ctx.by_swe.values():
        if len(group) > 1:
            yield group


def _exact_repeats(group: list[WorkerRecord]) -> set[int]:
    """Positions of records identical in every item to an earlier record of the group."""
    repeats: set[int] = set()
    for index, later in enumerate(group):
        if any(earlier.items == later.items for earlier in group[:index]):
            repeats.add(later.position)
    return repeats


@rule(
    "CSWW-R061", "error", "duplicate", "A worker record repeated exactly (every item the same): the later one"
)
def exact_repeat(ctx: Context) -> Iterator[Issue]:
    for group in _repeated(ctx):
        repeats = _exact_repeats(group)
        for worker in group:
            if worker.position in repeats:
                first = next(w for w in group if w.items == worker.items)
                yield ctx.issue(
                    "CSWW-R061",
                    worker,
                    "SWENo",
                    f"this record repeats record {first.position} exactly; remove one of them",
                    value=worker.value("SWENo"),
                    expected="each worker record once",
                )


def _dedup_keys(ctx: Context, worker: WorkerRecord) -> list[tuple[str, ...]]:
    """The DfE de-duplication keys a non-agency record falls under (in post, starter, leaver)."""
    items = worker.items
    person = tuple(worker.value(item) or "" for item in PERSONAL_ITEMS)
    keys: list[tuple[str, ...]] = []
    if in_post(worker):
        keys.append(("in post", *person))
    else:
        keys.append(("leaver", *person, items["RoleEndDate"][0]))
    started = ctx.date(worker.value("RoleStartDate"))
    if started is not None and ctx.bounds is not None and ctx.bounds[0] <= started <= ctx.bounds[1]:
        keys.append(("starter", *person, items["RoleStartDate"][0]))
    return keys


@rule(
    "CSWW-R060",
    "query",
    "duplicate",
    "Two non-agency records share DfE's de-duplication key but differ otherwise (one person, two posts)",
)
def shared_dedup_key(ctx: Context) -> Iterator[Issue]:
    for group in _repeated(ctx):
        repeats = _exact_repeats(group)
        seen: dict[tuple[str, ...], WorkerRecord] = {}
        for worker in group:
            if worker.items.get("AgencyWorker") != ["0"]:
                continue
            keys = _dedup_keys(ctx, worker)
            earlier = next((seen[key] for key in keys if key in seen), None)
            for key in keys:
                seen.setdefault(key, worker)
            if earlier is not None and worker.position not in repeats:
                yield ctx.issue(
                    "CSWW-R060",
                    worker,
                    "SWENo",
                    f"this record and record {earlier.position} are the same person on DfE's keys "
                    "(SWENo, date of birth, sex/gender, ethnicity) but differ otherwise; "
                    "headcount counts them once. Please confirm two posts",
                    value=worker.value("SWENo"),
                    expected="one record per post",
                )


@rule(
    "CSWW-R062", "query", "duplicate", "Same `SWENo` on an agency record and on a non-agency in-post record"
)
def agency_and_employed(ctx: Context) -> Iterator[Issue]:
    for group in _repeated(ctx):
        employed = next((w for w in group if w.items.get("AgencyWorker") == ["0"] and in_post(w)), None)
        if employed is None:
            continue
        for worker in group:
            if worker.items.get("AgencyWorker") == ["1"]:
                yield ctx.issue(
                    "CSWW-R062",
                    worker,
                    "SWENo",
                    f"agency worker has the same SWENo as record {employed.position}, "
                    "an employed worker in post at 30 September",
                    value=worker.value("SWENo"),
                    expected="an agency worker who is not also employed",
                )


@rule(
    "CSWW-R063", "query", "duplicate", "Same `SWENo` with a different date of birth, sex/gender or ethnicity"
)
def inconsistent_person(ctx: Context) -> Iterator[Issue]:
    for group in _repeated(ctx):
        for item in PERSONAL_ITEMS:
            first: WorkerRecord | None = None
            for worker in group:
                value = worker.value(item)
                if value is None:
                    continue
                if first is None:
                    first = worker
                elif value != first.value(item):
                    yield ctx.issue(
                        "CSWW-R063",
                        worker,
                        item,
                        f"{item} differs from record {first.position}, which has the same SWENo",
                        value=value,
                        expected=f"{first.value(item)}, as in record {first.position}",
                    )
