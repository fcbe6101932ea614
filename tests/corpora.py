"""Corpora for the reliability and concurrency tests: a corpus in two versions, what a
store must hold after an ingest of it, and an ingest run in its own process."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from claimtrack.extract.document import Extraction
from claimtrack.load.files import Found, SidecarCache, load_file
from claimtrack.models import Article, ArticleMeta, Claim, Document, Passage
from claimtrack.store import Store

from .badinputs import ARTICLE, CHINESE


def one_article(*sentences: str, lang: str = "en", published: dt.date | None = None) -> Document:
    """One article published on `published`, a passage per sentence (offsets into its text)."""
    text = " ".join(sentences)
    passages, start = [], 0
    for n, s in enumerate(sentences):
        passages.append(Passage(index=n, paragraph=0, start=start, end=start + len(s), text=s,
                                language=lang))
        start += len(s) + 1
    return Document(path="/x.txt", name="x.txt", sha256="0" * 64, size=len(text),
                    encoding="utf-8", format="txt", text=text,
                    articles=[Article(index=0, start=0, end=len(text),
                                      meta=ArticleMeta(published=published), passages=passages)])


CLI = [sys.executable, "-c", "from claimtrack.cli.main import cli; cli()"]


def start_ingest(cwd: Path, db: Path, *paths: Path) -> subprocess.Popen[bytes]:
    """`claimtrack ingest PATHS` in its own process, as a user would run it."""
    env = {**os.environ, "CLAIMTRACK_DB": str(db)}
    return subprocess.Popen(
        [*CLI, "ingest", *map(str, paths)], cwd=cwd, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


# ------------------------------------------------------------------ a corpus in two versions

HTML = """<!DOCTYPE html><html><head><title>Report {i}</title>
<script>var t = "SCRIPT{i}";</script></head><body><nav><a href="/">Home</a></nav>
<article><h1>Report {i}</h1><p>{body}</p>
<p>The soldiers were deployed in several waves over the autumn, officials told lawmakers in
Seoul, and some have been seen near the front line, the agency added on Tuesday.</p>
</article><footer>Copyright</footer></body></html>
"""


@dataclass
class Corpus:
    """Files with two versions each: switching a file makes the next ingest replace it."""

    root: Path
    versions: dict[Path, tuple[bytes, bytes]] = field(default_factory=dict)
    current: dict[Path, int] = field(default_factory=dict)

    def flip(self, path: Path) -> None:
        self.current[path] ^= 1
        path.write_bytes(self.versions[path][self.current[path]])

    def key(self, path: Path) -> str:
        return str(path.resolve())


def make_corpus(root: Path, n: int = 40, paragraphs: int = 3, *, first: int = 0) -> Corpus:
    """`n` small files: English .txt/.md/.html, Chinese, Latin-1, with a sources.yaml.
    Files numbered from `first`: corpora with other numbers hold other contents."""
    root.mkdir(parents=True, exist_ok=True)
    corpus = Corpus(root)
    sidecar = []
    for i in range(first, first + n):
        def body(v: int, i: int = i) -> str:
            figure = f"{(i + 1) * 100 + v * 7:,}"
            return "\n\n".join(
                ARTICLE.replace("12,000", figure).replace("Kursk", f"Kursk (part {k})")
                for k in range(paragraphs)
            )

        kind = i % 8
        if kind in (0, 1, 2, 3):
            path, make = root / f"{i:03d}.txt", (lambda v: body(v).encode())
        elif kind == 4:
            path, make = root / f"{i:03d}.md", (lambda v: ("# Report\n\n" + body(v)).encode())
        elif kind == 5:
            path = root / f"{i:03d}.html"

            def make(v: int, i: int = i) -> bytes:
                text = body(v).split("\n\n")[0].strip()
                return HTML.format(i=i, body=text).encode()
        elif kind == 6:
            path = root / f"{i:03d}_zh.txt"

            def make(v: int, i: int = i) -> bytes:
                figure = (i + 1) * 100 + v
                added = f"据报道，约有{figure}名朝鲜士兵被部署至库尔斯克地区。\n"
                return (CHINESE + added).encode()
        else:
            path = root / f"{i:03d}_latin1.txt"

            def make(v: int, i: int = i) -> bytes:
                return (body(v) + f"\n\nLe président a visité le café {i}-{v}.\n").encode(
                    "latin-1"
                )
        corpus.versions[path] = (make(0), make(1))
        corpus.current[path] = 0
        path.write_bytes(make(0))
        if i % 5 == 0:
            published = f"2025-0{1 + i % 9}-1{i % 10}"
            sidecar.append(f"{path.name}:\n  outlet: Outlet {i}\n  published: {published}\n")
    (root / "sources.yaml").write_text("".join(sidecar), encoding="utf-8")
    return corpus


@dataclass(frozen=True)
class Expected:
    name: str
    articles: int
    passages: int
    claims: list[Claim]


Reference = dict[tuple[str, str], Expected]


def reference(corpus: Corpus, extraction: Extraction) -> Reference:
    """What a clean ingest stores for every version of every file, by path and content hash
    (the same content under another name and sidecar is another document)."""
    sidecars = SidecarCache()
    out: Reference = {}
    for path, versions in corpus.versions.items():
        for data in versions:
            found = Found(path, path.name)
            doc = load_file(found, data, sidecars.entry(path))
            assert isinstance(doc, Document), doc
            out[doc.path, doc.sha256] = Expected(
                doc.name, len(doc.articles), sum(len(a.passages) for a in doc.articles),
                sorted(extraction(doc), key=lambda c: c.id),
            )
    return out


def check_store(db: Path, corpus: Corpus, ref: Reference) -> dict[str, str]:
    """Assert the database is sound and holds only whole documents; returns path -> sha256."""
    if not db.exists() or db.stat().st_size == 0:
        return {}  # killed before SQLite wrote anything: nothing to lose
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for table in ("articles", "passages", "claims"):
            orphans = conn.execute(
                f"SELECT count(*) FROM {table} WHERE document_id NOT IN (SELECT id FROM documents)"
            ).fetchone()[0] if _has_table(conn, table) else 0
            assert orphans == 0, table
    finally:
        conn.close()
    paths = {corpus.key(p): p for p in corpus.versions}
    stored: dict[str, str] = {}
    with Store.open(db, create=False) as s:
        summaries = s.documents()
        for d in summaries:
            assert d.path in paths, d.path
            versions = corpus.versions[paths[d.path]]
            assert d.sha256 in {sha_of(v) for v in versions}
            expected = ref[d.path, d.sha256]
            assert (d.name, len(d.articles), d.passages) == (
                expected.name, expected.articles, expected.passages
            )
            claims = sorted(s.claims(document=d.path), key=lambda c: c.id)
            assert claims == expected.claims, d.name
            stored[d.path] = d.sha256
        assert len(summaries) == len({d.sha256 for d in summaries})
    return stored


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,))
    return row.fetchone() is not None


def sha_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored_count(db: Path) -> int:
    """Documents committed so far, read without disturbing the writer."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.05)
        try:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0  # not created or not migrated yet


# ------------------------------------------------------------------ SIGKILL at random points
