"""The census-year registry: which items each collection year has, their types and code sets.

Years are data, not branches in code (shared/spec/census.md sections 3 to 6). Every supported year,
with where its item set comes from and what was assumed, is a row of ``YEAR_PROVENANCE``; items that
exist only in some years are in ``_WORKER_YEARS`` and ``_LA_YEARS``. Adding a later year is a new row
(and, if its items change, a new range): readers, rules and writers ask this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType
from typing import Final


@dataclass(frozen=True, slots=True)
class YearProvenance:
    """Where a collection year's item set comes from, and what was assumed where no source says."""

    year: int
    source: str
    assumptions: str | None = None


_SF_2021 = "Social Finance CSWW XSD 2021 (2021 to 2023 are byte-identical)"
_SF_2024 = "Social Finance CSWW XSD 2024 (2023 with Sex replacing GenderCurrent)"
_SF_2025 = "Social Finance / liia-tools-pipeline CSWW XSD 2025 (pay module; QualInst, CFKSSstatus removed)"
_BEFORE_2021 = "no public schema exists for 2017 to 2020; the 2021 item set is assumed"

YEAR_PROVENANCE: Final = MappingProxyType(
    {
        entry.year: entry
        for entry in (
            *(YearProvenance(year, _SF_2021, _BEFORE_2021) for year in range(2017, 2021)),
            *(YearProvenance(year, _SF_2021) for year in range(2021, 2024)),
            YearProvenance(
                2024,
                _SF_2024,
                "the change from GenderCurrent to Sex is in the Social Finance schema only, "
                "not confirmed by DfE text",
            ),
            YearProvenance(2025, _SF_2025),
            YearProvenance(
                2026,
                _SF_2025,
                "DfE published no guide, specification or schema for the year ending 30 September 2026 "
                "that we know of: 2025's items are assumed unchanged",
            ),
        )
    }
)
YEARS: Final = tuple(sorted(YEAR_PROVENANCE))
FIRST_YEAR: Final = YEARS[0]
LAST_YEAR: Final = YEARS[-1]


class ItemType(Enum):
    CODE = "code"
    TEXT = "text"
    DATE = "date"
    DECIMAL = "decimal"
    INTEGER = "integer"
    SWE_NUMBER = "swe_number"


@dataclass(frozen=True, slots=True)
class CodeSet:
    name: str
    labels: MappingProxyType[str, str]

    def label(self, code: str) -> str | None:
        return self.labels.get(code)


def _codes(name: str, pairs: dict[str, str]) -> CodeSet:
    return CodeSet(name, MappingProxyType(pairs))


CODE_SETS: Final = MappingProxyType(
    {
        cs.name: cs
        for cs in (
            _codes("AgencyWorker", {"0": "Not an agency worker", "1": "Agency worker"}),
            _codes(
                "GenderCurrent",
                {"0": "Not known", "1": "Male", "2": "Female", "9": "Not specified"},
            ),
            _codes("Sex", {"M": "Male", "F": "Female"}),
            _codes(
                "Ethnicity",
                {
                    "WBRI": "White British",
                    "WIRI": "White Irish",
                    "WOTH": "Any other White background",
                    "MWBC": "White and Black Caribbean",
                    "MWBA": "White and Black African",
                    "MWAS": "White and Asian",
                    "MOTH": "Any other Mixed background",
                    "AIND": "Indian",
                    "APKN": "Pakistani",
                    "ABAN": "Bangladeshi",
                    "AOTH": "Any other Asian background",
                    "BCRB": "Black Caribbean",
                    "BAFR": "Black African",
                    "BOTH": "Any other Black background",
                    "CHNE": "Chinese",
                    "OOTH": "Any other ethnic group",
                    "REFU": "Declared not stated or refused",
                    "NOBT": "Information not yet obtained",
                },
            ),
            _codes("QualLevel", {"1": "Under-graduate", "2": "Post-graduate", "3": "Other"}),
            _codes("YesNo", {"0": "No", "1": "Yes"}),
            _codes(
                "OrgRole",
                {
                    "1": "Senior manager",
                    "2": "Middle manager",
                    "3": "First line manager",
                    "4": "Senior practitioner",
                    "5": "Case holder",
                    "6": "Qualified without cases",
                },
            ),
            _codes(
                "StartOrigin",
                {
                    "1": "Newly qualified social worker",
                    "2": "Social worker role in a different local authority in England",
                    "3": "Social worker role outside England",
                    "4": "Agency or consultancy in social work (in England)",
                    "5": "Other social work role, non-local authority (in England)",
                    "6": "Other social care role in local authority / non-local authority (in England)",
                    "7": "Non-social care role / any role outside England / no employment / career break",
                    "8": "Other",
                    "9": "Not known",
                    "10": "Not yet collected",
                },
            ),
            _codes(
                "LeaverDestination",
                {
                    "1": "Social worker role in a different local authority in England",
                    "2": "Social worker role outside England",
                    "3": "Agency or consultancy in social work (in England)",
                    "4": "Other social work role, non-local authority (in England)",
                    "5": "Other social care role in local authority / non-local authority (in England)",
                    "6": "Non-social care role / any role outside England / no employment / career break",
                    "7": "Other",
                    "8": "Not known",
                    "9": "Not yet collected",
                },
            ),
            _codes(
                "ReasonLeave",
                {
                    "1": "Resignation",
                    "2": "Voluntary redundancy",
                    "3": "Compulsory redundancy",
                    "4": "Dismissed",
                    "5": "Retired",
                    "6": "Deceased",
                    "7": "Moved to a non-child and family social work role within the LA",
                    "8": "Other",
                    "9": "Not known",
                    "10": "Not yet collected",
                },
            ),
            _codes(
                "ReasonAbsence",
                {
                    "MAT": "Maternity/paternity leave",
                    "OTH": "Other paid authorised absence",
                    "PUB": "Paid absence for public duties",
                    "SIC": "Sick leave",
                    "TRN": "Training",
                    "UNA": "Unauthorised absence",
                    "UNP": "Unpaid authorised absence",
                },
            ),
            _codes(
                "CFKSSstatus",
                {
                    "1": "Assessed and Supported Year in Employment (ASYE)",
                    "2": "Frontline practitioner",
                    "3": "Practice supervisor",
                    "4": "Practice leader",
                },
            ),
            _codes(
                "noallsome",
                {
                    "0": "No",
                    "1": "Yes, all LA-employed social workers are eligible",
                    "2": "Yes, some LA-employed social workers are eligible",
                },
            ),
        )
    }
)

