"""The client's address: ``REMOTE_ADDR``, or behind a trusted reverse proxy the nearest address in
``X-Forwarded-For`` that is not itself a trusted proxy (``CSCW_TRUSTED_PROXIES``, docs/web.md).

A client can put anything in ``X-Forwarded-For``, so only the entries our own proxies appended (the
right-hand end) are believed, and only when the request came from one of them.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
_MAX_ADDRESS = 45


@lru_cache(maxsize=8)
def trusted_networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    """``CSCW_TRUSTED_PROXIES`` entries (addresses or CIDR ranges) as networks."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in proxies if entry.strip())


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _is_trusted(address: str, networks: Sequence[Network]) -> bool:
    return _is_address(address) and any(ipaddress.ip_address(address) in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The address the request came from, as far as our own proxies can vouch for it."""
    remote = str(request.META.get("REMOTE_ADDR", ""))
    networks = trusted_networks(tuple(getattr(settings, "CSCW_TRUSTED_PROXIES", ())))
    if not networks or not _is_trusted(remote, networks):
        return remote[:_MAX_ADDRESS]
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_address(hop):
            break  # not written by a proxy of ours: believe nothing further left
        if not _is_trusted(hop, networks):
            return hop[:_MAX_ADDRESS]
    return remote[:_MAX_ADDRESS]
