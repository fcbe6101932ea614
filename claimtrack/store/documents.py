"""Documents in the store: each written in one transaction with its articles, passages and
claims, so an interrupted ingest never leaves half a document; and read back."""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator
from typing import Any, TypeVar

from pydantic import BaseModel, Field

from ..models import Article, ArticleMeta, Claim, Document, Passage
from ..signature import text_signature
from .db import Database, _now

# the columns of `articles` that hold an article's metadata, one per ArticleMeta field
_META = tuple(ArticleMeta.model_fields)


class Copy(BaseModel):
    """A file with a stored document's content: not stored again, kept as another
    publication of it (its own sidecar entry's outlet, date, url, title)."""

    name: str
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    title: str | None = None


class DocumentSummary(BaseModel):
    id: int
    name: str
    path: str
    sha256: str
    articles: list[ArticleMeta]
    languages: list[str]
    passages: int
    junk: int
    claims: int
    copies: list[Copy] = []
    # the text's MinHash (`claimtrack.signature`): for the reconciler, never shown
    signature: bytes | None = Field(default=None, exclude=True, repr=False)


class DocumentStore(Database):
    """Writing and reading documents and their claims."""

    # ------------------------------------------------------------ writing

    def lookup(self, path: str, sha256: str) -> tuple[str, str | None]:
        """How a file stands: ("new" | "unchanged" | "changed" | "duplicate", extractor digest)."""
        row = self.conn.execute(
            "SELECT sha256, extractor FROM documents WHERE path = ?", (path,)
        ).fetchone()
        if row is not None:
            return ("unchanged" if row[0] == sha256 else "changed"), row[1]
        row = self.conn.execute(
            "SELECT path, extractor FROM documents WHERE sha256 = ?", (sha256,)
        ).fetchone()
        if row is not None:
            return "duplicate", row[1]
        return "new", None

    def name_of_content(self, sha256: str) -> str | None:
        """The name of the stored document with this content, if any."""
        row = self.conn.execute(
            "SELECT name FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return row[0] if row else None

    def save_copy(self, sha256: str, path: str, name: str, meta: ArticleMeta | None) -> None:
        """Keep a file with the content of a stored document as another publication of it
        (once per path: its latest metadata)."""
        with self.transaction() as c:
            row = c.execute("SELECT id FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
            if row is None:
                return
            m = meta or ArticleMeta()
            c.execute(
                "INSERT INTO copies (path, document_id, name, outlet, published, url, title) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET "
                "document_id = excluded.document_id, name = excluded.name, "
                "outlet = excluded.outlet, published = excluded.published, "
                "url = excluded.url, title = excluded.title",
                (path, row[0], name, m.outlet, None if m.published is None else str(m.published),
                 m.url, m.title))

    def document_name(self, path: str) -> str | None:
        """The name the document stored from `path` goes by, if one is stored."""
        row = self.conn.execute("SELECT name FROM documents WHERE path = ?", (path,)).fetchone()
        return row[0] if row else None

    def name_taken(self, name: str, path: str) -> bool:
        """Whether a document from another path than `path` goes by `name`."""
        return self.conn.execute(
            "SELECT 1 FROM documents WHERE name = ? AND path != ? LIMIT 1", (name, path)
        ).fetchone() is not None

    def save(self, doc: Document, claims: Iterable[Claim] = (), *, extractor: str = "") -> bool:
        """Store a document, its articles, passages and claims in one transaction, replacing
        any earlier version stored under the same path. Returns False, writing nothing, when
        another path already holds the same content."""
        with self.transaction() as c:
            # checked again under the write lock: a concurrent ingest may have stored the same
            # content from another path since `lookup` (the claim ids would then clash)
            if c.execute(
                "SELECT 1 FROM documents WHERE sha256 = ? AND path != ? LIMIT 1",
                (doc.sha256, doc.path),
            ).fetchone():
                return False
            doc, claims = _free_name(c, doc, claims)
            # the topics this save changes: those of the replaced version and of the new one
            topics = {t for (t,) in c.execute(
                "SELECT DISTINCT c.topic FROM claims c JOIN documents d ON d.id = c.document_id "
                "WHERE d.path = ?", (doc.path,)
            )}
            c.execute("DELETE FROM documents WHERE path = ?", (doc.path,))
            c.execute("DELETE FROM copies WHERE path = ?", (doc.path,))  # now stored itself
            claims = _unique_ids(c, claims)
            topics.update(cl.kind.split(".")[0] for cl in claims)
            c.execute("UPDATE store_state SET version = version + 1 WHERE id = 1")
            c.executemany(
                "INSERT INTO topic_state (topic, version) VALUES (?, 1) "
                "ON CONFLICT (topic) DO UPDATE SET version = version + 1",
                [(t,) for t in sorted(topics)],
            )
            cur = c.execute(
                "INSERT INTO documents (path, name, sha256, size, encoding, format, text, "
                "ingested_at, extractor, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc.path, doc.name, doc.sha256, doc.size, doc.encoding, doc.format, doc.text,
                 _now(), extractor, text_signature(doc.text)),
            )
            doc_id = cur.lastrowid
            c.executemany(
                f"INSERT INTO articles (document_id, idx, start, end, {', '.join(_META)}) "
                f"VALUES (?, ?, ?, ?, {_marks(_META)})",
                [
                    (doc_id, a.index, a.start, a.end, *(getattr(a.meta, f) for f in _META))
                    for a in doc.articles
                ],
            )
            c.executemany(
                "INSERT INTO passages (document_id, idx, article, paragraph, start, end, text, "
                "language, junk, junk_reason, translation_of) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (doc_id, p.index, a.index, p.paragraph, p.start, p.end, p.text, p.language,
                     int(p.junk), p.junk_reason, p.translation_of)
                    for a in doc.articles
                    for p in a.passages
                ],
            )
            c.executemany(
                "INSERT INTO claims (id, document_id, kind, topic, subject, as_of_start, data) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (cl.id, doc_id, cl.kind, cl.kind.split(".")[0], cl.subject,
                     cl.as_of_start.isoformat() if cl.as_of_start else None,
                     cl.model_dump_json())
                    for cl in claims
                ],
            )
        return True

    # ------------------------------------------------------------ reading

    def documents(self, names: Collection[str] | None = None) -> list[DocumentSummary]:
        """Stored documents (all, or those named) with their articles, languages and counts,
        by name."""
        c = self.conn
        articles: dict[int, list[ArticleMeta]] = defaultdict(list)
        languages: dict[int, list[str]] = defaultdict(list)
        passages: dict[int, tuple[int, int]] = {}
        claims: dict[int, int] = {}
        copies: dict[int, list[Copy]] = defaultdict(list)
        with self.snapshot():
            if names is None:
                rows = c.execute(
                    "SELECT id, name, path, sha256, signature FROM documents "
                    "ORDER BY name, path"
                ).fetchall()
                scopes: list[tuple[str, list[int]]] = [("1", [])]
            else:
                rows = []
                for chunk in _chunks(sorted(set(names))):
                    rows.extend(c.execute(
                        "SELECT id, name, path, sha256, signature FROM documents "
                        f"WHERE name IN ({_marks(chunk)})", chunk
                    ))
                rows.sort(key=lambda r: (r[1], r[2]))
                scopes = [(f"document_id IN ({_marks(chunk)})", chunk)
                          for chunk in _chunks([r[0] for r in rows])]
            for where, args in scopes:
                for doc_id, *r in c.execute(
                    f"SELECT document_id, {', '.join(_META)} FROM articles "
                    f"WHERE {where} ORDER BY document_id, idx", args
                ):
                    articles[doc_id].append(ArticleMeta(**dict(zip(_META, r, strict=True))))
                # most used first, ties by name
                for doc_id, language in c.execute(
                    f"SELECT document_id, language FROM passages WHERE {where} AND junk = 0 "
                    "GROUP BY document_id, language "
                    "ORDER BY document_id, count(*) DESC, language", args
                ):
                    languages[doc_id].append(language)
                for doc_id, n, junk in c.execute(
                    "SELECT document_id, count(*), coalesce(sum(junk), 0) FROM passages "
                    f"WHERE {where} GROUP BY document_id", args
                ):
                    passages[doc_id] = (n, junk)
                for doc_id, n in c.execute(
                    f"SELECT document_id, count(*) FROM claims WHERE {where} "
                    "GROUP BY document_id", args
                ):
                    claims[doc_id] = n
                for doc_id, *r in c.execute(
                    f"SELECT document_id, name, outlet, published, url, title FROM copies "
                    f"WHERE {where} ORDER BY document_id, name", args
                ):
                    copies[doc_id].append(Copy(**dict(zip(
                        ("name", "outlet", "published", "url", "title"), r, strict=True))))
        return [
            DocumentSummary(
                id=doc_id, name=name, path=path, sha256=sha, articles=articles.get(doc_id, []),
                languages=languages.get(doc_id, []), passages=passages.get(doc_id, (0, 0))[0],
                junk=passages.get(doc_id, (0, 0))[1], claims=claims.get(doc_id, 0),
                copies=copies.get(doc_id, []), signature=signature,
            )
            for doc_id, name, path, sha, signature in rows
        ]

    def load_document(self, name_or_path: str) -> Document | None:
        """A stored document rebuilt with its articles and passages."""
        c = self.conn
        with self.snapshot():
            row = c.execute(
                "SELECT id, path, name, sha256, size, encoding, format, text FROM documents "
                "WHERE path = ? OR name = ? ORDER BY path LIMIT 1", (name_or_path, name_or_path)
            ).fetchone()
            if row is None:
                return None
            doc_id = row[0]
            passages: dict[int, list[Passage]] = {}
            for r in c.execute(
                "SELECT idx, article, paragraph, start, end, text, language, junk, junk_reason, "
                "translation_of FROM passages WHERE document_id = ? ORDER BY idx", (doc_id,)
            ):
                passages.setdefault(r[1], []).append(Passage(
                    index=r[0], paragraph=r[2], start=r[3], end=r[4], text=r[5], language=r[6],
                    junk=bool(r[7]), junk_reason=r[8], translation_of=r[9],
                ))
            articles = [
                Article(
                    index=r[0], start=r[1], end=r[2],
                    meta=ArticleMeta(**dict(zip(_META, r[3:], strict=True))),
                    passages=passages.get(r[0], []),
                )
                for r in c.execute(
                    f"SELECT idx, start, end, {', '.join(_META)} FROM articles "
                    "WHERE document_id = ? ORDER BY idx", (doc_id,)
                )
            ]
        return Document(
            path=row[1], name=row[2], sha256=row[3], size=row[4], encoding=row[5],
            format=row[6], text=row[7], articles=articles,
        )

    def claims(
        self, kinds: list[str] | None = None, document: str | None = None,
        *, ids: Collection[str] | None = None,
    ) -> list[Claim]:
        """Stored claims, optionally only these kinds and one document (by name or path), or
        only the claims with these ids."""
        if ids is not None:
            return self._claims_by_id(ids)
        sql = "SELECT c.data FROM claims c JOIN documents d ON d.id = c.document_id"
        where: list[str] = []
        args: list[object] = []
        if kinds is not None:
            where.append(f"c.kind IN ({_marks(kinds)})")
            args.extend(kinds)
        if document is not None:
            where.append("(d.name = ? OR d.path = ?)")
            args.extend([document, document])
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY d.name, d.path, c.rowid"
        with self.snapshot():
            rows = self.conn.execute(sql, args).fetchall()
        return [Claim.model_validate_json(r[0]) for r in rows]

    def claim_rows(self, kinds: list[str] | None = None) -> Iterator[tuple[Any, ...]]:
        """The fields of each stored claim (of `kinds`, or all) that `reconcile.stream.plan`
        reads, read without building the claim, in the order of `stream.Row.stored`: id,
        document, article, kind, language, subject, location, quote, value, low, high,
        qualifier, as_of_start, as_of_end, as_of_inferred, modality, part_of, translation_of,
        and the last source it is cited through else who it is attributed to. Call inside a
        snapshot or transaction."""
        fields = ("document", "article", "kind", "language", "subject", "location", "quote",
                  "value", "low", "high", "qualifier", "as_of_start", "as_of_end",
                  "as_of_inferred", "modality", "part_of", "translation_of")
        sql = (
            "SELECT id, "
            + "".join("kind, " if f == "kind" else f"json_extract(data, '$.{f}'), "
                      for f in fields)
            + "coalesce(json_extract(data, '$.source_chain[#-1]'), "
            "json_extract(data, '$.attributed_to')) FROM claims"
        )
        args: list[object] = []
        if kinds is not None:
            sql += f" WHERE kind IN ({_marks(kinds)})"
            args.extend(kinds)
        yield from self.conn.execute(sql, args)

    def claim_texts(self, ids: Collection[str]) -> Iterator[str]:
        """The stored JSON of the claims with these ids, in no particular order (for a reader
        that makes its own records of them)."""
        wanted = sorted(set(ids))
        with self.snapshot():
            for chunk in _chunks(wanted):
                for (data,) in self.conn.execute(
                        f"SELECT data FROM claims WHERE id IN ({_marks(chunk)})", chunk):
                    yield data

    def _claims_by_id(self, ids: Collection[str]) -> list[Claim]:
        rows: list[tuple[str, str, int, Claim]] = []
        wanted = sorted(set(ids))
        with self.snapshot():
            for chunk in _chunks(wanted):
                # each chunk's text made claims at once: a block of 10^5 claims never holds
                # its JSON and its models together
                rows.extend((name, path, rowid, Claim.model_validate_json(data))
                            for name, path, rowid, data in self.conn.execute(
                                "SELECT d.name, d.path, c.rowid, c.data FROM claims c "
                                "JOIN documents d ON d.id = c.document_id "
                                f"WHERE c.id IN ({_marks(chunk)})", chunk))
        rows.sort(key=lambda r: r[:3])  # the order of `claims()`
        return [r[3] for r in rows]

    def claim(self, claim_id: str) -> Claim | None:
        """One stored claim by id."""
        row = self.conn.execute("SELECT data FROM claims WHERE id = ?", (claim_id,)).fetchone()
        return Claim.model_validate(json.loads(row[0])) if row else None

    def claim_ids_like(self, prefix: str, limit: int = 2000) -> list[str]:
        """Ids of stored claims starting with `prefix` (a document's digest), for "did you
        mean"; the first `limit` ids when none does."""
        rows = self.conn.execute(
            "SELECT id FROM claims WHERE id >= ? AND id < ? LIMIT ?",
            (prefix, prefix + "\uffff", limit)).fetchall()
        if not rows:
            rows = self.conn.execute("SELECT id FROM claims LIMIT ?", (limit,)).fetchall()
        return [r[0] for r in rows]

    def passage_text(self, document: str, index: int) -> tuple[int, str] | None:
        """(start offset, text) of a document's passage."""
        row = self.conn.execute(
            "SELECT p.start, p.text FROM passages p JOIN documents d ON d.id = p.document_id "
            "WHERE d.name = ? AND p.idx = ? ORDER BY d.path LIMIT 1", (document, index)
        ).fetchone()
        return (row[0], row[1]) if row else None


