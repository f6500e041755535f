"""Item rules: types, formats, code sets and ranges of each value; items allowed per year (R020-R031).

Value rules see one (item, value) pair and are run once per distinct pair in a file, so a national
run costs a dictionary lookup per value rather than a parse.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from itertools import chain, repeat
from typing import Final

from csc_workforce.core.census.model import WorkerRecord
from csc_workforce.core.census.registry import (
    CODE_SETS,
    LA_ITEMS,
    REMOVED_IN_2025,
    WORKER_ITEMS,
    ItemSpec,
    ItemType,
)
from csc_workforce.core.census.validation.catalogue import rule
from csc_workforce.core.census.validation.context import Context
from csc_workforce.core.census.validation.issue import Issue
from csc_workforce.core.census.values import (
    SWE_NUMBER,
    decimal_places,
    parse_date,
    parse_decimal,
    parse_integer,
)

Finding = tuple[str, str]  # (message, expected)
Found = tuple[tuple[str, str, str], ...]  # ((code, message, expected), ...)
ValueRule = Callable[[ItemSpec, str], Finding | None]
FTE_ITEMS: Final = frozenset({"FTE", "FTE30"})
CASES_QUERY_ABOVE: Final = 40
CONTRACT_WEEKS_QUERY_ABOVE: Final = 500


def _number(spec: ItemSpec, value: str) -> Decimal | None:
    if spec.type not in {ItemType.DECIMAL, ItemType.INTEGER}:
        return None
    try:
        return parse_decimal(value)
    except ValueError:
        return None


@rule("CSWW-R020", "error", "item", "Item value not in its year's code set")
def code_in_set(spec: ItemSpec, value: str) -> Finding | None:
    if spec.type is not ItemType.CODE or spec.code_set is None:
        return None
    labels = CODE_SETS[spec.code_set].labels
    if value in labels:
        return None
    choices = ", ".join(f"{code} ({label})" for code, label in labels.items())
    return f"{spec.name} {value!r} is not a valid code", f"one of {choices}"


@rule(
    "CSWW-R021",
    "error",
    "item",
    "Item value has the wrong type: not a date, not a number, not whole, too long",
)
def value_type(spec: ItemSpec, value: str) -> Finding | None:
    try:
        if spec.type is ItemType.DATE:
            parse_date(value)
        elif spec.type is ItemType.DECIMAL:
            parse_decimal(value)
        elif spec.type is ItemType.INTEGER:
            parse_integer(value)
    except ValueError as error:
        expected = {
            ItemType.DATE: "a real date as YYYY-MM-DD",
            ItemType.DECIMAL: "a number",
            ItemType.INTEGER: "a whole number",
        }[spec.type]
        return f"{spec.name}: {error}", expected
    if spec.type is ItemType.TEXT and spec.max_length is not None and len(value) > spec.max_length:
        return (
            f"{spec.name} is {len(value)} characters long",
            f"at most {spec.max_length} characters",
        )
    return None


@rule("CSWW-R022", "error", "item", "`FTE` or `FTE30` outside 0 to 1, or more than 6 decimal places")
def fte_range(spec: ItemSpec, value: str) -> Finding | None:
    if spec.name not in FTE_ITEMS:
        return None
    number = _number(spec, value)
    if number is None:
        return None
    expected = "a number from 0 to 1 with up to 6 decimal places"
    if not 0 <= number <= 1:
        return f"{spec.name} {value} is outside 0 to 1", expected
    if decimal_places(number.normalize()) > 6:
        return f"{spec.name} {value} has more than 6 decimal places", expected
    return None


@rule("CSWW-R023", "error", "item", "Negative `Cases30`, `WorkingDaysLost`, `ContractWeeks` or pay amount")
def not_negative(spec: ItemSpec, value: str) -> Finding | None:
    if spec.name in FTE_ITEMS or spec.minimum is None:
        return None
    number = _number(spec, value)
    if number is not None and number < Decimal(str(spec.minimum)):
        return f"{spec.name} {value} is negative", "0 or more"
    return None


@rule("CSWW-R024", "query", "item", "`Cases30` above 40")
def very_high_caseload(spec: ItemSpec, value: str) -> Finding | None:
    if spec.name != "Cases30":
        return None
    number = _number(spec, value)
    if number is not None and number > CASES_QUERY_ABOVE:
        return (
            f"Cases30 {value} is a very high caseload; please confirm",
            f"usually {CASES_QUERY_ABOVE} or fewer cases",
        )
    return None


@rule("CSWW-R025", "query", "item", "`ContractWeeks` above 500")
def very_long_contract(spec: ItemSpec, value: str) -> Finding | None:
    if spec.name != "ContractWeeks":
        return None
    number = _number(spec, value)
    if number is not None and number > CONTRACT_WEEKS_QUERY_ABOVE:
        return f"ContractWeeks {value} is over {CONTRACT_WEEKS_QUERY_ABOVE} weeks", "500 weeks or fewer"
    return None


@rule("CSWW-R026", "error", "item", "`SWENo` not two letters followed by digits (up to 12 digits)")
def swe_number_format(spec: ItemSpec, value: str) -> Finding | None:
    if spec.type is not ItemType.SWE_NUMBER or SWE_NUMBER.match(value):
        return None
    return (
        "SWENo is not two letters followed by 1 to 12 digits",
        "two letters then up to 12 digits, e.g. SW123456",
    )


@rule("CSWW-R027", "query", "item", "`SWENo` does not start with 'SW'")
def swe_number_prefix(spec: ItemSpec, value: str) -> Finding | None:
    if spec.type is not ItemType.SWE_NUMBER or value.startswith("SW"):
        return None
    return "SWENo does not start with 'SW'", "a Social Work England number starting SW"


@rule(
    "CSWW-R031", "query", "item", "More decimal places than the item allows (other than FTE): will be rounded"
)
def too_many_decimals(spec: ItemSpec, value: str) -> Finding | None:
    if spec.type is not ItemType.DECIMAL or spec.name in FTE_ITEMS or spec.decimals is None:
        return None
    number = _number(spec, value)
    if number is not None and decimal_places(number.normalize()) > spec.decimals:
        return (
            f"{spec.name} {value} has more than {spec.decimals} decimal places and would be rounded",
            f"up to {spec.decimals} decimal places",
        )
    return None


# --- items allowed in the year, and repeats --------------------------------------------------


@rule("CSWW-R028", "error", "item", "An item that does not exist in the file's year (e.g. `Sex` in 2022)")
def item_in_year(ctx: Context, name: str, la_level: bool) -> Finding | None:
    known = LA_ITEMS if la_level else WORKER_ITEMS
    level = "LA-level" if la_level else "worker"
    if name not in known:
        return f"<{name}> is not a census {level} item", "only the census items for the year"
    spec = ctx.spec
    if spec is None:
        return None
    names = spec.la_item_names if la_level else spec.worker_item_names
    if name in names or (ctx.year is not None and ctx.year >= 2025 and name in REMOVED_IN_2025):
        return None
    return f"{name} is not a {level} item in {ctx.year} returns", f"only the {ctx.year} census items"


@rule(
    "CSWW-R029",
    "query",
    "item",
    "An item removed in 2025 (`QualInst`, `CFKSSstatus`) in a file from 2025 on: ignored",
)
def removed_in_2025(ctx: Context, name: str, la_level: bool) -> Finding | None:
    if la_level or ctx.year is None or ctx.year < 2025 or name not in REMOVED_IN_2025:
        return None
    return f"{name} was removed from the census in 2025; its value is ignored", "no such item"


@rule("CSWW-R030", "error", "item", "Single-valued item repeated in one worker or in the LA-level block")
def not_repeated(spec: ItemSpec, count: int) -> Finding | None:
    if count < 2 or spec.repeatable:
        return None
    return f"{spec.name} appears {count} times", "one value"


_VALUE_RULES: Final[tuple[tuple[str, ValueRule], ...]] = (
    ("CSWW-R020", code_in_set),
    ("CSWW-R021", value_type),
    ("CSWW-R022", fte_range),
    ("CSWW-R023", not_negative),
    ("CSWW-R024", very_high_caseload),
    ("CSWW-R025", very_long_contract),
    ("CSWW-R026", swe_number_format),
    ("CSWW-R027", swe_number_prefix),
    ("CSWW-R031", too_many_decimals),
)
# LA-level vacancy and pay items are checked whole by R010 and R013.
_LA_ITEMS_CHECKED_ELSEWHERE: Final = frozenset(
    {"NumberOfVacancies", "NoAgencyFTE", "NoAgencyHeadcount"}
    | {name for name, spec in LA_ITEMS.items() if spec.code_set == "noallsome"}
)


def _value_findings(spec: ItemSpec, value: str) -> Found:
    found = []
    for code, check in _VALUE_RULES:
        finding = check(spec, value)
        if finding is not None:
            found.append((code, *finding))
    return tuple(found)


# Value findings depend only on the item and the value, so they are kept across files: a national
# run sees the same dates, codes and SWE numbers again and again. Per item: the values known to be
# clean, and the findings of the values known to be faulty. Bounded, to cap memory.
_CLEAN_VALUES: Final[dict[str, set[str]]] = {}
_FAULTY_VALUES: Final[dict[str, dict[str, Found]]] = {}
_KNOWN_VALUES_LIMIT: Final = 250_000


def _faulty_values(spec: ItemSpec, distinct: set[str]) -> dict[str, Found]:
    """The findings for each value of ``distinct`` that has any; new values are checked once."""
    clean = _CLEAN_VALUES.get(spec.name)
    faulty = _FAULTY_VALUES.get(spec.name)
    if clean is None or faulty is None or len(clean) + len(faulty) > _KNOWN_VALUES_LIMIT:
        # Replaced, never cleared: another thread validating with the old ones only ever sees
        # entries added, so the lookups below cannot miss a value they have just seen.
        clean = _CLEAN_VALUES[spec.name] = set()
        faulty = _FAULTY_VALUES[spec.name] = {}
    for value in distinct - clean - faulty.keys():
        verdict = _value_findings(spec, value)
        if verdict:
            faulty[value] = verdict
        else:
            clean.add(value)
    return {value: faulty[value] for value in distinct & faulty.keys()}


def _name_findings(ctx: Context, name: str, count: int, la_level: bool) -> tuple[Found, bool]:
    """Findings about the item itself, and whether its values should still be checked."""
    found: list[tuple[str, str, str]] = []
    check_values = True
    for code, name_rule in (("CSWW-R028", item_in_year), ("CSWW-R029", removed_in_2025)):
        finding = name_rule(ctx, name, la_level)
        if finding is not None:
            found.append((code, *finding))
            check_values = code != "CSWW-R029"
    spec = (LA_ITEMS if la_level else WORKER_ITEMS).get(name)
    if spec is None:
        check_values = False
    elif (repeat := not_repeated(spec, count)) is not None:
        found.append(("CSWW-R030", *repeat))
    return tuple(found), check_values


def item_issues(ctx: Context) -> list[Issue]:
    """Run every item rule over every worker item and LA-level item."""
    issues = _item_issues(ctx, ctx.workers, la_level=False)
    if ctx.census.la_items:
        block = WorkerRecord(0, ctx.census.la_items)
        issues.extend(_item_issues(ctx, [block], la_level=True))
    return issues


def _item_issues(ctx: Context, records: list[WorkerRecord], *, la_level: bool) -> list[Issue]:
    """Item by item rather than record by record: each item's values are gathered in one pass, its
    distinct values checked once, and records are revisited only for an item that has a finding."""
    issues: list[Issue] = []
    specs = LA_ITEMS if la_level else WORKER_ITEMS
    skip_values = _LA_ITEMS_CHECKED_ELSEWHERE if la_level else frozenset()
    item_maps = [record.items for record in records]
    names: set[str] = set().union(*item_maps)
    for name in sorted(names):
        column: list[list[str] | None] = list(map(dict.get, item_maps, repeat(name)))
        present = list(filter(None, column))
        about_count = {count: _name_findings(ctx, name, count, la_level) for count in set(map(len, present))}
        check_values = all(check for _, check in about_count.values())
        if any(found for found, _ in about_count.values()):
            for record, values in zip(records, column, strict=True):
                if values:
                    owner = None if la_level else record
                    found = about_count[len(values)][0]
                    issues.extend(
                        ctx.issue(code, owner, name, message, value=values[0], expected=expected)
                        for code, message, expected in found
                    )
        if not check_values or name in skip_values:
            continue
        faults = _faulty_values(specs[name], set(chain.from_iterable(present)))
        if not faults:
            continue
        for record, values in zip(records, column, strict=True):
            if not values:
                continue
            owner = None if la_level else record
            for value in values:
                for code, message, expected in faults.get(value, ()):
                    issues.append(ctx.issue(code, owner, name, message, value=value, expected=expected))
    return issues