# Source misspellings tolerated on input (census.md section 5), mapped to the code.
LABEL_ALIASES: Final = MappingProxyType(
    {
        ("OrgRole", "senior practicioner"): "4",
        ("CFKSSstatus", "assessed and supported year in employment (ayse)"): "1",
        ("CFKSSstatus", "ayse"): "1",
        ("CFKSSstatus", "asye"): "1",
    }
)


@dataclass(frozen=True, slots=True)
class ItemSpec:
    """One census item: its type, code set, decimal places and cardinality."""

    name: str
    type: ItemType
    code_set: str | None = None
    decimals: int | None = None
    repeatable: bool = False
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None


def _item(name: str, kind: ItemType, **kwargs: object) -> ItemSpec:
    return ItemSpec(name, kind, **kwargs)  # type: ignore[arg-type]


# Worker items in schema sequence order (census.md section 4). Which years have which is below.
WORKER_ITEMS: Final = MappingProxyType(
    {
        spec.name: spec
        for spec in (
            _item("AgencyWorker", ItemType.CODE, code_set="AgencyWorker"),
            _item("SWENo", ItemType.SWE_NUMBER),
            _item("FTE", ItemType.DECIMAL, decimals=6, minimum=0.0, maximum=1.0),
            _item("PersonBirthDate", ItemType.DATE),
            _item("GenderCurrent", ItemType.CODE, code_set="GenderCurrent"),
            _item("Sex", ItemType.CODE, code_set="Sex"),
            _item("Ethnicity", ItemType.CODE, code_set="Ethnicity"),
            _item("QualInst", ItemType.TEXT, repeatable=True, max_length=300),
            _item("QualLevel", ItemType.CODE, code_set="QualLevel"),
            _item("StepUpGrad", ItemType.CODE, code_set="YesNo"),
            _item("OrgRole", ItemType.CODE, code_set="OrgRole"),
            _item("RoleStartDate", ItemType.DATE),
            _item("StartOrigin", ItemType.CODE, code_set="StartOrigin"),
            _item("RoleEndDate", ItemType.DATE),
            _item("LeaverDestination", ItemType.CODE, code_set="LeaverDestination"),
            _item("ReasonLeave", ItemType.CODE, code_set="ReasonLeave"),
            _item("FTE30", ItemType.DECIMAL, decimals=6, minimum=0.0, maximum=1.0),
            _item("Cases30", ItemType.INTEGER, minimum=0.0),
            _item("WorkingDaysLost", ItemType.DECIMAL, decimals=2, minimum=0.0),
            _item("ContractWeeks", ItemType.DECIMAL, decimals=1, repeatable=True, minimum=0.0),
            _item("FrontlineGrad", ItemType.CODE, code_set="YesNo"),
            _item("Absat30Sept", ItemType.CODE, code_set="YesNo", repeatable=True),
            _item("ReasonAbsence", ItemType.CODE, code_set="ReasonAbsence", repeatable=True),
            _item("CFKSSstatus", ItemType.CODE, code_set="CFKSSstatus", repeatable=True),
            _item("BaseSalary", ItemType.DECIMAL, decimals=2, minimum=0.0),
            _item("RRPayments", ItemType.DECIMAL, decimals=2, minimum=0.0),
            _item("OtherPayments", ItemType.DECIMAL, decimals=2, minimum=0.0),
        )
    }
)

