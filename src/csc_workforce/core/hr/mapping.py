"""The HR mapping: which HR column feeds each census item and how its values become census values.

The document format is the YAML in docs/hr-extract.md (``version: 1``). :func:`mapping_from_document`
checks a parsed document and returns an :class:`HrMapping`; every refusal is a
:class:`MappingError` whose message starts with the mapping key at fault (``values.OrgRole``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Final

from csc_workforce.core.census.registry import CODE_SETS, LA_ITEMS, WORKER_ITEMS, ItemSpec, ItemType
from csc_workforce.core.census.values import is_valid_code, normalise_code, parse_date, parse_decimal
from csc_workforce.core.hr.translate import clean_swe, normalise_hr_value

MAPPING_VERSION: Final = 1
DEFAULT_STANDARD_HOURS: Final = Decimal(37)
DEFAULT_DATE_FORMAT: Final = "%d/%m/%Y"
TOP_LEVEL_KEYS: Final = (
    "version",
    "standard_hours",
    "date_format",
    "columns",
    "hours_column",
    "team_column",
    "values",
    "defaults",
    "la_level",
)
CODED_ITEMS: Final = tuple(name for name, spec in WORKER_ITEMS.items() if spec.code_set is not None)
_PROBE_DATE: Final = date(2024, 9, 30)


class MappingError(ValueError):
    """A mapping that cannot be used; ``key`` is the mapping key at fault ('' for the document)."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        self.detail = message
        super().__init__(f"{key}: {message}" if key else message)


@dataclass(frozen=True, slots=True)
class HrMapping:
    """A checked mapping. ``values`` keys are normalised HR values (see ``normalise_hr_value``);
    a value mapped to None is known but still awaits a decision."""

    standard_hours: Decimal = DEFAULT_STANDARD_HOURS
    date_format: str = DEFAULT_DATE_FORMAT
    columns: Mapping[str, str | None] = field(default_factory=dict)
    hours_column: str | None = None
    team_column: str | None = None  # the worker's team: retention by team (docs/retention-analysis.md)
    values: Mapping[str, Mapping[str, str | None]] = field(default_factory=dict)
    value_labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    defaults: Mapping[str, str] = field(default_factory=dict)
    la_level: Mapping[str, str] = field(default_factory=dict)

    def heading(self, item: str) -> str | None:
        """The extract heading mapped to ``item``, or None."""
        return self.columns.get(item)

    @property
    def used_headings(self) -> frozenset[str]:
        """Every heading the mapping reads: the reader keeps these columns and drops the rest."""
        headings = {heading for heading in self.columns.values() if heading}
        if self.hours_column:
            headings.add(self.hours_column)
        if self.team_column:
            headings.add(self.team_column)
        return frozenset(headings)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value).strip()


def _section(document: Mapping[str, object], key: str) -> Mapping[str, object]:
    section = document.get(key)
    if section is None:
        return {}
    if not isinstance(section, Mapping):
        raise MappingError(key, f"must be a mapping of names to values, found {type(section).__name__}")
    return section


def _positive_hours(value: object) -> Decimal:
    try:
        hours = Decimal(_text(value))
    except InvalidOperation:
        raise MappingError("standard_hours", f"must be a number of weekly hours, found {value!r}") from None
    if not hours.is_finite() or hours <= 0 or hours > 100:
        raise MappingError("standard_hours", f"must be more than 0 and at most 100, found {value!r}")
    return hours


def _date_format(value: object) -> str:
    text = _text(value)
    try:
        round_trip = datetime.strptime(_PROBE_DATE.strftime(text), text).date()
    except ValueError:
        round_trip = None
    if round_trip != _PROBE_DATE or "%" not in text:
        raise MappingError(
            "date_format", f'{text!r} does not read back a day, month and year; write e.g. "%d/%m/%Y"'
        )
    return text


def _spec(name: str, key: str) -> ItemSpec:
    spec = WORKER_ITEMS.get(name)
    if spec is None:
        raise MappingError(key, f"{name!r} is not a census worker item (e.g. SWENo, OrgRole, RoleStartDate)")
    return spec


def census_value(spec: ItemSpec, text: str) -> str:
    """``text`` as a census value of ``spec`` (codes from code or label); ValueError when invalid."""
    if spec.type is ItemType.CODE:
        assert spec.code_set is not None
        code = normalise_code(spec.code_set, text)
        if not is_valid_code(spec.code_set, code):
            codes = ", ".join(CODE_SETS[spec.code_set].labels)
            raise ValueError(f"{text!r} is not a {spec.name} code (one of {codes})")
        return code
    if spec.type is ItemType.DATE:
        return parse_date(text).isoformat()
    if spec.type is ItemType.SWE_NUMBER:
        return clean_swe(text)
    if spec.type in (ItemType.DECIMAL, ItemType.INTEGER):
        number = parse_decimal(text)
        if spec.minimum is not None and number < Decimal(str(spec.minimum)):
            raise ValueError(f"{text!r} is below {spec.minimum:g}")
        if spec.maximum is not None and number > Decimal(str(spec.maximum)):
            raise ValueError(f"{text!r} is above {spec.maximum:g}")
        if spec.type is ItemType.INTEGER and number != number.to_integral_value():
            raise ValueError(f"{text!r} is not a whole number")
        return text.strip()
    if spec.max_length is not None and len(text) > spec.max_length:
        raise ValueError(f"is longer than {spec.max_length} characters")
    return text


