"""Reading forecast scenario files (YAML or JSON): one scenario, or a list under ``scenarios``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Final

import yaml

from csc_workforce.core.forecast.scenario import Scenario, ScenarioError

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
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ScenarioError(
            f"{path}: not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: {exc}"
        ) from None
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
