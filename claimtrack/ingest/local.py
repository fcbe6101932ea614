"""The local engine: a pool of worker processes on this machine."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from .tasks import (
    Extractor,
    _process,
    _Result,
    _Task,
    _Workers,
    signals_held,
    start_resource_tracker,
)

# documents in flight per worker: enough to keep workers busy while the writer catches up
WINDOW_PER_JOB = 8


@contextmanager
def _local_workers(extract: Extractor | None, jobs: int) -> Iterator[_Workers]:
    """A pool of `jobs` worker processes on this machine, each given the extractor once,
    started with the first document to extract (a re-ingest of unchanged files starts none)."""
    # spawn: workers start clean (no copied locks or threads, e.g. a progress bar's)
    context = multiprocessing.get_context("spawn")
    pools: list[ProcessPoolExecutor] = []

    def submit(batch: list[_Task]) -> Future[list[_Result]]:
        # a worker is started by the submit that needs it: each with Ctrl-C and SIGTERM held
        with signals_held(signal.SIGINT, signal.SIGTERM):
            if not pools:
                pools.append(ProcessPoolExecutor(jobs, mp_context=context,
                                                 initializer=_init_worker,
                                                 initargs=(extract, os.getpid())))
            return pools[0].submit(_work, batch)

    start_resource_tracker()
    try:
        yield _Workers(submit, jobs * WINDOW_PER_JOB, died=(BrokenProcessPool,),
                       cancel_on_stop=False)
    except BaseException:
        # stopped (Ctrl-C, SIGTERM) or failed: what the workers hold is dropped, at once
        for pool in pools:
            _kill(pool)
        raise
    finally:
        for pool in pools:
            pool.shutdown(wait=True)


def _kill(pool: ProcessPoolExecutor) -> None:
    """Stop a pool's workers now (SIGKILL: they hold SIGINT and SIGTERM) and wait for them."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for p in processes:
        p.kill()
    for p in processes:
        p.join(timeout=5)


# how often (seconds) a worker checks that the ingest that started it is still alive
PARENT_POLL_SECONDS = 0.5

# the worker process's extractor, set once by the pool's initializer
_worker_extract: Extractor | None = None


def _init_worker(extract: Extractor | None, parent: int) -> None:
    global _worker_extract
    _worker_extract = extract
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int) -> None:
    """A killed ingest (SIGKILL leaves it no time to stop its pool) must not leave workers
    behind: a worker whose parent is gone exits on its own."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def _work(batch: list[_Task]) -> list[_Result]:
    return [_process(task, _worker_extract) for task in batch]
