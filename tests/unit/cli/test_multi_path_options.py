"""``--census PATH...`` takes several paths after one flag, as the README's table writes it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from csc_workforce.cli import expand_multi_path_options


def test_each_path_after_a_multi_path_flag_gets_its_own_flag() -> None:
    arguments = ["region", "share", "--region", "R", "--census", "a.xml", "b.xml", "--format", "json"]
    assert expand_multi_path_options(arguments) == [
        "region",
        "share",
        "--region",
        "R",
        "--census",
        "a.xml",
        "--census",
        "b.xml",
        "--format",
        "json",
    ]


def test_repeated_flags_and_other_options_are_left_as_they_are() -> None:
    arguments = [
        "agency",
        "check",
        "e.csv",
        "--census",
        "a",
        "--census",
        "b",
        "--region",
        "R",
        "--leavers",
        "k",
    ]
    assert expand_multi_path_options(arguments) == arguments


def test_a_path_after_an_ordinary_option_is_not_taken() -> None:
    assert expand_multi_path_options(["x", "--format", "json", "a.xml"]) == ["x", "--format", "json", "a.xml"]


@pytest.mark.integration
def test_region_share_reads_census_paths_after_one_flag(tmp_path: Path) -> None:
    synth = [sys.executable, "-m", "csc_workforce.cli"]
    subprocess.run(
        [
            *synth,
            "synth",
            "--region",
            "East of England",
            "--years",
            "2024-2025",
            "--seed",
            "2",
            "--output",
            str(tmp_path),
        ],
        check=True,
        capture_output=True,
    )
    files = sorted(str(path) for path in tmp_path.glob("*.xml"))
    many = subprocess.run(
        [*synth, "region", "share", "--region", "East of England", "--census", *files, "--format", "json"],
        check=True,
        capture_output=True,
        text=True,
    )
    folder = subprocess.run(
        [
            *synth,
            "region",
            "share",
            "--region",
            "East of England",
            "--census",
            str(tmp_path),
            "--format",
            "json",
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    assert json.loads(many.stdout) == json.loads(folder.stdout)
    assert len(json.loads(many.stdout)["ledger"]) == 11
