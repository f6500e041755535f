"""Run many councils' forecasts locally (vectorised NumPy) or on a Dask cluster, one interface.

Every council draws from its own seeded stream (``core.forecast.result.council_rng``), so the
backend, the chunking and the order of work never change a number.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from typing import Any, Protocol

from csc_workforce.core.forecast import CouncilInputs, ForecastResult, Scenario, run_forecast


def code_version() -> str:
    try:
        return f"csc-workforce {metadata.version('csc-workforce')}"
    except metadata.PackageNotFoundError:  # running from a source tree without install
        return "csc-workforce (source)"


def inputs_hash(inputs: Sequence[CouncilInputs]) -> str:
    digest = hashlib.sha256()
    for item in inputs:
        digest.update(item.fingerprint().encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Job:
    scenario: Scenario
    months: int
    sims: int
    seed: int
    version: str
    standards: tuple[float, ...] = ()


def _run_chunk(chunk: Sequence[CouncilInputs], job: Job) -> list[ForecastResult]:
    return [
        run_forecast(
            i, job.scenario, job.months, job.sims, job.seed, code_version=job.version, standards=job.standards
        )
        for i in chunk
    ]


class Backend(Protocol):
    name: str

    def run(
        self,
        inputs: Sequence[CouncilInputs],
        scenario: Scenario,
        months: int,
        sims: int,
        seed: int,
        *,
        standards: tuple[float, ...] = (),
    ) -> list[ForecastResult]: ...


class LocalBackend:
    """In this process, council after council."""

    name = "local"

    def __init__(self, progress: Callable[[int, int], None] | None = None) -> None:
        self._progress = progress

    def run(
        self,
        inputs: Sequence[CouncilInputs],
        scenario: Scenario,
        months: int,
        sims: int,
        seed: int,
        *,
        standards: tuple[float, ...] = (),
    ) -> list[ForecastResult]:
        job = Job(scenario, months, sims, seed, code_version(), tuple(standards))
        out = []
        for k, item in enumerate(inputs, start=1):
            out.extend(_run_chunk([item], job))
            if self._progress:
                self._progress(k, len(inputs))
        return out


class DaskBackend:
    """On a Dask cluster: ``address`` is a scheduler address, or "local" for a LocalCluster."""

    name = "dask"

    def __init__(self, address: str = "local", workers: int = 2, chunk: int = 8) -> None:
        if not address:
            raise ValueError("a Dask scheduler address (or 'local') is required")
        self.address = address
        self.workers = workers
        self.chunk = max(1, chunk)

    def run(
        self,
        inputs: Sequence[CouncilInputs],
        scenario: Scenario,
        months: int,
        sims: int,
        seed: int,
        *,
        standards: tuple[float, ...] = (),
    ) -> list[ForecastResult]:
        from dask.distributed import Client, LocalCluster  # noqa: PLC0415 - heavy, only when asked

        job = Job(scenario, months, sims, seed, code_version(), tuple(standards))
        chunks = [list(inputs[i : i + self.chunk]) for i in range(0, len(inputs), self.chunk)]
        if self.address == "local":
            with (
                LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=40,
                ) as cluster,
                Client(cluster) as client,  # type: ignore[no-untyped-call]
            ):
                return self._gather(client, chunks, job)
        with Client(self.address, timeout="20s") as client:  # type: ignore[no-untyped-call]
            return self._gather(client, chunks, job)

    @staticmethod
    def _gather(client: Any, chunks: list[list[CouncilInputs]], job: Job) -> list[ForecastResult]:
        futures = client.map(_run_chunk, chunks, job=job, pure=False)
        return [result for part in client.gather(futures) for result in part]


def get_backend(scheduler: str | None, progress: Callable[[int, int], None] | None = None) -> Backend:
    """``None``: local NumPy; "local": a Dask LocalCluster; otherwise a scheduler address."""
    if scheduler is None:
        return LocalBackend(progress)
    workers = int(os.environ.get("CSCW_DASK_WORKERS", "2"))
    return DaskBackend(scheduler, workers=workers)


def provenance(
    inputs: Sequence[CouncilInputs], months: int, sims: int, seed: int, backend: str
) -> dict[str, Any]:
    """What a run needs to be reproduced."""
    return {
        "seed": seed,
        "sims": sims,
        "months": months,
        "inputs_sha256": inputs_hash(inputs),
        "code_version": code_version(),
        "backend": backend,
        "councils": len(inputs),
    }
