"""Staff sharing for the pages: the region's ledger from its councils' forecasts, proposals by the
planner, each council's shortfall risk with and without them, decisions and agreed loans.

A loan runs from the first month after the forecast's base date for the months of the horizon
planned over; the ledger's surplus is the tightest month of that horizon, so a donor stays at or
above its standard (prudently) throughout. Agreed loans are committed changes in both councils'
forecasts (``committed_changes``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from csc_workforce.analytics.sharing import plan_region
from csc_workforce.core.disclosure import DEFAULT_THRESHOLD, DisclosureRule
from csc_workforce.core.forecast import DEFAULT_SEED, CouncilInputs, ForecastResult, Scenario
from csc_workforce.core.forecast.surplus import CASE_HOLDING, CommittedChange, shortfall_chance
from csc_workforce.core.sharing.model import Pairs
from csc_workforce.ingest.sharing_files import read_neighbours
from csc_workforce.reporting.excel import SheetTable
from csc_workforce.simulation.sharing import forecast_ledger
from csc_workforce.web.agency.services import _read_upload
from csc_workforce.web.audit.services import record_event
from csc_workforce.web.forecasts import services as forecasts
from csc_workforce.web.orgs.models import Council, Region
from csc_workforce.web.sharing import agency_loans
from csc_workforce.web.sharing.models import Decision, Loan, SharingOffer, SharingRun

SHARING_SIMS: Final = 2_000
HORIZONS: Final = tuple(range(3, 13))
PRUDENCE_CHOICES: Final = (0.5, 0.75, 0.8, 0.9, 0.95)
SUPPRESSED: Final = "c"


class CachedBackend:
    """The forecast backend through the pages' cache, so a plan and its risks reuse one run."""

    name = "local"

    def run(
        self,
        inputs: Sequence[CouncilInputs],
        scenario: Scenario,
        months: int,
        sims: int,
        seed: int,
        *,
        standards: tuple[float, ...] = (),
    ) -> list[ForecastResult]:
        del standards  # the pages judge each council at its own standard
        return [forecasts.forecast(one, scenario, months, sims, seed) for one in inputs]


def disclosure_rule() -> DisclosureRule:
    return DisclosureRule(int(getattr(settings, "CSCW_DISCLOSURE_THRESHOLD", DEFAULT_THRESHOLD)))


def first_month(base_year: int) -> date:
    """Month 1 of a forecast from 30 September ``base_year``."""
    return date(base_year, 10, 1)


def month_index(when: date, base_year: int) -> int:
    """``when``'s month counted from a forecast's base date (1 = the October after it)."""
    return (when.year - base_year) * 12 + when.month - 9


def agreed_loans() -> QuerySet[Loan]:
    return Loan.objects.filter(agreed_at__isnull=False).select_related("from_council", "to_council")


def committed_changes(council: Council, base_year: int) -> list[CommittedChange]:
    """The council's agreed loans as changes to its forecast from ``base_year``: FTE lent is
    taken away, FTE borrowed added, for the months of the loan still ahead."""
    changes = []
    for loan in agreed_loans().filter(Q(from_council=council) | Q(to_council=council)):
        start = month_index(loan.start, base_year)
        end = start + loan.months  # first month after the loan
        if end <= 1:
            continue
        sign = -1.0 if loan.from_council_id == council.pk else 1.0
        changes.append(CommittedChange(sign * loan.fte, max(start, 1), end - max(start, 1), loan.role))
    return changes


@dataclass(frozen=True)
class Offers:
    ceilings: dict[tuple[str, str], float]
    refuses: frozenset[tuple[str, str]]


def region_offers(region: Region) -> Offers:
    ceilings, refuses = {}, set()
    for offer in SharingOffer.objects.filter(council__region=region).select_related("council"):
        key = (offer.council.la_code, offer.role)
        if offer.max_lend_fte is not None:
            ceilings[key] = offer.max_lend_fte
        if offer.refuses_to_receive:
            refuses.add(key)
    return Offers(ceilings, frozenset(refuses))


def council_offer(council: Council, role: str = CASE_HOLDING) -> SharingOffer | None:
    return SharingOffer.objects.filter(council=council, role=role).first()


