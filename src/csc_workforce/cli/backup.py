"""``csc-workforce backup`` and ``csc-workforce restore``: a consistent copy of an installation.

The embedded (demo/SQLite) installation lives in ``--data-dir``; with ``CSCW_DATABASE_URL`` set the
database is PostgreSQL (``pg_dump``/``pg_restore``) and ``--data-dir`` holds the installation's files.
Exit 0, or 2 with one line naming the problem.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Annotated, Final, NoReturn

import typer
from rich.console import Console

EXIT_USAGE: Final = 2
DEMO_SETTINGS: Final = "csc_workforce.web.settings.demo"
PRODUCTION_SETTINGS: Final = "csc_workforce.web.settings.production"
DEFAULT_DATA_DIR: Final = Path("demo-data")

_out = Console(highlight=False, soft_wrap=True)
_err = Console(stderr=True, highlight=False, soft_wrap=True)

DataDirOption = Annotated[
    Path, typer.Option("--data-dir", help="The installation's data folder (the demo's: demo-data).")
]


def _fail(message: str) -> NoReturn:
    _err.print(f"error: {message}", markup=False)
    raise typer.Exit(EXIT_USAGE)


def _on_postgres() -> bool:
    return bool(os.environ.get("CSCW_DATABASE_URL"))


def _configure(data_dir: Path) -> None:
    """Django for this installation: its PostgreSQL settings, or the embedded SQLite in ``data_dir``."""
    if _on_postgres():
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", PRODUCTION_SETTINGS)
    else:
        os.environ["DJANGO_SETTINGS_MODULE"] = DEMO_SETTINGS
        os.environ["CSCW_DATA_DIR"] = str(data_dir)
        key = data_dir / "secret-key"
        # Backing up and restoring sign no session: any key will do when the folder has none.
        os.environ["CSCW_SECRET_KEY"] = (
            key.read_text(encoding="ascii").strip() if key.is_file() else secrets.token_urlsafe(48)
        )
    import django  # noqa: PLC0415 - only these commands need Django

    django.setup()


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""

    @app.command("backup")
    def backup_command(
        output: Annotated[Path, typer.Option("--output", help="The backup file to write (.tar.gz).")],
        data_dir: DataDirOption = DEFAULT_DATA_DIR,
    ) -> None:
        """Write a consistent backup of the database and every file in the data folder, while the app runs."""
        from csc_workforce.web.operations.backup import SQLITE_NAME, BackupError, write_backup  # noqa: PLC0415

        folder = data_dir.resolve()
        if not _on_postgres() and not (folder / SQLITE_NAME).is_file():
            _fail(f"no installation to back up: {folder / SQLITE_NAME} does not exist")
        _configure(folder)
        try:
            summary = write_backup(folder, output.resolve())
        except (BackupError, OSError) as error:
            _fail(str(error))
        _out.print(
            f"Backed up {summary.rows:,} rows in {summary.tables} tables ({summary.engine}) and "
            f"{summary.files} file(s) to {summary.path}",
            markup=False,
        )

    @app.command("restore")
    def restore_command(
        backup: Annotated[Path, typer.Argument(help="A backup file written by csc-workforce backup.")],
        data_dir: DataDirOption = DEFAULT_DATA_DIR,
        force: Annotated[
            bool, typer.Option("--force", help="Replace an installation that already holds data.")
        ] = False,
    ) -> None:
        """Bring a backup back into an empty or new installation folder (then apply any newer migrations)."""
        from csc_workforce.web.operations.backup import (  # noqa: PLC0415
            BackupError,
            installation_is_empty,
            load_database,
            read_manifest,
            record_restore,
            unpack_backup,
        )

        folder = data_dir.resolve()
        archive = backup.resolve()
        try:
            manifest = read_manifest(archive)
            if manifest["engine"] == "postgresql" and not _on_postgres():
                _fail("this backup holds a PostgreSQL database: set CSCW_DATABASE_URL to restore it")
            if manifest["engine"] == "sqlite" and _on_postgres():
                _fail("this backup holds an embedded SQLite database: unset CSCW_DATABASE_URL to restore it")
            if not force and not installation_is_empty(folder):
                _fail(f"{folder} already holds an installation; restore into an empty folder or add --force")
            if _on_postgres():
                _configure(folder)
                _refuse_non_empty_postgres(force)
            snapshot = unpack_backup(archive, folder, manifest)
            load_database(snapshot, folder, manifest, force=force)
            if not _on_postgres():
                _configure(folder)
            from django.core.management import call_command  # noqa: PLC0415

            call_command("migrate", interactive=False, verbosity=0)
            record_restore(archive, manifest)
        except (BackupError, OSError) as error:
            _fail(str(error))
        tables = manifest["tables"]
        _out.print(
            f"Restored {sum(tables.values()):,} rows in {len(tables)} tables and {len(manifest['files'])} "
            f"file(s) from a backup of {manifest['created']} into {folder}",
            markup=False,
        )


def _refuse_non_empty_postgres(force: bool) -> None:
    from django.db import connection  # noqa: PLC0415

    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables and not force:
        _fail("the PostgreSQL database already holds tables; restore into an empty database or add --force")
