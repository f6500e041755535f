"""A short hint for every rule: what to change in the return (or the HR extract) to clear it.

Written for an analyst with the workbook or the XML open; every code in the catalogue has one
(a test checks), so no report shows a problem without saying how to fix it.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

HINTS: Final = MappingProxyType(
    {
        "CSWW-R001": "Export the return again; the file is damaged or is not a census XML file.",
        "CSWW-R002": "Keep exactly one LA-level block; merge the vacancy and pay items into it.",
        "CSWW-R003": "Rename the LA-level block: LALevel from 2025, LALevelVacancies before.",
        "CSWW-R004": "Add the worker records: the extract produced no CSWWWorker rows.",
        "CSWW-R005": (
            "Put the collection year in the header, e.g. 2026 for the year ending 30 September 2026."
        ),
        "CSWW-R006": "Set ReferenceDate to 30 September of the collection year (e.g. 2026-09-30).",
        "CSWW-R007": "Put your council's three-digit DfE LA code in LEA (e.g. 873).",
        "CSWW-R008": "Set the header Collection to CSWW.",
        "CSWW-R009": "Nothing to fix; check the value was read as you meant.",
        "CSWW-R010": "Give each vacancy item as a number of 0 or more, with at most 2 decimal places.",
        "CSWW-R011": (
            "Check the agency FTE and the vacancies; explain it if agency staff cover more than vacancies."
        ),
        "CSWW-R012": "Check NoAgencyFTE against the agency worker records in the file, or explain the gap.",
        "CSWW-R013": "Answer each pay and incentive item with 0 (no), 1 (all eligible) or 2 (some eligible).",
        "CSWW-R020": "Use one of the item's codes (or its label as in the template's list).",
        "CSWW-R021": (
            "Write the value in the item's type: a date as 2026-03-31 or 31/03/2026, a number in digits."
        ),
        "CSWW-R022": "Give FTE as a fraction of full time from 0 to 1 (37 hours a week is 1, 18.5 is 0.5).",
        "CSWW-R023": "Replace the negative number with the true amount (0 or more).",
        "CSWW-R024": (
            "Check the caseload at 30 September; explain it if the worker really held that many cases."
        ),
        "CSWW-R025": (
            "Give ContractWeeks as weeks worked in the year; check for days or hours entered instead."
        ),
        "CSWW-R026": (
            "Use the Social Work England registration number: two letters then digits (e.g. SW123456)."
        ),
        "CSWW-R027": "Check the registration number: Social Work England numbers start with SW.",
        "CSWW-R028": "Remove the item (or its column): it is not collected in this year.",
        "CSWW-R029": "Remove the item (or its column): it is no longer collected; its value is ignored.",
        "CSWW-R030": "Keep one value of the item per record; remove the repeats.",
        "CSWW-R031": "Round the value to the item's decimal places.",
        "CSWW-R040": "Fill in the item for every non-agency worker.",
        "CSWW-R041": "Fill in AgencyWorker (0 or 1), SWENo and FTE for every record.",
        "CSWW-R042": "Give both RoleStartDate and StartOrigin for a starter, or neither.",
        "CSWW-R043": "Give the leaver's ReasonLeave and LeaverDestination (9 or 8 for not known).",
        "CSWW-R044": "Give the RoleEndDate, or remove the leaver items from a worker still in post.",
        "CSWW-R045": (
            "Give a leaving date within the census year (1 October to 30 September), or remove the record."
        ),
        "CSWW-R046": "Remove workers who started after 30 September: they belong in next year's return.",
        "CSWW-R047": "Check the dates: the role cannot end before it starts.",
        "CSWW-R048": "Give a ReasonAbsence with Absat30Sept = 1, and Absat30Sept = 1 with a reason.",
        "CSWW-R049": "Nothing required; give the leaver's FTE if known so leaver FTE counts it.",
        "CSWW-R050": "Check the date of birth (day/month/year order, century).",
        "CSWW-R051": "Give the case holder's Cases30, or correct OrgRole if they held no cases.",
        "CSWW-R052": "Remove the leaver items from the agency record.",
        "CSWW-R053": "Check the date of birth and RoleStartDate.",
        "CSWW-R054": "Give the worker's FTE, or mark them as a leaver if they have left.",
        "CSWW-R060": "Check whether this is one person in two posts; explain it if so.",
        "CSWW-R061": "Remove the repeated record.",
        "CSWW-R062": (
            "Check whether the worker is agency or employed; keep the record that is right at 30 September."
        ),
        "CSWW-R063": "Make the date of birth, sex and ethnicity the same on every record of the worker.",
        "CSWW-R069": "Compare with your council's accepted return for the year before.",
        "CSWW-R070": (
            "Add the worker as a leaver (RoleEndDate and reasons) or in post; or explain why they are not."
        ),
        "CSWW-R071": "Correct the date of birth, or explain the change.",
        "CSWW-R072": "Check the figures against last year; explain the change if it is real.",
        "CSWW-W001": "Upload your own council's return, or ask an administrator for access.",
        "CSWW-W002": "Put the collection year in the header and upload the file again.",
    }
)


def hint_for(code: str) -> str | None:
    """The hint for a rule code, or None for a code without one."""
    return HINTS.get(code)
