"""Small hand-made SSDA903 tables with known answers (synthetic; no real child).

Collection year 2025 (1 April 2024 to 31 March 2025). Children:

- A: in care (C2) throughout; SW1 -> SW2 -> SW1: 2 social workers, 2 changes.
- B: in care from 15/05/2024 (C1); SW3 -> SW4 -> SW5: 3 social workers, 2 changes.
- C: short breaks (V3): not counted.
- D: left care on 15/03/2025: not counted; its episode ending then is no change.
- E: in care from 01/03/2025, no social worker recorded: the "0" bucket.
- F: care ended on 31/03/2025: not looked after at the end of 31 March.
- G: in care from 31/03/2025 (E1) with SW6 from that day: 1.
- H: in care from 01/04/2025: after the year.
- I: SW7 ended 31/03/2024 (before the year), SW8 since: 1.
- J: SW9 ended 01/04/2024 (the year's first day, so it overlaps), SW10 since: 2, 1 change.
- K: two care episodes (a placement change), one social worker: 1.
"""

from __future__ import annotations

from pathlib import Path

from csc_workforce.export.census_xml import write_census_xml
from tests.unit.measures.builders import agency, census, employed

EPISODES = """\
child,decom,rne,ls,cin,place,place_provider,dec,rec,reason_place_change,home_post,pl_post,urn
A,01/01/2024,S,C2,N1,U1,PR1,,,,AB1,AB2,SC0001
B,15/05/2024,S,C1,N1,U1,PR1,,,,AB1,AB2,SC0001
C,01/02/2025,S,V3,N1,U1,PR1,,,,AB1,AB2,SC0001
D,01/01/2024,S,V2,N1,U1,PR1,15/03/2025,E11,,AB1,AB2,SC0001
E,01/03/2025,S,C2,N1,U1,PR1,,,,AB1,AB2,SC0001
F,01/06/2024,S,C2,N1,U1,PR1,31/03/2025,E11,,AB1,AB2,SC0001
G,31/03/2025,S,E1,N1,U1,PR1,,,,AB1,AB2,SC0001
H,01/04/2025,S,C2,N1,U1,PR1,,,,AB1,AB2,SC0001
I,01/01/2022,S,C2,N1,U1,PR1,,,,AB1,AB2,SC0001
J,01/01/2023,S,C2,N1,U1,PR1,,,,AB1,AB2,SC0001
K,01/01/2024,S,C2,N1,U1,PR1,01/08/2024,X1,,AB1,AB2,SC0001
K,01/08/2024,P,C2,N1,U2,PR1,,,,AB1,AB2,SC0001
"""

# Columns in another order and case, as some case systems export them.
SOCIAL_WORKERS = """\
SW_REASON,Child,dob,SW_ID,SW_DECOM,SW_DEC
FCONTA,A,15/06/2012,SW1,01/01/2024,10/06/2024
ABSENC,A,15/06/2012,SW2,10/06/2024,01/09/2024
OTHERS,A,15/06/2012,SW1,01/09/2024,
FCONTA,B,03/04/2024,SW3,15/05/2024,20/07/2024
LEFTRL,B,03/04/2024,SW4,20/07/2024,15/11/2024
MANAGE,B,03/04/2024,SW5,15/11/2024,
FCONTA,C,01/01/2015,SW1,01/02/2025,
FCONTA,D,01/01/2010,SW2,01/01/2024,15/03/2025
FCONTA,F,01/01/2010,SW2,01/06/2024,31/03/2025
FCONTA,G,31/03/2008,SW6,31/03/2025,
FCONTA,H,01/01/2019,SW12,01/04/2025,
FCONTA,I,01/01/2016,SW7,01/01/2022,31/03/2024
MANAGE,I,01/01/2016,SW8,31/03/2024,
FCONTA,J,01/09/2018,SW9,01/01/2023,01/04/2024
LEFTRL,J,01/09/2018,SW10,01/04/2024,
FCONTA,K,01/01/2020,SW11,01/01/2024,
"""

HEADER = """\
CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB
A,1,15/06/2012,WBRI,A123456789012,,
B,2,03/04/2024,WBRI,,,
E,2,01/03/2010,WBRI,,,
G,1,31/03/2008,WBRI,,,
I,2,01/01/2016,WBRI,,,
J,1,01/09/2018,WBRI,,,
K,2,01/01/2020,WBRI,,,
"""

# What each figure must be.
EXPECTED = {
    "year": 2025,
    "children_looked_after": 7,
    "with_social_workers": {"0": 1, "1": 3, "2": 2, "3+": 1},
    "share_three_or_more": 14.3,
    "reasons": {"ABSENC": 1, "FCONTA": 4, "LEFTRL": 2, "MANAGE": 1, "OTHERS": 1},
    "changes": {"left_council": 1, "agency": 1, "absent": 1, "still_in_post": 1, "not_in_census": 1},
}


def census_2024():
    """SW1 absent on 30 September 2024, SW2 agency, SW3 left 26 days after B's episode ended,
    SW9 still in post; SW4 (ended 15/11/2024) is in no 2025 census."""
    return census(
        [
            employed(1, "SW1", Absat30Sept="1", ReasonAbsence="SIC"),
            agency(2, "SW2"),
            employed(3, "SW3", RoleEndDate="2024-08-15", LeaverDestination="1", ReasonLeave="1", FTE30="0"),
            employed(4, "SW9"),
        ],
        year=2024,
        lea="800",
    )


def census_2025():
    return census([employed(1, "SW5"), employed(2, "SW1")], year=2025, lea="800")


def write(folder: Path) -> dict[str, Path]:
    paths = {
        "episodes": folder / "episodes.csv",
        "social_workers": folder / "social_workers.csv",
        "header": folder / "header.csv",
        "census_2024": folder / "census" / "800_2024.xml",
        "census_2025": folder / "census" / "800_2025.xml",
    }
    paths["episodes"].write_text(EPISODES)
    paths["social_workers"].write_text(SOCIAL_WORKERS)
    paths["header"].write_text(HEADER)
    write_census_xml(census_2024(), paths["census_2024"])
    write_census_xml(census_2025(), paths["census_2025"])
    return paths