LA_ITEMS: Final = MappingProxyType(
    {
        spec.name: spec
        for spec in (
            _item("NumberOfVacancies", ItemType.DECIMAL, decimals=2, minimum=0.0),
            _item("NoAgencyFTE", ItemType.DECIMAL, decimals=2, minimum=0.0),
            _item("NoAgencyHeadcount", ItemType.INTEGER, minimum=0.0),
            _item("RecruitmentBonus", ItemType.CODE, code_set="noallsome"),
            _item("RetentionBonus", ItemType.CODE, code_set="noallsome"),
            _item("PerformanceAward", ItemType.CODE, code_set="noallsome"),
            _item("CarAllowance", ItemType.CODE, code_set="noallsome"),
            _item("RelocationPackage", ItemType.CODE, code_set="noallsome"),
            _item("RegionalWeighting", ItemType.CODE, code_set="noallsome"),
            _item("CostSWE", ItemType.CODE, code_set="noallsome"),
            _item("CostDBS", ItemType.CODE, code_set="noallsome"),
            _item("OtherAllowances", ItemType.TEXT, max_length=1000),
        )
    }
)

PAY_ITEMS_2025: Final = (
    "RecruitmentBonus",
    "RetentionBonus",
    "PerformanceAward",
    "CarAllowance",
    "RelocationPackage",
    "RegionalWeighting",
    "CostSWE",
    "CostDBS",
    "OtherAllowances",
)

# Items present from a year (inclusive) and until a year (inclusive); absent means every year.
_WORKER_YEARS: Final = MappingProxyType(
    {
        "GenderCurrent": (FIRST_YEAR, 2023),
        "Sex": (2024, LAST_YEAR),
        "QualInst": (FIRST_YEAR, 2024),
        "CFKSSstatus": (FIRST_YEAR, 2024),
        "BaseSalary": (2025, LAST_YEAR),
        "RRPayments": (2025, LAST_YEAR),
        "OtherPayments": (2025, LAST_YEAR),
    }
)
_LA_YEARS: Final = MappingProxyType(dict.fromkeys(PAY_ITEMS_2025, (2025, LAST_YEAR)))
# Items removed in 2025 whose presence is a query (R029), not an error (R028).
REMOVED_IN_2025: Final = frozenset({"QualInst", "CFKSSstatus"})


@dataclass(frozen=True, slots=True)
class CensusYear:
    """Everything that describes one collection year's return."""

    year: int
    la_block_name: str
    worker_items: tuple[ItemSpec, ...]
    la_items: tuple[ItemSpec, ...]
    gender_item: str
    non_agency_mandatory: tuple[str, ...]
    worker_item_names: frozenset[str]
    la_item_names: frozenset[str]
    provenance: YearProvenance


def _in_year(name: str, year: int, table: MappingProxyType[str, tuple[int, int]]) -> bool:
    first, last = table.get(name, (FIRST_YEAR, LAST_YEAR))
    return first <= year <= last


def _build_year(year: int) -> CensusYear:
    worker_items = tuple(s for s in WORKER_ITEMS.values() if _in_year(s.name, year, _WORKER_YEARS))
    la_items = tuple(s for s in LA_ITEMS.values() if _in_year(s.name, year, _LA_YEARS))
    gender_item = "Sex" if year >= 2024 else "GenderCurrent"
    mandatory = [
        "PersonBirthDate",
        gender_item,
        "Ethnicity",
        "QualInst",
        "StepUpGrad",
        "OrgRole",
        "RoleStartDate",
        "StartOrigin",
        "FTE30",
        "WorkingDaysLost",
        "FrontlineGrad",
    ]
    names = {s.name for s in worker_items}
    return CensusYear(
        year=year,
        la_block_name="LALevel" if year >= 2025 else "LALevelVacancies",
        worker_items=worker_items,
        la_items=la_items,
        gender_item=gender_item,
        non_agency_mandatory=tuple(item for item in mandatory if item in names),
        worker_item_names=frozenset(names),
        la_item_names=frozenset(s.name for s in la_items),
        provenance=YEAR_PROVENANCE[year],
    )


CENSUS_YEARS: Final = MappingProxyType({year: _build_year(year) for year in YEARS})

# Items every record must carry, whatever the year (census.md section 8).
EVERY_RECORD_MANDATORY: Final = ("AgencyWorker", "SWENo", "FTE")
LEAVER_ITEMS: Final = ("ReasonLeave", "LeaverDestination")


def census_year(year: int) -> CensusYear:
    """The registry entry for a collection year; KeyError names the supported range."""
    try:
        return CENSUS_YEARS[year]
    except KeyError:
        raise KeyError(
            f"collection year {year} is not supported (supported: {FIRST_YEAR}-{LAST_YEAR})"
        ) from None
