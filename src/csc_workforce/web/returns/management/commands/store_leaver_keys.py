"""``store_leaver_keys [--council LA_CODE] [--by NAME]``: key the current returns that have no keys.

Returns accepted before ``CSCW_REGION_SECRET`` was set (or keyed under an earlier secret) have no
leaver keys the region's cooling-off check can use; this keys them from each council's own stored
return, exactly as acceptance does, with one audit event per return keyed
(``returns.services.backfill_leaver_keys``).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from csc_workforce.core.pseudonym import SECRET_ENV_VAR
from csc_workforce.web.orgs.models import Council
from csc_workforce.web.returns.leaver_keys import configured_region_secret
from csc_workforce.web.returns.management.actor import command_actor
from csc_workforce.web.returns.services import backfill_leaver_keys


class Command(BaseCommand):
    help = (
        "Store the leaver keys (keyed hashes of permanent leavers) of every current census return "
        "that has none under the region secret, for the region's agency cooling-off check."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--council", default=None, metavar="LA_CODE", help="Only this council.")
        parser.add_argument(
            "--by", default=None, help="Name recorded in the audit log (default: the OS user)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        secret = configured_region_secret()
        if secret is None:
            raise CommandError(f"{SECRET_ENV_VAR} is not set: leaver keys need the region's secret")
        councils = None
        if options["council"] is not None:
            code = str(options["council"]).strip()
            councils = list(Council.objects.filter(la_code=code))
            if not councils:
                raise CommandError(f"--council {code[:10]!r}: no council has that LA code")
        keyed = backfill_leaver_keys(secret, options["by"] or command_actor(), councils)
        if not keyed:
            self.stdout.write("Every current return already has its leaver keys; nothing was changed.")
            return
        for accepted, leavers in keyed:
            council, year, version = accepted.council.la_code, accepted.year, accepted.version
            self.stdout.write(f"  {council} {year} version {version}: {leavers} leaver(s)")
        self.stdout.write(f"Stored leaver keys for {len(keyed)} current return(s).")
