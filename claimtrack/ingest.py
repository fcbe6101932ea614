"""Ingest: files -> documents -> claims -> store, one transaction per document.

Reading a file and extracting its claims is a pure function of the file's bytes and its
sidecar entry, so with `jobs > 1` it runs in a pool of worker processes, each with its own
pipelines; the calling process alone writes to the database, in the order of the files, so the
stored result is the same as with one job. A bounded window of documents is in flight at a
time: memory does not grow with the corpus.
"""

from __future__ import annotations

import hashlib
import itertools
import multiprocessing
import os
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field

from .loader import Found, SidecarCache, iter_files, load_file, path_text, read_bytes
from .models import Claim, Document, Skipped
from .sidecar import SidecarEntry
from .store import Store

# extract(document) -> claims; None stores documents only. With jobs > 1 it must pickle.
Extractor = Callable[[Document], list[Claim]]
# documents in flight per worker: enough to keep workers busy while the writer catches up
WINDOW_PER_JOB = 8


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
    data: bytes
    sha: str
    sidecar: SidecarEntry | None


_Result = tuple[Document | Skipped, list[Claim]]


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
) -> IngestReport:
    """Read, structure, extract and store each file. A file stored before with the same
    content and the same extractor is left alone; a changed one replaces its old version.
    `jobs` > 1 extracts in that many worker processes (0: one per core)."""
    run = _Run(store, extract, extractor_id, progress)
    jobs = cpu_count() if jobs <= 0 else jobs
    if jobs == 1:
        for f in found:
            task = run.prepare(f)
            if task is not None:
                run.finish(task, _process(task, extract))
    else:
        run.parallel(found, jobs)
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
        task = _Task(f, data, sha, self.sidecars.entry(f.path))
        return task if self._status(task) is not None else None

    def _status(self, task: _Task) -> str | None:
        """"new" or "changed" when the file must be stored; None (and counted) otherwise."""
        key = path_text(task.found.path.resolve())
        status, stored_extractor = self.store.lookup(key, task.sha)
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

    def parallel(self, found: Iterable[Found], jobs: int) -> None:
        """Extract in `jobs` worker processes; store results here, in file order."""
        window = jobs * WINDOW_PER_JOB
        # spawn: workers start clean (no copied locks or threads, e.g. a progress bar's)
        context = multiprocessing.get_context("spawn")
        pending: deque[tuple[_Task, Future[_Result]]] = deque()
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init_worker,
                                 initargs=(self.extract, os.getpid())) as pool:
            try:
                for task in _tasks(self, found):
                    pending.append((task, pool.submit(_work, task)))
                    while len(pending) >= window:
                        done, future = pending.popleft()
                        self.finish(done, future.result())
                while pending:
                    done, future = pending.popleft()
                    self.finish(done, future.result())
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise


def _tasks(run: _Run, found: Iterable[Found]) -> Iterator[_Task]:
    for f in found:
        task = run.prepare(f)
        if task is not None:
            yield task


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


def _work(task: _Task) -> _Result:
    return _process(task, _worker_extract)
