"""LA-level block rules: vacancy items, agency cover and the 2025 pay items (R010-R013)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from csc_workforce.core.census.registry import CODE_SETS, LA_ITEMS, PAY_ITEMS_2025
from csc_workforce.core.census.validation.catalogue import rule
from csc_workforce.core.census.validation.context import Context
from csc_workforce.core.census.validation.issue import Issue
from csc_workforce.core.census.values import decimal_places

VACANCY_ITEMS = ("NumberOfVacancies", "NoAgencyFTE", "NoAgencyHeadcount")
PAY_CODE_ITEMS = tuple(item for item in PAY_ITEMS_2025 if LA_ITEMS[item].code_set is not None)


def _la_value(ctx: Context, item: str) -> str | None:
    values = ctx.census.la_items.get(item)
    return values[0] if values else None


@rule(
    "CSWW-R010",
    "error",
    "la",
    "Each LA-level vacancy item present, numeric, not negative, within its decimal places",
)
def vacancy_items(ctx: Context) -> Iterator[Issue]:
    if ctx.census.la_block_name is None:
        return  # R002 reports the missing block once
    for item in VACANCY_ITEMS:
        spec = LA_ITEMS[item]
        places = spec.decimals if spec.decimals is not None else 0
        kind = "a whole number" if places == 0 else f"a number with up to {places} decimal places"
        expected = f"{kind}, 0 or more"
        text = _la_value(ctx, item)
        if text is None:
            yield ctx.issue("CSWW-R010", None, item, f"LA-level item {item} is missing", expected=expected)
            continue
        number = ctx.number(text)
        if number is None:
            problem = "is not a number"
        elif number < 0:
            problem = "is negative"
        elif decimal_places(number.normalize()) > places:
            problem = f"has more than {places} decimal places" if places else "is not a whole number"
        else:
            continue
        yield ctx.issue("CSWW-R010", None, item, f"{item} {text!r} {problem}", value=text, expected=expected)


@rule("CSWW-R011", "query", "la", "`NoAgencyFTE` is greater than `NumberOfVacancies`")
def agency_cover_within_vacancies(ctx: Context) -> Iterator[Issue]:
    cover = ctx.number(_la_value(ctx, "NoAgencyFTE"))
    vacancies = ctx.number(_la_value(ctx, "NumberOfVacancies"))
    if cover is not None and vacancies is not None and cover > vacancies:
        yield ctx.issue(
            "CSWW-R011",
            None,
            "NoAgencyFTE",
            f"agency FTE covering vacancies ({cover}) is more than the FTE vacancies ({vacancies}); "
            "vacancies include posts covered by agency workers",
            value=str(cover),
            expected=f"at most {vacancies}",
        )


@rule("CSWW-R012", "query", "la", "`NoAgencyFTE` is greater than the summed FTE of the file's agency records")
def agency_cover_within_agency_records(ctx: Context) -> Iterator[Issue]:
    cover = ctx.number(_la_value(ctx, "NoAgencyFTE"))
    if cover is None or not ctx.workers:
        return
    total = sum((ctx.fte(w) or Decimal(0) for w in ctx.agency), Decimal(0))
    if cover > total:
        yield ctx.issue(
            "CSWW-R012",
            None,
            "NoAgencyFTE",
            f"agency FTE covering vacancies ({cover}) is more than the FTE of the {len(ctx.agency)} "
            f"agency worker records ({total})",
            value=str(cover),
            expected=f"at most {total}",
        )


@rule(
    "CSWW-R013", "error", "la", "2025 onwards: each LA-level pay/incentive item present, with code 0, 1 or 2"
)
def pay_items(ctx: Context) -> Iterator[Issue]:
    if ctx.spec is None or ctx.census.la_block_name is None:
        return
    present = ctx.spec.la_item_names
    codes = CODE_SETS["noallsome"].labels
    expected = "0 (No), 1 (Yes, all eligible) or 2 (Yes, some eligible)"
    for item in PAY_CODE_ITEMS:
        if item not in present:
            continue
        text = _la_value(ctx, item)
        if text is None:
            yield ctx.issue(
                "CSWW-R013", None, item, f"LA-level pay item {item} is missing", expected=expected
            )
        elif text not in codes:
            yield ctx.issue(
                "CSWW-R013", None, item, f"{item} {text!r} is not 0, 1 or 2", value=text, expected=expected
            )
