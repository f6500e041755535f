"""``set_role USERNAME ROLE [--council LA] [--region SLUG]``: give a user their role and scope
(creating the user, with an unusable password, when they do not exist yet)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from csc_workforce.web.orgs.models import COUNCIL_ROLES, Council, Membership, Region, Role


class Command(BaseCommand):
    help = "Give a user a role: council_analyst/council_manager (--council), regional_lead (--region), admin."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("role", choices=[role.value for role in Role])
        parser.add_argument("--council", help="DfE LA code, for council roles")
        parser.add_argument("--region", help="Region slug (e.g. east-of-england), for regional leads")

    def handle(self, *args: Any, **options: Any) -> None:
        role = Role(options["role"])
        council = region = None
        if role in COUNCIL_ROLES:
            if not options["council"]:
                raise CommandError(f"{role.value} needs --council LA_CODE")
            council = Council.objects.filter(la_code=options["council"]).first()
            if council is None:
                raise CommandError(f"unknown council {options['council']!r}")
        elif role == Role.REGIONAL_LEAD:
            if not options["region"]:
                raise CommandError("regional_lead needs --region SLUG")
            region = Region.objects.filter(slug=options["region"]).first()
            if region is None:
                slugs = ", ".join(Region.objects.values_list("slug", flat=True))
                raise CommandError(f"unknown region {options['region']!r}; regions: {slugs}")
        model = get_user_model()
        user, created = model.objects.get_or_create(username=options["username"])
        if created:
            user.set_unusable_password()
            user.save()
        Membership.objects.update_or_create(
            user=user, defaults={"role": role.value, "council": council, "region": region}
        )
        scope = council or region or "everything"
        self.stdout.write(f"{user.get_username()}: {role.value} ({scope}){' (new user)' if created else ''}")
