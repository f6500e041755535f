"""``csc-workforce audit verify [--data-dir DIR]``: check that the web app's audit log is whole.

Exit codes: 0 the chain is whole and the database still protects it; 1 it is not (the first
broken event, or the missing protection, is named); 2 no database to check, or it cannot be read
(one line says why). With ``--data-dir`` the demo's SQLite database in DIR is checked; without it
the deployment's own settings (``DJANGO_SETTINGS_MODULE``, e.g. production with
``CSCW_DATABASE_URL``), or the demo's default folder when none are set.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Annotated, Final

import typer
from rich.console import Console

from csc_workforce.cli.web import DATABASE_NAME, DEFAULT_DATA_DIR

EXIT_WHOLE: Final = 0
EXIT_BROKEN: Final = 1
EXIT_USAGE: Final = 2
DEMO_SETTINGS: Final = "csc_workforce.web.settings.demo"

audit_app = typer.Typer(name="audit", help="The web app's audit log: check it has not been rewritten.")
_out = Console(highlight=False, soft_wrap=True)
_err = Console(stderr=True, highlight=False, soft_wrap=True)


def _use_data_dir(data_dir: Path) -> None:
    database = data_dir.resolve() / DATABASE_NAME
    if not database.is_file():
        _err.print(f"error: no audit log to check: {database} does not exist", markup=False)
        raise typer.Exit(EXIT_USAGE)
    os.environ["DJANGO_SETTINGS_MODULE"] = DEMO_SETTINGS
    os.environ["CSCW_DATA_DIR"] = str(data_dir.resolve())
    # Checking reads the log only: no session is signed, so any key will do.
    os.environ.setdefault("CSCW_SECRET_KEY", secrets.token_urlsafe(48))


def _verify(data_dir: Path | None) -> int:
    if data_dir is not None or not os.environ.get("DJANGO_SETTINGS_MODULE"):
        _use_data_dir(data_dir or DEFAULT_DATA_DIR)
    import django  # noqa: PLC0415 - only this command needs Django
    from django.core.exceptions import ImproperlyConfigured  # noqa: PLC0415
    from django.db import DatabaseError  # noqa: PLC0415

    try:
        django.setup()
        from csc_workforce.web.audit.verify import check_audit_log  # noqa: PLC0415

        result = check_audit_log()
    except (ImproperlyConfigured, DatabaseError) as error:
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        _err.print(f"error: cannot read the audit log: {first_line}", markup=False)
        raise typer.Exit(EXIT_USAGE) from None
    for problem in result.role_problems:
        _err.print(f"warning: the database role can rewrite the audit log: {problem}", markup=False)
    if result.missing_triggers:
        names = ", ".join(result.missing_triggers)
        _out.print(f"audit log unprotected: trigger(s) {names} missing", markup=False)
    chain = result.chain
    if not chain.whole:
        _out.print(f"audit log broken: {chain.broken}", markup=False)
    if result.whole:
        legacy = f" ({chain.unchained} written before the chain began)" if chain.unchained else ""
        _out.print(f"audit log whole: {chain.events} events{legacy}; last hash {chain.head}", markup=False)
        return EXIT_WHOLE
    return EXIT_BROKEN


@audit_app.command("verify")
def verify_command(
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help="The demo's data folder (its SQLite database is checked)."),
    ] = None,
) -> None:
    """Check the audit log's hash chain and protection: exit 0 when whole, 1 naming the first break."""
    raise typer.Exit(_verify(data_dir))


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.add_typer(audit_app, name="audit")
