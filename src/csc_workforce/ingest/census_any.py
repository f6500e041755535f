"""Read a census return from any supported file: census XML or the XLSX template."""

from __future__ import annotations

from pathlib import Path
from typing import Final

from csc_workforce.core.census.model import CensusReturn
from csc_workforce.ingest.census_xml import read_census_xml
from csc_workforce.ingest.errors import UnreadableFileError

XML_SUFFIXES: Final = (".xml",)
XLSX_SUFFIXES: Final = (".xlsx", ".xlsm")
CENSUS_SUFFIXES: Final = XML_SUFFIXES + XLSX_SUFFIXES


def read_census(path: Path, *, other_suffixes_as_xml: bool = False) -> CensusReturn:
    """Read ``path`` by its suffix (.xml, .xlsx); :class:`UnreadableFileError` names the file otherwise.

    ``other_suffixes_as_xml`` reads a file with any other suffix as XML (a file the user named
    directly, such as ``return.txt``), so the XML reader says what is wrong with it.
    """
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        # openpyxl takes half a second to import: only XLSX reads pay for it (the CLI starts fast).
        from csc_workforce.ingest.census_xlsx import read_census_xlsx  # noqa: PLC0415

        return read_census_xlsx(path)
    if suffix in XML_SUFFIXES or other_suffixes_as_xml:
        return read_census_xml(path)
    expected = ", ".join(CENSUS_SUFFIXES)
    raise UnreadableFileError(
        path, f"has an unsupported file type {suffix or '(none)'!r}; expected {expected}"
    )
