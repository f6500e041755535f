"""``csc-workforce forecast``: backtest against published statistics, and run a council's forecast."""

from __future__ import annotations

import json
import socket
import sys
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from csc_workforce.core.forecast import DEFAULT_SEED, CouncilInputs, Scenario, ScenarioError
from csc_workforce.core.forecast.backtest import (
    BACKTEST_MEASURES,
    backtest_rows,
    score_events,
    shortfall_events,
    summarise,
)
from csc_workforce.core.forecast.compare import ForecastRun
from csc_workforce.core.forecast.model import DEFAULT_STANDARD
from csc_workforce.ingest.census_xml import read_census_xml
from csc_workforce.ingest.errors import UnreadableFileError

if TYPE_CHECKING:
    from csc_workforce.analytics.continuity_outlook import Projection
    from csc_workforce.core.forecast.calibration import Fitted
    from csc_workforce.core.forecast.result import ForecastResult

# Polars-backed inputs and the simulation backends are imported inside the commands: every
# csc-workforce command imports this module.

err = Console(stderr=True, soft_wrap=True)
BACKTEST_SIMS = 1000
RUN_SIMS = 2000


class Format(StrEnum):
    table = "table"
    json = "json"


def _fail(message: str) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}", markup=True, highlight=False)
    return typer.Exit(code=2)


def _load(path: Path, train_to: int | None) -> Any:
    from csc_workforce.analytics import forecast_inputs as fi  # noqa: PLC0415

    if not path.is_file():
        raise _fail(f"{path}: no such file")
    try:
        return fi.load_published_training(path, train_to)
    except (ValueError, OSError) as exc:
        raise _fail(f"{path}: {exc}") from None


SCHEDULER_TIMEOUT = 4.0  # seconds: an unreachable scheduler is named well within five


def _check_scheduler(address: str | None) -> None:
    """Fail in one line, within seconds, when a Dask scheduler address cannot be reached."""
    if address is None or address == "local":
        return
    target = address.split("://", 1)[-1]
    host, _, port = target.rpartition(":")
    if not host or not port.isdigit():
        raise _fail(f"Dask scheduler address {address!r} is not host:port (e.g. tcp://10.0.0.5:8786)")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=SCHEDULER_TIMEOUT).close()
    except OSError as exc:
        raise _fail(f"cannot reach the Dask scheduler at {address} ({exc.strerror or exc})") from None


def _progress(done: int, total: int) -> None:
    if done == total or done % 25 == 0:
        err.print(f"simulated {done}/{total} councils", highlight=False)


