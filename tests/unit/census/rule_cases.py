"""A failing and a passing case for every validation rule, each one change to a clean return.

A case either changes the clean return in memory (``change``) or changes its XML text before it is
read (``xml``), for the rules about what the reader found. ``previous`` builds last year's return
for the continuity rules. ``where`` is the (record, field) the failing issue must point at.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from csc_workforce.core.census.model import CensusReturn, ReadNote, WorkerRecord
from tests.unit.census.clean import agency_items, clean_return, in_post_items

Change = Callable[[CensusReturn], None]
YEAR = 2022
IN_POST, LEAVER, AGENCY = 1, 2, 3


def _nothing(census: CensusReturn) -> None:
    del census


def _set(record: int, **values: str | list[str] | None) -> Change:
    """Set (a string or a list), or remove (None) items of worker ``record``."""

    def change(census: CensusReturn) -> None:
        items = census.workers[record - 1].items
        for name, value in values.items():
            if value is None:
                items.pop(name, None)
            else:
                items[name] = [value] if isinstance(value, str) else value

    return change


def _la(**values: str | None) -> Change:
    def change(census: CensusReturn) -> None:
        for name, value in values.items():
            if value is None:
                census.la_items.pop(name, None)
            else:
                census.la_items[name] = [value]

    return change


def _header(**values: str | None) -> Change:
    def change(census: CensusReturn) -> None:
        for name, value in values.items():
            setattr(census.header, name, value)

    return change


def _both(*changes: Change) -> Change:
    def change(census: CensusReturn) -> None:
        for each in changes:
            each(census)

    return change


def _add_worker(items: Callable[[CensusReturn], dict[str, list[str]]]) -> Change:
    def change(census: CensusReturn) -> None:
        census.workers.append(WorkerRecord(len(census.workers) + 1, items(census)))

    return change


def _copy_of(record: int, **values: str) -> Callable[[CensusReturn], dict[str, list[str]]]:
    def items(census: CensusReturn) -> dict[str, list[str]]:
        copied = {name: list(found) for name, found in census.workers[record - 1].items.items()}
        copied.update({name: [value] for name, value in values.items()})
        return copied

    return items


def _no_la_block(census: CensusReturn) -> None:
    census.la_block_name = None
    census.la_items = {}


def _no_workers(census: CensusReturn) -> None:
    census.workers = []


def _note(census: CensusReturn) -> None:
    census.notes.append(ReadNote("label 'Case holder' mapped to code '5'", IN_POST, "OrgRole"))


def _block_name(name: str) -> Change:
    def change(census: CensusReturn) -> None:
        census.la_block_name = name

    return change


def _last_year(year: int) -> CensusReturn:
    return clean_return(year - 1)


def _last_year_with(change: Change) -> Callable[[int], CensusReturn]:
    def build(year: int) -> CensusReturn:
        census = clean_return(year - 1)
        change(census)
        return census

    return build


def _other_la_last_year(year: int) -> CensusReturn:
    return clean_return(year - 1, lea="302")


def _two_years_ago(year: int) -> CensusReturn:
    return clean_return(year - 2)


@dataclass(frozen=True)
class Case:
    code: str
    fires: bool
    name: str
    change: Change = _nothing
    year: int = YEAR
    xml: Callable[[str], str] | None = None
    previous: Callable[[int], CensusReturn] | None = None
    where: tuple[int | None, str | None] | None = None

    @property
    def id(self) -> str:
        return f"{self.code}-{'fails' if self.fires else 'passes'}-{self.name}"


def _fails(code: str, name: str, change: Change = _nothing, **kwargs: object) -> Case:
    return Case(code, True, name, change, **kwargs)  # type: ignore[arg-type]


def _passes(code: str, name: str, change: Change = _nothing, **kwargs: object) -> Case:
    return Case(code, False, name, change, **kwargs)  # type: ignore[arg-type]


CASES: tuple[Case, ...] = (
    # --- file and header ---------------------------------------------------------------------
    _fails("CSWW-R001", "truncated", xml=lambda text: text[: len(text) // 2]),
    _fails("CSWW-R001", "root-not-message", xml=lambda text: text.replace("Message>", "Return>")),
    _passes("CSWW-R001", "well-formed", xml=lambda text: text),
    _fails("CSWW-R002", "missing", _no_la_block, where=(None, "LALevelVacancies")),
    _fails(
        "CSWW-R002",
        "repeated",
        xml=lambda text: text.replace("<CSWWWorker>", "<LALevelVacancies/><CSWWWorker>", 1).replace(
            "<LALevelVacancies/>", "<LALevelVacancies><NoAgencyFTE>1</NoAgencyFTE></LALevelVacancies>"
        ),
    ),
    _passes("CSWW-R002", "one-block"),
    _fails("CSWW-R003", "lalevel-in-2022", _block_name("LALevel"), where=(None, "LALevel")),
    _fails("CSWW-R003", "vacancies-in-2025", _block_name("LALevelVacancies"), year=2025),
    _passes("CSWW-R003", "lalevel-in-2025", year=2025),
    _fails("CSWW-R004", "no-workers", _no_workers, where=(None, "CSWWWorker")),
    _passes("CSWW-R004", "workers"),
    _fails("CSWW-R005", "two-digits", _header(year="22"), where=(None, "Year")),
    _fails("CSWW-R005", "missing", _header(year=None)),
    _fails("CSWW-R005", "unsupported", _header(year="2030", reference_date="2030-09-30")),
    _passes("CSWW-R005", "four-digits"),
    _fails("CSWW-R006", "march", _header(reference_date=f"{YEAR}-03-31"), where=(None, "ReferenceDate")),
    _fails("CSWW-R006", "missing", _header(reference_date=None)),
    _fails("CSWW-R006", "other-year", _header(reference_date=f"{YEAR - 1}-09-30")),
    _passes("CSWW-R006", "30-september"),
    _fails("CSWW-R007", "two-digits", _header(lea="30"), where=(None, "LEA")),
    _fails("CSWW-R007", "unknown-code", _header(lea="991")),
    _fails("CSWW-R007", "missing", _header(lea=None)),
    _passes("CSWW-R007", "known-code"),
    _fails("CSWW-R008", "typo", _header(collection="CSWWW"), where=(None, "Collection")),
    _passes("CSWW-R008", "csww"),
    _passes("CSWW-R008", "absent", _header(collection=None)),
    _fails("CSWW-R009", "label-note", _note, where=(IN_POST, "OrgRole")),
    _fails(
        "CSWW-R009",
        "release-in-header",
        xml=lambda text: text.replace("<SoftwareCode>", "<Release>1</Release><SoftwareCode>"),
    ),
    _passes("CSWW-R009", "nothing-normalised", xml=lambda text: text),
    # --- LA level ----------------------------------------------------------------------------
    _fails("CSWW-R010", "negative", _la(NumberOfVacancies="-1"), where=(None, "NumberOfVacancies")),
    _fails("CSWW-R010", "not-a-number", _la(NoAgencyFTE="some")),
    _fails("CSWW-R010", "three-places", _la(NumberOfVacancies="5.125")),
    _fails("CSWW-R010", "headcount-fraction", _la(NoAgencyHeadcount="1.5")),
    _fails("CSWW-R010", "missing", _la(NoAgencyHeadcount=None)),
    _passes("CSWW-R010", "zero-and-two-places", _la(NumberOfVacancies="0.25", NoAgencyFTE="0")),
    _fails("CSWW-R011", "cover-above-vacancies", _la(NumberOfVacancies="0.5"), where=(None, "NoAgencyFTE")),
    _passes("CSWW-R011", "cover-equal-to-vacancies", _la(NumberOfVacancies="1")),
    _fails("CSWW-R012", "cover-above-agency-fte", _la(NoAgencyFTE="1.5"), where=(None, "NoAgencyFTE")),
    _passes("CSWW-R012", "cover-equal-to-agency-fte", _la(NoAgencyFTE="1.00")),
    _fails("CSWW-R013", "code-3", _la(RecruitmentBonus="3"), year=2025, where=(None, "RecruitmentBonus")),
    _fails("CSWW-R013", "missing", _la(CostDBS=None), year=2025),
    _passes("CSWW-R013", "codes-0-1-2", _la(CostDBS="2", CostSWE="0"), year=2025),
    _passes("CSWW-R013", "not-before-2025", year=2024),
    # --- item values -------------------------------------------------------------------------
    _fails("CSWW-R020", "orgrole-7", _set(IN_POST, OrgRole="7"), where=(IN_POST, "OrgRole")),
    _fails("CSWW-R020", "sex-in-2024", _set(IN_POST, Sex="X"), year=2024),
    _fails("CSWW-R020", "irish-traveller", _set(IN_POST, Ethnicity="WIRT")),
    _passes("CSWW-R020", "orgrole-6", _set(IN_POST, OrgRole="6")),
    _fails(
        "CSWW-R021",
        "impossible-date",
        _set(IN_POST, PersonBirthDate="1985-02-30"),
        where=(1, "PersonBirthDate"),
    ),
    _fails("CSWW-R021", "words-for-number", _set(IN_POST, Cases30="twelve")),
    _fails("CSWW-R021", "fraction-of-a-case", _set(IN_POST, Cases30="2.5")),
    _fails("CSWW-R021", "uk-date", _set(IN_POST, RoleStartDate="02/04/2012")),
    _fails("CSWW-R021", "long-institution", _set(IN_POST, QualInst="x" * 301)),
    _passes("CSWW-R021", "leap-day", _set(IN_POST, PersonBirthDate="1984-02-29", QualInst="x" * 300)),
    _fails("CSWW-R022", "fte-above-1", _set(IN_POST, FTE="1.2"), where=(IN_POST, "FTE")),
    _fails("CSWW-R022", "fte30-negative", _set(IN_POST, FTE30="-0.1")),
    _fails("CSWW-R022", "seven-places", _set(IN_POST, FTE="0.1234567")),
    _passes("CSWW-R022", "six-places", _set(IN_POST, FTE="0.123456", FTE30="0")),
    _fails(
        "CSWW-R023", "negative-days-lost", _set(IN_POST, WorkingDaysLost="-1"), where=(1, "WorkingDaysLost")
    ),
    _fails("CSWW-R023", "negative-cases", _set(IN_POST, Cases30="-3")),
    _fails("CSWW-R023", "negative-contract", _set(AGENCY, ContractWeeks="-4")),
    _fails("CSWW-R023", "negative-salary", _set(IN_POST, BaseSalary="-1"), year=2025),
    _passes("CSWW-R023", "zero", _set(IN_POST, WorkingDaysLost="0", Cases30="0")),
    _fails("CSWW-R024", "41-cases", _set(IN_POST, Cases30="41"), where=(IN_POST, "Cases30")),
    _passes("CSWW-R024", "40-cases", _set(IN_POST, Cases30="40")),
    _fails("CSWW-R025", "over-500-weeks", _set(AGENCY, ContractWeeks="500.1"), where=(3, "ContractWeeks")),
    _passes("CSWW-R025", "500-weeks", _set(AGENCY, ContractWeeks="500.0")),
    _fails("CSWW-R026", "one-letter", _set(IN_POST, SWENo="S1234"), where=(IN_POST, "SWENo")),
    _fails("CSWW-R026", "13-digits", _set(IN_POST, SWENo="SW1234567890123")),
    _fails("CSWW-R026", "no-digits", _set(IN_POST, SWENo="SWABC")),
    _passes("CSWW-R026", "12-digits", _set(IN_POST, SWENo="SW123456789012")),
    _fails("CSWW-R027", "hcpc-prefix", _set(IN_POST, SWENo="AB123456"), where=(IN_POST, "SWENo")),
    _passes("CSWW-R027", "sw-prefix", _set(IN_POST, SWENo="SW7")),
    _fails("CSWW-R028", "sex-in-2022", _set(IN_POST, Sex="F"), where=(IN_POST, "Sex")),
    _fails("CSWW-R028", "gender-in-2024", _set(IN_POST, GenderCurrent="2"), year=2024),
    _fails("CSWW-R028", "salary-in-2024", _set(IN_POST, BaseSalary="100.00"), year=2024),
    _fails("CSWW-R028", "unknown-item", _set(IN_POST, Mystery="x")),
    _fails("CSWW-R028", "pay-item-in-2024", _la(CostDBS="1"), year=2024),
    _passes("CSWW-R028", "sex-in-2024", year=2024),
    _fails("CSWW-R029", "qualinst-2025", _set(IN_POST, QualInst="Uni"), year=2025, where=(1, "QualInst")),
    _fails("CSWW-R029", "cfkss-2025", _set(IN_POST, CFKSSstatus="1"), year=2025),
    _passes("CSWW-R029", "qualinst-2024", _set(IN_POST, QualInst="Uni"), year=2024),
    _fails("CSWW-R030", "orgrole-twice", _set(IN_POST, OrgRole=["5", "5"]), where=(IN_POST, "OrgRole")),
    _fails(
        "CSWW-R030",
        "la-item-twice",
        xml=lambda text: text.replace("<NoAgencyFTE>", "<NoAgencyFTE>1</NoAgencyFTE><NoAgencyFTE>", 1),
    ),
    _passes(
        "CSWW-R030", "repeatable-items", _set(AGENCY, ContractWeeks=["4.0", "8.5"], Absat30Sept=["0", "0"])
    ),
    _fails(
        "CSWW-R031",
        "three-places",
        _set(IN_POST, WorkingDaysLost="2.555"),
        where=(IN_POST, "WorkingDaysLost"),
    ),
    _fails("CSWW-R031", "salary-three-places", _set(IN_POST, BaseSalary="100.005"), year=2025),
    _passes("CSWW-R031", "two-places", _set(IN_POST, WorkingDaysLost="2.55")),
    # --- records -----------------------------------------------------------------------------
    _fails("CSWW-R040", "no-ethnicity", _set(IN_POST, Ethnicity=None), where=(IN_POST, "Ethnicity")),
    _fails("CSWW-R040", "no-sex-2024", _set(IN_POST, Sex=None), year=2024),
    _fails("CSWW-R040", "no-qualinst-2024", _set(IN_POST, QualInst=None), year=2024),
    _passes("CSWW-R040", "no-qualinst-2025", year=2025),
    _passes("CSWW-R040", "agency-without-them"),
    _fails("CSWW-R041", "agency-no-fte", _set(AGENCY, FTE=None), where=(AGENCY, "FTE")),
    _fails("CSWW-R041", "no-swe", _set(LEAVER, SWENo=None)),
    _fails("CSWW-R041", "no-agency-flag", _set(IN_POST, AgencyWorker=None)),
    _passes("CSWW-R041", "all-present"),
    _fails("CSWW-R042", "start-without-origin", _set(IN_POST, StartOrigin=None), where=(1, "StartOrigin")),
    _fails("CSWW-R042", "origin-without-start", _set(AGENCY, StartOrigin="4")),
    _passes("CSWW-R042", "agency-neither"),
    _passes("CSWW-R042", "agency-both", _set(AGENCY, StartOrigin="4", RoleStartDate=f"{YEAR}-01-04")),
    _fails("CSWW-R043", "no-reason", _set(LEAVER, ReasonLeave=None), where=(LEAVER, "ReasonLeave")),
    _fails("CSWW-R043", "no-destination", _set(LEAVER, LeaverDestination=None)),
    _passes("CSWW-R043", "both"),
    _fails("CSWW-R044", "reason-in-post", _set(IN_POST, ReasonLeave="1"), where=(IN_POST, "ReasonLeave")),
    _fails("CSWW-R044", "destination-in-post", _set(IN_POST, LeaverDestination="2")),
    _passes("CSWW-R044", "leaver"),
    _fails(
        "CSWW-R045", "after-year", _set(LEAVER, RoleEndDate=f"{YEAR}-10-01"), where=(LEAVER, "RoleEndDate")
    ),
    _fails("CSWW-R045", "before-year", _set(LEAVER, RoleEndDate=f"{YEAR - 1}-09-30")),
    _passes("CSWW-R045", "last-day", _set(LEAVER, RoleEndDate=f"{YEAR}-09-30")),
    _passes("CSWW-R045", "first-day", _set(LEAVER, RoleEndDate=f"{YEAR - 1}-10-01")),
    _fails(
        "CSWW-R046", "october", _set(IN_POST, RoleStartDate=f"{YEAR}-10-01"), where=(IN_POST, "RoleStartDate")
    ),
    _passes("CSWW-R046", "30-september", _set(IN_POST, RoleStartDate=f"{YEAR}-09-30")),
    _fails(
        "CSWW-R047",
        "end-before-start",
        _set(LEAVER, RoleStartDate=f"{YEAR}-07-01", RoleEndDate=f"{YEAR}-06-30"),
        where=(LEAVER, "RoleEndDate"),
    ),
    _passes("CSWW-R047", "same-day", _set(LEAVER, RoleStartDate=f"{YEAR}-06-30")),
    _fails(
        "CSWW-R048", "reason-not-absent", _set(IN_POST, ReasonAbsence="SIC"), where=(IN_POST, "ReasonAbsence")
    ),
    _fails("CSWW-R048", "absent-no-reason", _set(IN_POST, Absat30Sept="1")),
    _passes("CSWW-R048", "absent-with-reason", _set(IN_POST, Absat30Sept="1", ReasonAbsence="MAT")),
    _fails("CSWW-R049", "no-leaver-fte", _set(LEAVER, FTE="0", FTE30="0"), where=(LEAVER, "FTE")),
    _fails("CSWW-R049", "missing-leaver-fte", _set(LEAVER, FTE="0", FTE30=None)),
    _passes("CSWW-R049", "fte30-only", _set(LEAVER, FTE="0")),
    _fails(
        "CSWW-R050",
        "nineteen",
        _set(IN_POST, PersonBirthDate=f"{YEAR - 20}-10-01", RoleStartDate=f"{YEAR}-09-01"),
        where=(IN_POST, "PersonBirthDate"),
    ),
    _fails("CSWW-R050", "seventy-six", _set(IN_POST, PersonBirthDate=f"{YEAR - 76}-09-30")),
    _passes(
        "CSWW-R050",
        "twenty",
        _set(IN_POST, PersonBirthDate=f"{YEAR - 20}-09-30", RoleStartDate=f"{YEAR}-09-01"),
    ),
    _passes("CSWW-R050", "seventy-five", _set(IN_POST, PersonBirthDate=f"{YEAR - 75}-09-30")),
    _passes(
        "CSWW-R050",
        "twenty-at-leaving",  # 20 on the day they left, though 21 by 30 September would pass too
        _set(LEAVER, PersonBirthDate=f"{YEAR - 20}-06-30", RoleStartDate=f"{YEAR - 1}-11-01"),
    ),
    _fails(
        "CSWW-R050",
        "nineteen-at-leaving",
        _set(LEAVER, PersonBirthDate=f"{YEAR - 20}-07-01", RoleStartDate=f"{YEAR - 1}-11-01"),
    ),
    _fails("CSWW-R051", "no-cases", _set(IN_POST, Cases30="0"), where=(IN_POST, "Cases30")),
    _fails("CSWW-R051", "cases-missing", _set(IN_POST, Cases30=None)),
    _passes("CSWW-R051", "one-case", _set(IN_POST, Cases30="1")),
    _passes("CSWW-R051", "leaver-case-holder", _set(LEAVER, OrgRole="5", Cases30="0")),
    _fails(
        "CSWW-R052",
        "agency-leaver",
        _set(AGENCY, RoleEndDate=f"{YEAR}-01-01", ReasonLeave="1", LeaverDestination="3"),
        where=(AGENCY, "RoleEndDate"),
    ),
    _passes("CSWW-R052", "agency-without-leaver-items"),
    _fails(
        "CSWW-R053",
        "started-at-17",
        _set(IN_POST, PersonBirthDate="1994-05-17", RoleStartDate="2012-05-16"),
        where=(IN_POST, "RoleStartDate"),
    ),
    _passes(
        "CSWW-R053", "started-at-18", _set(IN_POST, PersonBirthDate="1994-05-17", RoleStartDate="2012-05-17")
    ),
    _fails("CSWW-R054", "in-post-fte-0", _set(IN_POST, FTE="0"), where=(IN_POST, "FTE")),
    _passes("CSWW-R054", "leaver-fte-0", _set(LEAVER, FTE="0")),
    _passes("CSWW-R054", "agency-fte-0", _set(AGENCY, FTE="0")),
    # --- duplicates --------------------------------------------------------------------------
    _fails("CSWW-R060", "two-posts", _add_worker(_copy_of(IN_POST, OrgRole="4")), where=(4, "SWENo")),
    _passes("CSWW-R060", "exact-repeat-is-r061", _add_worker(_copy_of(IN_POST))),
    _passes(
        "CSWW-R060",
        "in-post-and-leaver",
        _add_worker(_copy_of(LEAVER, SWENo="SW100001", PersonBirthDate="1985-05-17", Ethnicity="WBRI")),
    ),
    _passes("CSWW-R060", "agency-repeats", _add_worker(lambda census: agency_items(swe="SW100003"))),
    _fails("CSWW-R061", "exact-repeat", _add_worker(_copy_of(IN_POST)), where=(4, "SWENo")),
    _fails("CSWW-R061", "agency-exact-repeat", _add_worker(_copy_of(AGENCY)), where=(4, "SWENo")),
    _passes("CSWW-R061", "differs-in-one-item", _add_worker(_copy_of(IN_POST, Cases30="15"))),
    _fails(
        "CSWW-R062",
        "agency-and-in-post",
        _add_worker(lambda census: agency_items("SW100001")),
        where=(4, "SWENo"),
    ),
    _passes("CSWW-R062", "agency-and-leaver", _add_worker(lambda census: agency_items("SW100002"))),
    _fails(
        "CSWW-R063",
        "other-ethnicity",
        _add_worker(_copy_of(IN_POST, Ethnicity="WIRI", OrgRole="4")),
        where=(4, "Ethnicity"),
    ),
    _fails("CSWW-R063", "other-birth-date", _add_worker(_copy_of(IN_POST, PersonBirthDate="1985-05-18"))),
    _passes("CSWW-R063", "same-person", _add_worker(_copy_of(IN_POST, OrgRole="4"))),
    # --- continuity --------------------------------------------------------------------------
    _fails("CSWW-R069", "other-la", previous=_other_la_last_year, where=(None, "LEA")),
    _fails("CSWW-R069", "two-years-back", previous=_two_years_ago, where=(None, "Year")),
    _passes("CSWW-R069", "same-la-year-before", previous=_last_year),
    _passes("CSWW-R069", "no-previous"),
    _fails(
        "CSWW-R070",
        "vanished",
        previous=_last_year_with(_add_worker(lambda census: in_post_items(YEAR - 1, "SW999999"))),
        where=(None, "SWENo"),
    ),
    _passes("CSWW-R070", "still-in-post", previous=_last_year),
    _passes(
        "CSWW-R070",
        "left-last-year",
        previous=_last_year_with(
            _add_worker(_copy_of(LEAVER, SWENo="SW999999", RoleEndDate=f"{YEAR - 1}-06-30"))
        ),
    ),
    _passes(
        "CSWW-R070",
        "now-a-leaver",
        _set(IN_POST, RoleEndDate=f"{YEAR}-03-31", ReasonLeave="5", LeaverDestination="6"),
        previous=_last_year,
    ),
    _fails(
        "CSWW-R071",
        "birth-date-changed",
        previous=_last_year_with(_set(IN_POST, PersonBirthDate="1985-07-15")),
        where=(IN_POST, "PersonBirthDate"),
    ),
    _passes("CSWW-R071", "birth-date-same", previous=_last_year),
    _fails(
        "CSWW-R072",
        "vacancies-jump",
        _la(NumberOfVacancies="25"),
        previous=_last_year,
        where=(None, "NumberOfVacancies"),
    ),
    _passes("CSWW-R072", "small-change", _la(NumberOfVacancies="7"), previous=_last_year),
    _passes("CSWW-R072", "no-previous", _la(NumberOfVacancies="25")),
)
