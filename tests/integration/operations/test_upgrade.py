"""An upgrade keeps data: the last release's database, migrated by this version, is whole and readable.

The fixture ``tests/fixtures/releases/0.1.0-stop7.sqlite3.gz`` was made with the code of the release
that landed on 2026-11-30 (commit 36c3f56): migrations, the demo users and two accepted synthetic
returns for Cambridgeshire (873), 2024 and 2025. Keep one fixture per release.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

HERE = Path(__file__).resolve().parent
RELEASES = HERE.parents[1] / "fixtures" / "releases"
DATABASE = "csc-workforce.sqlite3"
# Columns a migration dropped on purpose, with why; every other column must keep its values.
DROPPED_COLUMNS = {
    # ADR 0020: a copy of RoleEndDate for the region's leavers, which are now stored as keys.
    "returns_workerrecord": {"departed_on"},
}


def columns_and_rows(database: Path) -> dict[str, tuple[list[str], set[tuple[object, ...]]]]:
    with sqlite3.connect(database) as db:
        tables = [
            name
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if name not in {"sqlite_sequence", "django_migrations"}
        ]
        found = {}
        for table in tables:
            names = [row[1] for row in db.execute(f'PRAGMA table_info("{table}")')]
            found[table] = (names, set(db.execute(f'SELECT * FROM "{table}"')))
        return found


@pytest.mark.parametrize("fixture", sorted(RELEASES.glob("*.sqlite3.gz")), ids=lambda path: path.name)
def test_the_last_release_database_migrates_forward_intact(fixture: Path, tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    with gzip.open(fixture) as packed, (data_dir / DATABASE).open("wb") as unpacked:
        shutil.copyfileobj(packed, unpacked)
    before = columns_and_rows(data_dir / DATABASE)

    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CSCW_"))}
    result = subprocess.run(
        [sys.executable, str(HERE / "installation.py"), "upgrade", str(data_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout.strip().splitlines()[-1])

    # Every row of every table the release had is still there with the values it had.
    after = columns_and_rows(data_dir / DATABASE)
    for table, (names, rows) in before.items():
        assert table in after, f"table {table} is gone"
        new_names, new_rows = after[table]
        kept = [i for i, name in enumerate(names) if name not in DROPPED_COLUMNS.get(table, set())]
        keep = [new_names.index(names[i]) for i in kept]
        assert {tuple(row[i] for i in keep) for row in new_rows} >= {
            tuple(row[i] for i in kept) for row in rows
        }, table
        # New apps add their content types and permissions, and events are appended to the log.
        if table not in {"audit_auditevent", "django_content_type", "auth_permission"}:
            assert len(new_rows) == len(rows), table

    # And the app reads them: returns with their workers and measures, audit events, users.
    old_returns = before["returns_acceptedreturn"][1]
    assert len(shown["returns"]) == len(old_returns) == 2
    for accepted in shown["returns"]:
        assert accepted["la_code"] == "873"
        assert accepted["workers"] == accepted["worker_count"] > 0
        assert accepted["content_bytes"] > 0
        assert accepted["measures"]  # the measures snapshot kept at acceptance
    assert shown["audit_events"] >= len(before["audit_auditevent"][1])
    assert shown["users"] == len(before["auth_user"][1])
    assert shown["signs_in"] is True