def backtest(  # noqa: PLR0917 - Typer maps options to parameters
    published: Annotated[Path, typer.Option(help="Published indicators CSV (DfE EES)")],
    train_to: Annotated[int, typer.Option(help="Last year the model may see")],
    fmt: Annotated[Format, typer.Option("--format", help="table or json")] = Format.table,
    sims: Annotated[int, typer.Option(min=50, max=100_000, help="Simulations per council")] = BACKTEST_SIMS,
    seed: Annotated[int, typer.Option(help="Random seed")] = DEFAULT_SEED,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address, or 'local'")] = None,
    caseload_standard: Annotated[
        list[float] | None,
        typer.Option(min=1, max=100, help="Caseload standard(s) the shortfall events are scored at (repeat)"),
    ] = None,
) -> None:
    """Fit on years up to --train-to, forecast every later year in the file, score against it.

    Scores the median and 80% band of FTE in post, agency FTE, cases, case-holding FTE and caseload
    against persistence, and the chance of a caseload above each --caseload-standard (default 18)
    by its Brier score and calibration against the base rate.
    """
    import polars as pl  # noqa: PLC0415

    from csc_workforce.analytics import forecast_inputs as fi  # noqa: PLC0415
    from csc_workforce.simulation.backends import get_backend, provenance  # noqa: PLC0415

    training = _load(published, train_to)  # rows after the cut-off are gone before any fit
    try:
        fitted = fi.fit_published(training, train_to)
    except ValueError as exc:
        raise _fail(f"{published}: {exc}") from None
    full = _load(published, None)  # read again, for scoring only
    actual, councils, years = fi.actual_values(full, train_to, BACKTEST_MEASURES)
    if not years:
        raise _fail(f"{published}: no years after {train_to} to test against")
    months = 12 * (max(years) - train_to)
    inputs = list(fitted.inputs.values())
    _check_scheduler(scheduler)
    backend = get_backend(scheduler, _progress)
    standards = tuple(dict.fromkeys(caseload_standard or [DEFAULT_STANDARD]))
    runs = backend.run(inputs, Scenario(), months, sims, seed, standards=standards)
    results = {r.inputs.code: r for r in runs}
    rows = backtest_rows(results, actual, councils, years)
    events = shortfall_events(results, actual, councils, years, standards)
    base_rows = fi.training_frame(training, train_to).filter(pl.col("time_period") == train_to)
    base = {
        (str(row["old_la_code"]), m): row[m]
        for row in base_rows.select(["old_la_code", *BACKTEST_MEASURES]).iter_rows(named=True)
        for m in BACKTEST_MEASURES
    }
    cal = fitted.calibration
    measures = summarise(rows, base)
    base_caseloads = {code: value for (code, m), value in base.items() if m == "caseload_fte"}
    event_scores = score_events(events, base_caseloads)
    summary = {
        "train_to": train_to,
        "years": years,
        "scored": "councils with a value in the last training year and at least 20 FTE actual",
        "measures": measures,
        "shortfall": event_scores,
        "calibration": {
            "fill_rate": cal.fill_rate,
            "fill_rate_cv_ratio_to_persistence": {str(k): round(v, 4) for k, v in cal.cv_scores.items()},
            "cv_folds": cal.folds,
            "noise_variance": {
                "level": cal.noise_terms[0],
                "drift_per_year": cal.noise_terms[1],
                "size": cal.noise_terms[2],
                "cases": list(cal.demand.case_terms),
                "case_holder_share": list(cal.demand.share_terms),
            },
            "cases_smoothing": cal.demand.smoothing,
            "case_trend_damping": cal.demand.damping,
            "cases_capacity_share": cal.demand.capacity_share,
            "case_holder_share_beta": cal.demand.share_beta,
            "case_holder_share_offset": cal.demand.share_offset,
            "cases_cv_ratio_to_persistence": cal.demand.scores,
        },
        "not_forecast": fitted.skipped,
        "provenance": provenance(inputs, months, sims, seed, backend.name),
    }
    if fmt is Format.json:
        sys.stdout.write(json.dumps({"rows": rows, "events": events, "summary": summary}) + "\n")
        return
    table = Table(title=f"Backtest: trained to {train_to}, {sims} simulations per council")
    for col in ("measure", "year", "councils", "MAPE median %", "MAPE persistence %", "ratio", "in 80% band"):
        table.add_column(col)
    for measure, by_year in measures.items():
        for year, s in by_year.items():
            table.add_row(
                measure,
                year,
                str(s["councils"]),
                f"{s['mape_p50']:.1f}",
                f"{s['mape_persistence']:.1f}",
                f"{s['ratio_to_persistence']:.2f}",
                f"{100 * s['coverage_p10_p90']:.0f}%",
            )
    Console().print(table)
    events_table = Table(title="Chance of a caseload above the standard: Brier score and calibration")
    for col in ("standard", "year", "events", "Brier", "Brier base rate", "mean P", "observed"):
        events_table.add_column(col)
    for standard, by_year in event_scores["by_standard"].items():
        for year, e in by_year.items():
            events_table.add_row(
                standard,
                year,
                str(e["events"]),
                f"{e['brier']:.3f}",
                f"{e['brier_base_rate']:.3f}",
                f"{100 * e['mean_probability']:.0f}%",
                f"{100 * e['observed_share']:.0f}%",
            )
    Console().print(events_table)


