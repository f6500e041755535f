"""Reading forecast scenario files (YAML or JSON): one scenario, or a list under ``scenarios``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Final

import yaml

from csc_workforce.core.forecast.scenario import Scenario, ScenarioError
from csc_workforce.ingest.errors import UnreadableFileError
from csc_workforce.ingest.guard import guarded, load_yaml

MAX_BYTES: Final = 64 * 1024


def load_scenarios(path: Path) -> list[Scenario]:
    """Scenarios from ``path``; every problem raises ScenarioError naming the file and field."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ScenarioError(f"{path}: scenario file is {size} bytes; the limit is {MAX_BYTES}")
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read the scenario file ({exc.strerror or exc})") from None
    except UnicodeDecodeError:
        raise ScenarioError(f"{path}: the scenario file is not UTF-8 text") from None
    data = _document(path, text)
    if isinstance(data, dict) and "scenarios" in data:
        items = data["scenarios"]
        if not isinstance(items, list) or not items:
            raise ScenarioError(f"{path}: 'scenarios' must be a non-empty list")
        if len(items) > 20:
            raise ScenarioError(f"{path}: at most 20 scenarios per file, found {len(items)}")
        return [Scenario.from_dict(item, f"{path}, scenario {k}") for k, item in enumerate(items, start=1)]
    if data is None:
        raise ScenarioError(f"{path}: the scenario file is empty")
    scenario = Scenario.from_dict(data, str(path))
    if scenario.name == "baseline":
        scenario = Scenario(**{**scenario.to_dict(), "name": path.stem})
    return [scenario]


def _document(path: Path, text: str) -> object:
    """The file's JSON or YAML, behind ``ingest.guard``: no aliases, bounded nesting, no traceback."""
    kind = "JSON" if path.suffix.lower() == ".json" else "YAML"
    try:
        with guarded(str(path)):  # e.g. json's RecursionError on thousands of nested brackets
            try:
                return json.loads(text) if kind == "JSON" else load_yaml(text, str(path))
            except (json.JSONDecodeError, yaml.YAMLError) as exc:
                raise UnreadableFileError(path, f"not valid {kind}: {exc}") from None
    except UnreadableFileError as error:
        raise ScenarioError(str(error)) from None
