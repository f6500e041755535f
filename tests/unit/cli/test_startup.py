"""Every ``csc-workforce`` command imports the whole CLI: heavy libraries must wait for the commands
that use them, or even ``--help`` takes seconds."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

# Each of these takes from a tenth of a second (xlsxwriter) to over a second (WeasyPrint) to import.
HEAVY = ("weasyprint", "polars", "openpyxl", "xlsxwriter", "dask", "distributed", "django", "pandas")

_PROBE = (
    "import json, sys\n"
    "import csc_workforce.cli\n"
    "print(json.dumps(sorted(name for name in {heavy!r} if name in sys.modules)))\n"
)


def _loaded_after(statement: str) -> list[str]:
    code = _PROBE.format(heavy=HEAVY).replace("import csc_workforce.cli", statement)
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(completed.stdout)


def test_importing_the_cli_loads_no_heavy_library():
    assert _loaded_after("import csc_workforce.cli") == []


@pytest.mark.parametrize("module", ["reporting.pdf", "reporting.agency_report"])
def test_report_modules_load_weasyprint_only_when_a_pdf_is_made(module):
    assert "weasyprint" not in _loaded_after(f"import csc_workforce.{module}")


def test_the_probe_sees_a_heavy_import():
    # Guards the test above against passing because the probe never sees anything.
    assert _loaded_after("import csc_workforce.cli, polars") == ["polars"]