def _find_council(fitted: Fitted, la: str) -> CouncilInputs:
    wanted = la.strip().lower()
    for code, item in fitted.inputs.items():
        if code.lower() == wanted or item.name.lower() == wanted:
            return item
    if la in fitted.skipped:
        raise _fail(f"council {la}: cannot forecast: {fitted.skipped[la]}")
    raise _fail(f"council {la!r} not found (give the DfE 3-digit code, e.g. 881, or the exact name)")


def run(  # noqa: PLR0917 - Typer maps options to parameters
    published: Annotated[Path | None, typer.Option(help="Published indicators CSV (DfE EES)")] = None,
    la: Annotated[str | None, typer.Option(help="Council: DfE code (e.g. 881) or name")] = None,
    census: Annotated[
        list[Path] | None, typer.Option(help="Census XML returns (one council, any years)")
    ] = None,
    months: Annotated[int, typer.Option(min=12, max=36, help="Months ahead (12 to 36)")] = 36,
    sims: Annotated[int, typer.Option(min=100, max=100_000, help="Simulations")] = RUN_SIMS,
    scenario: Annotated[Path | None, typer.Option(help="Scenario file (YAML or JSON)")] = None,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address, or 'local'")] = None,
    seed: Annotated[int, typer.Option(help="Random seed")] = DEFAULT_SEED,
    train_to: Annotated[int | None, typer.Option(help="Use published years up to this one only")] = None,
    permanent_cost: Annotated[float | None, typer.Option(min=0, help="£ per permanent FTE-year")] = None,
    agency_cost: Annotated[float | None, typer.Option(min=0, help="£ per agency FTE-year")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="table or json")] = Format.table,
    output: Annotated[
        Path | None, typer.Option(help="Also write the run as Excel (.xlsx) or a PDF report (.pdf)")
    ] = None,
    caseload_standard: Annotated[
        float | None,
        typer.Option(min=1, max=100, help="The council's caseload standard (cases per case-holding FTE)"),
    ] = None,
    all_councils: Annotated[
        bool, typer.Option("--all", help="Every council in --published (JSON: one entry per council)")
    ] = False,
    on_costs: Annotated[
        float, typer.Option(min=0, max=1, help="Employer on-costs on census BaseSalary (share, e.g. 0.3)")
    ] = 0.30,
    agency_register: Annotated[
        Path | None, typer.Option(help="Agency engagements CSV: agency cost per FTE from its rates and hours")
    ] = None,
) -> None:
    """Forecast one council 12-36 months ahead, with any scenarios side by side with the baseline.

    The chance of a shortfall is the share of simulated futures in which the caseload (cases per
    case-holding FTE, permanent plus agency) is above the standard: --caseload-standard, else the
    scenario's caseload_cap, else 18, and always also at 15, 18, 20 and 22.

    A scenario file (YAML or JSON; one scenario, or a list under "scenarios"):

    \b
        scenarios:
          - name: keep more staff
            retention_improvement: 0.1        # 10% fewer leavers
            extra_newly_qualified_fte: 5      # each September
          - name: convert agency
            agency_conversion_fte: 8
            conversion_months: 6
            caseload_cap: 16                  # fund posts to hold 16 cases per FTE

    Example: csc-workforce forecast run --published FILE --la 881 --caseload-standard 17
    --scenario plans.yaml --format json
    """
    from csc_workforce.analytics import forecast_inputs as fi  # noqa: PLC0415
    from csc_workforce.ingest.scenarios import load_scenarios  # noqa: PLC0415
    from csc_workforce.simulation.backends import get_backend, provenance  # noqa: PLC0415

    if (published is None) == (not census):
        raise _fail("give either --published FILE --la CODE, or --census PATH...")
    if output is not None and output.suffix.lower() not in {".xlsx", ".pdf"}:
        raise _fail(f"{output}: --output must end in .xlsx or .pdf")
    scenarios: list[Scenario] = []
    if scenario is not None:
        try:
            scenarios = load_scenarios(scenario)
        except ScenarioError as exc:
            raise _fail(str(exc)) from None
    if all_councils:
        if published is None:
            raise _fail("--all needs --published FILE")
        _run_all(published, train_to, scenarios, months, sims, seed, scheduler, caseload_standard)
        return
    if published is not None:
        if not la:
            raise _fail("--la CODE is needed with --published")
        frame = _load(published, train_to)
        try:
            fitted = fi.fit_published(frame, train_to)
        except ValueError as exc:
            raise _fail(f"{published}: {exc}") from None
        inputs = _find_council(fitted, la)
    else:
        inputs = _census_inputs(census or [], on_costs)
    if agency_register is not None:
        inputs = _with_register_cost(inputs, agency_register)
    inputs = fi.with_rates(inputs, permanent_cost, agency_cost)
    if caseload_standard is not None:
        inputs = replace(inputs, caseload_standard=caseload_standard)
    _check_scheduler(scheduler)
    backend = get_backend(scheduler)
    results = [backend.run([inputs], s, months, sims, seed)[0] for s in [Scenario(), *scenarios]]
    baseline, others = results[0], results[1:]
    forecast = ForecastRun(baseline, tuple(others), provenance([inputs], months, sims, seed, backend.name))
    payload = forecast.to_dict()
    if output is not None:
        from csc_workforce.reporting.forecast_export import write_forecast  # noqa: PLC0415

        try:
            write_forecast(forecast, output)
        except OSError as exc:
            raise _fail(f"{output}: cannot write ({exc.strerror or exc})") from None
        err.print(f"wrote {output}", highlight=False)
    if fmt is Format.json:
        sys.stdout.write(json.dumps(payload) + "\n")
        return
    console = Console()
    console.print(
        f"[bold]{inputs.name}[/bold] ({inputs.code}), from 30 September {inputs.base_year}: "
        f"{sims} simulations, seed {seed}"
    )
    table = Table(title="Median at each 30 September (10th-90th percentile for the baseline)")
    for col in (
        "year",
        "scenario",
        "FTE in post",
        "agency FTE",
        "vacancies",
        "P(shortfall)",
        "cost £m/month",
    ):
        table.add_column(col)
    for row in payload["comparison"]:
        k = row["time_period"] - inputs.base_year
        band = ""
        if row["scenario"] == baseline.scenario.name:
            lo, _, hi = baseline.september(k, "inpost_fte")
            band = f" ({lo:.0f}-{hi:.0f})"
        table.add_row(
            str(row["time_period"]),
            row["scenario"],
            f"{row['inpost_fte_p50']:.1f}{band}",
            f"{row['agency_fte_p50']:.1f}",
            f"{row['vacancy_fte_p50']:.1f}",
            f"{100 * row['shortfall_probability']:.0f}%",
            f"{row['cost_total_p50'] / 1e6:.2f}",
        )
    console.print(table)