def set_offer(
    request: HttpRequest, council: Council, max_lend_fte: float | None, refuses_to_receive: bool
) -> SharingOffer:
    offer, _ = SharingOffer.objects.update_or_create(
        council=council,
        role=CASE_HOLDING,
        defaults={
            "max_lend_fte": max_lend_fte,
            "refuses_to_receive": refuses_to_receive,
            "updated_by": request.user.get_username(),
        },
    )
    record_event(
        request,
        "set_sharing_offer",
        council,
        role=CASE_HOLDING,
        max_lend_fte=max_lend_fte,
        refuses_to_receive=refuses_to_receive,
    )
    return offer


def read_neighbours_upload(data: bytes, filename: str) -> Pairs:
    """The neighbour pairs in an uploaded CSV or Excel file, read by the ingest layer through the
    agency app's upload reader (size limit, temporary file); FileRefusedError names bad rows."""
    return _read_upload(data, filename, read_neighbours)


def pairs_from_json(listed: list[list[Any]] | None) -> Pairs | None:
    """The pairs :func:`pairs_json` wrote (None: any two member councils)."""
    if listed is None:
        return None
    return Pairs.listed(
        (str(a), str(b), None if minutes is None else float(minutes)) for a, b, minutes in listed
    )


def pairs_json(pairs: Pairs | None) -> list[list[object]] | None:
    """``pairs`` as JSON for a job's parameters (None: any two member councils)."""
    return None if pairs is None or pairs.allowed is None else _pairs_json(pairs)


def _pairs_json(pairs: Pairs | None) -> list[list[object]]:
    if pairs is None or pairs.allowed is None:
        return []
    listed = sorted(tuple(sorted(pair)) for pair in pairs.allowed)
    return [[a, b, pairs.minutes(a, b)] for a, b in listed]


@dataclass(frozen=True)
class _Forecasts:
    councils: dict[str, Council]
    inputs: dict[str, CouncilInputs]
    skipped: list[str]


def _region_forecast_inputs(region: Region) -> _Forecasts:
    councils, inputs, skipped = {}, {}, []
    for council in region.councils.select_related("region").order_by("name"):
        try:
            basis = forecasts.council_basis(council)
        except forecasts.NoForecastError as exc:
            skipped.append(str(exc))
            continue
        councils[council.la_code] = council
        inputs[council.la_code] = basis.inputs
    return _Forecasts(councils, inputs, skipped)


def _risk(result: ForecastResult, horizon: int, changes: Sequence[CommittedChange]) -> float | None:
    try:
        return shortfall_chance(result, horizon=horizon, committed=changes)
    except ValueError:
        return None


@transaction.atomic
def propose(
    user: Any,
    region: Region,
    horizon: int,
    prudence: float,
    pairs: Pairs | None = None,
    *,
    request: HttpRequest | None = None,
    progress: Callable[[str], None] | None = None,
) -> SharingRun:
    """Plan the region's loans from its councils' forecasts and store them as proposals, audited
    as ``user``'s (``request`` when run in one; the background job runs it without)."""
    if progress is not None:
        progress("Forecasting each member council's workforce")
    found = _region_forecast_inputs(region)
    codes = sorted(found.inputs)
    # Loans already agreed: lent FTE is gone from the lender's surplus, received FTE covers need.
    before = {c: committed_changes(found.councils[c], found.inputs[c].base_year) for c in codes}
    ledger = forecast_ledger(
        [found.inputs[c] for c in codes],
        CachedBackend(),
        horizon=horizon,
        prudence=prudence,
        sims=SHARING_SIMS,
        seed=DEFAULT_SEED,
        committed=before,
    )
    rows = ledger.rows
    offers = region_offers(region)
    if progress is not None:
        progress("Planning loans across the region")
    plan = plan_region(codes, rows, offers=offers.ceilings, refuses=offers.refuses, pairs=pairs)
    results = {
        c: forecasts.forecast(found.inputs[c], Scenario(), horizon, SHARING_SIMS, DEFAULT_SEED) for c in codes
    }
    after = {c: list(changes) for c, changes in before.items()}
    for loan in plan.proposals:
        start = first_month(found.inputs[loan.from_la].base_year)
        for code, sign in ((loan.from_la, -1.0), (loan.to_la, 1.0)):
            index = max(month_index(start, found.inputs[code].base_year), 1)
            after[code].append(CommittedChange(sign * loan.fte, index, horizon, loan.role))
    risk_before = {c: _risk(results[c], horizon, before[c]) for c in codes}
    risk_after = {c: _risk(results[c], horizon, after[c]) for c in codes}
    rule = disclosure_rule()
    run = SharingRun.objects.create(
        region=region,
        horizon=horizon,
        prudence=prudence,
        ledger=[
            {
                "la_code": row.la_code,
                "role": row.role,
                "surplus_fte": row.surplus_fte,
                # A council with fewer case holders than the threshold would be a small group.
                "small": rule.is_small(float(results[row.la_code].holders_at(0.5)[0])),
                "risk_before": risk_before[row.la_code],
                "risk_after": risk_after[row.la_code],
            }
            for row in rows
        ],
        skipped=[*found.skipped, *ledger.skipped],
        neighbours=_pairs_json(pairs),
        covered_fte=plan.covered_fte,
        uncovered_fte=plan.uncovered_fte,
        created_by=user.get_username(),
    )
    for loan in plan.proposals:
        recipient = found.inputs[loan.to_la]
        Loan.objects.create(
            run=run,
            from_council=found.councils[loan.from_la],
            to_council=found.councils[loan.to_la],
            role=loan.role,
            fte=loan.fte,
            start=first_month(found.inputs[loan.from_la].base_year),
            months=horizon,
            donor_risk_before=risk_before[loan.from_la],
            donor_risk_after=risk_after[loan.from_la],
            recipient_risk_before=risk_before[loan.to_la],
            recipient_risk_after=risk_after[loan.to_la],
            agency_spend_avoided=round(loan.fte * horizon / 12 * recipient.agency_cost, 0),
        )
    record_event(
        request,
        "propose_sharing_loans",
        None,
        username=user.get_username(),
        region=region.slug,
        horizon=horizon,
        prudence=prudence,
        proposals=len(plan.proposals),
        covered_fte=plan.covered_fte,
        neighbour_pairs=len(run.neighbours),
    )
    return run


