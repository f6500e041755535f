"""The shapes the synthetic workforce is drawn from, where DfE publishes no council figure.

Sources (shared/spec/census.md section 12): England's age mix of in-post staff, starters and
leavers (2024), movers and attrition into agency as shares of leavers (2021-2025). Shapes DfE does
not publish (ethnicity by region, start origins, leaving reasons, salaries) are plausible
inventions, documented in docs/synthetic-data.md.
"""

from __future__ import annotations

from typing import Final

# (lowest age, highest age, weight): England, 2024, in-post headcount by age band.
INPOST_AGES: Final = ((22, 29, 14.7), (30, 39, 30.3), (40, 49, 26.3), (50, 59, 20.4), (60, 66, 8.3))
# New people only: younger than England's starters (27.5% aged 20-29), whose movers and returning
# agency workers come from the older stock.
STARTER_AGES: Final = ((22, 29, 35.0), (30, 39, 32.0), (40, 49, 19.5), (50, 59, 11.5), (60, 64, 2.0))
# Relative chance of leaving by age band, chosen so leavers are 16% 20-29 and 11% 60+ (2024).
LEAVING_WEIGHT_BY_AGE: Final = ((29, 1.2), (39, 1.05), (49, 0.9), (59, 0.85), (200, 1.2))
RETIREMENT_AGE: Final = 67  # staff reaching it by 30 September leave that year

# Share of leavers moving to another council, and going agency, by collection year (England).
MOVER_SHARE: Final = {2021: 0.278, 2022: 0.232, 2023: 0.243, 2024: 0.267, 2025: 0.291}
INTO_AGENCY_SHARE: Final = {2021: 0.175, 2022: 0.2, 2023: 0.181, 2024: 0.124, 2025: 0.066}
DEFAULT_MOVER_SHARE: Final = 0.26
DEFAULT_INTO_AGENCY_SHARE: Final = 0.15

# Other leaver destinations (LeaverDestination codes) for those neither moving nor going agency.
OTHER_DESTINATIONS: Final = (("2", 4), ("4", 12), ("5", 10), ("6", 34), ("7", 6), ("8", 28), ("9", 6))
# ReasonLeave for leavers by destination kind (retirement is decided by age).
MOVER_REASONS: Final = (("1", 90), ("8", 6), ("9", 4))
OTHER_REASONS: Final = (("1", 62), ("2", 3), ("3", 1), ("4", 4), ("7", 6), ("8", 10), ("9", 14))
RETIRED_REASON: Final = "5"

# StartOrigin of new people (not movers, not returning agency staff).
NEW_STARTER_ORIGINS: Final = (("3", 6), ("5", 12), ("6", 10), ("7", 8), ("8", 5), ("9", 14))
# Chance a new starter is newly qualified, by age (up to the age given): about a third overall.
NEWLY_QUALIFIED_BY_AGE: Final = ((29, 0.8), (39, 0.35), (49, 0.1))
FROM_AGENCY_SHARE: Final = 0.07  # starters who were agency workers in the region

FEMALE_SHARE: Final = 0.86
# Ethnicity codes and weights (percent), outside and inside London.
ETHNICITY: Final = (
    ("WBRI", 66), ("WIRI", 1.5), ("WOTH", 6), ("MWBC", 1.5), ("MWBA", 0.7), ("MWAS", 0.8),
    ("MOTH", 1.2), ("AIND", 2.5), ("APKN", 2), ("ABAN", 0.6), ("AOTH", 1), ("BCRB", 2.5),
    ("BAFR", 7), ("BOTH", 1), ("CHNE", 0.3), ("OOTH", 1.4), ("REFU", 2), ("NOBT", 2),
)  # fmt: skip
ETHNICITY_LONDON: Final = (
    ("WBRI", 34), ("WIRI", 2), ("WOTH", 9), ("MWBC", 3), ("MWBA", 1.5), ("MWAS", 1.2),
    ("MOTH", 2.3), ("AIND", 3.5), ("APKN", 2), ("ABAN", 1.5), ("AOTH", 2), ("BCRB", 9),
    ("BAFR", 18), ("BOTH", 3), ("CHNE", 0.5), ("OOTH", 2.5), ("REFU", 2), ("NOBT", 3),
)  # fmt: skip
QUAL_LEVELS: Final = (("1", 56), ("2", 39), ("3", 5))
# Invented places of qualification (no real institution is named).
QUALIFYING_INSTITUTIONS: Final = tuple(
    f"{place} University"
    for place in (
        "Amberley", "Brackenford", "Castlebridge", "Dunmere", "Eastwick", "Fernhill", "Glenholt",
        "Harrowgate Vale", "Ivybridge Park", "Kingsmere", "Larkfield", "Millbrook", "Northcott",
        "Oakhurst", "Pennington", "Queensbury Hill", "Redwater", "Silverdale", "Thornbury", "Westmoor",
    )
)  # fmt: skip

# Annual base salary (pounds) by OrgRole at 2025 prices, lowest and highest.
BASE_SALARY: Final = {
    "1": (78000, 105000),
    "2": (60000, 74000),
    "3": (49000, 58000),
    "4": (43000, 51000),
    "5": (36000, 45000),
    "6": (36000, 48000),
}
ABSENCE_REASONS: Final = (
    ("SIC", 45),
    ("MAT", 35),
    ("OTH", 8),
    ("TRN", 4),
    ("UNP", 5),
    ("PUB", 1),
    ("UNA", 2),
)
ABSENT_ON_REFERENCE_DAY: Final = 0.04
CASE_HOLDING_AGENCY_SHARE: Final = 0.85
# OrgRole of agency workers, holding cases or not.
AGENCY_CASE_HOLDER_ROLES: Final = (("5", 75), ("4", 17), ("3", 8))
AGENCY_OTHER_ROLES: Final = (("6", 50), ("3", 30), ("2", 15), ("1", 5))
AGENCY_CONTRACT_CONTINUES: Final = 0.6
