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
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from . import __version__
from .config import ClaimsConfig
from .errors import StoreError
from .models import ArticleMeta, Claim, Modality, Qualifier
from .reconcile import RECONCILE_VERSION, Conflict, Group, Reconciliation, reconcile
from .store import Store

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

    @classmethod
    def of(cls, c: Claim) -> ClaimRecord:
        return cls.model_validate(c.model_dump(include=set(cls.model_fields)))

    def listed(self) -> dict[str, Any]:
        """The record as `claimtrack claims` lists it: the documented fields always, the
        optional ones (item, source_chain, as_of_inferred, date_text) only when set."""
        data = self.model_dump(mode="json")
        return {k: v for k, v in data.items() if k not in _OPTIONAL or v}


_OPTIONAL = ("item", "source_chain", "as_of_inferred", "date_text")


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


def build_report(
    store: Store, config: ClaimsConfig, kinds: list[str] | None = None, topic: str | None = None
) -> tuple[Report, list[Claim]]:
    """Reconcile the stored claims (of `kinds`, or all) into a report; also the claims.

    The reconciliation is read from the store when one was stored for the same kinds and
    config from the current state of their topics; else it is computed and stored."""
    selection = "*" if kinds is None else ",".join(sorted(set(kinds)))
    digest = config_digest(config)
    with store.snapshot():
        if kinds is None:
            topics = [r[0] for r in store.conn.execute("SELECT topic FROM topic_state")]
        else:
            topics = [k.split(".")[0] for k in kinds]
        state = store.topic_versions(topics)
        stored = store.stored_reconciliation(selection, digest, state)
        documents = store.documents()
        claims = store.claims(kinds)
    if stored is not None:
        # read in pieces, each freed when read: a large topic holds millions of relations
        texts, rows = stored.groups[::-1], stored.conflicts[::-1]
        del stored
        groups = []
        while texts:
            groups.append(Group.model_validate_json(texts.pop()))
        conflicts: list[Conflict] = []
        while rows:
            piece = [rows.pop() for _ in range(min(len(rows), 50_000))]
            conflicts.extend(_CONFLICTS.validate_python(
                [{"type": t, "claims": (a, b), "reason": r, "group": g}
                 for t, a, b, r, g in piece]
            ))
    else:
        meta = {d.name: d.articles for d in documents}
        rec: Reconciliation = reconcile(claims, config, documents_meta=meta)
        groups, conflicts = rec.groups, rec.conflicts
        _store(store, selection, digest, state, rec)
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
    )
    return report, claims


_CONFLICTS = TypeAdapter(list[Conflict])


def config_digest(config: ClaimsConfig) -> str:
    """What a stored reconciliation depends on besides the claims: the config and the code."""
    text = f"{__version__}\x1f{RECONCILE_VERSION}\x1f{config.model_dump_json()}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _store(
    store: Store, selection: str, digest: str, state: dict[str, int], rec: Reconciliation
) -> None:
    """Keep a reconciliation for the next report; skipped when the store cannot be written
    (read-only, busy past the timeout): the report is right either way, only slower next time."""
    with contextlib.suppress(StoreError, sqlite3.Error):
        store.save_reconciliation(
            selection, digest, state,
            ((g.id, g.model_dump_json(), g.claims) for g in rec.groups),
            ((k.type, k.claims[0], k.claims[1], k.reason, k.group) for k in rec.conflicts),
            rec.comparisons,
        )


def report_schema() -> dict[str, object]:
    """The JSON Schema of the report."""
    return Report.model_json_schema()


def write_atomically(path: Path, text: str | Iterable[str]) -> None:
    """Write a file (text, or its pieces) whole or not at all: a temporary file renamed over
    the target."""
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.writelines([text] if isinstance(text, str) else text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def schema_text() -> str:
    return json.dumps(report_schema(), indent=2, ensure_ascii=False) + "\n"
