from __future__ import annotations

from pathlib import Path
from typing import Any

from django.apps import AppConfig


class HrBuildConfig(AppConfig):
    name = "csc_workforce.web.hrbuild"
    label = "hrbuild"
    verbose_name = "Build the return from HR data"

    def load_demo(self, data_dir: Path, seed: int, progress: Any = None) -> None:
        """A synthetic HR extract and agency list for the demo to try (called by ``csc-workforce demo``)."""
        from csc_workforce.web.hrbuild.demo import load_sample_files  # noqa: PLC0415 - models ready now

        written = load_sample_files(data_dir, seed)
        if progress is not None:
            progress("Writing synthetic HR extracts", written, written)
