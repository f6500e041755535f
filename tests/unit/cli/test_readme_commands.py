"""Every ``csc-workforce`` command and subcommand the README's command table names exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csc_workforce.cli import app

README = Path(__file__).resolve().parents[3] / "README.md"
_WORD = re.compile(r"^[a-z][a-z0-9-]*$")


def readme_commands() -> list[tuple[str, ...]]:
    """The command words of each ``csc-workforce ...`` in the table: up to the first argument,
    option or placeholder (``PATH``, ``--to``, ``[...]``, ``...``)."""
    commands = []
    for line in README.read_text(encoding="utf-8").splitlines():
        if not line.startswith("| `csc-workforce"):
            continue
        for snippet in re.findall(r"`(csc-workforce [^`]*)`", line):
            words = []
            for word in snippet.split()[1:]:
                if not _WORD.match(word):
                    break
                words.append(word)
            commands.append(tuple(words))
    return commands


def test_the_table_names_commands() -> None:
    commands = readme_commands()
    assert ("agency", "leavers") in commands and ("agency", "spend") in commands
    assert len(commands) >= 10


@pytest.mark.parametrize("words", readme_commands(), ids=" ".join)
def test_readme_command_exists(words: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*words, "--help"])
    assert result.exit_code == 0, f"csc-workforce {' '.join(words)}: {result.output}"
    assert "Usage:" in result.output
