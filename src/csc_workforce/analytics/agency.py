"""Agency analytics: run the rule check for a region, spend, premium, trend and compliance.

Plain functions the CLI, the reports and the web app call. Costs come from
``core.agency.cost`` (one formula); this module only aggregates them with Polars.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Final, Literal

import polars as pl

from csc_workforce.core.agency.caps import CapTable, region_key
from csc_workforce.core.agency.check import CheckContext, CheckResult, LeaverIndex, check_engagements
from csc_workforce.core.agency.cost import cost_in_period, premium, quarter_bounds, quarter_of
from csc_workforce.core.agency.model import Engagement, Finding, Leaver, PriceCap, RuleId, Severity
from csc_workforce.core.agency.rules import NATIONAL_RULES, RuleBook
from csc_workforce.core.disclosure import SUPPRESSED, DisclosureRule, primary_suppressed, protect_table

PermanentCosts = Mapping[tuple[str | None, str], Decimal]


@lru_cache(maxsize=1)
def council_directory() -> dict[str, tuple[str, str]]:
    """DfE LA code → (council name, region), from the published statistics (London as one region)."""
    from csc_workforce.ingest.published import la_lookup  # noqa: PLC0415 (loads bundled data on first use)

    return {code: (la.la_name, la.england_region) for code, la in la_lookup().items()}


def council_regions() -> dict[str, str]:
    return {code: region for code, (_name, region) in council_directory().items()}


def council_name(la_code: str) -> str:
    return council_directory().get(la_code, (la_code, ""))[0]


@dataclass(slots=True)
class RegionCheck:
    """A region's check: the findings plus warnings a user should read (never identities)."""

    result: CheckResult
    warnings: list[str] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return self.result.findings


def regional_rules(region: str, cooling_off_months: int | None) -> RuleBook:
    """National rules, tightened by the region's agreement when it sets a longer cooling-off period."""
    return NATIONAL_RULES.with_regional_agreement(
        source=f"the {region} regional agreement (tightening the DfE 2024 guidance)",
        cooling_off_months=cooling_off_months,
    )


def check_region(
    engagements: Sequence[Engagement],
    caps: Sequence[PriceCap],
    region: str,
    *,
    worker_key: Callable[[str], str],
    leavers: Sequence[Leaver] | None = None,
    cooling_off_months: int | None = None,
    council_region: Mapping[str, str] | None = None,
    require_caps: bool = True,
) -> RegionCheck:
    """Check a region's engagements; ``leavers`` None means no census returns were given.

    Raises ValueError when the agreement would loosen a national rule, or when the caps hold
    nothing for ``region`` and ``require_caps`` (without it, price caps are left unchecked and a
    warning says so: a region that has not set its caps yet).
    """
    context, warnings = region_context(
        caps,
        region,
        worker_key=worker_key,
        leavers=leavers,
        cooling_off_months=cooling_off_months,
        council_region=council_region,
        require_caps=require_caps,
        la_codes={e.la_code for e in engagements},
    )
    return RegionCheck(result=check_engagements(engagements, context), warnings=warnings)


def region_context(
    caps: Sequence[PriceCap],
    region: str,
    *,
    worker_key: Callable[[str], str],
    leavers: Sequence[Leaver] | None = None,
    cooling_off_months: int | None = None,
    council_region: Mapping[str, str] | None = None,
    require_caps: bool = True,
    la_codes: Iterable[str] = (),
) -> tuple[CheckContext, list[str]]:
    """The :class:`CheckContext` for ``region`` (its rules, caps and leavers) and the warnings a
    user should read; ``la_codes`` are the engaging councils, warned about when outside it."""
    table = CapTable(caps)
    warnings: list[str] = []
    if not table.has_region(region):
        known = ", ".join(sorted(table.regions())) or "none"
        if require_caps:
            raise ValueError(f"the caps file has no caps for region {region!r} (regions in it: {known})")
        warnings.append(f"no price caps have been set for {region}: price caps are not checked")
    regions = dict(council_regions() if council_region is None else council_region)
    wanted = region_key(region)
    for code in sorted(set(la_codes)):
        if code not in regions:
            warnings.append(f"council {code} is not in the published LA list; taken to be in {region}")
        elif region_key(regions[code]) != wanted:
            warnings.append(
                f"council {code} ({council_name(code)}) is in {regions[code]}, not {region}; "
                f"its engagements are checked against {region}'s caps"
            )
    index = None
    if leavers is not None:
        unknown = sorted({leaver.la_code for leaver in leavers if leaver.la_code not in regions})
        if unknown:
            warnings.append(
                "census returns from council(s) not in the published LA list are taken to be in "
                f"{region}: {', '.join(code or '(no LEA)' for code in unknown)}"
            )
        index = LeaverIndex.build(leavers, regions)
    context = CheckContext(
        rules=regional_rules(region, cooling_off_months),
        caps=table,
        region=region,
        worker_key=worker_key,
        leavers=index,
    )
    return context, warnings


