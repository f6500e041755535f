"""JSON API for the measures, scoped exactly as the dashboards (``csc_workforce.web.policy``)."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_http_methods

from csc_workforce.analytics.dashboard import CouncilDashboard, RegionalDashboard
from csc_workforce.web import policy
from csc_workforce.web.dashboards import services
from csc_workforce.web.dashboards.openapi import openapi_document
from csc_workforce.web.dashboards.views import disclosure_rule, year_parameter
from csc_workforce.web.fragments import DerivedCache


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


# The measures documents, serialised once per cached view model (and year).
DOCUMENTS: DerivedCache[bytes] = DerivedCache(maxsize=64)


def _document(board: CouncilDashboard | RegionalDashboard, year: int | None = None) -> bytes:
    return DOCUMENTS.get(
        (board,), (year,), lambda: json.dumps(board.to_json(), cls=DjangoJSONEncoder).encode()
    )


def _scoped(request: HttpRequest, build: Callable[[], bytes]) -> HttpResponse:
    """401 when not signed in; the policy's 404 and 403 as JSON; else the document."""
    if not request.user.is_authenticated:
        response = _error("sign in at /accounts/login/ first", 401)
        response["WWW-Authenticate"] = 'Cookie realm="csc-workforce"'
        return response
    try:
        return HttpResponse(build(), content_type="application/json")
    except Http404:
        return _error("not found", 404)
    except PermissionDenied:
        return _error("you do not have access to this", 403)


@require_http_methods(["GET"])
def council_measures(request: HttpRequest, la_code: str) -> JsonResponse:
    def build() -> bytes:
        council = policy.council_for(request, la_code)
        year = year_parameter(request)
        return _document(services.council_view(council, year=year), year)

    return _scoped(request, build)


@require_http_methods(["GET"])
def region_measures(request: HttpRequest, slug: str) -> JsonResponse:
    def build() -> bytes:
        region = policy.region_dashboard_for(request, slug)
        return _document(services.region_view(region, disclosure_rule()))

    return _scoped(request, build)


@require_http_methods(["GET"])
def openapi(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_document(request.build_absolute_uri("/")))
