"""``csc-workforce synth``: write a seeded synthetic census history for a region or England.

Exit codes: 0 written; 2 a usage error (unknown region, bad years, output not writable).
Progress and notes go to standard error.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Final

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from csc_workforce.core.census.registry import FIRST_YEAR, LAST_YEAR
from csc_workforce.core.census.years import default_collection_year

# csc_workforce.synth loads the published statistics with Polars: imported when the command runs,
# not whenever any csc-workforce command starts.

EXIT_USAGE: Final = 2
_YEARS: Final = re.compile(r"^\s*(\d{4})\s*(?:-\s*(\d{4}))?\s*$")


def parse_years(text: str) -> list[int]:
    """``2021-2025`` → 2021..2025; ``2023`` → [2023]; ``2017,2019-2020`` → [2017, 2019, 2020]."""
    years: set[int] = set()
    for part in text.split(","):
        match = _YEARS.match(part)
        if not match:
            raise ValueError(f"cannot read years {text!r}; write e.g. 2021-2025 or 2023")
        first = int(match.group(1))
        last = int(match.group(2) or first)
        if last < first:
            raise ValueError(f"years {part.strip()!r} run backwards")
        years.update(range(first, last + 1))
    outside = sorted(y for y in years if not FIRST_YEAR <= y <= LAST_YEAR)
    if outside:
        raise ValueError(
            f"collection years must be from {FIRST_YEAR} to {LAST_YEAR}; not {', '.join(map(str, outside))}"
        )
    return sorted(years)


def default_years() -> str:
    """The five collection years up to the current one, e.g. ``2022-2026`` in December 2026."""
    last = default_collection_year()
    return f"{max(FIRST_YEAR, last - 4)}-{last}"


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""

    @app.command("synth")
    def synth(  # noqa: PLR0917 - Typer maps each parameter to an option
        region: Annotated[
            str, typer.Option("--region", help="A published region_name (e.g. 'East of England') or England.")
        ],
        output: Annotated[Path, typer.Option("--output", help="Folder for the census XML files.")],
        years: Annotated[
            str | None,
            typer.Option(
                "--years",
                help="Collection years, e.g. 2022-2026; default: five years to the current one.",
                show_default=False,
            ),
        ] = None,
        seed: Annotated[int, typer.Option("--seed", help="The same seed gives identical files.")] = 1,
        hr_extract: Annotated[
            str | None,
            typer.Option("--hr-extract", help="Instead: one council's HR extract, agency list and mappings."),
        ] = None,
        ssda903: Annotated[
            bool, typer.Option("--ssda903", help="Also write SSDA903 tables into OUTPUT/ssda903.")
        ] = False,
    ) -> None:
        """Write synthetic census returns (one XML per council and year); no real personal data."""
        from csc_workforce.synth import UnknownAreaError, count_returns, write_region  # noqa: PLC0415

        console = Console(stderr=True, soft_wrap=True, highlight=False)
        if hr_extract is not None:
            _write_hr_extract(
                console,
                region=region,
                years=years or default_years(),
                seed=seed,
                lea=hr_extract.strip(),
                output=output,
            )
            return
        try:
            chosen = parse_years(years or default_years())
            total = count_returns(region, chosen)
        except (UnknownAreaError, ValueError) as error:
            console.print(f"[red]Error:[/red] {escape(str(error))}")
            raise typer.Exit(EXIT_USAGE) from None
        with Progress(
            TextColumn("Generating"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        ) as bar:
            task = bar.add_task("synth", total=total)
            try:
                paths = write_region(
                    region, chosen, seed, output, progress=lambda done, _: bar.update(task, completed=done)
                )
            except OSError as error:
                console.print(f"[red]Cannot write to {escape(str(output))}:[/red] {escape(str(error))}")
                raise typer.Exit(EXIT_USAGE) from None
        console.print(
            f"Wrote {len(paths)} synthetic census files ({escape(region)}, {chosen[0]}-{chosen[-1]}, "
            f"seed {seed}) to {escape(str(output))}."
        )
        if ssda903:
            from csc_workforce.synth.ssda903 import write_region_tables  # noqa: PLC0415

            tables = write_region_tables(region, chosen, seed, output / "ssda903")
            console.print(
                f"Wrote {len(tables)} synthetic SSDA903 tables to {escape(str(output / 'ssda903'))}."
            )


def _write_hr_extract(
    console: Console, *, region: str, years: str, seed: int, lea: str, output: Path
) -> None:
    from csc_workforce.synth.hr_extract import council_history, write_hr_extract  # noqa: PLC0415

    try:
        files = write_hr_extract(council_history(region, lea, parse_years(years), seed), output, seed)
    except ValueError as error:
        console.print(f"[red]Error:[/red] {escape(str(error))}")
        raise typer.Exit(EXIT_USAGE) from None
    except OSError as error:
        console.print(f"[red]Cannot write to {escape(str(output))}:[/red] {escape(str(error))}")
        raise typer.Exit(EXIT_USAGE) from None
    for path in (files.extract, files.agency_list, files.extract_mapping, files.agency_mapping):
        console.print(f"Wrote {escape(str(path))}")
