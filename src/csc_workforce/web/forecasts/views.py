"""Council forecast (fan charts, scenario form, comparison, exports) and the region's ranking.

The scenario form is sent with GET: a forecast changes nothing, and the same query string then
serves the page, its Excel and its PDF, so an export holds exactly what is on screen.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from csc_workforce.core.forecast import ForecastResult
from csc_workforce.core.forecast.compare import ForecastRun
from csc_workforce.reporting.continuity_projection import projection_view
from csc_workforce.reporting.excel import tables_xlsx_bytes
from csc_workforce.reporting.forecast_charts import (
    forecast_figures,
    format_median,
    format_probability,
    format_signed_change,
)
from csc_workforce.reporting.forecast_export import forecast_xlsx_bytes
from csc_workforce.web import policy
from csc_workforce.web.audit.services import record_event
from csc_workforce.web.continuity import services as continuity_services
from csc_workforce.web.forecasts import region as region_service
from csc_workforce.web.forecasts import reports, services, tasks
from csc_workforce.web.forecasts.forms import RegionForm, ScenarioForm, StandardForm
from csc_workforce.web.forecasts.models import ForecastSettings, SavedScenario
from csc_workforce.web.fragments import FragmentCache
from csc_workforce.web.jobs.services import back_to_page, start_job, unfinished_job

# The fan charts and their tables, rendered once per set of run results (the results are kept by
# ``services.forecast``, so the same run gives the very same objects).
FIGURES = FragmentCache(maxsize=32)

EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _council_run(
    request: HttpRequest, council: Any
) -> tuple[ScenarioForm, services.CouncilBasis, ForecastRun]:
    try:
        return reports.council_forecast_run(council, request.GET)
    except services.NoForecastError as exc:
        raise Http404(str(exc)) from None


# The comparison table's columns (template names) and the measures they show.
_COMPARED_COLUMNS = {
    "inpost": "inpost_fte",
    "agency": "agency_fte",
    "vacancy": "vacancy_fte",
    "cost": "cost_total",
}


def _comparison_rows(run: ForecastRun) -> list[dict[str, Any]]:
    rows = []
    for row in run.comparison():
        is_baseline = row["scenario"] == run.baseline.scenario.name
        rows.append(
            {
                "year": row["time_period"],
                "scenario": row["scenario"],
                "is_baseline": is_baseline,
                **{col: format_median(m, row[f"{m}_p50"]) for col, m in _COMPARED_COLUMNS.items()},
                "changes": None
                if is_baseline
                else {
                    col: format_signed_change(m, row[f"{m}_change"], minus="−")
                    for col, m in _COMPARED_COLUMNS.items()
                },
                "shortfall": format_probability(row["shortfall_probability"]),
            }
        )
    return rows


def _risk_table(result: ForecastResult) -> dict[str, Any]:
    """The baseline's chance of a shortfall at each 30 September, at every standard shown."""
    years = result.months // 12
    return {
        "years": [result.inputs.base_year + k for k in range(1, years + 1)],
        "rows": [
            {
                "standard": f"{standard:g}",
                "chosen": standard == result.standard,
                "cells": [format_probability(result.risk(k, standard)) for k in range(1, years + 1)],
            }
            for standard in sorted(result.shortfall_by_standard)
        ],
    }


@login_required
@require_GET
def council_forecast(request: HttpRequest, la_code: str) -> HttpResponse:
    council = policy.council_for(request, la_code)
    form, basis, run = _council_run(request, council)
    baseline = run.baseline
    context = {
        "council": council,
        "form": form,
        "basis": basis,
        "run": run,
        "figures": FIGURES.render(
            "forecasts/_figures.html", run.results, (), lambda: {"figures": forecast_figures(run)}
        ),
        "comparison": _comparison_rows(run),
        "risk": _risk_table(baseline),
        "scenario": run.scenarios[-1].scenario if run.scenarios else None,
        "saved": SavedScenario.objects.filter(council=council),
        "can_save": policy.can_upload(request.user, council),
        "standard_form": StandardForm(
            initial={
                "caseload_standard": getattr(services.council_settings(council), "caseload_standard", None)
            }
        ),
        "submitted": "run" in request.GET,
        "query": request.GET.urlencode(),
        "roles": [
            {"role": r.role, "inpost": f"{r.inpost_fte:,.1f}", "leaver_rate": f"{100 * r.leaver_rate:.1f}%"}
            for r in baseline.inputs.roles
        ],
        "leaving_basis": baseline.inputs.leaving_basis,
        "service_bands": [
            {
                "band": band.label,
                "share": f"{100 * band.start_share:.0f}%",
                "relative": f"{band.relative_hazard:.2f}",
            }
            for band in baseline.inputs.service_bands
        ],
        "fingerprint": services.fingerprint(baseline.inputs),
        "committed": services.committed_effect(council, baseline),
        # The board pack's 12-month baseline, so both show the same figure.
        "projection": projection_view(continuity_services.children_changing(council)),
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "forecasts/council.html", context, status=status)


