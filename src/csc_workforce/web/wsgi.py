"""WSGI entry point (production: DJANGO_SETTINGS_MODULE=csc_workforce.web.settings.production)."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "csc_workforce.web.settings.production")
application = get_wsgi_application()

from csc_workforce.web.startup import freeze_start_up_objects  # noqa: E402 - needs the app set up

freeze_start_up_objects()
