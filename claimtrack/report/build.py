"""The shareable report: documents, claims, groups and conflicts, as one pydantic model.

`claimtrack export` writes it as YAML or JSON; `compare` writes the part for one topic. Its JSON
Schema, generated from these models, ships as `schema/report.schema.json`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sqlite3
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from .. import __version__
from ..config import ClaimsConfig
from ..errors import StoreError
from ..models import ArticleMeta, Claim, Modality, Qualifier
from ..reconcile import (
    RECONCILE_VERSION,
    Conflict,
    Group,
    Reconciliation,
    reconcile,
)
from ..reconcile.rows import BlockRows, read_claims, rows_of_blocks
from ..reconcile.stream import Row, plan
from ..store import Store, StoredGroup

REPORT_VERSION = 1


class ClaimRecord(BaseModel):
    """A claim as exported (the fields of `claimtrack claims --format yaml`)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    document: str
    article: int
    kind: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: Qualifier | None
    subject: str | None
    location: str | None
    attributed_to: str | None
    as_of: str | None
    modality: Modality
    language: str
    quote: str
    start: int
    end: int
    translation_of: str | None
    item: str | None = None
    source_chain: list[str] = Field(default_factory=list)
    as_of_inferred: bool = False
    date_text: str | None = None
    # the claim whose figure this one is a part of (a subset: "including three nurses")
    part_of: str | None = None

    @classmethod
    def of(cls, c: Claim) -> ClaimRecord:
        return cls.model_validate(c.model_dump(include=set(cls.model_fields)))

    def listed(self) -> dict[str, Any]:
        """The record as `claimtrack claims` lists it: the documented fields always, the
        optional ones (item, source_chain, as_of_inferred, date_text, part_of) only when
        set."""
        data = self.model_dump(mode="json")
        return {k: v for k, v in data.items() if k not in _OPTIONAL or v}


_OPTIONAL = ("item", "source_chain", "as_of_inferred", "date_text", "part_of")


