"""Excel downloads of the dashboard tables (``?format=xlsx``, optionally ``&table=<slug>``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from django.http import Http404, HttpResponse
from django.utils.text import slugify

from csc_workforce.core.disclosure import SYMBOLS
from csc_workforce.core.published import SYMBOL_MEANINGS
from csc_workforce.ingest.published import LATEST_RELEASE_FILE
from csc_workforce.reporting.excel import SheetTable, tables_xlsx_bytes

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Symbols a dashboard figure can carry, with their meanings (DfE's and ours): for the pages, the
# workbooks and the API description alike.
SYMBOL_LEGEND: Final = {**SYMBOL_MEANINGS, **SYMBOLS}
SYMBOL_LEGEND_TEXT: Final = "; ".join(f"{symbol} = {meaning}" for symbol, meaning in SYMBOL_LEGEND.items())


def wants_xlsx(request: Any) -> bool:
    return bool(request.GET.get("format") == "xlsx")


def xlsx_response(
    stem: str, tables: Mapping[str, Sequence[Mapping[str, Any]]], notes: Sequence[str], table: str | None
) -> HttpResponse:
    """A workbook of every table, or only the one whose slugified name is ``table`` (404 if none)."""
    chosen = {name: rows for name, rows in tables.items() if table in (None, "", slugify(name))}
    if not chosen:
        raise Http404("No such table")
    notes = [*notes, f"Published statistics: DfE, {LATEST_RELEASE_FILE}.", f"Symbols: {SYMBOL_LEGEND_TEXT}"]
    sheets = {name: _sheet(rows, notes) for name, rows in chosen.items()}
    suffix = f"-{slugify(next(iter(chosen)))}" if table else ""
    response = HttpResponse(tables_xlsx_bytes(sheets), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{stem}{suffix}.xlsx"'
    return response


def _sheet(rows: Sequence[Mapping[str, Any]], notes: Sequence[str]) -> SheetTable:
    """Rows as a sheet with every key any row has (a row without one gets an empty cell)."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    return SheetTable(columns=columns, rows=[[row.get(c) for c in columns] for row in rows], notes=notes)
