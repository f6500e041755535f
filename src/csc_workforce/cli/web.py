"""CLI commands for web (registered on the main app by ``register``): ``csc-workforce demo``.

Django, the synthetic generator and waitress load inside the command, so ``csc-workforce --help``
stays fast.
"""

from __future__ import annotations

import errno
import logging
import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any, Final

import typer
from rich.console import Console
from rich.markup import escape

from csc_workforce.core.pseudonym import SECRET_ENV_VAR

DEFAULT_PORT: Final = 8000
DEFAULT_DATA_DIR: Final = Path("demo-data")
PASSWORD_VARIABLE: Final = "CSCW_DEMO_PASSWORD"  # noqa: S105 - the variable name, not a password
EXIT_USAGE: Final = 2
HOST: Final = "127.0.0.1"
DATABASE_NAME: Final = "csc-workforce.sqlite3"  # in the data folder (settings.demo)
WORKER_STOP_SECONDS: Final = 10
PR_SET_PDEATHSIG: Final = 1  # prctl(2)


def _secret_key(data_dir: Path, name: str = "secret-key") -> str:
    """A random key kept in the data directory (readable by this user only), so sessions and
    stored leaver keys survive a restart of the demo."""
    path = data_dir / name
    if path.is_file():
        return path.read_text(encoding="ascii").strip()
    key = secrets.token_urlsafe(48)
    path.write_text(key, encoding="ascii")
    path.chmod(0o600)
    return key


def make_private(data_dir: Path, *, create_database: bool = True) -> Path:
    """Make ``data_dir`` (mode 0700) and its SQLite database file (0600) readable by this user
    alone, tightening older ones; SQLite gives its journal files the database's mode. The database
    file is created only when ``create_database``. Returns the database's path."""
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    data_dir.chmod(0o700)
    database = data_dir / DATABASE_NAME
    if create_database:
        os.close(os.open(database, os.O_CREAT | os.O_WRONLY, 0o600))
    if database.exists():
        database.chmod(0o600)
    return database


def _configure_django(data_dir: Path) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "csc_workforce.web.settings.demo"
    os.environ["CSCW_DATA_DIR"] = str(data_dir)
    os.environ["CSCW_SECRET_KEY"] = _secret_key(data_dir)
    # The demo region's shared secret for leaver keys (docs/agency.md), unless one is given.
    if not os.environ.get(SECRET_ENV_VAR, "").strip():
        os.environ[SECRET_ENV_VAR] = _secret_key(data_dir, "region-secret")
    import django  # noqa: PLC0415 - only the demo needs Django

    django.setup()


RECV_BYTES: Final = 1024 * 1024


def _listen(port: int, console: Console) -> Any:
    """A waitress server bound to 127.0.0.1:``port`` (not yet serving). Bound before the demo data
    is built, so a port in use fails at once with one clear line (exit 2), not a traceback later."""
    from django.conf import settings  # noqa: PLC0415
    from django.core.wsgi import get_wsgi_application  # noqa: PLC0415
    from waitress import create_server  # noqa: PLC0415

    try:
        return create_server(
            get_wsgi_application(),
            host=HOST,
            port=port,
            threads=8,
            ident="csc-workforce",
            # Bodies over the upload limit (plus form overhead) are cut off by the server itself.
            max_request_body_size=settings.CSCW_MAX_UPLOAD_BYTES + 1024 * 1024,
            # waitress reads every body in its one I/O thread, 8 KB a recv by default; under load
            # that thread waits for the GIL before each one, so a 20 MB upload took 2,500 turns
            # (and twice as long: benchmarks/hostile_load.py, docs/web.md). 1 MiB reads: 20 turns.
            recv_bytes=RECV_BYTES,
        )
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            reason = "is already in use; choose another with --port"
        else:
            reason = f"cannot be used: {error.strerror or error}"
        console.print(f"[red]Error:[/red] port {port} on {HOST} {escape(reason)}")
        raise typer.Exit(EXIT_USAGE) from None


def _stop_with_parent() -> None:
    """In the worker's process before it starts (Linux): end it if the demo itself is killed."""
    try:
        import ctypes  # noqa: PLC0415

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass


