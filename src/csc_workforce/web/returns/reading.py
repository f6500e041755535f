"""Uploaded bytes to a census return, safely: the ingest readers do the refusing; this module picks
the reader by the file name and makes every message name the uploaded file (never a temp path)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from csc_workforce.core.census.model import CensusReturn
from csc_workforce.ingest.census_any import CENSUS_SUFFIXES, XLSX_SUFFIXES, XML_SUFFIXES
from csc_workforce.ingest.census_xlsx import read_census_xlsx_bytes
from csc_workforce.ingest.census_xml import read_census_xml_bytes
from csc_workforce.ingest.errors import UnreadableFileError
from csc_workforce.web.returns.models import FileFormat

_MAX_NAME = 200
_MAX_SUFFIX = 10


class UploadRefusedError(ValueError):
    """A file that cannot be read as a census return; the message names the file."""


@dataclass(frozen=True, slots=True)
class ReadUpload:
    census: CensusReturn
    file_format: FileFormat


def display_name(filename: str) -> str:
    """The file's own name (no folders, no control characters), short enough to show.

    A long name is cut in its stem, never its suffix: the suffix says how to read the file again
    when it is accepted.
    """
    name = PurePath(filename.replace("\\", "/")).name
    cleaned = "".join(character for character in name if character.isprintable()).strip()
    cleaned = cleaned or "the uploaded file"
    if len(cleaned) <= _MAX_NAME:
        return cleaned
    suffix = PurePath(cleaned).suffix
    if len(suffix) > _MAX_SUFFIX:
        return cleaned[:_MAX_NAME]
    return cleaned[: _MAX_NAME - len(suffix) - 1].rstrip() + "…" + suffix


def file_format_of(filename: str) -> FileFormat:
    suffix = PurePath(filename).suffix.lower()
    if suffix in XML_SUFFIXES:
        return FileFormat.XML
    if suffix in XLSX_SUFFIXES:
        return FileFormat.XLSX
    expected = ", ".join(CENSUS_SUFFIXES)
    raise UploadRefusedError(
        f"{display_name(filename)}: is not a census file (type {suffix or '(none)'!r}); "
        f"upload census XML or the XLSX template ({expected})"
    )


def read_upload(data: bytes, filename: str, *, max_bytes: int) -> ReadUpload:
    """Parse the upload; :class:`UploadRefusedError` names the file for anything unreadable or hostile."""
    name = display_name(filename)
    file_format = file_format_of(filename)
    if len(data) > max_bytes:
        raise UploadRefusedError(f"{name}: is {len(data):,} bytes, over the {max_bytes:,} byte upload limit")
    if not data:
        raise UploadRefusedError(f"{name}: is empty")
    try:
        if file_format is FileFormat.XML:
            census = read_census_xml_bytes(data, name, max_bytes=max_bytes)
        else:
            census = read_census_xlsx_bytes(data, name)
    except UnreadableFileError as error:
        raise UploadRefusedError(f"{name}: {error.message}") from None
    except Exception as error:  # noqa: BLE001
        # Readers report hostile or broken files as UnreadableFileError (ingest.guard); anything
        # else is still refused, and never shown with a stack trace or answered with a 500.
        raise UploadRefusedError(
            f"{name}: could not be read as a census return ({type(error).__name__})"
        ) from None
    return ReadUpload(census, file_format)
