"""A draft mapping from an extract: the likely column for each item and a code for each HR value.

Each suggestion carries a confidence from 0 to 1 and a level. ``high`` and ``medium`` column
matches and ``high`` value matches (a census code, a code's label or common HR wording) go into
the draft; anything less is shown as a guess and written as ``null``, so it is never applied
without the user choosing it. With a previous mapping, what it already says is kept as decided
and only columns or values it does not cover are suggested.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Final

from csc_workforce.core.census.registry import CODE_SETS, WORKER_ITEMS, ItemType
from csc_workforce.core.census.values import SWE_NUMBER, normalise_code, parse_decimal
from csc_workforce.core.hr.extract import HrExtract
from csc_workforce.core.hr.mapping import DEFAULT_DATE_FORMAT, MAPPING_VERSION, HrMapping
from csc_workforce.core.hr.translate import clean_swe, hr_date, normalise_hr_value
from csc_workforce.core.hr.wording import HEADING_WORDS, HOURS_WORDS, VALUE_WORDS

HIGH: Final = 0.8
MEDIUM: Final = 0.6
SAMPLE: Final = 200
MAX_VALUES_PER_ITEM: Final = 200
DATE_FORMATS: Final = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%m/%d/%Y", "%d/%m/%y", "%Y/%m/%d")
# Items an HR extract rarely holds whose value is one for every record: asked for as defaults.
DEFAULT_CANDIDATES: Final = (
    "AgencyWorker",
    "StepUpGrad",
    "FrontlineGrad",
    "QualInst",
    "StartOrigin",
    "WorkingDaysLost",
    "QualLevel",
)
_WORDS: Final = re.compile(r"[^0-9a-z]+")


def level(confidence: float) -> str:
    """``high``, ``medium`` or ``low``."""
    return "high" if confidence >= HIGH else "medium" if confidence >= MEDIUM else "low"


def _words(text: str) -> str:
    return _WORDS.sub(" ", text.casefold()).strip()


@dataclass(frozen=True, slots=True)
class ColumnSuggestion:
    item: str
    heading: str | None
    confidence: float
    reason: str

    @property
    def level(self) -> str:
        return level(self.confidence)

    @property
    def applied(self) -> bool:
        return self.heading is not None and self.confidence >= MEDIUM


@dataclass(frozen=True, slots=True)
class ValueSuggestion:
    item: str
    value: str  # as first written in the extract
    rows: int
    code: str | None
    confidence: float
    decided: bool = False  # already in the previous mapping

    @property
    def level(self) -> str:
        return level(self.confidence)

    @property
    def applied(self) -> bool:
        return self.code is not None and (self.decided or self.confidence >= HIGH)


@dataclass(slots=True)
class MappingSuggestion:
    columns: list[ColumnSuggestion] = field(default_factory=list)
    hours_column: ColumnSuggestion | None = None
    date_format: str = DEFAULT_DATE_FORMAT
    values: dict[str, list[ValueSuggestion]] = field(default_factory=dict)
    defaults: dict[str, str | None] = field(default_factory=dict)
    la_level: dict[str, str] = field(default_factory=dict)
    standard_hours: str = "37"

    def column(self, item: str) -> ColumnSuggestion | None:
        return next((c for c in self.columns if c.item == item), None)

    @property
    def mapped_items(self) -> list[str]:
        return [c.item for c in self.columns if c.applied]

    def document(self) -> dict[str, object]:
        """The draft in the mapping file format: unapplied items and values as None."""
        columns = {c.item: c.heading if c.applied else None for c in self.columns}
        values = {
            item: {v.value: v.code if v.applied else None for v in suggestions}
            for item, suggestions in self.values.items()
            if columns.get(item)
        }
        hours = self.hours_column.heading if self.hours_column and self.hours_column.applied else None
        return {
            "version": MAPPING_VERSION,
            "standard_hours": _hours_number(self.standard_hours),
            "date_format": self.date_format,
            "columns": columns,
            "hours_column": hours,
            "values": values,
            "defaults": {item: value for item, value in self.defaults.items() if not columns.get(item)},
            "la_level": dict(self.la_level),
        }

    def comments(self) -> dict[str, str]:
        """Why each suggestion was made, keyed as ``document_yaml`` expects."""
        notes: dict[str, str] = {}
        for c in self.columns:
            if c.heading is not None:
                verdict = "" if c.applied else f" - not applied: guess {c.heading!r}, confirm it"
                notes[f"columns.{c.item}"] = f"{c.level} confidence ({c.confidence:.2f}): {c.reason}{verdict}"
        if self.hours_column is not None:
            notes["hours_column"] = (
                f"{self.hours_column.level} confidence ({self.hours_column.confidence:.2f})"
            )
        for item, suggestions in self.values.items():
            for v in suggestions:
                if v.decided:
                    continue
                if v.applied:
                    notes[f"values.{item}.{v.value}"] = f"{v.rows} row(s); {v.level} confidence"
                elif v.code is not None:
                    label = CODE_SETS[WORKER_ITEMS[item].code_set or ""].label(v.code)
                    notes[f"values.{item}.{v.value}"] = (
                        f"{v.rows} row(s); guess {v.code!r} ({label}), {v.level} confidence: confirm it"
                    )
                else:
                    notes[f"values.{item}.{v.value}"] = f"{v.rows} row(s); no suggestion: choose a code"
        for item, value in self.defaults.items():
            if value is None:
                notes[f"defaults.{item}"] = (
                    "not found in the extract: give the value for every record, or map a column"
                )
        return notes


def _hours_number(text: str) -> int | float:
    number = float(text)
    return int(number) if number.is_integer() else number


# --- values --------------------------------------------------------------------------------------


def suggest_code(item: str, text: str) -> tuple[str | None, float]:
    """A census code for one HR value of a coded item, and how sure the suggestion is."""
    spec = WORKER_ITEMS[item]
    assert spec.code_set is not None
    labels = CODE_SETS[spec.code_set].labels
    code = normalise_code(spec.code_set, text)
    if code in labels:
        return code, 1.0
    key = normalise_hr_value(text)
    words = VALUE_WORDS.get(item, {})
    if key in words:
        return words[key], 0.9
    best: tuple[str | None, float] = (None, 0.0)
    candidates = [(label.casefold(), c) for c, label in labels.items()] + list(words.items())
    for candidate, candidate_code in candidates:
        ratio = SequenceMatcher(None, _words(key), _words(candidate)).ratio()
        if ratio > best[1]:
            best = (candidate_code, ratio)
    return best[0], round(min(best[1], 0.75), 2)  # a fuzzy match is never applied unconfirmed


def _distinct(extract: HrExtract, heading: str) -> list[tuple[str, int]]:
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for value in extract.column(heading):
        key = normalise_hr_value(value)
        counts[key] += 1
        first.setdefault(key, value.strip())
    return [(first[key], count) for key, count in counts.most_common(MAX_VALUES_PER_ITEM)]


def suggest_values(
    item: str, extract: HrExtract, heading: str, previous: HrMapping | None = None
) -> list[ValueSuggestion]:
    """Every distinct value under ``heading`` with a suggested code (decided ones from ``previous``)."""
    decided = previous.values.get(item, {}) if previous else {}
    suggestions = []
    for value, rows in _distinct(extract, heading):
        key = normalise_hr_value(value)
        if decided.get(key) is not None:
            suggestions.append(ValueSuggestion(item, value, rows, decided[key], 1.0, decided=True))
            continue
        code, confidence = suggest_code(item, value)
        suggestions.append(ValueSuggestion(item, value, rows, code, confidence))
    return suggestions


# --- columns -------------------------------------------------------------------------------------


def _heading_score(heading: str, names: Sequence[str]) -> float:
    text = _words(heading)
    best = 0.0
    for name in names:
        if text == name:
            return 1.0
        if re.search(rf"\b{re.escape(name)}\b", text):
            best = max(best, 0.85 if len(name) > 3 else 0.7)
        best = max(best, SequenceMatcher(None, text, name).ratio() * 0.8)
    return best


def _value_fit(item: str, values: Sequence[str], date_format: str) -> float:
    """The share of sampled values that are valid for ``item`` (after the usual HR translation)."""
    if not values:
        return 0.0
    spec = WORKER_ITEMS[item]
    sample = values[:SAMPLE]
    fits = 0
    for text in sample:
        if spec.type is ItemType.DATE:
            try:
                hr_date(text, date_format)
                fits += 1
            except ValueError:
                pass
        elif spec.type is ItemType.SWE_NUMBER:
            fits += bool(SWE_NUMBER.match(clean_swe(text)))
        elif spec.type in (ItemType.DECIMAL, ItemType.INTEGER):
            try:
                number = parse_decimal(text)
            except ValueError:
                continue
            fits += (spec.minimum is None or number >= spec.minimum) and (
                spec.maximum is None or number <= spec.maximum
            )
        elif spec.code_set is not None:
            fits += suggest_code(item, text)[1] >= HIGH
        else:
            fits += 1
    return fits / len(sample)


def guess_date_format(extract: HrExtract) -> str:
    """The format most of the extract's date-like values read in (day first when it is ambiguous)."""
    texts = [
        v for h in extract.headings for v in extract.column(h)[:50] if re.fullmatch(r"[\d/.\-]{6,10}", v)
    ]
    scores = []
    for candidate in DATE_FORMATS:
        read = 0
        for text in texts:
            try:
                hr_date(text, candidate)
                read += 1
            except ValueError:
                pass
        scores.append(read)
    if not texts or max(scores) == 0:
        return DEFAULT_DATE_FORMAT
    return DATE_FORMATS[scores.index(max(scores))]


