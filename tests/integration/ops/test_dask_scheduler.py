"""The national sweep (``forecast run --all``) on an existing Dask cluster: the same run through
``--scheduler tcp://...`` (a LocalCluster on loopback, reached from another process) and locally,
with the same seed, gives the same councils' numbers; an unreachable scheduler is one line."""

from __future__ import annotations

import csv
import json
import logging
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.census.cli import run_command

pytestmark = pytest.mark.integration

COUNCILS = ("881", "330", "873", "822")  # Essex, Birmingham, Cambridgeshire, Bedford
SWEEP = ("forecast", "run", "--all", "--months", "12", "--sims", "100", "--seed", "7", "--format", "json")


@pytest.fixture(scope="module")
def few_councils(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The published file with England, its regions and four councils: a sweep of seconds."""
    source = shared_dir / "csww/csww_indicators_2017_to_2025.csv"
    target = tmp_path_factory.mktemp("published") / "four_councils.csv"
    with (
        source.open(encoding="utf-8", newline="") as reader,
        target.open("w", encoding="utf-8", newline="") as out,
    ):
        rows = csv.DictReader(reader)
        writer = csv.DictWriter(out, fieldnames=list(rows.fieldnames or []))
        writer.writeheader()
        writer.writerows(
            row
            for row in rows
            if row["geographic_level"] != "Local authority" or row["old_la_code"] in COUNCILS
        )
    return target


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A one-worker cluster in this process, listening on loopback TCP as a real scheduler does."""
    from dask.distributed import LocalCluster  # noqa: PLC0415 - heavy, only here

    with LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        protocol="tcp",
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:
        yield cluster


def _sweep(published: Path, *options: str) -> dict[str, Any]:
    result = run_command(*SWEEP, "--published", published, *options, timeout=300)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_the_sweep_on_a_cluster_equals_the_local_sweep(few_councils: Path, cluster: Any) -> None:
    scheduler = str(cluster.scheduler_address)
    assert scheduler.startswith("tcp://127.0.0.1:")
    local = _sweep(few_councils)
    on_cluster = _sweep(few_councils, "--scheduler", scheduler)
    assert "run_chunk" in cluster.scheduler.task_prefixes  # the councils were simulated there
    assert sorted(council["old_la_code"] for council in local["councils"]) == sorted(COUNCILS)
    assert on_cluster["councils"] == local["councils"]
    assert on_cluster["provenance"]["backend"] == "dask" and local["provenance"]["backend"] == "local"
    assert {**on_cluster["provenance"], "backend": "local"} == local["provenance"]


def test_an_unreachable_scheduler_stops_the_sweep_in_one_line(few_councils: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    result = run_command(*SWEEP, "--published", few_councils, "--scheduler", address)
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert f"cannot reach the Dask scheduler at {address}" in lines[0]
    assert result.stdout == ""