# --- spend -----------------------------------------------------------------------------------------
def _permanent_cost(costs: PermanentCosts | None, la_code: str, role: str) -> Decimal | None:
    if not costs:
        return None
    return costs.get((la_code, role), costs.get((None, role)))


_COST_SCHEMA = {
    "engagement_id": pl.Utf8,
    "la_code": pl.Utf8,
    "agency": pl.Utf8,
    "role": pl.Utf8,
    "period": pl.Utf8,
    "days": pl.Int64,
    "hours": pl.Float64,
    "capped_cost": pl.Float64,
    "fee_cost": pl.Float64,
    "total_cost": pl.Float64,
}


def quarters(start: date, end: date) -> list[tuple[str, date, date]]:
    """The calendar quarters ``start``..``end`` touches, each clipped to it: (label, first, last)."""
    periods = []
    year, quarter = quarter_of(start)
    while True:
        q_start, q_end = quarter_bounds(year, quarter)
        periods.append((f"{year}-Q{quarter}", max(q_start, start), min(q_end, end)))
        if q_end >= end:
            return periods
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def weeks(start: date, end: date) -> list[tuple[str, date, date]]:
    """Weeks (Monday to Sunday, labelled by their Monday) ``start``..``end`` touches, clipped to it."""
    periods = []
    monday = start - timedelta(days=start.weekday())
    while monday <= end:
        sunday = monday + timedelta(days=6)
        periods.append((monday.isoformat(), max(monday, start), min(sunday, end)))
        monday += timedelta(days=7)
    return periods


def costs_over(engagements: Sequence[Engagement], periods: Sequence[tuple[str, date, date]]) -> pl.DataFrame:
    """One row per engagement and period it ran in (``period`` is the period's label)."""
    rows = []
    for label, lo, hi in periods:
        for engagement in engagements:
            cost = cost_in_period(engagement, lo, hi)
            if cost.days:
                rows.append(
                    {
                        "engagement_id": engagement.engagement_id,
                        "la_code": engagement.la_code,
                        "agency": engagement.agency,
                        "role": engagement.role.value,
                        "period": label,
                        "days": cost.days,
                        "hours": float(engagement.hours_per_week * cost.days / 7),
                        "capped_cost": float(cost.capped),
                        "fee_cost": float(cost.fee),
                        "total_cost": float(cost.total),
                    }
                )
    return pl.DataFrame(rows, schema=_COST_SCHEMA)


def engagement_costs(engagements: Sequence[Engagement], start: date, end: date) -> pl.DataFrame:
    """One row per engagement and calendar quarter it ran in within ``start``..``end``."""
    return costs_over(engagements, quarters(start, end)).rename({"period": "quarter"})


def _costs(
    engagements: Sequence[Engagement], start: date, end: date, made: pl.DataFrame | None
) -> pl.DataFrame:
    # A report shows several tables of the same costs: it makes them once and passes them on.
    return engagement_costs(engagements, start, end) if made is None else made


SpendBy = Literal["role", "agency", "week"]


def spend_by(
    engagements: Sequence[Engagement],
    start: date,
    end: date,
    by: SpendBy,
    permanent_costs: PermanentCosts | None = None,
) -> pl.DataFrame:
    """A council's agency use over ``start``..``end`` by role, agency or week: engagements active,
    hours, cost and the premium over what permanent staff would have cost for the same hours.

    The premium is only given for a row whose every engagement has a permanent cost for its role.
    """
    costs = costs_over(engagements, weeks(start, end) if by == "week" else [("", start, end)])
    permanent = [
        _permanent_cost(permanent_costs, la_code, role)
        for la_code, role in costs.select("la_code", "role").iter_rows()
    ]
    hourly = pl.Series("permanent_hourly", [None if p is None else float(p) for p in permanent], pl.Float64)
    costs = costs.with_columns(hourly).with_columns(
        (pl.col("permanent_hourly") * pl.col("hours")).alias("permanent_cost"),
        pl.col("period" if by == "week" else by).alias(by),
    )
    return (
        costs.group_by(by)
        .agg(
            pl.col("engagement_id").n_unique().alias("engagements"),
            pl.col("hours").sum(),
            pl.col("capped_cost").sum(),
            pl.col("fee_cost").sum(),
            pl.col("total_cost").sum(),
            pl.when(pl.col("permanent_cost").null_count() == 0)
            .then(pl.col("permanent_cost").sum())
            .otherwise(None)
            .alias("permanent_cost"),
        )
        .with_columns(
            (pl.col("total_cost") / pl.col("hours")).alias("agency_hourly_cost"),
            (pl.col("total_cost") - pl.col("permanent_cost")).alias("premium_cost"),
            (pl.col("total_cost") / pl.col("permanent_cost") - 1).alias("premium_rate"),
        )
        .sort(by)
    )


