"""The council's retention report, built the same way for the page, its downloads and the
background job that prepares its PDF."""

from __future__ import annotations

from csc_workforce.analytics.retention import RetentionReport
from csc_workforce.reporting.retention import (
    GROUPING_LABELS,
    FigureTable,
    council_tables,
    survival_chart,
    tables_pdf,
    team_table,
)
from csc_workforce.web.dashboards.views import disclosure_rule
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


def council_report_tables(
    council: Council, report: RetentionReport, by_report: RetentionReport
) -> tuple[list[FigureTable], str, int]:
    """The report's tables with retention by team where there are teams; the note when there are
    none; and how many teams are shown (for the audit record)."""
    rule = disclosure_rule()
    teams = services.council_teams(council, report, rule)
    tables = council_tables(report, by_report)
    if teams.rows:
        tables.append(team_table(teams.rows, rule.threshold))
    return tables, teams.note, max(len(teams.rows) - 1, 0)


def tables_as_pdf(
    council: Council,
    report: RetentionReport,
    by_report: RetentionReport,
    tables: list[FigureTable],
    team_note: str,
) -> bytes:
    """The PDF of tables already made by :func:`council_report_tables`."""
    title = f"{council.name} ({council.la_code}): who stays, who leaves"
    return tables_pdf(
        title,
        report_intro(report) + ([team_note] if team_note else []),
        tables,
        report_charts(report, by_report, council.name),
    )


def council_pdf(council: Council, report: RetentionReport, by_report: RetentionReport) -> bytes:
    tables, team_note, _teams = council_report_tables(council, report, by_report)
    return tables_as_pdf(council, report, by_report, tables, team_note)


def council_pdf_filename(council: Council) -> str:
    return f"retention-{council.la_code}.pdf"
