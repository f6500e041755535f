"""``csc-workforce region share`` from files, as a regional lead runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csc_workforce.cli import app

pytestmark = pytest.mark.integration
runner = CliRunner()
EAST = "East of England"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def share(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["region", "share", "--region", EAST, *args])
    return result.exit_code, result.stdout, result.stderr


def test_json_plan_from_a_ledger_with_offers_and_neighbours(tmp_path: Path) -> None:
    surplus = write(
        tmp_path / "surplus.csv",
        "old_la_code,role,surplus_fte\n"
        "873,Social worker,5\n874,Social worker,-3\n881,Social worker,2.34\n919,Social worker,-4.25\n"
        "202,Social worker,-9\n935,Team manager,1\n926,Team manager,-1\n",
    )
    offers = write(tmp_path / "offers.csv", "old_la_code,role,max_lend_fte\n873,Social worker,4\n")
    neighbours = write(tmp_path / "n.csv", "from_la,to_la\n873,874\n919,873\n881,919\n926,935\n")
    code, out, err = share(
        "--surplus",
        str(surplus),
        "--offers",
        str(offers),
        "--neighbours",
        str(neighbours),
        "--format",
        "json",
    )
    assert code == 0, err
    plan = json.loads(out)
    assert [row["old_la_code"] for row in plan["ledger"]] == ["873", "874", "881", "919", "202", "935", "926"]
    assert plan["ledger"][3]["surplus_fte"] == -4.2
    loans = {(p["from_la"], p["to_la"], p["role"]): p["fte"] for p in plan["proposals"]}
    # 873 lends at most its offer of 4 to 874 (3) and 919; 881 lends 2.3 to 919; 202 is London's.
    assert sum(f for (a, _, r), f in loans.items() if a == "873") <= 4.0
    assert loans[("935", "926", "Team manager")] == 1.0
    assert plan["covered_fte"] == 7.3
    assert plan["uncovered_fte"] == 0.9  # 7.2 + 1.0 needed in the region, 7.3 covered
    assert all(p["to_la"] != "202" and p["from_la"] != "202" for p in plan["proposals"])
    assert "202" in err


def test_table_output_names_the_loans(tmp_path: Path) -> None:
    surplus = write(
        tmp_path / "s.csv", "old_la_code,role,surplus_fte\n873,Social worker,2\n874,Social worker,-2\n"
    )
    code, out, _ = share("--surplus", str(surplus))
    assert code == 0
    assert "873" in out and "874" in out and "Covered 2.0 FTE" in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("old_la_code,role\n873,Social worker\n", "missing column(s): surplus_fte"),
        ("old_la_code,role,surplus_fte\n87,Social worker,1\n", "row 2, column old_la_code"),
        ("old_la_code,role,surplus_fte\n873,Social worker,lots\n", "row 2, column surplus_fte"),
        ("old_la_code,role,surplus_fte\n873,=HYPERLINK(1),1\n", "row 2, column role"),
    ],
)
def test_a_bad_ledger_is_one_clear_error_and_exit_2(tmp_path: Path, content: str, expected: str) -> None:
    code, _, err = share("--surplus", str(write(tmp_path / "bad.csv", content)))
    assert code == 2
    assert "bad.csv" in err and expected in err
    assert "Traceback" not in err


def test_an_unknown_region_and_a_missing_ledger_are_refused(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "region",
            "share",
            "--region",
            "Atlantis",
            "--surplus",
            str(write(tmp_path / "s.csv", "old_la_code,role,surplus_fte\n")),
        ],
    )
    assert result.exit_code == 2 and "Atlantis" in result.stderr
    code, _, err = share()
    assert code == 2 and "--surplus" in err


def test_the_ledger_from_the_councils_forecasts(shared_dir: Path) -> None:
    published = str(shared_dir / "csww/csww_indicators_2017_to_2025.csv")
    args = ("--published", published, "--horizon", "6", "--sims", "400", "--format", "json")
    code, out, err = share(*args)
    assert code == 0, err
    plan = json.loads(out)
    members = {"821", "822", "823", "873", "874", "881", "882", "883", "919", "926", "935"}
    ledger = {row["old_la_code"]: row["surplus_fte"] for row in plan["ledger"]}
    assert set(ledger) <= members and len(ledger) >= 9
    deficit = -sum(v for v in ledger.values() if v < 0)
    assert plan["covered_fte"] + plan["uncovered_fte"] == pytest.approx(deficit, abs=0.05 * len(ledger))
    for loan in plan["proposals"]:
        assert ledger[loan["from_la"]] > 0 > ledger[loan["to_la"]]
    assert share(*args)[1] == out  # the same seed gives the same ledger and proposals
    code, _, err = share("--published", published, "--surplus", published)
    assert code == 2 and "exactly one of" in err
