"""Back up and restore an installation: its database and every file in its data folder.

A backup is one ``.tar.gz`` holding ``manifest.json`` (format, when, engine, table row counts,
each file's SHA-256), ``database/`` (a consistent SQLite snapshot taken with SQLite's online backup
API while the app runs, or a ``pg_dump`` custom-format dump) and ``files/`` (everything else under
the data folder: the secret key, stored and generated files). The cache folder is left out: it
holds only sign-in throttling counters.

These functions expect Django configured for the installation (``cli/backup.py`` does that).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, Final

FORMAT: Final = 1
SQLITE_NAME: Final = "csc-workforce.sqlite3"
POSTGRES_DUMP: Final = "database/postgres.dump"
SQLITE_MEMBER: Final = f"database/{SQLITE_NAME}"
SKIPPED: Final = frozenset(
    {SQLITE_NAME, f"{SQLITE_NAME}-wal", f"{SQLITE_NAME}-shm", f"{SQLITE_NAME}-journal"}
)
SKIPPED_FOLDERS: Final = frozenset({"cache"})
MAX_MEMBERS: Final = 100_000
PG_TIMEOUT_SECONDS: Final = 3600


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class BackupSummary:
    path: Path
    engine: str
    tables: int
    rows: int
    files: int


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _data_files(data_dir: Path) -> Iterator[tuple[Path, str]]:
    """Every file under ``data_dir`` to keep, with its name inside ``files/``."""
    for path in sorted(data_dir.rglob("*")):
        relative = path.relative_to(data_dir)
        if relative.parts[0] in SKIPPED_FOLDERS or (len(relative.parts) == 1 and relative.name in SKIPPED):
            continue
        if path.is_file() and not path.is_symlink():
            yield path, relative.as_posix()


def engine() -> str:
    from django.db import connection  # noqa: PLC0415

    return str(connection.vendor)


def table_counts() -> dict[str, int]:
    """Rows per table of the configured database (what a restore is checked against)."""
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        names = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(name)}")  # noqa: S608 - introspected names
            counts[name] = int(cursor.fetchone()[0])
    return counts


def _sqlite_snapshot(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database (the online backup API waits for writers)."""
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=60)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()


def _database_url() -> str:
    return os.environ.get("CSCW_DATABASE_URL", "")


def _pg(command: list[str]) -> None:
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=PG_TIMEOUT_SECONDS)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (Debian package postgresql-client)") from None
    except subprocess.CalledProcessError as error:
        detail = (error.stderr or b"").decode("utf-8", "replace").strip().splitlines()
        raise BackupError(f"{command[0]} failed: {detail[-1] if detail else error.returncode}") from None


def write_backup(data_dir: Path, output: Path) -> BackupSummary:
    """Write a backup of the installation whose data folder is ``data_dir`` to ``output``."""
    from csc_workforce.web.audit.models import Action  # noqa: PLC0415
    from csc_workforce.web.audit.services import record_event  # noqa: PLC0415

    vendor = engine()
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"cannot back up a {vendor} database")
    if output.exists():
        raise BackupError(f"{output} already exists; choose a new file name")
    # Recorded first, so the backup holds the record of its own making.
    record_event(None, Action.BACKUP, username="backup command", file=output.name[:200])
    counts = table_counts()
    with tempfile.TemporaryDirectory(prefix="cscw-backup-") as scratch:
        scratch_dir = Path(scratch)
        if vendor == "sqlite":
            database = scratch_dir / SQLITE_NAME
            _sqlite_snapshot(data_dir / SQLITE_NAME, database)
            member = SQLITE_MEMBER
        else:
            database = scratch_dir / "postgres.dump"
            _pg(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    str(database),
                    "--dbname",
                    _database_url(),
                ]
            )
            member = POSTGRES_DUMP
        files = list(_data_files(data_dir))
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": vendor,
            "tables": counts,
            "database": {"member": member, "sha256": _sha256(database)},
            "files": {name: _sha256(path) for path, name in files},
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            body = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(body)
            info.mode = 0o600
            archive.addfile(info, io.BytesIO(body))
            archive.add(database, arcname=member, recursive=False)
            for path, name in files:
                archive.add(path, arcname=f"files/{name}", recursive=False)
        partial.chmod(0o600)
        partial.replace(output)
    return BackupSummary(output, vendor, len(counts), sum(counts.values()), len(files))


def read_manifest(archive_path: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            handle = archive.extractfile("manifest.json")
            if handle is None:
                raise KeyError("manifest.json")
            manifest: dict[str, Any] = json.loads(handle.read(1 << 22))
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        raise BackupError(f"{archive_path} is not a csc-workforce backup ({error})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{archive_path}: backup format {manifest.get('format')!r} is not one this version reads"
        )
    return manifest


def installation_is_empty(data_dir: Path) -> bool:
    return not data_dir.exists() or not any(data_dir.iterdir())


def _safe_members(archive: tarfile.TarFile, archive_path: Path) -> list[tarfile.TarInfo]:
    members = archive.getmembers()
    if len(members) > MAX_MEMBERS:
        raise BackupError(f"{archive_path}: more than {MAX_MEMBERS:,} members")
    for member in members:
        name = PurePosixPath(member.name)
        if not member.isfile() or name.is_absolute() or ".." in name.parts:
            raise BackupError(
                f"{archive_path}: member {member.name[:100]!r} is not a plain file in the backup"
            )
    return members


def unpack_backup(archive_path: Path, data_dir: Path, manifest: dict[str, Any]) -> Path:
    """Put the backup's files into ``data_dir`` and return the database snapshot's path (checked)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    data_dir.chmod(0o700)
    staging = Path(tempfile.mkdtemp(prefix="cscw-restore-", dir=data_dir.parent))
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(staging, members=_safe_members(archive, archive_path), filter="data")
        database = staging / manifest["database"]["member"]
        if _sha256(database) != manifest["database"]["sha256"]:
            raise BackupError(f"{archive_path}: the database copy is damaged (checksum differs)")
        for name, digest in manifest["files"].items():
            source = staging / "files" / name
            if not source.is_file() or _sha256(source) != digest:
                raise BackupError(f"{archive_path}: file {name[:100]} is missing or damaged")
        for name in manifest["files"]:
            target = data_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(staging / "files" / name, target)
            target.chmod(0o600)
        kept = data_dir / ".restore-database"
        shutil.move(database, kept)
        return kept
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def load_database(snapshot: Path, data_dir: Path, manifest: dict[str, Any], *, force: bool) -> None:
    """Make the snapshot the installation's database (SQLite file, or pg_restore into the URL's)."""
    if manifest["engine"] == "sqlite":
        target = data_dir / SQLITE_NAME
        for suffix in ("-wal", "-shm", "-journal"):
            (data_dir / f"{SQLITE_NAME}{suffix}").unlink(missing_ok=True)
        snapshot.replace(target)
        target.chmod(0o600)
        return
    if not _database_url():
        raise BackupError("this backup holds a PostgreSQL database: set CSCW_DATABASE_URL to restore it")
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--dbname", _database_url()]
    if force:
        command[1:1] = ["--clean", "--if-exists"]
    try:
        _pg([*command, str(snapshot)])
    finally:
        snapshot.unlink(missing_ok=True)


def record_restore(archive_path: Path, manifest: dict[str, Any]) -> None:
    from csc_workforce.web.audit.models import Action  # noqa: PLC0415
    from csc_workforce.web.audit.services import record_event  # noqa: PLC0415

    record_event(
        None,
        Action.RESTORE,
        username="restore command",
        file=archive_path.name[:200],
        backup_created=manifest["created"],
    )
