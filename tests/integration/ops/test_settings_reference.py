"""docs/operations.md's settings reference names exactly the environment variables the settings
modules read, so it stays true when a setting is added or removed."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

REPO_ROOT = Path(__file__).resolve().parents[3]
SETTINGS_DIR = REPO_ROOT / "src" / "csc_workforce" / "web" / "settings"
OPERATIONS = REPO_ROOT / "docs" / "operations.md"
REFERENCE_HEADING = "## Settings reference"
_ROW = re.compile(r"^\| `([A-Z][A-Z0-9_]*)` \|")


def _is_environ(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "environ" and _is_os(node.value)


def _is_os(node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and node.id == "os"


def _variable_name(node: ast.AST, source: Path) -> str:
    assert isinstance(node, ast.Constant) and isinstance(node.value, str), (
        f"{source.name}:{node.lineno}: read an environment variable by a literal name, so the"
        " settings reference can list it"
    )
    return node.value


def variables_read(source: Path) -> set[str]:
    """Every name read by os.environ.get / os.getenv / os.environ[...] / "NAME" in os.environ."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and node.args:
            function = node.func
            if isinstance(function, ast.Attribute) and (
                (function.attr in {"get", "setdefault", "pop"} and _is_environ(function.value))
                or (function.attr == "getenv" and _is_os(function.value))
            ):
                names.add(_variable_name(node.args[0], source))
        elif isinstance(node, ast.Subscript) and _is_environ(node.value):
            names.add(_variable_name(node.slice, source))
        elif isinstance(node, ast.Compare) and any(_is_environ(c) for c in node.comparators):
            names.add(_variable_name(node.left, source))
    return names


def documented() -> set[str]:
    text = OPERATIONS.read_text(encoding="utf-8")
    assert REFERENCE_HEADING in text
    section = text.split(REFERENCE_HEADING, 1)[1].split("\n## ", 1)[0]
    return {match.group(1) for line in section.splitlines() if (match := _ROW.match(line))}


def test_every_variable_the_settings_read_is_in_the_reference_and_no_other() -> None:
    read = set().union(*(variables_read(path) for path in sorted(SETTINGS_DIR.glob("*.py"))))
    assert "CSCW_SECRET_KEY" in read and "CSCW_LOG_FORMAT" in read  # the parser finds them
    listed = documented()
    assert sorted(read - listed) == [], "read by the settings but missing from docs/operations.md"
    assert sorted(listed - read) == [], "in docs/operations.md's settings reference but never read"


def test_the_parser_finds_every_way_of_reading_the_environment(tmp_path: Path) -> None:
    source = tmp_path / "settings.py"
    source.write_text(
        "import os\n"
        "A = os.environ.get('CSCW_A', '')\n"
        "B = os.environ['CSCW_B']\n"
        "C = os.getenv('CSCW_C')\n"
        "D = 'CSCW_D' in os.environ\n"
        "os.environ.setdefault('CSCW_E', '1')\n",
        encoding="utf-8",
    )
    assert variables_read(source) == {"CSCW_A", "CSCW_B", "CSCW_C", "CSCW_D", "CSCW_E"}
    source.write_text("import os\nname = 'CSCW_X'\nX = os.environ.get(name)\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="literal name"):
        variables_read(source)
