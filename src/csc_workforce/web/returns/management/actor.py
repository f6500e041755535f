"""Who ran a management command, as the audit log names them."""

from __future__ import annotations

import getpass


def command_actor() -> str:
    """``manage:<OS user>`` (``manage`` when the process has no user name)."""
    try:
        return f"manage:{getpass.getuser()}"
    except (KeyError, OSError):  # no user name for this process (e.g. a container's numeric uid)
        return "manage"
