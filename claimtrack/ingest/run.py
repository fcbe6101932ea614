"""Ingest: files -> documents -> claims -> store, one transaction per document.

Reading a file and extracting its claims is a pure function of the file's bytes and its
sidecar entry, so with `jobs > 1` it runs in a pool of worker processes, each with its own
pipelines, or on a Dask cluster (`engine="dask"`). Either way the calling process alone reads
the files and writes to the database, in the order of the files, so the stored result is the
same as with one job. A bounded window of documents is in flight at a time: memory does not
grow with the corpus.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import itertools
import multiprocessing
import os
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

from pydantic import BaseModel, Field

from ..errors import ClaimtrackError, ConfigError
from ..load.files import Found, SidecarCache, iter_files, load_file, path_text, read_bytes
from ..load.sidecar import SidecarEntry
from ..models import Claim, Document, Skipped
from ..store.core import Store

# extract(document) -> claims; None stores documents only. With jobs > 1 or on Dask it must
# pickle.
Extractor = Callable[[Document], list[Claim]]
# where extraction runs: worker processes of this machine, or a Dask cluster
Engine = Literal["local", "dask"]
# documents in flight per worker: enough to keep workers busy while the writer catches up
WINDOW_PER_JOB = 8
# seconds to wait for a Dask scheduler given by address
CONNECT_SECONDS = 30
# documents a Dask task: a task costs milliseconds of the scheduler's, client's and
# worker's time, as much as extracting a short article
DASK_BATCH = 8


class IngestReport(BaseModel):
    """What an ingest did, for the summary."""

    files: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    duplicates: int = 0
    articles: int = 0
    passages: int = 0
    junk: int = 0
    claims: int = 0
    languages: dict[str, int] = Field(default_factory=dict)
    skipped: list[Skipped] = Field(default_factory=list)

    @property
    def stored(self) -> int:
        return self.added + self.replaced


def discover(paths: list[Path]) -> list[Found]:
    """The files an ingest of `paths` will look at (InputError for a missing path)."""
    return list(iter_files(paths))


def walk(paths: list[Path]) -> Iterator[Found]:
    """`discover`, lazily: files are found as the ingest goes (InputError for a missing path
    is raised now)."""
    files = iter_files(paths)
    first = next(files, None)
    return iter(()) if first is None else itertools.chain([first], files)


def cpu_count() -> int:
    """Cores this process may use (what `--jobs 0` means)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class _Task:
    """A file that needs reading and extracting: what a worker gets."""

    found: Found
    key: str  # the file's resolved path, as the store knows it
    data: bytes
    sha: str
    sidecar: SidecarEntry | None


_Result = tuple[Document | Skipped, list[Claim]]


@dataclass(frozen=True)
class _Workers:
    """An engine, as the parallel loop sees it."""

    submit: Callable[[list[_Task]], Future[list[_Result]]]  # results in the tasks' order
    window: int  # documents in flight at most
    batch: int = 1  # documents a call: spreads an engine's cost per call
    # what the engine raises when a worker process died (killed, out of memory...)
    died: tuple[type[BaseException], ...] = ()


def _process(task: _Task, extract: Extractor | None) -> _Result:
    doc = load_file(task.found, task.data, task.sidecar)
    if isinstance(doc, Skipped):
        return doc, []
    return doc, (extract(doc) if extract is not None else [])


