"""A return's permanent leavers as keyed hashes: all the region's cooling-off check reads of it.

The keys are made by ``core.agency.leavers.leavers_from_return`` under the region secret
(``core.pseudonym.worker_key_function``), exactly as ``csc-workforce agency leavers`` makes a
council's key file, and stored with the accepted version in the accept transaction. Without the
secret nothing is stored: keys under a random key would match nothing later. Each set records the
secret's fingerprint, so keys made under an earlier secret are known to be stale.
"""

from __future__ import annotations

import os

from django.conf import settings

from csc_workforce.core.agency.leavers import leavers_from_return
from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.pseudonym import SECRET_ENV_VAR, secret_fingerprint, worker_key_function
from csc_workforce.web.returns.models import AcceptedReturn, LeaverKey, LeaverKeySet


def configured_region_secret() -> bytes | None:
    """``CSCW_REGION_SECRET`` (the setting, else the environment variable); None when unset or blank."""
    value = str(getattr(settings, "CSCW_REGION_SECRET", "") or os.environ.get(SECRET_ENV_VAR, ""))
    return value.encode("utf-8") if value.strip() else None


def store_leaver_keys(accepted: AcceptedReturn, census: CensusReturn, secret: bytes) -> LeaverKeySet:
    """Key ``census`` (the bytes of ``accepted``) and store its leavers, replacing any older set of
    the same version. Call inside the caller's transaction."""
    extract = leavers_from_return(census, worker_key_function(secret))
    LeaverKeySet.objects.filter(accepted_return=accepted).delete()
    key_set = LeaverKeySet.objects.create(
        accepted_return=accepted, secret_fingerprint=secret_fingerprint(secret), skipped=len(extract.skipped)
    )
    LeaverKey.objects.bulk_create(
        LeaverKey(
            key_set=key_set, worker_key=leaver.worker_key, left_on=leaver.left_on, old_la_code=leaver.la_code
        )
        for leaver in extract.leavers
    )
    return key_set


def keys_for_new_version(accepted: AcceptedReturn, census: CensusReturn) -> LeaverKeySet | None:
    """At acceptance: the year's earlier versions lose their keys (the keys follow the current
    version), and ``accepted`` gets its own when the secret is set."""
    LeaverKeySet.objects.filter(
        accepted_return__council_id=accepted.council_id, accepted_return__year=accepted.year
    ).exclude(accepted_return=accepted).delete()
    secret = configured_region_secret()
    return store_leaver_keys(accepted, census, secret) if secret is not None else None