def _run_all(  # noqa: PLR0917 - the run's options, passed on
    published: Path,
    train_to: int | None,
    scenarios: list[Scenario],
    months: int,
    sims: int,
    seed: int,
    scheduler: str | None,
    standard: float | None,
) -> None:
    """Every council of the published file, with progress on standard error; JSON on standard output."""
    from csc_workforce.analytics import forecast_inputs as fi  # noqa: PLC0415
    from csc_workforce.simulation.backends import get_backend, provenance  # noqa: PLC0415

    frame = _load(published, train_to)
    try:
        fitted = fi.fit_published(frame, train_to)
    except ValueError as exc:
        raise _fail(f"{published}: {exc}") from None
    inputs = [replace(i, caseload_standard=standard) if standard else i for i in fitted.inputs.values()]
    _check_scheduler(scheduler)
    backend = get_backend(scheduler, _progress)
    by_scenario = [backend.run(inputs, s, months, sims, seed) for s in [Scenario(), *scenarios]]
    councils = []
    for k, item in enumerate(inputs):
        baseline = by_scenario[0][k].to_dict()
        councils.append(
            {
                "old_la_code": item.code,
                "la_name": item.name,
                "region_name": item.region,
                "base_year": item.base_year,
                "caseload_standard": baseline["caseload_standard"],
                "annual": baseline["annual"],
                "scenarios": [
                    {"name": runs[k].scenario.name, "annual": runs[k].to_dict()["annual"]}
                    for runs in by_scenario[1:]
                ],
            }
        )
    record = provenance(inputs, months, sims, seed, backend.name)
    record["not_forecast"] = fitted.skipped
    record["scenarios"] = [s.to_dict() for s in scenarios]
    sys.stdout.write(json.dumps({"councils": councils, "provenance": record}) + "\n")


