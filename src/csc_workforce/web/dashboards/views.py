"""Council and regional dashboards (HTML, or every table as Excel with ``?format=xlsx``)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from csc_workforce.core.census.years import default_year_among
from csc_workforce.core.disclosure import DEFAULT_THRESHOLD, DisclosureRule
from csc_workforce.core.measure_labels import MEASURE_LABELS
from csc_workforce.core.measures import BREAKDOWNS, breakdown_name
from csc_workforce.web import policy
from csc_workforce.web.audit.services import record_event
from csc_workforce.web.continuity import services as continuity_services
from csc_workforce.web.dashboards import presenters, services
from csc_workforce.web.dashboards.downloads import wants_xlsx, xlsx_response
from csc_workforce.web.fragments import FragmentCache

EXPORT_DASHBOARD = "export_dashboard"
DEFAULT_BREAKDOWN = "role"
DEFAULT_RANKING = "turnover_rate_fte"
# The dashboards' figures, rendered once per cached view model and display choice.
FIGURES = FragmentCache(maxsize=64)


def disclosure_rule() -> DisclosureRule:
    return DisclosureRule(int(getattr(settings, "CSCW_DISCLOSURE_THRESHOLD", DEFAULT_THRESHOLD)))


def breakdown_label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def year_parameter(request: HttpRequest) -> int | None:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() and len(text) == 4 else None


def _breakdown_parameter(request: HttpRequest) -> str:
    try:
        return breakdown_name(request.GET.get("by") or DEFAULT_BREAKDOWN)
    except ValueError:
        return DEFAULT_BREAKDOWN


@login_required
@require_http_methods(["GET"])
def council(request: HttpRequest, la_code: str) -> HttpResponse:
    council = policy.council_for(request, la_code)
    year = year_parameter(request)
    by = _breakdown_parameter(request)
    board, breakdown = services.council_page(council, by, year)
    if wants_xlsx(request):
        table = request.GET.get("table")
        record_event(request, EXPORT_DASHBOARD, council, table=table or "all", breakdown=by)
        tables = {**board.tables(), f"Breakdown by {by}": breakdown.table()}
        notes = [
            f"{council.name} ({council.la_code}): figures from accepted census returns and "
            "DfE's published statistics."
        ]
        if board.policy:
            notes.append(f"Measure policy: {board.policy}")
        return xlsx_response(f"dashboard-{council.la_code}", tables, notes, table)
    figures = FIGURES.render(
        "dashboards/_council_figures.html",
        (board, breakdown),
        (year, council.la_code, council.name),
        lambda: (
            presenters.council_context(board, breakdown)
            | {
                "council": council,
                "breakdown_choices": [(name, breakdown_label(name)) for name in BREAKDOWNS],
                "breakdown_label": breakdown_label(by),
                "year": year,
            }
        ),
    )
    context = {
        "board": board,
        "headlines": presenters.headline_cards(board.headlines),
        "council": council,
        "may_see_workers": policy.can_see_workers(request.user, council),
        "may_see_region": policy.can_see_region_dashboard(request.user, council.region),
        "continuity": continuity_services.dashboard_summary(council),
        "figures": figures,
    }
    return render(request, "dashboards/council.html", context)


def _highlight(request: HttpRequest) -> str | None:
    membership = policy.membership_of(request.user)
    return membership.council.la_code if membership is not None and membership.council is not None else None


@login_required
@require_http_methods(["GET"])
def region(request: HttpRequest, slug: str) -> HttpResponse:
    region = policy.region_dashboard_for(request, slug)
    board = services.region_view(region, disclosure_rule())
    if wants_xlsx(request):
        record_event(
            request, EXPORT_DASHBOARD, None, region=region.slug, table=request.GET.get("table") or "all"
        )
        notes = [
            f"{region.name}: member councils from accepted census returns where present, else DfE's "
            "published statistics (see the source column). "
            f"Groups of 1 to {board.threshold - 1} people are suppressed (c)."
        ]
        return xlsx_response(f"region-{region.slug}", board.tables(), notes, request.GET.get("table"))
    year = year_parameter(request)
    if year not in board.by_year:
        year = default_year_among(board.years)
    measure = request.GET.get("measure") or DEFAULT_RANKING
    if measure not in MEASURE_LABELS:
        measure = DEFAULT_RANKING
    context = {"region": region, "board": board, "year": year}
    if year is not None:
        chosen_year, highlight = year, _highlight(request)
        context["figures"] = FIGURES.render(
            "dashboards/_region_figures.html",
            (board,),
            (chosen_year, measure, highlight),
            lambda: presenters.region_context(board, chosen_year, measure, highlight),
        )
    return render(request, "dashboards/region.html", context)
