"""Ingest: files -> documents -> claims -> store, one transaction per document."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel, Field

from .loader import Found, SidecarCache, iter_files, load_file, read_bytes
from .models import Claim, Document, Skipped
from .store import Store

# extract(document) -> claims; None stores documents only
Extractor = Callable[[Document], list[Claim]]


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


def ingest(
    found: list[Found],
    store: Store,
    *,
    extract: Extractor | None = None,
    extractor_id: str = "",
    progress: Callable[[Found], None] | None = None,
) -> IngestReport:
    """Read, structure, extract and store each file. A file stored before with the same
    content and the same extractor is left alone; a changed one replaces its old version."""
    report = IngestReport()
    languages: Counter[str] = Counter()
    sidecars = SidecarCache()
    for f in found:
        report.files += 1
        try:
            _one(f, store, sidecars, report, languages, extract, extractor_id)
        finally:
            if progress is not None:
                progress(f)
    report.languages = dict(languages.most_common())
    return report


def _one(
    f: Found,
    store: Store,
    sidecars: SidecarCache,
    report: IngestReport,
    languages: Counter[str],
    extract: Extractor | None,
    extractor_id: str,
) -> None:
    if f.skip is not None:
        report.skipped.append(Skipped(path=f.display, reason=f.skip))
        return
    data = read_bytes(f)
    if isinstance(data, Skipped):
        report.skipped.append(data)
        return
    sha = hashlib.sha256(data).hexdigest()
    status, stored_extractor = store.lookup(str(f.path.resolve()), sha)
    if status == "duplicate":
        report.duplicates += 1
        report.skipped.append(Skipped(path=f.display, reason="same content as a stored document"))
        return
    if status == "unchanged" and stored_extractor == extractor_id:
        report.unchanged += 1
        return
    doc = load_file(f, data, sidecars.entry(f.path))
    if isinstance(doc, Skipped):
        report.skipped.append(doc)
        return
    claims = extract(doc) if extract is not None else []
    store.save(doc, claims, extractor=extractor_id)
    if status == "new":
        report.added += 1
    else:
        report.replaced += 1
    for a in doc.articles:
        report.articles += 1
        for p in a.passages:
            report.passages += 1
            if p.junk:
                report.junk += 1
            else:
                languages[p.language] += 1
    report.claims += len(claims)
