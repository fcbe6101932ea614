"""What an ingest hands its workers: a file's task, its result, and an engine's interface."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass
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


def _process(task: _Task, extract: Extractor | None) -> _Result:
    doc = load_file(task.found, task.data, task.sidecar, name=task.name)
    if isinstance(doc, Skipped):
        return doc, []
    return doc, (extract(doc) if extract is not None else [])
