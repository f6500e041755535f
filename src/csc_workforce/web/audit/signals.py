"""Sign-ins and sign-outs go to the audit log; SQLite connections get the audit lock function."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest

from csc_workforce.web.audit import lock  # noqa: F401 - registers the SQLite function on connect
from csc_workforce.web.audit.models import Action
from csc_workforce.web.audit.services import record_event


@receiver(user_logged_in)
def _logged_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    record_event(request, Action.LOGIN)


@receiver(user_logged_out)
def _logged_out(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event(request, Action.LOGOUT, username=user.get_username())