def ingest(
    found: Iterable[Found],
    store: Store,
    *,
    extract: Extractor | None = None,
    extractor_id: str = "",
    progress: Callable[[Found], None] | None = None,
    jobs: int = 1,
    engine: Engine = "local",
    scheduler: str | None = None,
) -> IngestReport:
    """Read, structure, extract and store each file. A file stored before with the same
    content and the same extractor is left alone; a changed one replaces its old version.
    `jobs` > 1 extracts in that many worker processes (0: one per core). `engine="dask"`
    extracts on the Dask cluster whose scheduler is at `scheduler`, else on a local cluster of
    `jobs` worker processes (ConfigError if distributed is not installed)."""
    run = _Run(store, extract, extractor_id, progress)
    jobs = cpu_count() if jobs <= 0 else jobs
    if engine == "dask":
        with _dask_workers(extract, jobs, scheduler) as workers:
            run.parallel(found, workers)
    elif jobs == 1:
        for f in found:
            task = run.prepare(f)
            if task is not None:
                run.finish(task, _process(task, extract))
    else:
        with _local_workers(extract, jobs) as workers:
            run.parallel(found, workers)
    run.report.languages = dict(run.languages.most_common())
    return run.report


class _Run:
    """One ingest: the checks and writes done in the calling process."""

    def __init__(
        self, store: Store, extract: Extractor | None, extractor_id: str,
        progress: Callable[[Found], None] | None,
    ) -> None:
        self.store = store
        self.extract = extract
        self.extractor_id = extractor_id
        self.progress = progress
        self.report = IngestReport()
        self.languages: Counter[str] = Counter()
        self.sidecars = SidecarCache()

    def prepare(self, f: Found) -> _Task | None:
        """The file's task, or None when it needs no extraction (skipped, unchanged...)."""
        self.report.files += 1
        task = None
        try:
            task = self._prepare(f)
        finally:
            if task is None and self.progress is not None:
                self.progress(f)
        return task

    def _prepare(self, f: Found) -> _Task | None:
        if f.skip is not None:
            self.report.skipped.append(Skipped(path=f.display, reason=f.skip))
            return None
        data = read_bytes(f)
        if isinstance(data, Skipped):
            self.report.skipped.append(data)
            return None
        sha = hashlib.sha256(data).hexdigest()
        key = path_text(f.path.resolve())
        task = _Task(f, key, data, sha, self.sidecars.entry(f.path))
        return task if self._status(task) is not None else None

    def _status(self, task: _Task) -> str | None:
        """"new" or "changed" when the file must be stored; None (and counted) otherwise."""
        status, stored_extractor = self.store.lookup(task.key, task.sha)
        if status == "duplicate":
            self.report.duplicates += 1
            self.report.skipped.append(
                Skipped(path=task.found.display, reason="same content as a stored document"))
            return None
        if status == "unchanged" and stored_extractor == self.extractor_id:
            self.report.unchanged += 1
            return None
        return status

    def finish(self, task: _Task, result: _Result) -> None:
        """Store one extracted file (its status looked up again: an earlier file of this run
        may have stored the same content, as it would have before a sequential lookup)."""
        try:
            self._finish(task, result)
        finally:
            if self.progress is not None:
                self.progress(task.found)

    def _finish(self, task: _Task, result: _Result) -> None:
        doc, claims = result
        status = self._status(task)
        if status is None:
            return
        if isinstance(doc, Skipped):
            self.report.skipped.append(doc)
            return
        if doc.path != task.key:
            # a worker on another machine resolved the path in its own file system
            doc = doc.model_copy(update={"path": task.key})
        r = self.report
        if not self.store.save(doc, claims, extractor=self.extractor_id):
            # a concurrent ingest stored the same content from another path meanwhile
            r.duplicates += 1
            r.skipped.append(Skipped(path=task.found.display,
                                     reason="same content as a stored document"))
            return
        if status == "new":
            r.added += 1
        else:
            r.replaced += 1
        for a in doc.articles:
            r.articles += 1
            for p in a.passages:
                r.passages += 1
                if p.junk:
                    r.junk += 1
                else:
                    self.languages[p.language] += 1
        r.claims += len(claims)

    def parallel(self, found: Iterable[Found], workers: _Workers) -> None:
        """Extract on `workers`, a bounded window of documents at a time; store results
        here, in file order."""
        pending: deque[tuple[list[_Task], Future[list[_Result]]]] = deque()
        in_flight = 0
        try:
            for batch in _batches(_tasks(self, found), workers.batch):
                pending.append((batch, workers.submit(batch)))
                in_flight += len(batch)
                while in_flight >= workers.window:
                    in_flight -= self._finish_batch(*pending.popleft(), workers)
            while pending:
                self._finish_batch(*pending.popleft(), workers)
        except BaseException:
            # what has not started is dropped; the engine's exit waits for what has
            for _, future in pending:
                future.cancel()
            raise

    def _finish_batch(
        self, batch: list[_Task], future: Future[list[_Result]], workers: _Workers
    ) -> int:
        try:
            results = future.result()
        except workers.died as exc:
            names = ", ".join(t.found.display for t in batch)
            raise ClaimtrackError(
                f"a worker process died ({type(exc).__name__}: killed, or out of memory?) before "
                f"{names} could be stored; the files stored before are kept: run the ingest "
                "again to go on") from None
        except Exception:
            if len(batch) == 1:
                raise
            # again one at a time: the documents before the failing one are stored, as
            # without batches, and its own error is raised
            for task in batch:
                self.finish(task, workers.submit([task]).result()[0])
            return len(batch)
        for task, result in zip(batch, results, strict=True):
            self.finish(task, result)
        return len(batch)