def _columns(document: Mapping[str, object]) -> dict[str, str | None]:
    columns: dict[str, str | None] = {}
    for name, heading in _section(document, "columns").items():
        _spec(str(name), f"columns.{name}")
        if heading is not None and not isinstance(heading, str | int | float):
            raise MappingError(f"columns.{name}", "must be the extract's heading, as text")
        columns[str(name)] = _text(heading) or None if heading is not None else None
    headings = [heading for heading in columns.values() if heading]
    repeated = sorted({heading for heading in headings if headings.count(heading) > 1})
    if repeated:
        raise MappingError("columns", f"heading {repeated[0]!r} is mapped to more than one item")
    return columns


def _values(
    document: Mapping[str, object],
) -> tuple[dict[str, dict[str, str | None]], dict[str, dict[str, str]]]:
    values: dict[str, dict[str, str | None]] = {}
    labels: dict[str, dict[str, str]] = {}
    for name, table in _section(document, "values").items():
        key = f"values.{name}"
        spec = _spec(str(name), key)
        if spec.code_set is None:
            raise MappingError(key, f"{name} is not a coded item, so it has no value table")
        if table is not None and not isinstance(table, Mapping):
            raise MappingError(key, "must map each HR value to a census code")
        translated: dict[str, str | None] = {}
        written: dict[str, str] = {}
        for hr_value, code in (table or {}).items():
            normalised = normalise_hr_value(_text(hr_value))
            if not normalised:
                raise MappingError(key, "has an empty HR value")
            if normalised in translated:
                raise MappingError(key, f"lists HR value {_text(hr_value)!r} twice")
            written[normalised] = _text(hr_value)
            if code is None:
                translated[normalised] = None
                continue
            try:
                translated[normalised] = census_value(spec, _text(code))
            except ValueError as error:
                raise MappingError(f"{key}.{_text(hr_value)}", str(error)) from None
        values[str(name)] = translated
        labels[str(name)] = written
    return values, labels


def _defaults(document: Mapping[str, object], columns: Mapping[str, str | None]) -> dict[str, str]:
    defaults: dict[str, str] = {}
    for name, value in _section(document, "defaults").items():
        key = f"defaults.{name}"
        spec = _spec(str(name), key)
        if value is None:
            continue
        if columns.get(str(name)):
            raise MappingError(key, f"{name} is also mapped to column {columns[str(name)]!r}; keep one")
        try:
            defaults[str(name)] = census_value(spec, _text(value))
        except ValueError as error:
            raise MappingError(key, str(error)) from None
    return defaults


def _la_level(document: Mapping[str, object]) -> dict[str, str]:
    la_level: dict[str, str] = {}
    for name, value in _section(document, "la_level").items():
        key = f"la_level.{name}"
        spec = LA_ITEMS.get(str(name))
        if spec is None:
            raise MappingError(key, f"{name!r} is not an LA-level census item (e.g. NumberOfVacancies)")
        if value is None:
            continue
        try:
            la_level[str(name)] = census_value(spec, _text(value))
        except ValueError as error:
            raise MappingError(key, str(error)) from None
    return la_level


def mapping_from_document(document: object) -> HrMapping:
    """Check a parsed mapping document (plain dicts, lists and scalars) and build the mapping."""
    if not isinstance(document, Mapping):
        raise MappingError("", "a mapping file must be a YAML mapping with version, columns, values ...")
    unknown = [str(key) for key in document if key not in TOP_LEVEL_KEYS]
    if unknown:
        raise MappingError(unknown[0], f"is not a mapping key (keys: {', '.join(TOP_LEVEL_KEYS)})")
    if _text(document.get("version")) != str(MAPPING_VERSION):
        raise MappingError("version", f"must be {MAPPING_VERSION}, found {document.get('version')!r}")
    hours = document.get("standard_hours")
    standard_hours = DEFAULT_STANDARD_HOURS if hours is None else _positive_hours(hours)
    date_format = document.get("date_format")
    columns = _columns(document)
    hours_column = document.get("hours_column")
    hours_heading = _text(hours_column) if hours_column is not None else None
    if hours_heading and hours is None:
        raise MappingError("hours_column", "needs standard_hours (the weekly hours that make 1.0 FTE)")
    if hours_heading and hours_heading in columns.values():
        raise MappingError("hours_column", f"{hours_heading!r} is also mapped in columns")
    team_column = document.get("team_column")
    team_heading = _text(team_column) if team_column is not None else None
    if team_heading and (team_heading in columns.values() or team_heading == hours_heading):
        raise MappingError("team_column", f"{team_heading!r} is also mapped to a census item or the hours")
    values, labels = _values(document)
    return HrMapping(
        standard_hours=standard_hours,
        date_format=DEFAULT_DATE_FORMAT if date_format is None else _date_format(date_format),
        columns=columns,
        hours_column=hours_heading or None,
        team_column=team_heading or None,
        values=values,
        value_labels=labels,
        defaults=_defaults(document, columns),
        la_level=_la_level(document),
    )


def mapping_document(mapping: HrMapping) -> dict[str, object]:
    """The mapping as a plain document in the file format (the inverse of ``mapping_from_document``)."""
    values = {
        item: {mapping.value_labels.get(item, {}).get(value, value): code for value, code in table.items()}
        for item, table in mapping.values.items()
    }
    document: dict[str, object] = {
        "version": MAPPING_VERSION,
        "standard_hours": float(mapping.standard_hours)
        if mapping.standard_hours != mapping.standard_hours.to_integral_value()
        else int(mapping.standard_hours),
        "date_format": mapping.date_format,
        "columns": dict(mapping.columns),
        "hours_column": mapping.hours_column,
        "values": values,
        "defaults": dict(mapping.defaults),
        "la_level": dict(mapping.la_level),
    }
    if mapping.team_column:
        document["team_column"] = mapping.team_column
    return document
