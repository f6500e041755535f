import csv
import io

from csc_workforce.core.census.model import WorkerRecord
from csc_workforce.core.census.template import blank_return
from csc_workforce.export.census_csv import census_csv_rows, census_csv_text

from .factories import generated_return


def test_one_row_per_worker_and_a_column_per_item_of_the_year() -> None:
    census = generated_return(2023, workers=12)
    rows = list(csv.reader(io.StringIO(census_csv_text(census))))
    assert len(rows) == 13
    assert rows[0][:3] == ["AgencyWorker", "SWENo", "FTE"]
    assert "GenderCurrent" in rows[0] and "Sex" not in rows[0]
    swe = rows[0].index("SWENo")
    assert [row[swe] for row in rows[1:]] == [w.value("SWENo") for w in census.workers]


def test_repeated_values_get_numbered_columns() -> None:
    census = blank_return(2022, "301")
    census.workers.append(WorkerRecord(1, {"SWENo": ["SW1"], "QualInst": ["A", "B"]}))
    census.workers.append(WorkerRecord(2, {"SWENo": ["SW2"], "QualInst": ["C"]}))
    heading, first, second = census_csv_rows(census)
    assert heading.index("QualInst_2") == heading.index("QualInst") + 1
    assert first[heading.index("QualInst_2")] == "B"
    assert second[heading.index("QualInst_2")] == ""
