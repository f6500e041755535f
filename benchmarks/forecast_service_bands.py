"""The forecast with and without leaving by length of service, backtested on census histories.

For each council of a seeded synthetic region (no real data): inputs from its census returns up to
``--train-to`` (``analytics.forecast_inputs.inputs_from_census``), forecast to each later 30
September, and score the median FTE in post and turnover against the council's own measures that
year. Run twice: with the bands the spells give (ADR 0021) and with one rate per role (the bands
removed). Prints the mean absolute percentage error and the share inside the 80% band for both,
and the ratio. (Recruitment replaces the baseline's leavers, so FTE in post should not move;
turnover is where leaving by service shows.)

    uv run python benchmarks/forecast_service_bands.py [--region "East of England"] [--seed 1]
"""

from __future__ import annotations

import argparse
import statistics
from dataclasses import replace

from csc_workforce.analytics.canonical import la_level_frame, workers_frame
from csc_workforce.analytics.council import council_measures
from csc_workforce.analytics.forecast_inputs import inputs_from_census
from csc_workforce.core.forecast import Scenario, run_forecast
from csc_workforce.synth import generate_region


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--region", default="East of England")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--first", type=int, default=2017)
    parser.add_argument("--train-to", type=int, default=2022)
    parser.add_argument("--last", type=int, default=2025)
    parser.add_argument("--sims", type=int, default=1000)
    args = parser.parse_args()
    returns = list(generate_region(args.region, range(args.first, args.last + 1), args.seed))
    councils = sorted({census.la_code for census in returns if census.la_code})
    later = range(args.train_to + 1, args.last + 1)
    measures = ("inpost_fte", "turnover_rate_fte")
    errors: dict[tuple[str, str], dict[int, list[float]]] = {}
    inside: dict[tuple[str, str], dict[int, list[bool]]] = {}
    for code in councils:
        own = [census for census in returns if census.la_code == code]
        train = [census for census in own if (census.year or 0) <= args.train_to]
        actual = council_measures(workers_frame(own), la_level_frame(own))
        banded = inputs_from_census(workers_frame(train), la_level_frame(train))
        if not banded.service_bands:
            continue
        for label, inputs in (("bands", banded), ("one rate", replace(banded, service_bands=()))):
            months = 12 * (args.last - args.train_to)
            result = run_forecast(inputs, Scenario(), months=months, sims=args.sims)
            for measure in measures:
                truth = {int(y): v for y, v in actual.select(["time_period", measure]).iter_rows()}
                p10, p50, p90 = (result.percentiles[measure][k] for k in range(3))
                for year in later:
                    month, value = 12 * (year - args.train_to) - 1, truth.get(year)
                    if not value:
                        continue
                    key = (measure, label)
                    errors.setdefault(key, {}).setdefault(year, []).append(
                        abs(p50[month] - value) / value * 100
                    )
                    inside.setdefault(key, {}).setdefault(year, []).append(
                        bool(p10[month] <= value <= p90[month])
                    )
        shape = ", ".join(f"{b.label} {b.relative_hazard:.2f}" for b in banded.service_bands)
        print(f"{code}: relative hazards {shape}")
    print(f"{args.region}, seed {args.seed}: trained to {args.train_to}, {args.sims} simulations")
    print(
        "measure            year  councils  MAPE bands  MAPE one rate  ratio  in 80% band (bands / one rate)"
    )
    for measure in measures:
        for year in later:
            with_bands = errors.get((measure, "bands"), {}).get(year, [])
            without = errors.get((measure, "one rate"), {}).get(year, [])
            if not with_bands:
                continue
            a, b = statistics.mean(with_bands), statistics.mean(without)
            cover_a = statistics.mean(inside[(measure, "bands")][year])
            cover_b = statistics.mean(inside[(measure, "one rate")][year])
            counts = f"{measure:<18} {year}  {len(with_bands):8d}"
            print(f"{counts}  {a:9.2f}%  {b:12.2f}%  {a / b:5.3f}  {cover_a:.0%} / {cover_b:.0%}")


if __name__ == "__main__":
    main()
