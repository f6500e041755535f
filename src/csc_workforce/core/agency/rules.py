"""The rules as dated data: which version of each rule was in force on a given day.

History is judged by the rules then in force: an engagement is checked against the versions in
force on its start date, and an engagement that started before any version took effect is judged
by no rule. A regional agreement can tighten a rule (a longer cooling-off period) from a date,
never loosen the national minimum.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Final

from csc_workforce.core.agency.model import RuleId

DFE_2024_SOURCE: Final = "DfE statutory guidance on agency child and family social workers (2024)"
DFE_2024_EFFECTIVE: Final = date(2024, 10, 31)


@dataclass(frozen=True, slots=True)
class RuleVersion:
    """One version of one rule: its parameters, where it comes from and when it applies.

    ``effective_to`` is exclusive; None means still in force. Only the parameter the rule uses is
    read: ``min_experience_years`` by ``experience``, ``cooling_off_months`` by ``cooling-off``.
    """

    rule: RuleId
    effective_from: date
    source: str
    effective_to: date | None = None
    min_experience_years: int = 3
    cooling_off_months: int = 3

    def applies_on(self, day: date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day < self.effective_to)


@dataclass(frozen=True, slots=True)
class RuleBook:
    """Every version of every rule; the latest version in force on a day wins."""

    versions: tuple[RuleVersion, ...]

    def in_force(self, rule: RuleId, on: date) -> RuleVersion | None:
        # On equal start dates the version added later (a regional agreement) wins.
        in_force = None
        for version in self.versions:
            if (
                version.rule == rule
                and version.applies_on(on)
                and (in_force is None or version.effective_from >= in_force.effective_from)
            ):
                in_force = version
        return in_force

    def with_regional_agreement(
        self,
        *,
        source: str,
        cooling_off_months: int | None = None,
        effective_from: date = DFE_2024_EFFECTIVE,
    ) -> RuleBook:
        """This book with a regional agreement's tighter parameters from ``effective_from``.

        The regional version can start no earlier than the national rule it tightens (before it
        there is nothing to tighten), and it cannot go below the national minimum.
        """
        if cooling_off_months is None:
            return self
        national = self.in_force(RuleId.COOLING_OFF, max(effective_from, _first_start(self)))
        if national is None:
            raise ValueError("there is no national cooling-off rule for a regional agreement to tighten")
        if cooling_off_months < national.cooling_off_months:
            raise ValueError(
                f"a regional agreement can tighten the cooling-off period, not shorten it: "
                f"{cooling_off_months} months is below the national minimum of "
                f"{national.cooling_off_months} months ({national.source})"
            )
        regional = replace(
            national,
            source=source,
            effective_from=max(effective_from, national.effective_from),
            cooling_off_months=cooling_off_months,
        )
        return RuleBook((*self.versions, regional))


def _first_start(book: RuleBook) -> date:
    return min(v.effective_from for v in book.versions)


NATIONAL_RULES: Final = RuleBook(
    tuple(
        RuleVersion(rule=rule, effective_from=DFE_2024_EFFECTIVE, source=DFE_2024_SOURCE)
        for rule in (
            RuleId.EXPERIENCE,
            RuleId.REFERENCES,
            RuleId.COOLING_OFF,
            RuleId.PROJECT_TEAM,
            RuleId.PRICE_CAP,
        )
    )
)
