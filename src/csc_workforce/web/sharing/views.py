"""The staff-sharing pages: the regional lead's ledger and proposals, each council's offer and
decisions. Every view and decision is audited; access is decided by ``web.policy``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from csc_workforce.reporting.excel import tables_xlsx_bytes
from csc_workforce.web import policy
from csc_workforce.web.agency.services import FileRefusedError
from csc_workforce.web.audit.services import record_event
from csc_workforce.web.jobs.services import back_to_page, start_job, start_job_page
from csc_workforce.web.orgs.models import Council
from csc_workforce.web.sharing import agency_loans, services, tasks
from csc_workforce.web.sharing.forms import OfferForm, PlanForm
from csc_workforce.web.sharing.models import Loan

EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _region_page(request: HttpRequest, slug: str, form: PlanForm, status: int = 200) -> HttpResponse:
    region = policy.region_for(request, slug)
    run = services.latest_run(region)
    councils = {c.la_code: c for c in Council.objects.filter(region=region)}
    context = {
        "region": region,
        "form": form,
        "run": run,
        "ledger": services.ledger_cells(run, councils) if run is not None else [],
        "proposals": agency_loans.annotated(services.run_loans(run)),
        "agreements": agency_loans.annotated(services.region_agreements(region)),
    }
    record_event(request, "view_sharing_region", None, region=region.slug)
    return render(request, "sharing/region.html", context, status=status)


@login_required
@require_GET
def region_sharing(request: HttpRequest, slug: str) -> HttpResponse:
    run = services.latest_run(policy.region_for(request, slug))
    initial = {"horizon": run.horizon, "prudence": run.prudence} if run is not None else None
    return _region_page(request, slug, PlanForm(initial=initial))


@login_required
@require_POST
def propose_loans(request: HttpRequest, slug: str) -> HttpResponse:
    region = policy.region_for(request, slug)
    form = PlanForm(request.POST, request.FILES)
    if not form.is_valid():
        return _region_page(request, slug, form, status=400)
    upload = form.cleaned_data["neighbours"]
    pairs = None
    if upload is not None:
        try:
            pairs = services.read_neighbours_upload(upload.read(), upload.name)
        except FileRefusedError as error:
            for problem in error.problems[:10]:
                form.add_error("neighbours", f"{error.filename}: {problem}")
            return _region_page(request, slug, form, status=400)
    job = start_job(
        request,
        tasks.propose_loans,
        kind=tasks.PROPOSE_LOANS,
        title=f"Loan proposals for {region.name}",
        region=region,
        params={
            "horizon": form.cleaned_data["horizon"],
            "prudence": form.cleaned_data["prudence"],
            "neighbours": services.pairs_json(pairs),
        },
        next_url=reverse("sharing:region", args=[region.slug]) + "#proposals",
    )
    return redirect("jobs:status", job_id=job.pk)


@login_required
@require_GET
def region_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The partnership board's copy: ledger, proposals and agreements, as Excel or PDF."""
    region = policy.region_for(request, slug)
    if fmt not in EXPORT_TYPES:
        raise Http404("Exports are .xlsx or .pdf")
    if fmt == "pdf":  # seconds of work: the page prepares it as a job (prepare_region_pdf)
        return back_to_page("sharing:region", region.slug, {})
    data = tables_xlsx_bytes(services.workbook_tables(region, services.latest_run(region)))
    record_event(request, tasks.EXPORT_REGION, None, region=region.slug, format=fmt)
    response = HttpResponse(data, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{tasks.region_filename(region, fmt)}"'
    return response


@login_required
@require_POST
def prepare_region_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """Build the partnership board's PDF in the background; the job's page offers it when ready."""
    region = policy.region_for(request, slug)
    title = f"Staff sharing report for {region.name}"
    return start_job_page(request, tasks.build_region_pdf, kind=tasks.REGION_PDF, title=title, region=region)


def _council_page(
    request: HttpRequest, la_code: str, form: OfferForm | None = None, **extra: object
) -> HttpResponse:
    council = policy.council_for(request, la_code)
    offer = services.council_offer(council)
    if form is None:
        form = OfferForm(
            initial={
                "max_lend_fte": offer.max_lend_fte if offer else None,
                "refuses_to_receive": offer.refuses_to_receive if offer else False,
            }
        )
    context = {
        "council": council,
        "form": form,
        "offer": offer,
        "proposals": agency_loans.annotated(services.council_proposals(council), council, deciding=True),
        "agreements": agency_loans.annotated(services.council_agreements(council), council),
        "can_decide": policy.can_upload(request.user, council),
        **extra,
    }
    record_event(request, "view_sharing_council", council)
    status = 400 if (form.is_bound and not form.is_valid()) or "decision_error" in extra else 200
    return render(request, "sharing/council.html", context, status=status)


@login_required
@require_GET
def council_sharing(request: HttpRequest, la_code: str) -> HttpResponse:
    return _council_page(request, la_code)


@login_required
@require_POST
def set_offer(request: HttpRequest, la_code: str) -> HttpResponse:
    council = policy.upload_council_for(request, la_code)
    form = OfferForm(request.POST)
    if not form.is_valid():
        return _council_page(request, la_code, form)
    services.set_offer(
        request, council, form.cleaned_data["max_lend_fte"], form.cleaned_data["refuses_to_receive"]
    )
    return redirect(reverse("sharing:council", args=[council.la_code]))


@login_required
@require_POST
def decide(request: HttpRequest, la_code: str, loan_id: int, decision: str) -> HttpResponse:
    council = policy.upload_council_for(request, la_code)
    if decision not in ("accept", "decline"):
        raise Http404("A decision is accept or decline")
    try:
        services.decide(
            request,
            council,
            loan_id,
            accept=decision == "accept",
            engagement_ids=lent_engagements(request),
            reason=request.POST.get("reason", ""),
        )
    except Loan.DoesNotExist:
        raise Http404("No such proposal") from None
    except services.DecisionError as exc:
        return _council_page(request, la_code, decision_error=str(exc))
    return redirect(reverse("sharing:council", args=[council.la_code]) + "#agreements")


def lent_engagements(request: HttpRequest) -> list[str]:
    """The engagements a lending council names when it accepts; none when it lends permanent staff."""
    if request.POST.get("staff") != "agency":
        return []
    return [value for value in request.POST.getlist("engagement")[:200] if value]
