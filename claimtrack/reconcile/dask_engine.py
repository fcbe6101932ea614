"""Blocks reconciled on a Dask cluster, local or at a scheduler's address.

The caller reads each block's claims and writes its result: a worker gets the block's claims,
its context and the metadata of the block's documents, and never opens the database.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from ..config import ClaimsConfig
from ..models import Claim
from .core import DEFAULT_NEIGHBOURS
from .models import DocumentMeta
from .rows import BlockRows, reconcile_rows
from .stream import Block, Plan, context_of

# blocks sent per worker thread before the caller waits for the first of them: the next block
# is read while one runs; a block's claims and its rows are large, so no more
WINDOW_PER_THREAD = 1


def dask_blocks(
    the_plan: Plan,
    load: Callable[[list[str]], Sequence[Claim]],
    config: ClaimsConfig,
    *,
    documents_meta: Mapping[str, DocumentMeta] | None = None,
    neighbours: int = DEFAULT_NEIGHBOURS,
    scheduler: str | None = None,
    jobs: int = 2,
) -> Iterator[BlockRows]:
    """`rows.rows_of_blocks` with each block a task on a Dask cluster: of `scheduler`,
    else a local one of `jobs` single-threaded worker processes (closed on the way out).
    Results come in the order of the blocks."""
    from ..ingest.dask_engine import dask_client

    with dask_client(jobs, scheduler) as client:
        # the names every block shares go once to each worker
        names = client.scatter(the_plan.names, broadcast=True, hash=False)
        window = WINDOW_PER_THREAD * max(1, sum(client.nthreads().values())) + 1
        pending: deque[Any] = deque()
        for block in the_plan.blocks:
            claims = list(load(block.ids))
            docs = {c.document for c in claims}
            meta = (None if documents_meta is None
                    else {d: documents_meta[d] for d in docs if d in documents_meta})
            # sent as data of its own, not inside the task's graph (the scheduler's)
            [data] = client.scatter([claims], hash=False)
            pending.append(client.submit(
                _reconcile_block, data, names, block, config, meta, neighbours, pure=False))
            del data
            del claims
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _reconcile_block(
    claims: list[Claim],
    names: Any,
    block: Block,
    config: ClaimsConfig,
    meta: Mapping[str, DocumentMeta] | None,
    neighbours: int,
) -> BlockRows:
    # each task its own copy of the names: matching adds to their memo (dates' speakers)
    import copy

    context = context_of(copy.deepcopy(names), block)
    comparisons, groups = reconcile_rows(claims, config, documents_meta=meta,
                                         neighbours=neighbours, context=context)
    # the groups as a list: a generator does not travel back to the caller
    return BlockRows(comparisons, iter(list(groups)))
