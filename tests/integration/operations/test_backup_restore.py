"""``csc-workforce backup`` and ``restore`` on the embedded installation, as an IT team runs them."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

HERE = Path(__file__).resolve().parent
DATABASE = "csc-workforce.sqlite3"


def cli(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CSCW_"))}
    result = subprocess.run(
        [sys.executable, "-m", "csc_workforce.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def installation(*args: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CSCW_"))}
    return subprocess.Popen(
        [sys.executable, str(HERE / "installation.py"), *args], stdout=subprocess.PIPE, text=True, env=env
    )


def rows(database: Path) -> dict[str, set[tuple[object, ...]]]:
    with sqlite3.connect(database) as db:
        # sqlite_sequence is SQLite's own counter of ids handed out, not data.
        tables = [
            name
            for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if name != "sqlite_sequence"
        ]
        return {table: set(db.execute(f'SELECT * FROM "{table}"')) for table in tables}


def without_restore_event(tables: dict[str, set[tuple[object, ...]]]) -> dict[str, set[tuple[object, ...]]]:
    kept = dict(tables)
    kept["audit_auditevent"] = {row for row in tables["audit_auditevent"] if "restore" not in row}
    return kept


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("installation") / "data"
    assert installation("build", str(folder)).wait(timeout=600) == 0
    return folder


def test_a_quiet_installation_restores_row_for_row(source: Path, tmp_path: Path) -> None:
    archive = tmp_path / "backup.tar.gz"
    cli("backup", "--data-dir", str(source), "--output", str(archive))
    target = tmp_path / "restored"
    cli("restore", str(archive), "--data-dir", str(target))
    original, restored = rows(source / DATABASE), rows(target / DATABASE)
    assert without_restore_event(restored) == original
    assert len(restored["audit_auditevent"]) == len(original["audit_auditevent"]) + 1
    assert (target / "secret-key").read_text() == (source / "secret-key").read_text()
    assert oct((target / DATABASE).stat().st_mode & 0o777) == oct(0o600)
    assert cli("audit", "verify", "--data-dir", str(target)).returncode == 0


def test_a_backup_taken_during_uploads_holds_everything_accepted_before_it(
    source: Path, tmp_path: Path
) -> None:
    before = rows(source / DATABASE)
    uploads = installation("upload", str(source), "6")
    assert uploads.stdout is not None
    uploads.stdout.readline()  # one accepted: the rest run while the backup is taken
    archive = tmp_path / "during.tar.gz"
    cli("backup", "--data-dir", str(source), "--output", str(archive))
    assert uploads.wait(timeout=600) == 0
    target = tmp_path / "restored"
    cli("restore", str(archive), "--data-dir", str(target))
    after, restored = rows(source / DATABASE), without_restore_event(rows(target / DATABASE))
    for table, kept in restored.items():
        assert before[table] <= kept, table  # everything there before the backup began
        assert kept <= after[table], table  # nothing that never existed
    accepted = "returns_acceptedreturn"
    assert len(restored[accepted]) > len(before[accepted])  # the upload accepted first is in it
    assert cli("audit", "verify", "--data-dir", str(target)).returncode == 0


def test_restoring_over_an_installation_needs_force(source: Path, tmp_path: Path) -> None:
    archive = tmp_path / "b.tar.gz"
    cli("backup", "--data-dir", str(source), "--output", str(archive))
    refused = cli("restore", str(archive), "--data-dir", str(source), check=False)
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1 and "--force" in refused.stderr
    again = cli("backup", "--data-dir", str(source), "--output", str(archive), check=False)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_a_damaged_or_hostile_backup_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    not_a_backup = tmp_path / "x.tar.gz"
    not_a_backup.write_bytes(b"not a tar file")
    result = cli("restore", str(not_a_backup), "--data-dir", str(tmp_path / "t1"), check=False)
    assert result.returncode == 2 and "not a csc-workforce backup" in result.stderr
    hostile = tmp_path / "h.tar.gz"
    with tarfile.open(hostile, "w:gz") as archive:
        manifest = tmp_path / "manifest.json"
        manifest.write_text(
            '{"format": 1, "engine": "sqlite", "database": {"member": "x", "sha256": ""},'
            ' "files": {}, "tables": {}, "created": "now"}'
        )
        archive.add(manifest, arcname="manifest.json")
        archive.add(manifest, arcname="../escape.txt")
    result = cli("restore", str(hostile), "--data-dir", str(tmp_path / "t2"), check=False)
    assert result.returncode == 2 and "not a plain file" in result.stderr
    assert not (tmp_path / "escape.txt").exists()
    assert not (tmp_path / "t2" / DATABASE).exists()


def test_backing_up_nothing_is_one_clear_line(tmp_path: Path) -> None:
    result = cli(
        "backup", "--data-dir", str(tmp_path / "none"), "--output", str(tmp_path / "b.tar.gz"), check=False
    )
    assert result.returncode == 2 and "no installation to back up" in result.stderr
