"""Ingest: files -> documents -> claims -> store, one transaction per document.

Reading a file and extracting its claims is a pure function of the file's bytes and its
sidecar entry, so with `jobs > 1` it runs in a pool of worker processes, each with its own
pipelines, or on a Dask cluster (`engine="dask"`). Either way the calling process alone reads
the files and writes to the database, in the order of the files, so the stored result is the
same as with one job. A bounded window of documents is in flight at a time: memory does not
grow with the corpus.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from pathlib import Path

from pydantic import BaseModel, Field

from ..errors import ClaimtrackError
from ..load.files import Found, SidecarCache, iter_files, path_text, read_bytes
from ..models import Skipped
from ..store import Store
from .dask_engine import _check_workers, _dask_workers, check_engine
from .local import _local_workers
from .tasks import Engine, Extractor, _process, _Result, _Task, _Workers

__all__ = ["Engine", "Extractor", "IngestReport", "check_engine", "_check_workers", "cpu_count",
           "discover", "ingest", "walk"]



class IngestReport(BaseModel):
    """What an ingest did, for the summary."""

    files: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    duplicates: int = 0
    # files left out because a stored document has the same content: (file, stored twin)
    copies: list[tuple[str, str]] = Field(default_factory=list)
    articles: int = 0
    passages: int = 0
    junk: int = 0
    claims: int = 0
    languages: dict[str, int] = Field(default_factory=dict)
    skipped: list[Skipped] = Field(default_factory=list)
    # documents stored with an article whose publication date was found nowhere
    undated: list[str] = Field(default_factory=list)
    # problems found in sidecar files (an entry left out, columns ignored), each once
    warnings: list[str] = Field(default_factory=list)
    # documents stored with no article text (a page of metadata, or only page junk)
    no_text: list[str] = Field(default_factory=list)

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
        # names given in this run, to files still in flight (not stored yet): name -> path
        self.names: dict[str, str] = {}

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
        entry = self.sidecars.entry(f.path)
        # a sidecar read for this file may have warned; the cache keeps each warning once
        self.report.warnings.extend(self.sidecars.warnings[len(self.report.warnings):])
        task = _Task(f, key, data, sha, entry)
        if self._status(task) is None:
            return None
        return dataclasses.replace(task, name=self._name(f, key))

    def _name(self, f: Found, key: str) -> str:
        """A name no other stored file goes by: the name it was stored under before, else the
        file name, else the path as given (`a/index.html`, `b/index.html`), else the full path.
        Claims, `show` and `--doc` tell documents apart by it."""
        name = self.store.document_name(key)
        if name is None:
            candidates = (path_text(f.path.name), path_text(f.display))
            name = next((c for c in candidates if self.names.get(c, key) == key
                         and not self.store.name_taken(c, key)), key)
        self.names[name] = key
        return name

    def _status(self, task: _Task) -> str | None:
        """"new" or "changed" when the file must be stored; None (and counted) otherwise."""
        status, stored_extractor = self.store.lookup(task.key, task.sha)
        if status == "duplicate":
            self._copy(task)
            return None
        if status == "unchanged" and stored_extractor == self._extractor(task):
            self.report.unchanged += 1
            return None
        return status

    def _copy(self, task: _Task) -> None:
        """Count a file whose content a stored document already has, naming that document."""
        self.report.duplicates += 1
        twin = self.store.name_of_content(task.sha) or "?"
        self.report.copies.append((task.found.display, twin))
        # the same story published again: where, and by whom its folder's sidecar says
        meta = task.sidecar.for_article(0) if task.sidecar is not None else None
        self.store.save_copy(task.sha, task.key, path_text(task.found.display), meta)

    def _extractor(self, task: _Task) -> str:
        """The extractor id stored with the document: the run's, plus a digest of the file's
        sidecar entry, so that editing the entry re-extracts that file (and only that one).
        A file with no entry keeps the run's id as it is."""
        if task.sidecar is None:
            return self.extractor_id
        digest = hashlib.sha256(task.sidecar.model_dump_json().encode()).hexdigest()[:12]
        return f"{self.extractor_id}:sidecar-{digest}"

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
        if not self.store.save(doc, claims, extractor=self._extractor(task)):
            # a concurrent ingest stored the same content from another path meanwhile
            self._copy(task)
            return
        if status == "new":
            r.added += 1
        else:
            r.replaced += 1
        if any(a.meta.published is None for a in doc.articles):
            r.undated.append(doc.name)
        if all(p.junk for a in doc.articles for p in a.passages):
            r.no_text.append(doc.name)
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
            # what has not started is dropped; the engine's exit waits for what has (or
            # stops its workers)
            if workers.cancel_on_stop:
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


