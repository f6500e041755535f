"""Home page, health (process up) and readiness (database, migrations, worker) checks."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from csc_workforce.web import policy
from csc_workforce.web.jobs.health import queue_depth, readiness


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the process answers requests (liveness); whether it can serve is ``/readyz``."""
    return JsonResponse({"status": "ok"})


@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, every migration is applied and a job worker was seen
    recently; 503 with the failing check otherwise. ``queue`` counts the background jobs waiting
    and running. No sign-in, no personal data."""
    ready, checks = readiness()
    document: dict[str, object] = {"status": "ok" if ready else "unavailable", "checks": checks}
    if checks["database"] == "ok" and checks["migrations"] == "ok":
        document["queue"] = queue_depth()
    return JsonResponse(document, status=200 if ready else 503)


@require_http_methods(["GET", "HEAD"])
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """A single-council user goes to their council, a regional lead to the region; others choose."""
    councils = list(policy.councils_visible_to(request.user))
    regions = list(policy.regions_visible_to(request.user))
    if len(councils) == 1 and not regions:
        return redirect("dashboards:council", la_code=councils[0].la_code)
    if len(regions) == 1 and not councils:
        return redirect("dashboards:region", slug=regions[0].slug)
    council_links = [(council, reverse("dashboards:council", args=[council.la_code])) for council in councils]
    region_links = [(region, reverse("dashboards:region", args=[region.slug])) for region in regions]
    return render(request, "home.html", {"council_links": council_links, "region_links": region_links})