_T = TypeVar("_T")
# ids per `IN (...)` list: well below SQLite's limit on parameters
_IN_CHUNK = 500


def _marks(values: Collection[Any]) -> str:
    """The `?, ?, ...` of an `IN (...)` list of `values`."""
    return ",".join("?" * len(values))


def _chunks(items: list[_T]) -> Iterator[list[_T]]:
    for n in range(0, len(items), _IN_CHUNK):
        yield items[n : n + _IN_CHUNK]


def _free_name(
    c: sqlite3.Connection, doc: Document, claims: Iterable[Claim]
) -> tuple[Document, Iterable[Claim]]:
    """The document as stored: under its own name, unless a concurrent ingest has stored
    another file by that name since the name was chosen; then under its path."""
    def taken(name: str) -> bool:
        return c.execute(
            "SELECT 1 FROM documents WHERE name = ? AND path != ? LIMIT 1", (name, doc.path)
        ).fetchone() is not None

    if not taken(doc.name):
        return doc, claims
    name = doc.path
    n = 2
    while taken(name):
        name, n = f"{doc.path} ({n})", n + 1
    renamed = [cl.model_copy(update={"document": name}) for cl in claims]
    return doc.model_copy(update={"name": name}), renamed


def _unique_ids(conn: sqlite3.Connection, claims: Iterable[Claim]) -> list[Claim]:
    """The claims with ids that are free, as the primary key needs: an exact repeat is dropped
    and another claim whose id is taken (in this document or, by a clash of the content hash
    prefix in the id, another one) gets a suffix, so that one odd figure cannot stop an ingest."""
    kept: dict[str, Claim] = {}
    for claim in claims:
        if kept.get(claim.id) == claim:
            continue
        free, n = claim.id, 1
        while free in kept or conn.execute("SELECT 1 FROM claims WHERE id = ?", (free,)).fetchone():
            n += 1
            free = f"{claim.id}.{n}"
        kept[free] = claim if free == claim.id else claim.model_copy(update={"id": free})
    return list(kept.values())