def latest_run(region: Region) -> SharingRun | None:
    return SharingRun.objects.filter(region=region).first()


def run_loans(run: SharingRun | None) -> list[Loan]:
    if run is None:
        return []
    return list(run.loans.select_related("from_council", "to_council"))


def region_agreements(region: Region) -> list[Loan]:
    return list(agreed_loans().filter(from_council__region=region))


def council_agreements(council: Council) -> list[Loan]:
    return list(agreed_loans().filter(Q(from_council=council) | Q(to_council=council)))


def council_proposals(council: Council) -> list[Loan]:
    """The region's latest proposals to or from ``council`` that are not yet agreed."""
    run = latest_run(council.region)
    if run is None:
        return []
    return [
        loan
        for loan in run_loans(run)
        if loan.agreed_at is None and council.pk in (loan.from_council_id, loan.to_council_id)
    ]


class DecisionError(ValueError):
    """A decision that cannot be taken (the loan is settled, superseded or not the council's)."""


@transaction.atomic
def decide(
    request: HttpRequest,
    council: Council,
    loan_id: int,
    accept: bool,
    *,
    engagement_ids: Sequence[str] = (),
    reason: str = "",
) -> Loan:
    """Record ``council``'s decision on a proposal to or from it; agreed once both sides accept.

    The lending council accepts with permanent staff, or names ``engagement_ids`` from its own
    register; a loan whose agency workers would breach the agency rules is accepted by either side
    only with a ``reason`` (``web.sharing.agency_loans``)."""
    loan = (
        Loan.objects.select_for_update().select_related("run", "from_council", "to_council").get(pk=loan_id)
    )
    if council.pk not in (loan.from_council_id, loan.to_council_id):
        raise DecisionError("This proposal is not to or from your council")
    if loan.status != "Proposed":
        raise DecisionError(f"This proposal is already {loan.status.lower()}")
    if latest_run(loan.run.region) != loan.run:
        raise DecisionError("The regional lead has proposed newer loans: decide on those")
    decision, who, now = (
        (Decision.ACCEPTED if accept else Decision.DECLINED),
        request.user.get_username(),
        timezone.now(),
    )
    side = "donor" if loan.from_council_id == council.pk else "recipient"
    staff: dict[str, Any] = {}
    if accept:
        try:
            staff = _accept_staff(loan, council, side, engagement_ids, reason)
        except agency_loans.StaffError as exc:
            raise DecisionError(str(exc)) from None
    setattr(loan, f"{side}_decision", decision)
    setattr(loan, f"{side}_decided_by", who)
    setattr(loan, f"{side}_decided_at", now)
    if loan.donor_decision == loan.recipient_decision == Decision.ACCEPTED:
        loan.agreed_at = now
    loan.save()
    detail: dict[str, Any] = {"loan": loan.pk, "side": side, "decision": str(decision), **staff}
    record_event(request, "decide_sharing_loan", council, **detail)
    if "reason" in staff:
        # Like a price-cap exception: a loan that would breach is agreed to only with a reason.
        record_event(
            request,
            "accept_loan_despite_breach",
            council,
            loan=loan.pk,
            side=side,
            would_breach=staff["would_breach"],
            reason=staff["reason"],
        )
    if loan.agreed_at is not None:
        record_event(
            request,
            "agree_sharing_loan",
            council,
            loan=loan.pk,
            from_la=loan.from_council.la_code,
            to_la=loan.to_council.la_code,
            role=loan.role,
            fte=loan.fte,
            start=loan.start.isoformat(),
            months=loan.months,
        )
    return loan