def spend_by_council_role(
    engagements: Sequence[Engagement],
    start: date,
    end: date,
    permanent_costs: PermanentCosts | None = None,
    *,
    costs: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Agency cost per council and role over the period, with the premium over permanent cost.

    ``costs``: :func:`engagement_costs` of the same engagements and period, when already made."""
    costs = _costs(engagements, start, end, costs)
    spend = (
        costs.group_by("la_code", "role")
        .agg(
            pl.col("engagement_id").n_unique().alias("engagements"),
            pl.col("hours").sum(),
            pl.col("capped_cost").sum(),
            pl.col("fee_cost").sum(),
            pl.col("total_cost").sum(),
        )
        .with_columns((pl.col("total_cost") / pl.col("hours")).alias("agency_hourly_cost"))
        .sort("la_code", "role")
    )
    permanent = [
        _permanent_cost(permanent_costs, la_code, role)
        for la_code, role in spend.select("la_code", "role").iter_rows()
    ]
    premiums = [
        None if cost is None or hourly is None else premium(Decimal(str(hourly)), cost)
        for cost, hourly in zip(permanent, spend["agency_hourly_cost"].to_list(), strict=True)
    ]
    return (
        spend.with_columns(
            pl.Series("la_name", [council_name(code) for code in spend["la_code"]], dtype=pl.Utf8),
            pl.Series(
                "permanent_hourly_cost",
                [None if c is None else float(c) for c in permanent],
                dtype=pl.Float64,
            ),
            pl.Series("premium_rate", [None if p is None else float(p) for p in premiums], dtype=pl.Float64),
        )
        .with_columns(
            (pl.col("total_cost") - pl.col("hours") * pl.col("permanent_hourly_cost")).alias("premium_cost")
        )
        .select(
            "la_code",
            "la_name",
            "role",
            "engagements",
            "hours",
            "capped_cost",
            "fee_cost",
            "total_cost",
            "agency_hourly_cost",
            "permanent_hourly_cost",
            "premium_rate",
            "premium_cost",
        )
    )


def spend_trend(
    engagements: Sequence[Engagement], start: date, end: date, *, costs: pl.DataFrame | None = None
) -> pl.DataFrame:
    """Region-wide agency cost and engagements active per calendar quarter, oldest first."""
    costs = _costs(engagements, start, end, costs)
    return (
        costs.group_by("quarter")
        .agg(
            pl.col("engagement_id").n_unique().alias("engagements"),
            pl.col("hours").sum(),
            pl.col("total_cost").sum(),
        )
        .sort("quarter")
    )


# --- compliance ------------------------------------------------------------------------------------
def findings_frame(findings: Sequence[Finding]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "engagement_id": f.engagement_id,
                "la_code": f.la_code,
                "agency": f.agency,
                "rule": f.rule.value,
                "severity": f.severity.value,
                "message": f.message,
            }
            for f in findings
        ],
        schema=dict.fromkeys(("engagement_id", "la_code", "agency", "rule", "severity", "message"), pl.Utf8),
    )


@dataclass(slots=True)
class _Tally:
    engagements: int = 0
    engagements_with_breach: int = 0
    breaches: dict[str, int] = field(default_factory=lambda: {rule.value: 0 for rule in RuleId})
    approved_exceptions: int = 0
    total_cost: float = 0.0
    breach_cost: float = 0.0
    excess_cost: float = 0.0

    def row(self, key: str, group: str) -> dict[str, object]:
        return {
            key: group,
            "engagements": self.engagements,
            "engagements_with_breach": self.engagements_with_breach,
            **{f"breaches_{rule.replace('-', '_')}": n for rule, n in self.breaches.items()},
            "approved_exceptions": self.approved_exceptions,
            "total_cost": self.total_cost,
            "breach_cost": self.breach_cost,
            "excess_cost": self.excess_cost,
        }


def compliance_by(
    key: str,
    engagements: Sequence[Engagement],
    findings: Sequence[Finding],
    start: date,
    end: date,
    *,
    costs: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Per council (``la_code``) or ``agency``: engagements, breaches by rule, exceptions and cost.

    ``breach_cost`` is the period cost of engagements with at least one breach; ``excess_cost``
    is what was paid above the cap over the period (breaches and approved exceptions alike).
    """
    costs = (
        _costs(engagements, start, end, costs)
        .group_by("engagement_id")
        .agg(pl.col("total_cost").sum(), pl.col("hours").sum())
    )
    cost_of = dict(costs.select("engagement_id", "total_cost").iter_rows())
    hours_of = dict(costs.select("engagement_id", "hours").iter_rows())
    tallies: dict[str, _Tally] = {}
    group_of: dict[str, str] = {}
    for engagement in engagements:
        group = str(getattr(engagement, key))
        group_of[engagement.engagement_id] = group
        tally = tallies.setdefault(group, _Tally())
        tally.engagements += 1
        tally.total_cost += cost_of.get(engagement.engagement_id, 0.0)
    breached: set[str] = set()
    for finding in findings:
        if finding.engagement_id not in group_of:
            continue
        tally = tallies[group_of[finding.engagement_id]]
        if finding.severity is Severity.APPROVED_EXCEPTION:
            tally.approved_exceptions += 1
        else:
            tally.breaches[finding.rule.value] += 1
            if finding.engagement_id not in breached:
                breached.add(finding.engagement_id)
                tally.engagements_with_breach += 1
                tally.breach_cost += cost_of.get(finding.engagement_id, 0.0)
        if finding.excess_hourly is not None:
            tally.excess_cost += float(finding.excess_hourly) * hours_of.get(finding.engagement_id, 0.0)
    frame = pl.DataFrame([tally.row(key, group) for group, tally in tallies.items()])
    if frame.is_empty():
        return frame
    frame = frame.sort(["engagements_with_breach", key], descending=[True, False])
    if key == "la_code":
        names = pl.Series("la_name", [council_name(c) for c in frame["la_code"]], dtype=pl.Utf8)
        frame = frame.with_columns(names).select("la_code", "la_name", pl.exclude("la_code", "la_name"))
    return frame


# --- the region's pack: aggregates with small cells suppressed ----------------------------------------
# Money, hours and rate columns of each region table; counts (engagements, breaches) stay shown.
SPEND_DISCLOSED: Final = (
    "hours",
    "capped_cost",
    "fee_cost",
    "total_cost",
    "agency_hourly_cost",
    "premium_rate",
    "premium_cost",
)
TREND_DISCLOSED: Final = ("hours", "total_cost")


@dataclass(slots=True)
class RegionTables:
    """The region's tables as a regional lead sees them: money, hours and rates over fewer
    engagements than the threshold, and the cells that would give them back, shown as ``c``."""

    by_council: pl.DataFrame
    by_agency: pl.DataFrame
    spend: pl.DataFrame
    trend: pl.DataFrame
    total_cost: float | str
    excess_cost: float | str
    threshold: int
    suppressed: int = 0


@dataclass(slots=True)
class _Cells:
    """The cells of one additive quantity across every table that shows it."""

    places: list[tuple[str, int]] = field(default_factory=list)  # (table, row)
    atoms: list[frozenset[tuple[str, ...]]] = field(default_factory=list)
    counts: list[float] = field(default_factory=list)

    def add(self, place: tuple[str, int], atoms: frozenset[tuple[str, ...]], count: int) -> None:
        self.places.append(place)
        self.atoms.append(atoms)
        self.counts.append(count)

    def hidden(self, rule: DisclosureRule) -> set[tuple[str, int]]:
        primary = primary_suppressed(self.counts, rule)
        return {self.places[i] for i in protect_table(self.atoms, self.counts, primary)}


def _with_suppressed(frame: pl.DataFrame, columns: Sequence[str], rows: set[int]) -> pl.DataFrame:
    if not rows:
        return frame
    return frame.with_columns(
        pl.Series(column, [SUPPRESSED if i in rows else v for i, v in enumerate(frame[column])], pl.Object)
        for column in columns
        if column in frame.columns
    )


def _rows_of(frame: pl.DataFrame, key: str) -> dict[object, int]:
    return {value: i for i, value in enumerate(frame[key].to_list())} if key in frame.columns else {}


def _cost_cells(costs: pl.DataFrame, tables: Mapping[str, pl.DataFrame]) -> _Cells:
    """Period cost and hours: atoms are (council, role, agency, quarter) blocks of engagements."""
    atoms_of: dict[tuple[str, int], set[tuple[str, ...]]] = {}
    engagements_of: dict[tuple[str, int], set[str]] = {}
    spend_rows = {
        (la, role): i for i, (la, role) in enumerate(tables["spend"].select("la_code", "role").iter_rows())
    }
    council_rows = _rows_of(tables["by_council"], "la_code")
    agency_rows = _rows_of(tables["by_agency"], "agency")
    trend_rows = _rows_of(tables["trend"], "quarter")
    for eid, la, agency, role, quarter, cost in costs.select(
        "engagement_id", "la_code", "agency", "role", "quarter", "total_cost"
    ).iter_rows():
        places = [
            ("spend", spend_rows[(la, role)]),
            ("by_council", council_rows[la]),
            ("by_agency", agency_rows[agency]),
            ("trend", trend_rows[quarter]),
            ("total", 0),
        ]
        for place in places:
            engagements_of.setdefault(place, set()).add(eid)
            if cost > 0:
                atoms_of.setdefault(place, set()).add((la, role, agency, quarter))
    cells = _Cells()
    for place, engagements in engagements_of.items():
        cells.add(place, frozenset(atoms_of.get(place, ())), len(engagements))
    return cells


def _finding_cells(
    engagements: Sequence[Engagement],
    ids: set[str],
    tables: Mapping[str, pl.DataFrame],
    *,
    with_total: bool,
) -> _Cells:
    """A quantity over some engagements (those paid above the cap, those with a breach) shown by
    council, by agency and (``with_total``) for the region: atoms are (council, agency) pairs."""
    council_rows = _rows_of(tables["by_council"], "la_code")
    agency_rows = _rows_of(tables["by_agency"], "agency")
    members: dict[tuple[str, int], set[str]] = {}
    atoms: dict[tuple[str, int], set[tuple[str, ...]]] = {}
    for engagement in engagements:
        if engagement.engagement_id not in ids:
            continue
        places = [
            ("by_council", council_rows[engagement.la_code]),
            ("by_agency", agency_rows[engagement.agency]),
        ]
        if with_total:
            places.append(("total", 0))
        for place in places:
            members.setdefault(place, set()).add(engagement.engagement_id)
            atoms.setdefault(place, set()).add((engagement.la_code, engagement.agency))
    cells = _Cells()
    for place, ids_here in members.items():
        cells.add(place, frozenset(atoms[place]), len(ids_here))
    return cells


def disclose_region_tables(
    engagements: Sequence[Engagement],
    findings: Sequence[Finding],
    start: date,
    end: date,
    tables: Mapping[str, pl.DataFrame],
    *,
    rule: DisclosureRule,
    costs: pl.DataFrame | None = None,
) -> RegionTables:
    """The region's copy of ``tables`` (``by_council``, ``by_agency``, ``spend``, ``trend`` as the
    compliance report builds them for ``engagements`` running in ``start``..``end``).

    Each money, hours and rate cell covering fewer engagements than ``rule.threshold`` is
    suppressed, then (``core.disclosure.protect_table``) every further cell that would give one
    back through the tables' sums: roles add up to councils, councils and agencies and quarters to
    the region. Breach and exception counts stay shown.
    """
    costs = _costs(engagements, start, end, costs)
    money = _cost_cells(costs, tables).hidden(rule)
    excess_ids = {f.engagement_id for f in findings if f.excess_hourly is not None and f.excess_hourly > 0}
    excess = _finding_cells(engagements, excess_ids, tables, with_total=True).hidden(rule)
    breach_ids = {f.engagement_id for f in findings if f.severity is Severity.BREACH}
    breach = _finding_cells(engagements, breach_ids, tables, with_total=False).hidden(rule)

    def rows(hidden: set[tuple[str, int]], table: str) -> set[int]:
        return {row for name, row in hidden if name == table}

    def area(table: str) -> pl.DataFrame:
        frame = _with_suppressed(tables[table], ("total_cost",), rows(money, table))
        frame = _with_suppressed(frame, ("excess_cost",), rows(excess, table))
        return _with_suppressed(frame, ("breach_cost",), rows(breach, table))

    total_cost = float(costs["total_cost"].sum()) if costs.height else 0.0
    excess_total = float(tables["by_council"]["excess_cost"].sum()) if tables["by_council"].height else 0.0
    return RegionTables(
        by_council=area("by_council"),
        by_agency=area("by_agency"),
        spend=_with_suppressed(tables["spend"], SPEND_DISCLOSED, rows(money, "spend")),
        trend=_with_suppressed(tables["trend"], TREND_DISCLOSED, rows(money, "trend")),
        total_cost=SUPPRESSED if ("total", 0) in money else total_cost,
        excess_cost=SUPPRESSED if ("total", 0) in excess else excess_total,
        threshold=rule.threshold,
        suppressed=len(money) + len(excess) + len(breach),
    )
