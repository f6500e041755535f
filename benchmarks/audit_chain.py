"""The audit log's hash chain: appending events and verifying the whole log, on a demo database.

Migrates an empty demo database in a temporary folder, appends ``--events`` events through
``record_event`` (each one takes the chain lock, reads the last event and links to it), then times
``csc-workforce audit verify``'s check of the whole log, and as a baseline the same number of
plain inserts without the chain.

    uv run python benchmarks/audit_chain.py [--events 5000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000, help="How many events to append.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cscw-audit-bench-") as scratch:
        run(Path(scratch), args.events)


def run(data_dir: Path, events: int) -> None:
    from csc_workforce.cli.web import _configure_django  # noqa: PLC0415

    _configure_django(data_dir)
    from django.core.management import call_command  # noqa: PLC0415

    from csc_workforce.web.audit.services import record_event  # noqa: PLC0415
    from csc_workforce.web.audit.verify import check_audit_log  # noqa: PLC0415

    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    for number in range(events):
        record_event(None, "view_workers", username=f"analyst.{number % 11}", year=2025, rows=number)
    appended = time.perf_counter() - started
    print(f"append: {events} events in {appended:.2f} s ({events / appended:,.0f} events/s)")
    started = time.perf_counter()
    result = check_audit_log()
    verified = time.perf_counter() - started
    print(
        f"verify: {result.chain.events} events in {verified:.2f} s "
        f"({result.chain.events / verified:,.0f} events/s), whole: {result.whole}"
    )
    # For comparison, the cost of the same inserts without the chain (lock, last-event read, hash):
    # what each event's own commit costs on this disk. (It leaves the log unlinked: scratch only.)
    from csc_workforce.web.audit.models import AuditEvent  # noqa: PLC0415

    started = time.perf_counter()
    for number in range(events):
        AuditEvent.objects.create(
            action="view_workers", username=f"analyst.{number % 11}", detail={"rows": number}
        )
    plain = time.perf_counter() - started
    print(f"baseline: {events} unchained inserts in {plain:.2f} s ({events / plain:,.0f} events/s)")


if __name__ == "__main__":
    main()