def board_pack(  # noqa: PLR0917 - Typer maps options to parameters
    la_code: Annotated[str, typer.Argument(help="Council: DfE code (e.g. 881) or name")],
    output: Annotated[Path, typer.Option(help="The one-page PDF to write (FILE.pdf)")],
    published: Annotated[
        Path | None, typer.Option(help="Published indicators CSV (default: the bundled latest release)")
    ] = None,
    census: Annotated[
        list[Path] | None, typer.Option(help="The council's census XML returns (forecast from these)")
    ] = None,
    scenario: Annotated[Path | None, typer.Option(help="The plan: a scenario file (YAML or JSON)")] = None,
    caseload_standard: Annotated[
        float | None, typer.Option(min=1, max=100, help="The council's caseload standard")
    ] = None,
    sims: Annotated[int, typer.Option(min=100, max=100_000, help="Simulations")] = 10_000,
    seed: Annotated[int, typer.Option(help="Random seed")] = DEFAULT_SEED,
    episodes: Annotated[
        Path | None, typer.Option(help="SSDA903 episodes table (CSV), with --census and --social-workers")
    ] = None,
    social_workers: Annotated[
        Path | None, typer.Option(help="SSDA903 social worker episodes table (CSV), with --episodes")
    ] = None,
) -> None:
    """One A4 page for the board: headline measures beside region, England and statistical
    neighbours (rank and quartile), whether the workforce is stabilising, next year's shortfall
    risk at the council's standard and what the plan does to it. Every figure dated and sourced."""
    from csc_workforce.analytics import forecast_inputs as fi  # noqa: PLC0415
    from csc_workforce.analytics.benchmarking import BenchmarkError  # noqa: PLC0415
    from csc_workforce.ingest.published import load_indicators  # noqa: PLC0415
    from csc_workforce.ingest.scenarios import load_scenarios  # noqa: PLC0415
    from csc_workforce.reporting.board_pack import board_pack_data, write_board_pack  # noqa: PLC0415
    from csc_workforce.simulation.backends import get_backend, provenance  # noqa: PLC0415

    if output.suffix.lower() != ".pdf":
        raise _fail(f"{output}: --output must end in .pdf")
    if (episodes is None) != (social_workers is None) or (episodes is not None and not census):
        raise _fail("--episodes and --social-workers go together, with the council's --census returns")
    plans: list[Scenario] = []
    if scenario is not None:
        try:
            plans = load_scenarios(scenario)
        except ScenarioError as exc:
            raise _fail(str(exc)) from None
    if published is not None and not published.is_file():
        raise _fail(f"{published}: no such file")
    try:
        frame = load_indicators(published)
    except (ValueError, OSError) as exc:
        raise _fail(f"{published or 'bundled release'}: {exc}") from None
    if census:
        inputs = _census_inputs(census)
    else:
        try:
            fitted = fi.fit_published(frame)
        except ValueError as exc:
            raise _fail(f"{published or 'bundled release'}: {exc}") from None
        inputs = _find_council(fitted, la_code)
    if caseload_standard is not None:
        inputs = replace(inputs, caseload_standard=caseload_standard)
    backend = get_backend(None)
    results = [backend.run([inputs], s, 12, sims, seed)[0] for s in [Scenario(), *plans]]
    run = ForecastRun(results[0], tuple(results[1:]), provenance([inputs], 12, sims, seed, backend.name))
    children = _children_changing(census, episodes, social_workers, results[0]) if census else None
    try:
        pack = board_pack_data(frame, inputs.code if census else la_code, run, children_changing=children)
    except BenchmarkError as exc:
        raise _fail(f"council {la_code}: {exc}") from None
    try:
        write_board_pack(pack, output)
    except OSError as exc:
        raise _fail(f"{output}: cannot write ({exc.strerror or exc})") from None
    err.print(f"wrote {output}", highlight=False)


