"""Plain-English meanings of census items, for templates, notes sheets and help text.

Wording follows shared/spec/census.md sections 2 to 4. Kept apart from the registry because it is
prose for people, not rules for machines.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

HEADER_DESCRIPTIONS: Final = MappingProxyType(
    {
        "Collection": "Always CSWW.",
        "Year": "Collection year Y: the census covers 1 October Y-1 to 30 September Y.",
        "ReferenceDate": "30 September of the collection year.",
        "SourceLevel": "Always L (local authority).",
        "LEA": "The DfE three-digit local authority code, e.g. 301.",
        "SoftwareCode": "Optional: the system that produced the return.",
        "DateTime": "Optional: when the return was produced (YYYY-MM-DDThh:mm:ss).",
    }
)

LA_DESCRIPTIONS: Final = MappingProxyType(
    {
        "NumberOfVacancies": "FTE vacancies at 30 September, including posts covered by agency workers.",
        "NoAgencyFTE": "FTE of agency workers covering vacancies at 30 September.",
        "NoAgencyHeadcount": "Headcount of agency workers covering vacancies at 30 September.",
        "RecruitmentBonus": "Recruitment bonus offered.",
        "RetentionBonus": "Retention bonus offered.",
        "PerformanceAward": "Performance award offered.",
        "CarAllowance": "Car allowance offered.",
        "RelocationPackage": "Relocation package offered.",
        "RegionalWeighting": "Regional weighting paid.",
        "CostSWE": "The LA pays the Social Work England registration fee.",
        "CostDBS": "The LA pays the DBS check.",
        "OtherAllowances": "Other allowances (free text).",
    }
)

WORKER_DESCRIPTIONS: Final = MappingProxyType(
    {
        "AgencyWorker": "Whether the worker is an agency worker (not paid directly by the LA).",
        "SWENo": "Social Work England registration number, e.g. SW123456. The only person key.",
        "FTE": "Full-time equivalent, 0 to 1, up to 6 decimal places.",
        "PersonBirthDate": "Date of birth.",
        "GenderCurrent": "Gender (to 2023).",
        "Sex": "Sex (from 2024).",
        "Ethnicity": "Ethnicity, standard four-letter code.",
        "QualInst": "Institution where the worker qualified (to 2024; up to 300 characters).",
        "QualLevel": "Level of the social work qualification.",
        "StepUpGrad": "Step Up to Social Work graduate.",
        "OrgRole": "Role (seniority).",
        "RoleStartDate": "Start date in the post. A date inside the census year makes a starter.",
        "StartOrigin": "Where the worker came from. Give it exactly when RoleStartDate is given.",
        "RoleEndDate": "End date in the post, inside the census year. Only for leavers.",
        "LeaverDestination": "Where the leaver went. Give it exactly when RoleEndDate is given.",
        "ReasonLeave": "Why the worker left. Give it exactly when RoleEndDate is given.",
        "FTE30": "Second FTE figure tied to a 30 September, 0 to 1.",
        "Cases30": "Cases held at 30 September (whole number).",
        "WorkingDaysLost": "Working days lost to sickness absence during the year (up to 2 decimals).",
        "ContractWeeks": "Agency worker's length of contract in weeks (1 decimal).",
        "FrontlineGrad": "Frontline programme graduate.",
        "Absat30Sept": "Absent on 30 September.",
        "ReasonAbsence": "Reason for the absence on 30 September.",
        "CFKSSstatus": "Child and Family Knowledge and Skills Statement status (to 2024).",
        "BaseSalary": "Base salary (2025).",
        "RRPayments": "Recruitment and retention payments (2025).",
        "OtherPayments": "Other payments (2025).",
    }
)


def describe(item: str) -> str:
    """The meaning of a header field, LA-level item or worker item; empty when unknown."""
    for table in (WORKER_DESCRIPTIONS, LA_DESCRIPTIONS, HEADER_DESCRIPTIONS):
        if item in table:
            return table[item]
    return ""