def suggest_mapping(
    extract: HrExtract, *, year_items: frozenset[str] | None = None, previous: HrMapping | None = None
) -> MappingSuggestion:
    """A draft mapping for ``extract``; ``year_items`` limits it to one collection year's items."""
    items = [name for name in HEADING_WORDS if year_items is None or name in year_items]
    date_format = previous.date_format if previous else guess_date_format(extract)
    headings = list(extract.headings)
    samples = {heading: extract.column(heading)[:SAMPLE] for heading in headings}
    taken: set[str] = set()
    columns: dict[str, ColumnSuggestion] = {}
    if previous is not None:
        for item, heading in previous.columns.items():
            if heading and heading in samples and item in items:
                columns[item] = ColumnSuggestion(item, heading, 1.0, "from the saved mapping")
                taken.add(heading)
    scored = []
    for item in items:
        if item in columns:
            continue
        for heading in headings:
            name_score = _heading_score(heading, HEADING_WORDS[item])
            if name_score < 0.4:
                continue
            fit = _value_fit(item, samples[heading], date_format)
            if 0.7 * name_score + 0.3 * fit < 0.45:
                continue
            scored.append((0.7 * name_score + 0.3 * fit, item, heading, name_score, fit))
    for score, item, heading, name_score, fit in sorted(scored, key=lambda s: -s[0]):
        if item in columns or heading in taken:
            continue
        reason = f"heading {heading!r} ({name_score:.2f}), {fit:.0%} of values fit"
        columns[item] = ColumnSuggestion(item, heading, round(score, 2), reason)
        if score >= MEDIUM:
            taken.add(heading)
    hours = None
    if "FTE" not in columns or not columns["FTE"].applied:
        if previous is not None and previous.hours_column in samples:
            hours = ColumnSuggestion("hours", previous.hours_column, 1.0, "from the saved mapping")
        else:
            options = [(_heading_score(h, HOURS_WORDS), h) for h in headings if h not in taken]
            options = [(s, h) for s, h in options if s >= 0.4]
            if options:
                score, heading = max(options)
                hours = ColumnSuggestion("hours", heading, round(score, 2), f"heading {heading!r}")
    suggestion = MappingSuggestion(
        columns=[
            columns.get(item, ColumnSuggestion(item, None, 0.0, "no matching heading")) for item in items
        ],
        hours_column=hours,
        date_format=date_format,
        standard_hours=str(previous.standard_hours) if previous else "37",
    )
    for item, column in columns.items():
        if WORKER_ITEMS[item].code_set is not None and column.heading is not None:
            suggestion.values[item] = suggest_values(item, extract, column.heading, previous)
    for item in DEFAULT_CANDIDATES:
        if item in items and not (item in columns and columns[item].applied):
            suggestion.defaults[item] = previous.defaults.get(item) if previous else None
    if previous is not None:
        suggestion.defaults.update({k: v for k, v in previous.defaults.items() if k in items})
        suggestion.la_level = dict(previous.la_level)
    return suggestion