def start_worker(console: Console) -> subprocess.Popen[bytes]:
    """The background job worker (``manage.py jobs_worker``) beside the web server, with the
    demo's settings (inherited through the environment)."""
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "django",
            "jobs_worker",
            "--no-startup-delay",
            "--no-reload",
            "--verbosity",
            "0",
        ],
        env=dict(os.environ),
        preexec_fn=_stop_with_parent if sys.platform == "linux" else None,  # noqa: PLW1509 - no threads yet
    )
    console.print(f"Background job worker started (process {worker.pid}).")
    return worker


def stop_worker(worker: subprocess.Popen[bytes]) -> None:
    """Ask the worker to finish its current job and stop; kill it if it has not within the wait."""
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=WORKER_STOP_SECONDS)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def run_demo(port: int, data_dir: Path, years: list[int], seed: int, *, serve: bool = True) -> None:
    console = Console(stderr=True, soft_wrap=True, highlight=False)
    data_dir = data_dir.resolve()
    try:
        make_private(data_dir, create_database=False)  # nothing is created before the port is checked
    except OSError as error:
        console.print(f"[red]Error:[/red] cannot create the data folder {escape(str(data_dir))}: {error}")
        raise typer.Exit(EXIT_USAGE) from None
    _configure_django(data_dir)
    server = _listen(port, console) if serve else None
    make_private(data_dir)
    from django.core.management import call_command  # noqa: PLC0415
    from rich.progress import (  # noqa: PLC0415
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )

    from csc_workforce.web import demo  # noqa: PLC0415
    from csc_workforce.web.orgs.models import Region  # noqa: PLC0415

    with console.status("Preparing the database (migrations, councils from the published statistics)…"):
        call_command("migrate", interactive=False, verbosity=0)
    region = Region.objects.get(slug=demo.DEMO_REGION_SLUG)
    password = os.environ.get(PASSWORD_VARIABLE) or demo.generated_password()
    users = demo.ensure_users(region, password)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        loaded = demo.load_demo_data(data_dir, years=years, seed=seed, progress=progress)
        demo.run_app_loaders(data_dir, seed=seed, progress=progress)
    console.print(
        f"Loaded {loaded} synthetic return(s) for {region.name}." if loaded else "Demo data already loaded."
    )
    url = f"http://{HOST}:{port}/"
    console.print(f"\n[bold]csc-workforce demo[/bold] at {url}  (data in {escape(str(data_dir))})")
    console.print("Users: " + ", ".join(user.username for user in users))
    if os.environ.get(PASSWORD_VARIABLE):
        console.print(f"Password: the value of {PASSWORD_VARIABLE}")
    else:
        console.print(f"Password (generated for this run): [bold]{escape(password)}[/bold]")
    if server is None:
        return
    worker = start_worker(console)
    # Stopped by a service manager (SIGTERM) as by Ctrl+C: the worker is stopped with the server.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    console.print("Press Ctrl+C to stop.")
    logging.basicConfig()  # waitress reports its warnings through logging
    from csc_workforce.web.startup import freeze_start_up_objects  # noqa: PLC0415

    freeze_start_up_objects()  # after the demo data and its set-up figures are in memory
    try:
        server.run()
    finally:
        stop_worker(worker)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""

    @app.command("demo")
    def demo_command(
        port: Annotated[
            int, typer.Option("--port", help="Port on 127.0.0.1.", min=1, max=65535)
        ] = DEFAULT_PORT,
        data_dir: Annotated[
            Path, typer.Option("--data-dir", help="Folder for the SQLite database and synthetic files.")
        ] = DEFAULT_DATA_DIR,
        years: Annotated[
            str, typer.Option("--years", hidden=True, help="Collection years to load.")
        ] = "2021-2025",
        seed: Annotated[int, typer.Option("--seed", hidden=True, help="Seed of the synthetic region.")] = 1,
    ) -> None:
        """Run the web app on 127.0.0.1 with a synthetic East of England (11 councils, 2021-2025)."""
        from csc_workforce.cli.synth import parse_years  # noqa: PLC0415

        try:
            chosen = parse_years(years)
        except ValueError as error:
            Console(stderr=True, soft_wrap=True).print(f"[red]Error:[/red] {escape(str(error))}")
            raise typer.Exit(EXIT_USAGE) from None
        run_demo(port, data_dir, chosen, seed)
