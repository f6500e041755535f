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


class UploadRefusedError(ValueError):
    """A file that cannot be read as a census return; the message names the file."""


@dataclass(frozen=True, slots=True)
class ReadUpload:
    census: CensusReturn
    file_format: FileFormat


def display_name(filename: str) -> str:
    """The file's own name (no folders, no control characters), short enough to show."""
    name = PurePath(filename.replace("\\", "/")).name
    cleaned = "".join(character for character in name if character.isprintable()).strip()
    return (cleaned or "the uploaded file")[:_MAX_NAME]


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
    except (ValueError, OSError, KeyError, IndexError) as error:
        # Readers report hostile or broken files as UnreadableFileError; anything else is still
        # refused, and never shown with a stack trace.
        raise UploadRefusedError(
            f"{name}: could not be read as a census return ({type(error).__name__})"
        ) from None
    return ReadUpload(census, file_format)