def _accept_staff(
    loan: Loan, council: Council, side: str, engagement_ids: Sequence[str], reason: str
) -> dict[str, Any]:
    if side == "donor":
        return agency_loans.donor_accepts(loan, council, engagement_ids, reason)
    return agency_loans.recipient_accepts(loan, reason)


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def ledger_cells(run: SharingRun, councils: dict[str, Council]) -> list[dict[str, Any]]:
    """The ledger for display and export: a council with a small group is suppressed (``c``)."""
    rows = []
    for row in run.ledger:
        council = councils.get(row["la_code"])
        hidden = bool(row.get("small"))
        rows.append(
            {
                "la_code": row["la_code"],
                "la_name": council.name if council is not None else row["la_code"],
                "role": row["role"],
                "surplus_fte": SUPPRESSED if hidden else row["surplus_fte"],
                "risk_before": SUPPRESSED if hidden else _percent(row["risk_before"]),
                "risk_after": SUPPRESSED if hidden else _percent(row["risk_after"]),
            }
        )
    return rows


LEDGER_COLUMNS: Final = ("la_code", "la_name", "role", "surplus_fte", "risk_before", "risk_after")
LOAN_COLUMNS: Final = (
    "from_la",
    "to_la",
    "role",
    "fte",
    "start",
    "months",
    "donor_risk_before",
    "donor_risk_after",
    "recipient_risk_before",
    "recipient_risk_after",
    "agency_spend_avoided",
    "status",
    "agency_rules",
)


def loan_row(loan: Loan) -> list[Any]:
    return [
        loan.from_council.la_code,
        loan.to_council.la_code,
        loan.role,
        loan.fte,
        loan.start.isoformat(),
        loan.months,
        loan.donor_risk_before,
        loan.donor_risk_after,
        loan.recipient_risk_before,
        loan.recipient_risk_after,
        loan.agency_spend_avoided,
        loan.status,
        agency_loans.export_cell(loan),
    ]


def workbook_tables(region: Region, run: SharingRun | None) -> dict[str, SheetTable]:
    """The partnership board's workbook: ledger, proposals and agreements."""
    councils = {c.la_code: c for c in Council.objects.filter(region=region)}
    risk_formats = {c: "0%" for c in LOAN_COLUMNS if "risk" in c}
    tables = {}
    if run is not None:
        ledger = ledger_cells(run, councils)
        tables["Ledger"] = SheetTable(
            columns=list(LEDGER_COLUMNS),
            rows=[[row[c] for c in LEDGER_COLUMNS] for row in ledger],
            number_formats={"risk_before": "0%", "risk_after": "0%"},
            notes=(
                f"Case-holding FTE to spare (+) or find (−) in the tightest of {run.horizon} months:",
                f"what the council has in {run.prudence:.0%} of futures against its standard's need.",
                "Risk: the chance of fewer case holders than the standard needs, before and after.",
                "c = suppressed to protect confidentiality.",
            ),
        )
        tables["Proposals"] = SheetTable(
            columns=list(LOAN_COLUMNS),
            rows=[loan_row(loan) for loan in run_loans(run)],
            number_formats=risk_formats,
            notes=agency_loans.EXPORT_NOTES,
        )
    tables["Agreements"] = SheetTable(
        columns=list(LOAN_COLUMNS),
        rows=[loan_row(loan) for loan in region_agreements(region)],
        number_formats=risk_formats,
        notes=agency_loans.EXPORT_NOTES,
    )
    return tables