def _children_changing(
    census: list[Path], episodes: Path | None, social_workers: Path | None, result: ForecastResult
) -> Projection:
    """Next year's children changing social worker from the SSDA903 tables linked to the census
    (not available without the tables)."""
    from rich.markup import escape  # noqa: PLC0415

    from csc_workforce.analytics.canonical import workers_frame  # noqa: PLC0415
    from csc_workforce.analytics.continuity import continuity_report, worker_statuses  # noqa: PLC0415
    from csc_workforce.analytics.continuity_outlook import (  # noqa: PLC0415
        NO_SSDA903,
        children_changing_next_year,
    )
    from csc_workforce.cli.continuity import council_key  # noqa: PLC0415
    from csc_workforce.ingest.ssda903 import (  # noqa: PLC0415
        Ssda903FileError,
        read_episodes,
        read_social_worker_episodes,
    )

    if episodes is None or social_workers is None:
        return NO_SSDA903
    key = council_key()
    try:
        care = read_episodes(episodes, key)
        workers = read_social_worker_episodes(social_workers, key)
        returns = [read_census_xml(p) for p in census]
    except Ssda903FileError as error:
        raise _fail(escape(error.report())) from None
    except UnreadableFileError as error:
        raise _fail(escape(str(error))) from None
    report = continuity_report(care, workers, census=worker_statuses(workers_frame(returns)))
    return children_changing_next_year(report, returns, result)


def _with_register_cost(inputs: CouncilInputs, path: Path) -> CouncilInputs:
    """The agency cost per FTE-year from the register's engagements in the base census year."""
    from datetime import date  # noqa: PLC0415

    from csc_workforce.analytics import forecast_inputs as fi  # noqa: PLC0415
    from csc_workforce.analytics.agency import engagement_costs  # noqa: PLC0415
    from csc_workforce.ingest.engagements import read_engagements  # noqa: PLC0415

    try:
        engagements = read_engagements(path)
    except (ValueError, OSError) as exc:
        raise _fail(f"{path}: {exc}") from None
    start, end = date(inputs.base_year - 1, 10, 1), date(inputs.base_year, 9, 30)
    cost = fi.agency_cost_from_register(engagement_costs(engagements, start, end), inputs.code)
    if cost is None:
        err.print(f"{path}: no engagements for {inputs.code} in {start} to {end}; agency cost left as before")
        return inputs
    source = f"agency register {path.name}: cost per hour worked {start} to {end} x 1,924 hours"
    return fi.with_costs(inputs, agency=(cost, source))


def _census_inputs(paths: list[Path], on_costs: float = 0.30) -> CouncilInputs:
    """Inputs from one council's census returns (any years): the council's own measures."""
    from csc_workforce.analytics import forecast_inputs as fi  # noqa: PLC0415
    from csc_workforce.analytics.canonical import la_level_frame, workers_frame  # noqa: PLC0415

    try:
        returns = [read_census_xml(p) for p in paths]
        return fi.inputs_from_census(
            workers_frame(returns), la_level_frame(returns), on_costs=on_costs, published=fi.bundled_fit()
        )
    except (UnreadableFileError, ValueError) as exc:
        raise _fail(str(exc)) from None


def register(app: typer.Typer) -> None:
    """Add the ``forecast`` command group to ``app``."""
    group = typer.Typer(
        help="Workforce forecasts: backtests and council runs with scenarios.", no_args_is_help=True
    )
    group.command("backtest")(backtest)
    group.command("run")(run)
    group.command("board-pack")(board_pack)
    app.add_typer(group, name="forecast")
