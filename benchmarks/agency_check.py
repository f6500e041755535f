"""Import and check N agency engagements against a region's leavers: where the time goes.

Builds a seeded synthetic region (census returns from ``csc_workforce.synth``, no real data) and a
register of N engagements drawn from its agency workers (``synth.engagement_register``; the rows are
repeated with new ids up to N, half moved to start after the DfE rules took effect so they are
judged). Then times, each as the CLI and the web app run it:

- leavers: reading the census XML files and keyed-hashing every leaver's SWE number;
- hashing alone (HMAC-SHA256 per SWE number);
- importing the register from CSV and from XLSX (every cell parsed and checked);
- checking every engagement against every rule, cooling-off matched by keyed hash.

    uv run python benchmarks/agency_check.py [--engagements 20000] [--region "East of England"]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import xlsxwriter

from csc_workforce.analytics.agency import check_region
from csc_workforce.core.agency.leavers import leavers_from_return
from csc_workforce.core.pseudonym import pseudonymise
from csc_workforce.export.census_xml import write_census_xml
from csc_workforce.ingest.agency_caps import read_caps
from csc_workforce.ingest.agency_leavers import load_leavers
from csc_workforce.ingest.engagements import ENGAGEMENT_COLUMNS, read_engagements
from csc_workforce.synth import generate_region
from csc_workforce.synth.engagement_register import caps_csv, register_csv, register_rows

SECRET = b"benchmark-region-secret"
RULES_FROM = date(2024, 10, 31)


def _timed(label: str, action, *, unit: str | None = None, count: int | None = None):
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    rate = f", {count / seconds:,.0f} {unit}/s" if count and unit else ""
    print(f"{label:<52} {seconds:8.3f} s{rate}")
    return result, seconds


def _rows(base: list[dict[str, str]], wanted: int) -> list[dict[str, str]]:
    rows = []
    for index in range(wanted):
        row = dict(base[index % len(base)])
        row["engagement_id"] = f"B{index:07d}"
        if index % 2:
            # Move every other copy after the rules took effect, keeping its length of experience.
            start = date.fromisoformat(row["start_date"])
            shift = max((RULES_FROM - start).days + (index % 300), 0)
            row["start_date"] = (start + timedelta(days=shift)).isoformat()
            row["qualified_date"] = (
                date.fromisoformat(row["qualified_date"]) + timedelta(days=shift)
            ).isoformat()
            if row["end_date"]:
                row["end_date"] = (date.fromisoformat(row["end_date"]) + timedelta(days=shift)).isoformat()
        rows.append(row)
    return rows


def _write_xlsx(rows: list[dict[str, str]], path: Path) -> None:
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet("Engagements")
    sheet.write_row(0, 0, ENGAGEMENT_COLUMNS)
    for number, row in enumerate(rows, start=1):
        sheet.write_row(number, 0, [row[column] for column in ENGAGEMENT_COLUMNS])
    workbook.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engagements", type=int, default=20_000)
    parser.add_argument("--region", default="East of England")
    parser.add_argument("--years", type=int, nargs="+", default=[2021, 2022, 2023, 2024, 2025])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    returns = list(generate_region(args.region, args.years, args.seed))
    workers = sum(len(r.workers) for r in returns)
    base = [row for rows in register_rows(returns, args.seed).values() for row in rows]
    rows = _rows(base, args.engagements)
    print(
        f"{args.region}: {len(returns)} census returns, {workers:,} worker records; "
        f"{len(base):,} synthetic engagements repeated to {len(rows):,}"
    )

    def key(swe_no: str) -> str:
        return pseudonymise(swe_no, SECRET)

    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        census_dir = directory / "census"
        census_dir.mkdir()
        for census in returns:
            write_census_xml(census, census_dir / f"{census.la_code}_{census.year}.xml")
        (directory / "caps.csv").write_text(caps_csv(args.region), encoding="utf-8")
        (directory / "register.csv").write_text(register_csv(rows), encoding="utf-8")
        _write_xlsx(rows, directory / "register.xlsx")
        size_csv = (directory / "register.csv").stat().st_size
        size_xlsx = (directory / "register.xlsx").stat().st_size
        print(f"register files: CSV {size_csv / 1e6:.1f} MB, XLSX {size_xlsx / 1e6:.1f} MB\n")

        load, leaver_seconds = _timed(
            "leavers: read + validate census XML, hash leavers", lambda: load_leavers([census_dir], key)
        )
        leavers = load.leavers
        extract_seconds = _timed(
            "leavers: extract + hash from parsed returns",
            lambda: [leavers_from_return(census, key) for census in returns],
            unit="leavers",
            count=len(leavers),
        )[1]
        swe_numbers = [row["swe_no"] for row in rows]
        _, hash_seconds = _timed(
            f"hashing: HMAC-SHA256 of {len(swe_numbers):,} SWE numbers",
            lambda: [key(swe) for swe in swe_numbers],
            unit="keys",
            count=len(swe_numbers),
        )
        caps = read_caps(directory / "caps.csv")
        engagements, csv_seconds = _timed(
            "import: register CSV",
            lambda: read_engagements(directory / "register.csv"),
            unit="rows",
            count=len(rows),
        )
        _, xlsx_seconds = _timed(
            "import: register XLSX",
            lambda: read_engagements(directory / "register.xlsx"),
            unit="rows",
            count=len(rows),
        )
        checked, check_seconds = _timed(
            "check: every rule, cooling-off against the region",
            lambda: check_region(engagements, caps, args.region, worker_key=key, leavers=leavers),
            unit="engagements",
            count=len(engagements),
        )
        # The same check with a key computed once per worker, to show what hashing costs in it.
        cache: dict[str, str] = {}

        def cached_key(swe_no: str) -> str:
            if swe_no not in cache:
                cache[swe_no] = key(swe_no)
            return cache[swe_no]

        _, cached_seconds = _timed(
            "check: the same with each worker's key computed once",
            lambda: check_region(engagements, caps, args.region, worker_key=cached_key, leavers=leavers),
        )

    result = checked.result
    findings = checked.findings
    print()
    print(
        f"leavers: {len(leavers):,} from {load.files} returns; judged {result.judged:,}, "
        f"not judged (before {RULES_FROM}) {result.not_judged:,}; findings {len(findings):,}"
    )
    by_rule: dict[str, int] = {}
    for finding in findings:
        by_rule[f"{finding.rule}/{finding.severity}"] = (
            by_rule.get(f"{finding.rule}/{finding.severity}", 0) + 1
        )
    print("findings by rule: " + ", ".join(f"{k} {v:,}" for k, v in sorted(by_rule.items())))
    print(
        f"per engagement: import CSV {1e6 * csv_seconds / len(rows):.0f} µs, XLSX "
        f"{1e6 * xlsx_seconds / len(rows):.0f} µs, check {1e6 * check_seconds / len(rows):.0f} µs"
    )
    print(
        f"ratios: XLSX/CSV import {xlsx_seconds / csv_seconds:.1f}x; check/CSV import "
        f"{check_seconds / csv_seconds:.2f}x; hashing share of the check "
        f"{min(hash_seconds / check_seconds, 1):.0%}; "
        f"cached keys speed-up {check_seconds / cached_seconds:.2f}x; "
        f"census XML reading/leaver extraction {leaver_seconds / extract_seconds:.0f}x"
    )


if __name__ == "__main__":
    main()
