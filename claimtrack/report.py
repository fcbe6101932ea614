"""The shareable report: documents, claims, groups and conflicts, as one pydantic model.

`claimtrack export` writes it as YAML or JSON; `compare` writes the part for one topic. Its JSON
Schema, generated from these models, ships as `schema/report.schema.json`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from .config import ClaimsConfig
from .models import ArticleMeta, Claim, Modality, Qualifier
from .reconcile import Conflict, Group, Reconciliation, reconcile
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
    """Reconcile the stored claims (of `kinds`, or all) into a report; also the claims."""
    with store.snapshot():
        documents = store.documents()
        claims = store.claims(kinds)
    meta = {d.name: d.articles for d in documents}
    rec: Reconciliation = reconcile(claims, config, documents_meta=meta)
    used = {c.document for c in claims}
    report = Report(
        generated=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
        topic=topic,
        documents=[
            DocumentRecord(name=d.name, sha256=d.sha256, articles=d.articles,
                           languages=d.languages, passages=d.passages, claims=d.claims)
            for d in documents
            if kinds is None or d.name in used
        ],
        claims=[ClaimRecord.of(c) for c in claims],
        groups=rec.groups,
        conflicts=rec.conflicts,
    )
    return report, claims


def report_schema() -> dict[str, object]:
    """The JSON Schema of the report."""
    return Report.model_json_schema()


def write_atomically(path: Path, text: str) -> None:
    """Write a file whole or not at all: a temporary file renamed over the target."""
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def schema_text() -> str:
    return json.dumps(report_schema(), indent=2, ensure_ascii=False) + "\n"
