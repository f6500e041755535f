"""Workbook tables as a PDF: the same tables an Excel download holds, for printing and boards."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from csc_workforce.reporting.excel import SheetTable
from csc_workforce.reporting.pdf import html_to_pdf


def sheet_table_html(table: SheetTable) -> str:
    head = "".join(f"<th>{escape(str(table.headings.get(c, c)))}</th>" for c in table.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape('' if v is None else str(v))}</td>" for v in row) + "</tr>"
        for row in table.rows
    )
    notes = "".join(f"<p class='note'>{escape(n)}</p>" for n in table.notes)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{notes}"


def tables_pdf_bytes(title: str, sheets: Mapping[str, SheetTable], charts: Sequence[str] = ()) -> bytes:
    """A PDF of ``sheets`` (each a heading and its table with notes) under ``title``, with
    optional server-rendered SVG ``charts`` first."""
    style = (
        "body{font-family:arial,sans-serif;font-size:10pt}table{border-collapse:collapse;margin:8pt 0}"
        "th,td{border:1px solid #b1b4b6;padding:3pt 5pt;text-align:left}.note{color:#505a5f;font-size:8pt}"
    )
    parts = [f"<h1>{escape(title)}</h1>", *charts]
    for name, table in sheets.items():
        parts.append(f"<h2>{escape(name)}</h2>{sheet_table_html(table)}")
    head = f"<head><meta charset='utf-8'><style>{style}</style></head>"
    html = f"<!doctype html><html>{head}<body>{''.join(parts)}</body></html>"
    return html_to_pdf(html)
