"""Read and write HR mapping files (YAML, docs/hr-extract.md) as checked :class:`HrMapping` objects.

Scalars are read as text (``Yes``, ``01/02/2024`` and ``5`` stay as written; only ``null`` and
``~`` mean "none"), so that YAML's implicit booleans and dates never change an HR value.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import yaml

from csc_workforce.core.hr.mapping import HrMapping, MappingError, mapping_document, mapping_from_document
from csc_workforce.ingest.errors import UnreadableFileError
from csc_workforce.ingest.guard import load_yaml

MAX_MAPPING_BYTES: Final = 1024 * 1024


class _TextLoader(yaml.SafeLoader):
    """SafeLoader whose only implicit type is null: every other plain scalar stays a string."""


_TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:null"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def mapping_from_yaml(text: str, source: str) -> HrMapping:
    """Parse and check a mapping; :class:`MappingError` whose message starts with ``source``."""
    try:
        document = load_yaml(text, source, loader=_TextLoader)  # no aliases, bounded nesting
    except UnreadableFileError as error:
        raise MappingError(source, error.message) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise MappingError(
            source, f"is not valid YAML{where}: {getattr(error, 'problem', None) or error}"
        ) from None
    try:
        return mapping_from_document(document)
    except MappingError as error:
        raise MappingError(f"{source} {error.key}".strip(), error.detail) from None


def read_mapping(path: Path) -> HrMapping:
    """Read a mapping file; :class:`UnreadableFileError` when the file cannot be read at all."""
    try:
        if path.stat().st_size > MAX_MAPPING_BYTES:
            raise UnreadableFileError(path, f"is over the {MAX_MAPPING_BYTES:,} byte limit for a mapping")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UnreadableFileError(path, "no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise UnreadableFileError(path, f"cannot be read as UTF-8 text ({error})") from None
    return mapping_from_yaml(text, str(path))


def _scalar(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    return json.dumps(str(value), ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def document_yaml(document: Mapping[str, Any], comments: Mapping[str, str] | None = None) -> str:
    """A mapping document as YAML in the documented layout; ``comments`` keyed ``section.item``
    (or ``section.item.value``) are written after that line."""
    comments = comments or {}
    lines = ["# csc-workforce HR mapping (docs/hr-extract.md)"]

    def note(key: str) -> str:
        return f"  # {comments[key]}" if key in comments else ""

    for key, value in document.items():
        if isinstance(value, Mapping):
            if not value:
                lines.append(f"{key}: {{}}")
                continue
            lines.append(f"{key}:")
            for name, inner in value.items():
                path = f"{key}.{name}"
                if isinstance(inner, Mapping):
                    lines.append(f"  {name}:" + ("" if inner else " {}") + note(path))
                    for hr_value, code in inner.items():
                        lines.append(f"    {_scalar(hr_value)}: {_scalar(code)}{note(f'{path}.{hr_value}')}")
                else:
                    lines.append(f"  {name}: {_scalar(inner)}{note(path)}")
        else:
            lines.append(f"{key}: {_scalar(value)}{note(key)}")
    return "\n".join(lines) + "\n"


def mapping_yaml(mapping: HrMapping) -> str:
    """A checked mapping written back as YAML (reads back to an equal mapping)."""
    return document_yaml(mapping_document(mapping))
