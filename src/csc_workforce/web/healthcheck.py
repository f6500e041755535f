"""``python -m csc_workforce.web.healthcheck [URL]``: exit 0 when the app's ``/healthz`` answers
200, else 1 with one line on standard error: the container's HEALTHCHECK (the image has no curl).

It asks as the HTTPS reverse proxy does, for the first of ``CSCW_ALLOWED_HOSTS`` with
``X-Forwarded-Proto: https``, so production's host check and HTTPS redirect treat it as they treat
real requests. No Django here: the check must stay cheap.
"""

from __future__ import annotations

import os
import sys
import urllib.request
from typing import Final

DEFAULT_URL: Final = "http://127.0.0.1:8000/healthz"
TIMEOUT_SECONDS: Final = 5.0


def probe_host(allowed_hosts: str) -> str:
    """A host name the app accepts: the first plain entry of ``CSCW_ALLOWED_HOSTS`` (".example.org"
    allows example.org itself), else localhost."""
    for entry in allowed_hosts.split(","):
        host = entry.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else argv
    url = arguments[0] if arguments else DEFAULT_URL
    request = urllib.request.Request(  # noqa: S310 - the operator's own URL, http(s) only below
        url,
        headers={"Host": probe_host(os.environ.get("CSCW_ALLOWED_HOSTS", "")), "X-Forwarded-Proto": "https"},
    )
    if request.type not in {"http", "https"}:
        print(f"healthcheck: {url}: not an http(s) URL", file=sys.stderr)
        return 1
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            status = response.status
    except (OSError, ValueError) as error:  # refused, timed out, or an HTTP error status
        print(f"healthcheck: {url}: {error}", file=sys.stderr)
        return 1
    if status != 200:
        print(f"healthcheck: {url}: answered {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
