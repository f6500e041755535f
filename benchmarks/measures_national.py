"""Time to compute every official measure for a national five-year synthetic census.

Builds seeded synthetic returns (about 150 councils x 5 years, over 200,000 worker records; no
real data), then times: the canonical tables, all measures per council and year, and each
breakdown. Prints seconds and records per second.

    uv run python benchmarks/measures_national.py [--councils 152] [--years 5] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, timedelta

from csc_workforce.analytics.canonical import la_level_frame, workers_frame
from csc_workforce.analytics.council import council_measures
from csc_workforce.core.census.model import CensusHeader, CensusReturn, WorkerRecord
from csc_workforce.core.measures import BREAKDOWNS

FIRST_YEAR = 2021
ETHNICITIES = ("WBRI", "WBRI", "WBRI", "WOTH", "BAFR", "AIND", "MWBC", "REFU")


def _day(rng: random.Random, start: date, end: date) -> str:
    return (start + timedelta(days=rng.randrange((end - start).days + 1))).isoformat()


def _employed(
    rng: random.Random, swe: str, year: int, *, starter: bool, leaver: bool
) -> dict[str, list[str]]:
    year_start, year_end = date(year - 1, 10, 1), date(year, 9, 30)
    start = _day(rng, year_start, year_end) if starter else _day(rng, date(1995, 1, 1), year_start)
    items = {
        "AgencyWorker": "0",
        "SWENo": swe,
        "FTE": rng.choice(("1", "1", "1", "0.8", "0.6", "0.5")),
        "PersonBirthDate": _day(rng, date(1958, 1, 1), date(2000, 12, 31)),
        "Sex" if year >= 2024 else "GenderCurrent": (
            rng.choice(("F", "F", "F", "M")) if year >= 2024 else rng.choice(("2", "2", "2", "1"))
        ),
        "Ethnicity": rng.choice(ETHNICITIES),
        "OrgRole": rng.choice(("1", "2", "3", "3", "4", "4", "5", "5", "5", "5", "6")),
        "RoleStartDate": start,
        "StartOrigin": str(rng.randint(1, 10)),
        "FTE30": "1",
        "Cases30": str(rng.choice((0, 0, 8, 12, 15, 18, 22))),
        "WorkingDaysLost": str(rng.choice((0, 0, 2, 5, 10, 25.5))),
    }
    if leaver:
        items["RoleEndDate"] = _day(rng, max(year_start, date.fromisoformat(start)), year_end)
        items["ReasonLeave"] = str(rng.randint(1, 10))
        items["LeaverDestination"] = str(rng.randint(1, 9))
    return {name: [value] for name, value in items.items()}


def synthetic_return(rng: random.Random, lea: str, year: int, size: int) -> CensusReturn:
    records: list[dict[str, list[str]]] = []
    for index in range(size):
        swe = f"SW{lea}{index:05d}"
        roll = rng.random()
        records.append(_employed(rng, swe, year, starter=roll < 0.15, leaver=0.12 < roll < 0.26))
        if rng.random() < 0.02:  # a second post for the same person
            records.append({**records[-1], "FTE": ["0.2"], "OrgRole": ["6"]})
    for index in range(int(size * 0.16)):
        records.append(
            {"AgencyWorker": ["1"], "SWENo": [f"SW9{lea}{index:04d}"], "FTE": ["1"], "Cases30": ["14"]}
        )
    rng.shuffle(records)
    return CensusReturn(
        source=f"{lea}_{year}.xml",
        header=CensusHeader(collection="CSWW", year=str(year), reference_date=f"{year}-09-30", lea=lea),
        la_block_name="LALevel" if year >= 2025 else "LALevelVacancies",
        la_items={
            "NumberOfVacancies": [str(round(size * rng.uniform(0.05, 0.25), 2))],
            "NoAgencyFTE": [str(round(size * 0.12, 2))],
            "NoAgencyHeadcount": [str(int(size * 0.12))],
        },
        workers=[WorkerRecord(position, items) for position, items in enumerate(records, start=1)],
    )


def _timed(label: str, records: int, action):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    print(f"{label:<34} {seconds:8.2f} s  {records / seconds:12,.0f} records/s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--councils", type=int, default=152)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    sizes = {f"{800 + n:03d}": rng.randint(90, 480) for n in range(args.councils)}
    returns = [
        synthetic_return(rng, lea, FIRST_YEAR + offset, size)
        for offset in range(args.years)
        for lea, size in sizes.items()
    ]
    records = sum(len(r.workers) for r in returns)
    print(f"synthetic national census: {len(returns)} returns, {records:,} worker records (seed {args.seed})")
    workers = _timed("canonical tables", records, lambda: workers_frame(returns))
    la_level = la_level_frame(returns)
    result = _timed(
        "all measures, per council and year", records, lambda: council_measures(workers, la_level)
    )
    print(f"  -> {result.height} council-year rows, {len(result.columns)} columns")
    for by in BREAKDOWNS:
        _timed(f"  by {by}", records, lambda by=by: council_measures(workers, la_level, by=by))


if __name__ == "__main__":
    main()
