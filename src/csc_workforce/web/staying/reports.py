"""The council's retention report, built the same way for the page, its downloads and the
background job that prepares its PDF (all read it through ``web.staying.figures``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from csc_workforce.analytics.retention import RetentionReport
from csc_workforce.core.disclosure import DisclosureRule
from csc_workforce.reporting.retention import (
    GROUPING_LABELS,
    FigureTable,
    council_tables,
    survival_chart,
    tables_pdf,
    tables_xlsx,
    team_table,
)
from csc_workforce.web.orgs.models import Council
from csc_workforce.web.staying import services


def report_intro(report: RetentionReport) -> list[str]:
    history = report.history
    lines = [
        f"Spells of permanent (non-agency) service from accepted census returns, observed from "
        f"{history.observed_from:%-d %B %Y} to {history.observed_to:%-d %B %Y}: "
        f"{len(history.spells):,} spells of {report.overall.people:,} people, "
        f"{report.overall.leavers:,} ending in leaving.",
        f"Records without a RoleStartDate left out: {history.excluded}.",
    ]
    return lines + [
        note[0].upper() + note[1:] for note in history.notes() if "without a RoleStartDate" not in note
    ]


def report_charts(report: RetentionReport, by_report: RetentionReport, name: str) -> list[str]:
    return [
        survival_chart([report.overall], None, f"{name}: share still in post by years of service"),
        survival_chart(
            by_report.groups,
            by_report.by,
            f"{name}: still in post by {GROUPING_LABELS[by_report.by].lower()}",
        ),
    ]


@dataclass(frozen=True, slots=True)
class CouncilFigures:
    """Everything the council's retention page and its downloads show for one grouping: group
    figures only, small teams already suppressed. Stored as JSON by ``web.staying.figures``."""

    intro: tuple[str, ...]
    charts: tuple[str, ...]
    tables: tuple[FigureTable, ...]
    team_note: str
    teams: int  # how many teams are shown (for the audit record)

    def notes(self) -> list[str]:
        """The intro and the team note, as the Excel and PDF downloads write them."""
        return [*self.intro, *([self.team_note] if self.team_note else [])]

    def to_json(self) -> dict[str, Any]:
        return {
            "intro": list(self.intro),
            "charts": list(self.charts),
            "tables": [asdict(table) for table in self.tables],
            "team_note": self.team_note,
            "teams": self.teams,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CouncilFigures:
        return cls(
            tuple(data["intro"]),
            tuple(data["charts"]),
            tuple(_figure_table(table) for table in data["tables"]),
            str(data["team_note"]),
            int(data["teams"]),
        )


def _figure_table(data: dict[str, Any]) -> FigureTable:
    return FigureTable(
        data["key"],
        data["title"],
        tuple(data["headings"]),
        tuple(data["kinds"]),
        tuple(tuple(row) for row in data["rows"]),
        tuple(data["notes"]),
    )


def council_figures(
    council: Council,
    report: RetentionReport,
    by_report: RetentionReport,
    teams: services.TeamFigures,
    rule: DisclosureRule,
) -> CouncilFigures:
    """The page's intro, charts and tables (with retention by team where there are teams)."""
    tables = council_tables(report, by_report)
    if teams.rows:
        tables.append(team_table(teams.rows, rule.threshold))
    return CouncilFigures(
        tuple(report_intro(report)),
        tuple(report_charts(report, by_report, council.name)),
        tuple(tables),
        teams.note,
        max(len(teams.rows) - 1, 0),
    )


def figures_pdf(council: Council, figures: CouncilFigures) -> bytes:
    title = f"{council.name} ({council.la_code}): who stays, who leaves"
    return tables_pdf(title, figures.notes(), figures.tables, figures.charts)


def figures_xlsx(figures: CouncilFigures) -> bytes:
    return tables_xlsx(figures.tables, figures.notes())


def council_pdf_filename(council: Council) -> str:
    return f"retention-{council.la_code}.pdf"
