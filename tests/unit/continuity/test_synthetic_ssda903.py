"""Synthetic SSDA903 tables linked to the synthetic census: the changes add up."""

from __future__ import annotations

import csv
from collections import defaultdict
from datetime import date, datetime

import pytest

from csc_workforce.analytics.canonical import workers_frame
from csc_workforce.analytics.continuity import continuity_report, worker_statuses
from csc_workforce.ingest.ssda903 import read_episodes, read_header, read_social_worker_episodes
from csc_workforce.synth import generate_region
from csc_workforce.synth.ssda903 import council_tables, write_council_tables

KEY = b"synthetic-council"


@pytest.fixture(scope="module")
def council():
    returns = [r for r in generate_region("East of England", [2023, 2024, 2025], 5) if r.la_code == "821"]
    assert len(returns) == 3
    return returns


def _day(text: str) -> date | None:
    return datetime.strptime(text, "%d/%m/%Y").date() if text else None


def test_the_same_seed_gives_the_same_tables(council):
    assert council_tables(council, 5) == council_tables(council, 5)
    assert council_tables(council, 5) != council_tables(council, 6)


def test_changes_add_up_to_the_changes_counted(council, tmp_path):
    episodes, social_workers, header = write_council_tables(council, 5, tmp_path)
    care = read_episodes(episodes, KEY)
    workers = read_social_worker_episodes(social_workers, KEY)
    report = continuity_report(
        care, workers, details=read_header(header, KEY), census=worker_statuses(workers_frame(council))
    )
    assert sorted(report.years) == [2023, 2024, 2025]
    # Independently of the library: the generator hands a child over on the day an episode ends.
    rows = list(csv.DictReader(social_workers.open()))
    starts = defaultdict(set)
    for row in rows:
        starts[row["CHILD"]].add(_day(row["SW_DECOM"]))
    for year in (2024, 2025):
        link = report.years[year].link
        assert link is not None
        first, last = date(year - 1, 4, 1), date(year, 3, 31)
        handovers = sum(
            1
            for row in rows
            if (end := _day(row["SW_DEC"])) and first <= end <= last and end in starts[row["CHILD"]]
        )
        assert link.changes == handovers == sum(link.counts.values())
        assert link.counts["left_council"] > 0  # a leaver's children change social worker
        assert link.leavers > 0 and link.children_affected_by_leavers >= link.leavers
        result = report.years[year].stability
        assert result.children_looked_after > 50
        assert 0 < (result.share_three_or_more or 0) < 60
