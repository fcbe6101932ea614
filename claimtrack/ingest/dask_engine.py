"""The Dask engine: extraction on a Dask cluster, local or at a scheduler's address."""

from __future__ import annotations

import copy
import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from importlib.metadata import version
from types import ModuleType
from typing import Any

from ..errors import ClaimtrackError, ConfigError
from .tasks import (
    Engine,
    Extractor,
    _process,
    _Result,
    _Task,
    _Workers,
    signals_held,
    start_resource_tracker,
)

# seconds to wait for a Dask scheduler given by address
CONNECT_SECONDS = 30
# documents a Dask task: a task costs milliseconds of the scheduler's, client's and
# worker's time, as much as extracting a short article
DASK_BATCH = 8


def check_engine(engine: Engine) -> None:
    """ConfigError now, before any work, when `engine` needs a package that is missing."""
    if engine == "dask":
        _import_distributed()


def _import_distributed() -> ModuleType:
    try:
        import distributed
    except ImportError:
        raise ConfigError(
            "--engine dask needs Dask's distributed package: pip install 'claimtrack[dask]'"
        ) from None
    return distributed


@contextmanager
def dask_client(jobs: int, scheduler: str | None) -> Iterator[Any]:
    """A Dask client, its workers checked: of the cluster at `scheduler`, else of a local
    cluster of `jobs` single-threaded worker processes. Both are closed on the way out,
    whatever happened."""
    distributed = _import_distributed()
    with ExitStack() as stack:
        if scheduler is None:
            # its processes start with Ctrl-C held: the command closes them (SIGTERM, which a
            # nanny handles, is left to them)
            start_resource_tracker()
            with signals_held(signal.SIGINT):
                cluster = stack.enter_context(distributed.LocalCluster(
                    n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                    # its web server (always started) on any free port, this machine only
                    dashboard_address="127.0.0.1:0",
                    # what goes wrong reaches the command as a task's error; the cluster's
                    # own chatter (workers closing when stopped) is not for the reader
                    silence_logs=logging.CRITICAL))
            client = stack.enter_context(distributed.Client(cluster))
        else:
            try:
                client = stack.enter_context(
                    distributed.Client(scheduler, timeout=CONNECT_SECONDS))
            except (OSError, ValueError) as exc:
                raise ClaimtrackError(
                    f"cannot reach the Dask scheduler at {scheduler} ({exc}); is `dask "
                    "scheduler` running there?") from None
            import asyncio  # loaded by distributed already; an ingest without Dask needs none

            try:  # a local cluster starts its own workers; a running one may have none
                client.wait_for_workers(1, timeout=CONNECT_SECONDS)
            except (TimeoutError, asyncio.TimeoutError):  # one class from Python 3.11 on
                raise ClaimtrackError(
                    f"no Dask worker joined the scheduler at {scheduler} within "
                    f"{CONNECT_SECONDS} s; start workers with `dask worker {scheduler}`"
                ) from None
        _check_workers(client)
        yield client


@contextmanager
def _dask_workers(
    extract: Extractor | None, jobs: int, scheduler: str | None
) -> Iterator[_Workers]:
    """Workers of `dask_client`, sent the extractor once each."""
    distributed = _import_distributed()
    with dask_client(jobs, scheduler) as client:
        # sent once to each worker, not with every document; a key of its own per run
        extract_ref = (None if extract is None
                       else client.scatter(extract, broadcast=True, hash=False))
        run_key = "" if extract_ref is None else extract_ref.key
        executor = client.get_executor(pure=False)
        threads = max(1, sum(client.nthreads().values()))
        yield _Workers(
            lambda batch: executor.submit(_work_on_dask, batch, extract_ref, run_key),
            # a batch running and one waiting on each worker thread
            window=threads * 2 * DASK_BATCH, batch=DASK_BATCH,
            died=(distributed.KilledWorker,))


def _check_workers(client: Any) -> None:
    """ConfigError naming a worker that has no claimtrack, or another version of it (it
    would fail on every document, or extract by other rules)."""
    here = version("claimtrack")
    # a function of the standard library: it unpickles where claimtrack is missing
    found = client.run(version, "claimtrack", on_error="return")
    for worker, there in sorted(found.items()):
        if there != here:
            has = "no claimtrack" if isinstance(there, Exception) else f"claimtrack {there}"
            raise ConfigError(f"Dask worker {worker} has {has}, this ingest {here}: install "
                              "the same claimtrack on every worker")


# a Dask worker thread's own copy of the current run's extractor: (run key, extractor)
_dask_thread = threading.local()


def _work_on_dask(batch: list[_Task], extract: Extractor | None, run_key: str) -> list[_Result]:
    try:
        own = _own_copy(extract, run_key)
        return [_process(task, own) for task in batch]
    except ConfigError as exc:
        # a worker reads claims.yaml itself, at the path this ingest loaded it from
        from distributed import get_worker

        raise ConfigError(f"Dask worker {get_worker().address}: {exc}") from None


def _own_copy(extract: Extractor | None, run_key: str) -> Extractor | None:
    """The extractor this worker thread uses for the run: copied once (an Extraction's copy
    drops its pipelines), so its pipelines are built once per thread, not per document, and
    never shared with another thread."""
    if extract is None:
        return None
    cached: tuple[str, Extractor] | None = getattr(_dask_thread, "extract", None)
    if cached is None or cached[0] != run_key:
        cached = (run_key, copy.deepcopy(extract))
        _dask_thread.extract = cached
    return cached[1]
