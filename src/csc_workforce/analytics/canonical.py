"""The canonical census tables (Polars) that measures, dashboards and forecasts read.

Contract (docs/adr/0002-canonical-tables.md): built from :class:`CensusReturn` objects by
``workers_frame`` / ``la_level_frame``. Column names are the census item names; typed as below.
Repeatable items keep their first value here (the raw return keeps them all).
"""

from __future__ import annotations

from typing import Final

import polars as pl

# Identifying columns added to every worker row.
WORKER_KEY_SCHEMA: Final = {
    "la_code": pl.Utf8,  # header LEA, 3 digits
    "time_period": pl.Int32,  # collection year
    "record": pl.Int32,  # 1-based position of the worker in its file
}

WORKER_ITEM_SCHEMA: Final = {
    "AgencyWorker": pl.Int8,
    "SWENo": pl.Utf8,
    "FTE": pl.Float64,
    "PersonBirthDate": pl.Date,
    "GenderCurrent": pl.Utf8,
    "Sex": pl.Utf8,
    "Ethnicity": pl.Utf8,
    "QualLevel": pl.Utf8,
    "StepUpGrad": pl.Utf8,
    "OrgRole": pl.Utf8,
    "RoleStartDate": pl.Date,
    "StartOrigin": pl.Utf8,
    "RoleEndDate": pl.Date,
    "LeaverDestination": pl.Utf8,
    "ReasonLeave": pl.Utf8,
    "FTE30": pl.Float64,
    "Cases30": pl.Int64,
    "WorkingDaysLost": pl.Float64,
    "ContractWeeks": pl.Float64,
    "FrontlineGrad": pl.Utf8,
    "Absat30Sept": pl.Utf8,
    "ReasonAbsence": pl.Utf8,
    "CFKSSstatus": pl.Utf8,
    "BaseSalary": pl.Float64,
    "RRPayments": pl.Float64,
    "OtherPayments": pl.Float64,
}

WORKER_SCHEMA: Final = {**WORKER_KEY_SCHEMA, **WORKER_ITEM_SCHEMA}

LA_LEVEL_SCHEMA: Final = {
    "la_code": pl.Utf8,
    "time_period": pl.Int32,
    "NumberOfVacancies": pl.Float64,
    "NoAgencyFTE": pl.Float64,
    "NoAgencyHeadcount": pl.Int64,
}
