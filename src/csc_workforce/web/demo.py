"""The demo's data: a synthetic East of England loaded through the same acceptance service as an
upload, and the demo users. Re-running on the same database finishes an interrupted load and
changes nothing already accepted."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from csc_workforce.synth import write_region
from csc_workforce.web.audit.models import Action
from csc_workforce.web.audit.services import record_event
from csc_workforce.web.orgs.directory import ensure_councils
from csc_workforce.web.orgs.models import Council, Region, Role
from csc_workforce.web.returns.leaver_keys import configured_region_secret
from csc_workforce.web.returns.models import AcceptedReturn
from csc_workforce.web.returns.services import accept_file, backfill_leaver_keys
from csc_workforce.web.useradmin.services import Scope, ensure_account

DEMO_REGION: Final = "East of England"
DEMO_REGION_SLUG: Final = "east-of-england"
DEMO_YEARS: Final = (2021, 2022, 2023, 2024, 2025)
DEMO_SEED: Final = 1
LOADER_USERNAME: Final = "admin"
_FILE_NAME: Final = re.compile(r"^(\d{3})_(\d{4})\.xml$")

Progress = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass(frozen=True, slots=True)
class DemoUser:
    username: str
    role: Role
    scope: str


def demo_users(region: Region) -> list[DemoUser]:
    users = [
        DemoUser(f"analyst.{council.la_code}", Role.COUNCIL_ANALYST, council.name)
        for council in region.councils.order_by("la_code")
    ]
    users.append(DemoUser(f"lead.{region.slug}", Role.REGIONAL_LEAD, region.name))
    users.append(DemoUser("admin", Role.ADMIN, "everything"))
    return users


def generated_password() -> str:
    return secrets.token_urlsafe(12)


def ensure_users(region: Region, password: str) -> list[DemoUser]:
    """Create the demo users (or reset their password to ``password``), through the audited
    account service like every account change."""
    users = demo_users(region)
    # One hash for every demo user (they share the password): hashing is deliberately slow, and
    # thirteen of them would add seconds to every start of the demo.
    encoded = make_password(password)
    with transaction.atomic():
        for demo in users:
            council = None
            if demo.role == Role.COUNCIL_ANALYST:
                council = region.councils.get(la_code=demo.username.split(".", 1)[1])
            scope = Scope(
                demo.role, council=council, region=region if demo.role == Role.REGIONAL_LEAD else None
            )
            ensure_account(demo.username, scope, by="demo loader", encoded_password=encoded, reactivate=True)
    return users


def _pending(files: Sequence[Path]) -> list[tuple[Council, int, Path]]:
    done = set(AcceptedReturn.objects.values_list("council__la_code", "year"))
    councils = {council.la_code: council for council in Council.objects.all()}
    pending = []
    for path in files:
        match = _FILE_NAME.match(path.name)
        if match is None or match.group(1) not in councils:
            continue
        la_code, year = match.group(1), int(match.group(2))
        if (la_code, year) not in done:
            pending.append((councils[la_code], year, path))
    # Oldest year first, so each return is checked for continuity against the one before.
    return sorted(pending, key=lambda item: (item[1], item[0].la_code))


def load_demo_data(
    data_dir: Path,
    *,
    years: Sequence[int] = DEMO_YEARS,
    seed: int = DEMO_SEED,
    progress: Progress | None = None,
) -> int:
    """Generate the synthetic region's returns (once) and accept every one not yet accepted;
    returns how many were accepted now."""
    ensure_councils()
    region = Region.objects.get(slug=DEMO_REGION_SLUG)
    loader = get_user_model().objects.filter(username=LOADER_USERNAME).first()
    wanted = set(years)
    missing = [
        year
        for year in sorted(wanted)
        if AcceptedReturn.objects.filter(council__region=region, year=year)
        .values("council")
        .distinct()
        .count()
        < region.councils.count()
    ]
    if not missing:
        store_demo_leaver_keys()
        return 0
    source = data_dir / "synthetic" / f"seed-{seed}"
    files = sorted(source.glob("*.xml")) if source.is_dir() else []
    if {int(m.group(2)) for p in files if (m := _FILE_NAME.match(p.name))} < wanted:
        files = write_region(
            DEMO_REGION,
            sorted(wanted),
            seed,
            source,
            progress=(lambda done, total: progress("Generating synthetic returns", done, total))
            if progress
            else None,
        )
    pending = [item for item in _pending(files) if item[1] in wanted]
    for index, (council, _year, path) in enumerate(pending, start=1):
        accepted = accept_file(council, path, loader)
        record_event(
            None, Action.ACCEPT, council, username="demo loader", year=accepted.year, version=accepted.version
        )
        if progress is not None:
            progress("Accepting returns", index, len(pending))
    store_demo_leaver_keys()
    return len(pending)


def store_demo_leaver_keys() -> int:
    """Key the current returns accepted without the region secret (an older demo folder), so the
    demo region's cooling-off check works; returns how many were keyed (none without a secret)."""
    secret = configured_region_secret()
    return len(backfill_leaver_keys(secret, "demo loader")) if secret is not None else 0


def run_app_loaders(data_dir: Path, *, seed: int = DEMO_SEED, progress: Progress | None = None) -> list[str]:
    """Let each installed app add its own demo data after the returns are in: an AppConfig with a
    ``load_demo(data_dir: Path, seed: int, progress: Progress | None) -> None`` method is called
    (it must be idempotent: the demo re-runs on the same folder). Returns the app labels called."""
    called = []
    for config in apps.get_app_configs():
        loader = getattr(config, "load_demo", None)
        if callable(loader):
            loader(data_dir, seed, progress)
            called.append(config.label)
    return called