def _tasks(run: _Run, found: Iterable[Found]) -> Iterator[_Task]:
    for f in found:
        task = run.prepare(f)
        if task is not None:
            yield task


def _batches(tasks: Iterator[_Task], size: int) -> Iterator[list[_Task]]:
    while batch := list(itertools.islice(tasks, size)):
        yield batch


@contextmanager
def _local_workers(extract: Extractor | None, jobs: int) -> Iterator[_Workers]:
    """A pool of `jobs` worker processes on this machine, each given the extractor once,
    started with the first document to extract (a re-ingest of unchanged files starts none)."""
    # spawn: workers start clean (no copied locks or threads, e.g. a progress bar's)
    context = multiprocessing.get_context("spawn")
    pools: list[ProcessPoolExecutor] = []

    def submit(batch: list[_Task]) -> Future[list[_Result]]:
        if not pools:
            pools.append(ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                                             initargs=(extract, os.getpid())))
        return pools[0].submit(_work, batch)

    try:
        yield _Workers(submit, jobs * WINDOW_PER_JOB, died=(BrokenProcessPool,))
    finally:
        for pool in pools:
            pool.shutdown(wait=True)


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
def _dask_workers(
    extract: Extractor | None, jobs: int, scheduler: str | None
) -> Iterator[_Workers]:
    """A Dask client: of the cluster at `scheduler`, else of a local cluster of `jobs`
    single-threaded worker processes. Both are closed on the way out, whatever happened."""
    distributed = _import_distributed()
    with ExitStack() as stack:
        if scheduler is None:
            cluster = stack.enter_context(distributed.LocalCluster(
                n_workers=jobs, threads_per_worker=1, processes=True,
                # its web server (always started) on any free port, this machine only
                dashboard_address="127.0.0.1:0"))
            client = stack.enter_context(distributed.Client(cluster))
        else:
            try:
                client = stack.enter_context(
                    distributed.Client(scheduler, timeout=CONNECT_SECONDS))
            except (OSError, ValueError) as exc:
                raise ClaimtrackError(
                    f"cannot reach the Dask scheduler at {scheduler} ({exc}); is `dask "
                    "scheduler` running there?") from None
            try:  # a local cluster starts its own workers; a running one may have none
                client.wait_for_workers(1, timeout=CONNECT_SECONDS)
            except (TimeoutError, asyncio.TimeoutError):  # one class from Python 3.11 on
                raise ClaimtrackError(
                    f"no Dask worker joined the scheduler at {scheduler} within "
                    f"{CONNECT_SECONDS} s; start workers with `dask worker {scheduler}`"
                ) from None
        _check_workers(client)
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
