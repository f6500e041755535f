"""Build or change a small embedded installation in another process (run as a script by the tests).

python installation.py build DATA_DIR      migrate, demo users, two accepted synthetic returns
python installation.py upload DATA_DIR N   accept N more synthetic returns, one by one
python installation.py upgrade DATA_DIR    migrate an older database, then read it through the app
"""

# ruff: noqa: PLC0415 - Django is configured for the data folder before the app is imported
from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> None:
    command, data_dir = sys.argv[1], Path(sys.argv[2]).resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    from csc_workforce.cli.backup import _configure
    from csc_workforce.cli.web import _secret_key

    _secret_key(data_dir)  # as the demo keeps one
    _configure(data_dir)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from csc_workforce.export.census_xml import census_xml_bytes
    from csc_workforce.synth import generate_region
    from csc_workforce.web import demo
    from csc_workforce.web.orgs.models import Council, Region
    from csc_workforce.web.returns.services import accept_file

    if command == "upgrade":
        call_command("migrate", interactive=False, verbosity=0)
        print(json.dumps(read_through_the_app()))
        return
    if command == "build":
        call_command("migrate", interactive=False, verbosity=0)
        demo.ensure_users(Region.objects.get(slug=demo.DEMO_REGION_SLUG), "a-long-test-password-1")
        years, limit = [2024], 2
    else:
        years, limit = [2022, 2023], int(sys.argv[3])
    user = get_user_model().objects.get(username="admin")
    for done, census in enumerate(generate_region("East of England", years, seed=7)):
        if done >= limit:
            break
        council = Council.objects.get(la_code=census.la_code)
        accept_file(council, census_xml_bytes(census), user, filename=f"{census.la_code}-{census.year}.xml")
        print(f"accepted {census.la_code} {census.year}", flush=True)


def read_through_the_app() -> dict[str, object]:
    """What an upgraded installation shows: every accepted return's workers and measures, every
    audit event, and whether the users can still sign in."""
    from django.contrib.auth import authenticate, get_user_model

    from csc_workforce.web.audit.models import AuditEvent
    from csc_workforce.web.returns.models import AcceptedReturn

    returns = [
        {
            "la_code": accepted.council.la_code,
            "year": accepted.year,
            "version": accepted.version,
            "workers": accepted.workers.count(),
            "worker_count": accepted.worker_count,
            "content_bytes": len(bytes(accepted.content)),
            "measures": sorted(accepted.measures),
        }
        for accepted in AcceptedReturn.objects.order_by("id")
    ]
    signs_in = authenticate(username="analyst.873", password="release-fixture-password-1") is not None
    return {
        "returns": returns,
        "audit_events": AuditEvent.objects.count(),
        "users": get_user_model().objects.count(),
        "signs_in": signs_in,
    }


if __name__ == "__main__":
    main()