class DocumentRecord(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    sha256: str
    articles: list[ArticleMeta]
    languages: list[str]
    passages: int
    claims: int


class Report(BaseModel):
    """Everything claimtrack knows, ready to share."""

    model_config = ConfigDict(extra="forbid")

    version: int = REPORT_VERSION
    generated: dt.datetime
    topic: str | None = None
    documents: list[DocumentRecord]
    claims: list[ClaimRecord]
    groups: list[Group]
    conflicts: list[Conflict]
    # set (and output) only when a listing cut to a limit left groups out
    omitted_groups: int | None = Field(default=None, exclude_if=lambda v: v is None)


def build_report(
    store: Store,
    config: ClaimsConfig,
    kinds: list[str] | None = None,
    topic: str | None = None,
    *,
    limit: int | None = None,
    about: str | None = None,
) -> tuple[Report, list[Claim]]:
    """Reconcile the stored claims (of `kinds`, or all) into a report; also its claims.

    The reconciliation is read from the store when one was stored for the same kinds and
    config from the current state of their topics; else it is computed and stored. With a
    `limit`, the report lists that many groups, those with the most claims, each with at most
    that many claims, relations and conflicts (saying how many it left out), and only the
    claims and documents it names: a topic of millions of pairs reads only what it shows.
    With `about` a claim id, the report holds the groups of that claim, each listing only it
    and the relations and conflicts that name it."""
    selection = "*" if kinds is None else ",".join(sorted(set(kinds)))
    digest = config_digest(config)
    reconcile_stale(store, config, kinds, selection, digest)
    total = 0  # groups, listed or not
    with store.snapshot():
        topics = store.topics() if kinds is None else [k.split(".")[0] for k in kinds]
        state = store.topic_versions(topics)
        stored = store.stored_reconciliation(selection, digest, state, limit=limit,
                                             about=about)
        fresh = stored is None
        if stored is None:
            documents = store.documents()
            claims = store.claims(kinds)
        else:
            groups, conflicts = _listed(stored.groups, limit)
            total = stored.total
            del stored
            if limit is None and about is None:
                claims = store.claims(kinds)
                documents = store.documents()
            else:
                claims = store.claims(ids=_mentioned(groups, conflicts))
                documents = store.documents(names={c.document for c in claims})
    if fresh:
        meta = {d.name: d.articles for d in documents}
        rec: Reconciliation = reconcile(claims, config, documents_meta=meta,
                                        signatures={d.name: d.signature for d in documents})
        if limit is None and about is None:
            _store(store, selection, digest, state, _rows(rec), rec.comparisons)
            groups, conflicts = rec.groups, rec.conflicts
        else:
            # the rows as stored serve the listing too
            rows = list(_rows(rec))
            _store(store, selection, digest, state, rows, rec.comparisons)
            total = len(rows)
            if about is not None:
                rows = [_about(r, about) for r in rows if about in r.claims]
            elif limit is not None:
                rows = _largest(rows, limit)
            groups, conflicts = _listed(rows, limit)
            mentioned = _mentioned(groups, conflicts)
            claims = [c for c in claims if c.id in mentioned]
    used = {c.document for c in claims}
    report = Report.model_construct(
        generated=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
        topic=topic,
        documents=[
            DocumentRecord(name=d.name, sha256=d.sha256, articles=d.articles,
                           languages=d.languages, passages=d.passages, claims=d.claims)
            for d in documents
            if kinds is None or d.name in used
        ],
        claims=[ClaimRecord.model_validate(c, from_attributes=True) for c in claims],
        groups=groups,
        conflicts=conflicts,
        omitted_groups=(total - len(groups) if limit is not None and about is None
                        and total > len(groups) else None),
    )
    return report, claims


_CONFLICTS = TypeAdapter(list[Conflict])
# the lists of a group stored apart from it, and listed up to a limit
_LISTS = {"claims", "relations", "omitted"}


def _rows(rec: Reconciliation) -> Iterator[StoredGroup]:
    """The reconciliation as stored: each group with its lists and its conflicts."""
    by_group: dict[str, list[Conflict]] = defaultdict(list)
    for k in rec.conflicts:
        by_group[k.group].append(k)
    for g in rec.groups:
        mine = by_group.pop(g.id, [])
        yield StoredGroup.model_construct(
            id=g.id,
            data=g.model_dump_json(exclude=_LISTS),
            claims=g.claims,
            relations=[(r.type, *r.claims, r.reason) for r in g.relations],
            conflicts=[(k.type, *k.claims, k.reason, k.strength) for k in mine],
            counts=(len(g.claims), len(g.relations), len(mine)),
        )


def _about(row: StoredGroup, claim: str) -> StoredGroup:
    """The group listing only `claim` and the relations and conflicts naming it (as the store
    selects them)."""
    return row.model_copy(update={
        "claims": [claim],
        "relations": [r for r in row.relations if claim in (r[1], r[2])],
        "conflicts": [k for k in row.conflicts if claim in (k[1], k[2])],
    })


def _largest(rows: list[StoredGroup], limit: int) -> list[StoredGroup]:
    """The `limit` groups with the most claims, in their order (as the store selects them)."""
    keep = sorted(range(len(rows)), key=lambda n: (-rows[n].counts[0], n))[:limit]
    return [rows[n] for n in sorted(keep)]


def _listed(
    rows: Iterable[StoredGroup], limit: int | None
) -> tuple[list[Group], list[Conflict]]:
    """Groups and conflicts from stored rows, each list cut to `limit`."""
    groups: list[Group] = []
    conflicts: list[Conflict] = []
    for row in rows:
        members, relations, pairs = row.claims[:limit], row.relations[:limit], row.conflicts[:limit]
        n, r, k = row.counts
        omitted = (n - len(members), r - len(relations), k - len(pairs))
        data = json.loads(row.data)
        data["claims"] = members
        data["relations"] = [{"type": t, "claims": (a, b), "reason": why}
                             for t, a, b, why in relations]
        if any(omitted):
            data["omitted"] = dict(zip(("claims", "relations", "conflicts"), omitted, strict=True))
        groups.append(Group.model_validate(data))
        conflicts.extend(_CONFLICTS.validate_python(
            [{"type": t, "claims": (a, b), "reason": why, "group": row.id, "strength": strength}
             for t, a, b, why, strength in pairs]
        ))
    # strongest first, as reconciled (the sort is stable: group order within a strength)
    conflicts.sort(key=lambda k: -k.strength)
    return groups, conflicts


def _mentioned(groups: list[Group], conflicts: list[Conflict]) -> set[str]:
    """The claims a listing names."""
    ids = {cid for g in groups for cid in g.claims}
    ids.update(cid for g in groups for r in g.relations for cid in r.claims)
    ids.update(cid for k in conflicts for cid in k.claims)
    return ids


def config_digest(config: ClaimsConfig) -> str:
    """What a stored reconciliation depends on besides the claims: the config and the code."""
    text = f"{__version__}\x1f{RECONCILE_VERSION}\x1f{config.model_dump_json()}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Reconciled(NamedTuple):
    """What `reconcile_stale` computed and stored."""

    claims: int
    blocks: int
    groups: int
    conflicts: int


def reconcile_stale(
    store: Store, config: ClaimsConfig, kinds: list[str] | None, selection: str, digest: str,
    *, engine: str = "local", scheduler: str | None = None, jobs: int = 2,
) -> Reconciled | None:
    """When the stored reconciliation of `kinds` is stale, reconcile them again into the store
    block by block (`reconcile.stream`): each block's claims read (all from one snapshot), its
    groups written (a transaction per block), before the next (`engine="dask"`: blocks as
    tasks on a Dask cluster, see `reconcile.dask_engine`, written here as they come back); the
    result replaces the stored one at the end if the store is still at the state it was read
    at. None when the stored one is current, or the store cannot be written (read-only, busy
    past the timeout, changed meanwhile): `build_report` then reconciles in memory."""
    with contextlib.ExitStack() as stack:
        # every read in one snapshot of this connection; the result written through another
        # in a transaction per block, so that an ingest waits for a block, never for all
        stack.enter_context(store.snapshot())
        topics = store.topics() if kinds is None else [k.split(".")[0] for k in kinds]
        state = store.topic_versions(topics)
        if store.is_current(selection, digest, state):
            return None
        store.verify()  # a corrupt store is an error, not a cache that could not be written
        try:
            out = stack.enter_context(Store.open(store.path, create=False, check=False))
            out.checked = True  # by `store`, just now
            writer = stack.enter_context(out.reconciliation_writer(selection, digest, state))
        except (StoreError, sqlite3.Error):  # read-only, or busy past the timeout
            return None
        documents = store.documents()
        meta = {d.name: d.articles for d in documents}
        signatures = {d.name: d.signature for d in documents}
        del documents
        the_plan = plan((Row.stored(r) for r in store.claim_rows(kinds)), config, meta,
                        signatures)
        load = lambda ids: read_claims(store.claim_texts(ids))  # noqa: E731
        blocks: Iterable[BlockRows]
        if engine == "dask":
            from ..reconcile.dask_engine import dask_blocks

            blocks = dask_blocks(the_plan, load, config, documents_meta=meta,
                                 scheduler=scheduler, jobs=jobs)
        else:
            blocks = rows_of_blocks(the_plan, load, config, documents_meta=meta)
        groups = conflicts = 0
        try:
            for block in blocks:
                for g in block.groups:
                    writer.add(StoredGroup.model_construct(
                        id=g.id, data=g.data, claims=g.claims, relations=g.relations,
                        conflicts=g.conflicts,
                        counts=(len(g.claims), len(g.relations), len(g.conflicts))), g.key)
                    groups += 1
                    conflicts += len(g.conflicts)
                writer.comparisons += block.comparisons
                writer.commit()
                del block
            if not writer.finish():  # the store changed meanwhile: the report reads it again
                return None
        except (StoreError, sqlite3.Error):
            return None  # left for build_report to do in memory
        return Reconciled(sum(len(b.ids) for b in the_plan.blocks), len(the_plan.blocks),
                          groups, conflicts)
    return None


def _store(
    store: Store, selection: str, digest: str, state: dict[str, int],
    rows: Iterable[StoredGroup], comparisons: int,
) -> None:
    """Keep a reconciliation for the next report; skipped when the store cannot be written
    (read-only, busy past the timeout): the report is right either way, only slower next time."""
    store.verify()  # a corrupt store is an error, not a cache that could not be written
    with contextlib.suppress(StoreError, sqlite3.Error):
        store.save_reconciliation(selection, digest, state, rows, comparisons)


def report_schema() -> dict[str, object]:
    """The JSON Schema of the report."""
    return Report.model_json_schema()


def write_atomically(path: Path, text: str | Iterable[str]) -> None:
    """Write a file (text, or its pieces) whole or not at all: a temporary file renamed over
    the target."""
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        # mkstemp makes it private (0600); a report is made to be shared: as open() would
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.writelines([text] if isinstance(text, str) else text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def schema_text() -> str:
    return json.dumps(report_schema(), indent=2, ensure_ascii=False) + "\n"
