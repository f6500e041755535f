"""The retention command on the demo region: every return accepted twice, the first versions pruned.

Copies the demo database (``--data-dir``, built there first when missing) into a temporary folder,
accepts each of its 55 returns again as a second version, dates the first versions eight years back
and their successors seven, then times ``prune_worker_records --older-than-years 5`` as a dry run
and with ``--apply``, and prints the worker rows before and after.

    uv run python benchmarks/retention_prune.py [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import io
import shutil
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from agency_first_view import build  # the sibling script: benchmarks/ is on sys.path when run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="Demo folder to copy (built on the first run).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cscw-retention-bench-") as scratch:
        source = (args.data_dir or Path(scratch) / "demo").resolve()
        if not (source / "csc-workforce.sqlite3").exists():
            build(source)
        copy = Path(scratch) / "copy"
        copy.mkdir()
        shutil.copy(source / "csc-workforce.sqlite3", copy)
        shutil.copy(source / "secret-key", copy)
        run(copy)


def run(data_dir: Path) -> None:
    from csc_workforce.cli.web import _configure_django  # noqa: PLC0415

    _configure_django(data_dir)
    from django.contrib.auth import get_user_model  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from csc_workforce.web.returns.models import AcceptedReturn, WorkerRecord  # noqa: PLC0415
    from csc_workforce.web.returns.services import accept_file  # noqa: PLC0415

    admin = get_user_model().objects.get(username="admin")
    started = time.perf_counter()
    originals = list(AcceptedReturn.objects.filter(pruned_at__isnull=True).select_related("council"))
    for accepted in originals:
        accept_file(accepted.council, bytes(accepted.content), admin, filename=accepted.filename)
    print(f"accepted {len(originals)} returns again in {time.perf_counter() - started:.1f} s")
    year = timedelta(days=366)
    AcceptedReturn.objects.filter(pk__in=[a.pk for a in originals]).update(
        accepted_at=timezone.now() - 8 * year
    )
    AcceptedReturn.objects.exclude(pk__in=[a.pk for a in originals]).update(
        accepted_at=timezone.now() - 7 * year
    )
    rows = WorkerRecord.objects.count()
    for extra in ([], ["--apply", "--by", "benchmark"]):
        out = io.StringIO()
        started = time.perf_counter()
        call_command("prune_worker_records", "--older-than-years", "5", *extra, stdout=out)
        seconds = time.perf_counter() - started
        summary = [line for line in out.getvalue().splitlines() if line.startswith(("Would", "Removed"))]
        print(f"{'apply' if extra else 'dry run':<8} {seconds:6.2f} s  {summary[0]}")
    after = WorkerRecord.objects.count()
    print(f"worker rows {rows:,} -> {after:,} ({after / rows:.0%} kept: the current versions)")


if __name__ == "__main__":
    main()
