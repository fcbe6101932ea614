"""What an ingest hands its workers: a file's task, its result, and an engine's interface."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing import resource_tracker
from typing import Literal

from ..load.files import Found, load_file
from ..load.sidecar import SidecarEntry
from ..models import Claim, Document, Skipped

# extract(document) -> claims; None stores documents only. With jobs > 1 or on Dask it must
# pickle.
Extractor = Callable[[Document], list[Claim]]
# where extraction runs: worker processes of this machine, or a Dask cluster
Engine = Literal["local", "dask"]


@dataclass(frozen=True)
class _Task:
    """A file that needs reading and extracting: what a worker gets."""

    found: Found
    key: str  # the file's resolved path, as the store knows it
    data: bytes
    sha: str
    sidecar: SidecarEntry | None
    name: str | None = None  # the document's name, unique in the store


_Result = tuple[Document | Skipped, list[Claim]]


@dataclass(frozen=True)
class _Workers:
    """An engine, as the parallel loop sees it."""

    submit: Callable[[list[_Task]], Future[list[_Result]]]  # results in the tasks' order
    window: int  # documents in flight at most
    batch: int = 1  # documents a call: spreads an engine's cost per call
    # what the engine raises when a worker process died (killed, out of memory...)
    died: tuple[type[BaseException], ...] = ()
    # cancel what is waiting when the ingest stops (an engine that kills its workers on the
    # way out does not: its pool fails what they held)
    cancel_on_stop: bool = True


def _process(task: _Task, extract: Extractor | None) -> _Result:
    doc = load_file(task.found, task.data, task.sidecar, name=task.name)
    if isinstance(doc, Skipped):
        return doc, []
    return doc, (extract(doc) if extract is not None else [])


@contextmanager
def signals_held(*signals: signal.Signals) -> Iterator[None]:
    """Hold `signals` while worker processes are started here: they inherit them blocked.
    A terminal's Ctrl-C goes to the whole process group; the ingest decides how its workers
    stop, so a worker must not die of it mid-message (tracebacks, a pool left broken). A signal
    that reaches the ingest meanwhile is held, not lost, and delivered on the way out."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held = set(signals) - signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)


def start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker now, before workers start with signals held
    (starting it later, from inside `signals_held`, would unblock them). An ingest stopped at
    once (Ctrl-C) leaves it semaphores to free, which it then does without a warning."""
    quiet = "ignore::UserWarning:multiprocessing.resource_tracker"
    if quiet not in sys.warnoptions:
        sys.warnoptions.append(quiet)  # the tracker is started with the warning options
    resource_tracker.ensure_running()
