"""``set_role USERNAME ROLE [--council LA] [--region SLUG]``: give a user their role and scope
(creating the user, with an unusable password, when they do not exist yet), through the one
audited account service like the account pages."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from csc_workforce.web.orgs.models import COUNCIL_ROLES, Council, Region, Role
from csc_workforce.web.useradmin.services import AccountError, Scope, ensure_account


def _operator() -> str:
    """Who ran the command, for the audit log (the operating-system account)."""
    try:
        return f"set_role command ({getpass.getuser()})"
    except (KeyError, OSError):  # no user name for this uid (a container)
        return "set_role command"


class Command(BaseCommand):
    help = "Give a user a role: council_analyst/council_manager (--council), regional_lead (--region), admin."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("role", choices=[role.value for role in Role])
        parser.add_argument("--council", help="DfE LA code, for council roles")
        parser.add_argument("--region", help="Region slug (e.g. east-of-england), for regional leads")

    def _scope(self, role: Role, options: dict[str, Any]) -> Scope:
        if role in COUNCIL_ROLES:
            if not options["council"]:
                raise CommandError(f"{role.value} needs --council LA_CODE")
            council = Council.objects.filter(la_code=options["council"]).first()
            if council is None:
                raise CommandError(f"unknown council {options['council']!r}")
            return Scope(role, council=council)
        if role == Role.REGIONAL_LEAD:
            if not options["region"]:
                raise CommandError("regional_lead needs --region SLUG")
            region = Region.objects.filter(slug=options["region"]).first()
            if region is None:
                slugs = ", ".join(Region.objects.values_list("slug", flat=True))
                raise CommandError(f"unknown region {options['region']!r}; regions: {slugs}")
            return Scope(role, region=region)
        return Scope(role)

    def handle(self, *args: Any, **options: Any) -> None:
        role = Role(options["role"])
        scope = self._scope(role, options)
        try:
            user, created = ensure_account(options["username"], scope, by=_operator())
        except AccountError as error:
            raise CommandError(f"username {options['username']!r}: {error}") from None
        where = scope.council or scope.region or "everything"
        self.stdout.write(f"{user.get_username()}: {role.value} ({where}){' (new user)' if created else ''}")