@login_required
@require_GET
def council_export(request: HttpRequest, la_code: str, fmt: str) -> HttpResponse:
    council = policy.council_for(request, la_code)
    if fmt not in EXPORT_TYPES:
        raise Http404("Exports are .xlsx or .pdf")
    if fmt == "pdf":  # seconds of work: the page prepares it as a job (prepare_forecast_pdf)
        return back_to_page("forecasts:council", council.la_code, request.GET.dict())
    form, _, run = _council_run(request, council)
    if form.is_bound and not form.is_valid():
        raise Http404("Correct the scenario on the forecast page first")
    data = forecast_xlsx_bytes(run)
    record_event(request, tasks.EXPORT_FORECAST, council, format=fmt, scenarios=len(run.scenarios))
    response = HttpResponse(data, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{reports.forecast_filename(council, run, fmt)}"'
    return response


def _region_months(request: HttpRequest) -> tuple[RegionForm, int]:
    form = RegionForm(request.GET if "months" in request.GET else None)
    return form, (form.cleaned_data["months"] if form.is_bound and form.is_valid() else 12)


@login_required
@require_GET
def region_forecast(request: HttpRequest, slug: str) -> HttpResponse:
    region = policy.region_for(request, slug)
    form, months = _region_months(request)
    ranking = region_service.region_ranking(region, months)
    context = {
        "region": region,
        "form": form,
        "months": months,
        "ranking": ranking,
        "chart": region_service.ranking_chart(region, ranking, months),
        "recompute": unfinished_job(tasks.REGION_FORECASTS, region),
    }
    return render(request, "forecasts/region.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def region_export(request: HttpRequest, slug: str) -> HttpResponse:
    region = policy.region_for(request, slug)
    _, months = _region_months(request)
    ranking = region_service.region_ranking(region, months)
    table = region_service.ranking_table(ranking)
    record_event(request, "export_region_forecast", None, region=region.slug, months=months)
    response = HttpResponse(tables_xlsx_bytes({"Region forecast": table}), content_type=EXPORT_TYPES["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="forecast-{region.slug}-{months}m.xlsx"'
    return response


@login_required
@require_POST
def save_scenario(request: HttpRequest, la_code: str) -> HttpResponse:
    """Keep the scenario tried under its name (replacing one of the same name); audited."""
    council = policy.upload_council_for(request, la_code)
    form = ScenarioForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("The scenario is not valid: try it on the forecast page first.")
    scenario = form.scenario()
    SavedScenario.objects.update_or_create(
        council=council,
        name=scenario.name,
        defaults={"settings": scenario.to_dict(), "saved_by": request.user.get_username()},
    )
    record_event(request, "save_forecast_scenario", council, scenario=scenario.name)
    return redirect(reverse("forecasts:council", args=[council.la_code]) + "#comparison")


@login_required
@require_POST
def delete_scenario(request: HttpRequest, la_code: str, scenario_id: int) -> HttpResponse:
    council = policy.upload_council_for(request, la_code)
    saved = get_object_or_404(SavedScenario, pk=scenario_id, council=council)
    record_event(request, "delete_forecast_scenario", council, scenario=saved.name)
    saved.delete()
    return redirect(reverse("forecasts:council", args=[council.la_code]))


@login_required
@require_POST
def set_standard(request: HttpRequest, la_code: str) -> HttpResponse:
    """The council's caseload standard, kept with its forecasts; audited."""
    council = policy.upload_council_for(request, la_code)
    form = StandardForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("The caseload standard must be a number from 5 to 40, or empty.")
    standard = form.cleaned_data["caseload_standard"]
    ForecastSettings.objects.update_or_create(
        council=council,
        defaults={"caseload_standard": standard, "updated_by": request.user.get_username()},
    )
    record_event(request, "set_caseload_standard", council, caseload_standard=standard)
    return redirect(reverse("forecasts:council", args=[council.la_code]) + "#risk")


@login_required
@require_GET
def board_pack(request: HttpRequest, la_code: str) -> HttpResponse:
    """The board pack's old address: it is seconds of work, so the page prepares it as a job
    (``prepare_board_pack``)."""
    council = policy.council_for(request, la_code)
    return back_to_page("forecasts:council", council.la_code, {})


@login_required
@require_POST
def prepare_forecast_pdf(request: HttpRequest, la_code: str) -> HttpResponse:
    """Build the forecast report PDF of the scenario on the page (its query string) in the
    background; the job's page offers it when it is ready."""
    council = policy.council_for(request, la_code)
    query = request.POST.get("query", "")[: reports.MAX_QUERY]
    form, scenario, _ = reports.scenario_settings(QueryDict(query))
    if form.is_bound and not form.is_valid():
        raise Http404("Correct the scenario on the forecast page first")
    job = start_job(
        request,
        tasks.build_forecast_pdf,
        kind=tasks.FORECAST_PDF,
        title=f"Forecast report for {council.name}" + (f": {scenario.name}" if scenario else ""),
        council=council,
        params={"query": query},
    )
    return redirect("jobs:status", job_id=job.pk)


@login_required
@require_POST
def prepare_board_pack(request: HttpRequest, la_code: str) -> HttpResponse:
    """Build the board pack in the background; the job's page offers it when it is ready."""
    council = policy.council_for(request, la_code)
    job = start_job(
        request,
        tasks.build_board_pack,
        kind=tasks.BOARD_PACK,
        title=f"Board pack for {council.name}",
        council=council,
    )
    return redirect("jobs:status", job_id=job.pk)
