"""The SQLite store: one file holding documents, articles, passages and claims.

Each document is written in one transaction with everything derived from it, so an
interrupted ingest never leaves half a document. Schema changes are named migrations,
applied in order and recorded; `PRAGMA application_id` marks the file as ours so that
claimtrack never writes into some other program's database.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel

from ..errors import StoreError
from ..models import Article, ArticleMeta, Claim, Document, Passage

ENV_DB = "CLAIMTRACK_DB"
DEFAULT_DB = "claimtrack.db"
APPLICATION_ID = 0x436C546B  # "ClTk"
BUSY_TIMEOUT_MS = 30_000
# a store up to this size is checked in full whenever it is opened (a fraction of a second);
# a larger one before its first write
CHECK_ON_OPEN_BYTES = 256 * 2**20


def default_db_path() -> Path:
    """--db is given by the caller; else $CLAIMTRACK_DB, else ./claimtrack.db."""
    return Path(os.environ.get(ENV_DB) or DEFAULT_DB)


# ---------------------------------------------------------------- migrations


def _run(conn: sqlite3.Connection, script: str) -> None:
    """Run a migration's statements one by one: executescript would COMMIT our transaction."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _m001_documents(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            sha256 TEXT NOT NULL,
            size INTEGER NOT NULL,
            encoding TEXT NOT NULL,
            format TEXT NOT NULL,
            text TEXT NOT NULL,
            ingested_at TEXT NOT NULL
        );
        CREATE INDEX documents_sha256 ON documents(sha256);
        CREATE INDEX documents_name ON documents(name);
        CREATE TABLE articles (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            title TEXT, outlet TEXT, published TEXT, byline TEXT, url TEXT,
            PRIMARY KEY (document_id, idx)
        );
        CREATE TABLE passages (
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            article INTEGER NOT NULL,
            paragraph INTEGER NOT NULL,
            start INTEGER NOT NULL,
            end INTEGER NOT NULL,
            text TEXT NOT NULL,
            language TEXT NOT NULL,
            junk INTEGER NOT NULL,
            junk_reason TEXT,
            translation_of INTEGER,
            PRIMARY KEY (document_id, idx)
        );
        """
    )


def _m002_claims(conn: sqlite3.Connection) -> None:
    _run(
        conn,
        """
        CREATE TABLE claims (
            id TEXT PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            topic TEXT NOT NULL,
            subject TEXT,
            as_of_start TEXT,
            data TEXT NOT NULL
        );
        CREATE INDEX claims_document ON claims(document_id);
        CREATE INDEX claims_topic_kind ON claims(topic, kind, subject);
        ALTER TABLE documents ADD COLUMN extractor TEXT;
        """
    )


def _m003_claims_by_kind(conn: sqlite3.Connection) -> None:
    # `compare`, `show` and `claims TOPIC` select by kind alone, which claims_topic_kind
    # (topic first) cannot serve: without this a large store is scanned whole
    _run(conn, "CREATE INDEX claims_kind ON claims(kind, document_id)")


def _m004_reconciliations(conn: sqlite3.Connection) -> None:
    # a reconciliation is stored with the state of the store it was computed from: every save
    # bumps `store_state` and the version of each topic whose claims it adds or removes, so a
    # stored result is current while its topics' versions are unchanged
    _run(
        conn,
        """
        CREATE TABLE store_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            version INTEGER NOT NULL
        );
        INSERT INTO store_state (id, version) VALUES (1, 0);
        CREATE TABLE topic_state (
            topic TEXT PRIMARY KEY,
            version INTEGER NOT NULL
        );
        INSERT INTO topic_state (topic, version) SELECT DISTINCT topic, 0 FROM claims;
        CREATE TABLE reconciliations (
            id INTEGER PRIMARY KEY,
            selection TEXT NOT NULL,
            config TEXT NOT NULL,
            state TEXT NOT NULL,
            store_version INTEGER NOT NULL,
            comparisons INTEGER NOT NULL,
            computed_at TEXT NOT NULL,
            UNIQUE (selection, config)
        );
        CREATE TABLE reconciled_groups (
            reconciliation INTEGER NOT NULL REFERENCES reconciliations(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            id TEXT NOT NULL,
            data TEXT NOT NULL,
            PRIMARY KEY (reconciliation, idx)
        );
        CREATE TABLE reconciled_members (
            reconciliation INTEGER NOT NULL REFERENCES reconciliations(id) ON DELETE CASCADE,
            claim TEXT NOT NULL,
            group_idx INTEGER NOT NULL,
            PRIMARY KEY (reconciliation, claim)
        ) WITHOUT ROWID;
        CREATE TABLE reconciled_conflicts (
            reconciliation INTEGER NOT NULL REFERENCES reconciliations(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            type TEXT NOT NULL,
            claim_a TEXT NOT NULL,
            claim_b TEXT NOT NULL,
            reason TEXT NOT NULL,
            group_id TEXT NOT NULL,
            PRIMARY KEY (reconciliation, idx)
        )
        """
    )


def _m005_paged_reconciliations(conn: sqlite3.Connection) -> None:
    # `compare` lists the first few claims, relations and conflicts of each group: a group is
    # stored without its lists, and each list in a table of its own, ordered within the group,
    # so a listing reads what it shows, not millions of pairs. Stored results are a cache: the
    # old ones are dropped and computed again when asked for.
    _run(
        conn,
        """
        DROP TABLE reconciled_conflicts;
        DROP TABLE reconciled_members;
        DROP TABLE reconciled_groups;
        DELETE FROM reconciliations;
        CREATE TABLE reconciled_groups (
            reconciliation INTEGER NOT NULL REFERENCES reconciliations(id) ON DELETE CASCADE,
            idx INTEGER NOT NULL,
            id TEXT NOT NULL,
            data TEXT NOT NULL,
            claims INTEGER NOT NULL,
            relations INTEGER NOT NULL,
            conflicts INTEGER NOT NULL,
            PRIMARY KEY (reconciliation, idx)
        );
        CREATE TABLE reconciled_members (
            reconciliation INTEGER NOT NULL REFERENCES reconciliations(id) ON DELETE CASCADE,
            group_idx INTEGER NOT NULL,
            rank INTEGER NOT NULL,
            claim TEXT NOT NULL,
            PRIMARY KEY (reconciliation, group_idx, rank)
        ) WITHOUT ROWID;
        CREATE INDEX reconciled_members_claim ON reconciled_members(reconciliation, claim);
        CREATE TABLE reconciled_relations (
            reconciliation INTEGER NOT NULL REFERENCES reconciliations(id) ON DELETE CASCADE,
            group_idx INTEGER NOT NULL,
            idx INTEGER NOT NULL,
            type TEXT NOT NULL,
            claim_a TEXT NOT NULL,
            claim_b TEXT NOT NULL,
            reason TEXT NOT NULL,
            PRIMARY KEY (reconciliation, group_idx, idx)
        ) WITHOUT ROWID;
        CREATE TABLE reconciled_conflicts (
            reconciliation INTEGER NOT NULL REFERENCES reconciliations(id) ON DELETE CASCADE,
            group_idx INTEGER NOT NULL,
            idx INTEGER NOT NULL,
            type TEXT NOT NULL,
            claim_a TEXT NOT NULL,
            claim_b TEXT NOT NULL,
            reason TEXT NOT NULL,
            PRIMARY KEY (reconciliation, group_idx, idx)
        ) WITHOUT ROWID
        """
    )


Migration = tuple[int, str, Callable[[sqlite3.Connection], None]]
MIGRATIONS: list[Migration] = [
    (1, "documents, articles and passages", _m001_documents),
    (2, "claims", _m002_claims),
    (3, "index of claims by kind", _m003_claims_by_kind),
    (4, "stored reconciliations and the store state they were computed from",
     _m004_reconciliations),
    (5, "stored reconciliations listed group by group, in pages", _m005_paged_reconciliations),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


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


# one listed pair of a stored group: type, claim a, claim b, reason
StoredPair = tuple[str, str, str, str]


class StoredGroup(BaseModel):
    """A group as stored: its JSON without its lists, the first claims, relations and conflicts
    of its lists (all of them when read without a limit), and how many each list holds."""

    id: str
    data: str
    claims: list[str]
    relations: list[StoredPair]
    conflicts: list[StoredPair]
    counts: tuple[int, int, int]  # claims, relations, conflicts


class StoredReconciliation(BaseModel):
    groups: list[StoredGroup]
    comparisons: int
    # groups stored, listed or not
    total: int


class Store:
    """A claimtrack database. Use `Store.open(path)`; close it, or use it as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        # whether the file has passed SQLite's quick check (or needs none: new, or not asked)
        self.checked = True

    # ------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: Path | str, *, create: bool = True, check: bool = True) -> Store:
        """Open (and create or migrate) the database at `path`; StoreError if it is not ours.

        `check` runs SQLite's quick check (it reads every page once), so that a corrupt file is
        refused before anything is written into it or half of it is shown: on opening a file of
        up to `CHECK_ON_OPEN_BYTES`, else before the first write (a read of a large store
        should not read all of it; SQLite still refuses every damaged page a read reaches)."""
        p = Path(path)
        if p.is_dir():
            raise StoreError(f"{p}: is a folder, not a database file")
        exists = p.exists() and p.stat().st_size > 0
        if not exists and not create:
            raise StoreError(f"{p}: no database here (run `claimtrack ingest` first)")
        if exists:
            _check_header(p)
        elif not p.parent.exists():
            raise StoreError(f"{p}: folder {p.parent} does not exist")
        try:
            conn = sqlite3.connect(p, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        except sqlite3.Error as exc:
            raise StoreError(f"{p}: cannot open database ({exc})") from None
        store = cls(conn, p)
        try:
            store._setup_when_free(exists, check)
        except sqlite3.Error as exc:
            conn.close()
            raise database_error(p, exc) from None
        except StoreError:
            conn.close()
            raise
        return store

    def _setup_when_free(self, exists: bool, check: bool) -> None:
        """`_setup`, tried again while another process holds a lock it needs: switching to WAL
        fails at once, without the busy timeout, while another connection reads or writes
        (two ingests that create the same new database at the same moment)."""
        deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
        while True:
            try:
                self._setup(exists, check)
                return
            except sqlite3.OperationalError as exc:
                busy = "locked" in str(exc) or "busy" in str(exc)
                if not busy or time.monotonic() > deadline:
                    raise
            time.sleep(0.01)

    def _setup(self, exists: bool, check: bool) -> None:
        c = self.conn
        c.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # one statement, so one snapshot: read apart, another process's first migration could
        # commit in between, and its tables would be seen without its application id
        app_id, tables = c.execute(
            "SELECT (SELECT application_id FROM pragma_application_id), "
            "(SELECT count(*) FROM sqlite_master WHERE type = 'table')"
        ).fetchone()
        if app_id != APPLICATION_ID and (app_id != 0 or tables):
            raise StoreError(
                f"{self.path}: not a claimtrack database (it belongs to another program); "
                "choose another file with --db"
            )
        if exists and check:
            # a damaged page is otherwise found only when a query reaches it: after an ingest
            # has written into the file, or never by a listing that does not read that page
            self.checked = False
            if self.path.stat().st_size <= CHECK_ON_OPEN_BYTES:
                self.verify()
        if c.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            c.execute("PRAGMA journal_mode = WAL")
        c.execute("PRAGMA foreign_keys = ON")
        c.execute("PRAGMA synchronous = NORMAL")
        self._migrate()

    def _migrate(self) -> None:
        c = self.conn
        version = c.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: made by a newer claimtrack (schema {version}, this one knows "
                f"{SCHEMA_VERSION}); upgrade claimtrack"
            )
        if version == SCHEMA_VERSION:
            return
        with self.transaction():
            # another process may have migrated while we waited for the write lock
            version = c.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                c.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                c.execute(
                    "CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, "
                    "name TEXT NOT NULL, applied_at TEXT NOT NULL)"
                )
            for number, name, apply in MIGRATIONS:
                if number <= version:
                    continue
                apply(c)
                c.execute(
                    "INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    (number, name, _now()),
                )
                c.execute(f"PRAGMA user_version = {number}")

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def verify(self) -> None:
        """SQLite's quick check, once: StoreError naming the damage if the file is corrupt."""
        if self.checked:
            return
        problem = self.conn.execute("PRAGMA quick_check(1)").fetchone()[0]
        if problem != "ok":
            problem = " ".join(problem.replace("*** in database main ***", "").split())
            raise StoreError(
                f"{self.path}: corrupt database ({problem}); it was left unchanged: restore "
                "it from a backup or choose another file with --db"
            )
        self.checked = True

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, rolled back on any error; a file not checked yet is
        checked first."""
        self.verify()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise database_error(self.path, exc) from None
        try:
            yield self.conn
        except BaseException:
            # SQLite has already rolled back after some errors (disk full, I/O): a second
            # ROLLBACK would fail and hide the error that matters
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """A read transaction: every query inside sees the same state of the database.
        Nested snapshots share the outer one."""
        if self.conn.in_transaction:
            yield self.conn
            return
        self.conn.execute("BEGIN")
        try:
            yield self.conn
        finally:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")

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
            # the topics this save changes: those of the replaced version and of the new one
            topics = {t for (t,) in c.execute(
                "SELECT DISTINCT c.topic FROM claims c JOIN documents d ON d.id = c.document_id "
                "WHERE d.path = ?", (doc.path,)
            )}
            c.execute("DELETE FROM documents WHERE path = ?", (doc.path,))
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
                "ingested_at, extractor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (doc.path, doc.name, doc.sha256, doc.size, doc.encoding, doc.format, doc.text,
                 _now(), extractor),
            )
            doc_id = cur.lastrowid
            c.executemany(
                "INSERT INTO articles (document_id, idx, start, end, title, outlet, published, "
                "byline, url) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (doc_id, a.index, a.start, a.end, a.meta.title, a.meta.outlet,
                     a.meta.published.isoformat() if a.meta.published else None,
                     a.meta.byline, a.meta.url)
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
        with self.snapshot():
            if names is None:
                rows = c.execute(
                    "SELECT id, name, path, sha256 FROM documents ORDER BY name, path"
                ).fetchall()
                scopes: list[tuple[str, list[int]]] = [("1", [])]
            else:
                rows = []
                for chunk in _chunks(sorted(set(names))):
                    rows.extend(c.execute(
                        "SELECT id, name, path, sha256 FROM documents "
                        f"WHERE name IN ({_marks(chunk)})", chunk
                    ))
                rows.sort(key=lambda r: (r[1], r[2]))
                scopes = [(f"document_id IN ({_marks(chunk)})", chunk)
                          for chunk in _chunks([r[0] for r in rows])]
            for where, args in scopes:
                for doc_id, *r in c.execute(
                    "SELECT document_id, title, outlet, published, byline, url FROM articles "
                    f"WHERE {where} ORDER BY document_id, idx", args
                ):
                    articles[doc_id].append(ArticleMeta(
                        title=r[0], outlet=r[1],
                        published=dt.date.fromisoformat(r[2]) if r[2] else None,
                        byline=r[3], url=r[4],
                    ))
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
        return [
            DocumentSummary(
                id=doc_id, name=name, path=path, sha256=sha, articles=articles.get(doc_id, []),
                languages=languages.get(doc_id, []), passages=passages.get(doc_id, (0, 0))[0],
                junk=passages.get(doc_id, (0, 0))[1], claims=claims.get(doc_id, 0),
            )
            for doc_id, name, path, sha in rows
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
                    meta=ArticleMeta(
                        title=r[3], outlet=r[4],
                        published=dt.date.fromisoformat(r[5]) if r[5] else None,
                        byline=r[6], url=r[7],
                    ),
                    passages=passages.get(r[0], []),
                )
                for r in c.execute(
                    "SELECT idx, start, end, title, outlet, published, byline, url FROM articles "
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

    def _claims_by_id(self, ids: Collection[str]) -> list[Claim]:
        rows: list[tuple[str, str, int, str]] = []
        wanted = sorted(set(ids))
        with self.snapshot():
            for chunk in _chunks(wanted):
                rows.extend(self.conn.execute(
                    "SELECT d.name, d.path, c.rowid, c.data FROM claims c "
                    "JOIN documents d ON d.id = c.document_id "
                    f"WHERE c.id IN ({_marks(chunk)})", chunk
                ))
        rows.sort(key=lambda r: r[:3])  # the order of `claims()`
        return [Claim.model_validate_json(r[3]) for r in rows]

    def claim(self, claim_id: str) -> Claim | None:
        """One stored claim by id."""
        row = self.conn.execute("SELECT data FROM claims WHERE id = ?", (claim_id,)).fetchone()
        return Claim.model_validate(json.loads(row[0])) if row else None

    def passage_text(self, document: str, index: int) -> tuple[int, str] | None:
        """(start offset, text) of a document's passage."""
        row = self.conn.execute(
            "SELECT p.start, p.text FROM passages p JOIN documents d ON d.id = p.document_id "
            "WHERE d.name = ? AND p.idx = ? ORDER BY d.path LIMIT 1", (document, index)
        ).fetchone()
        return (row[0], row[1]) if row else None

    # ------------------------------------------------------------ stored reconciliations

    def topic_versions(self, topics: Iterable[str]) -> dict[str, int]:
        """How often each topic's claims have changed (0: never, or not since migration)."""
        wanted = sorted(set(topics))
        marks = ",".join("?" * len(wanted))
        found = dict(self.conn.execute(
            f"SELECT topic, version FROM topic_state WHERE topic IN ({marks})", wanted
        ).fetchall())
        return {t: found.get(t, 0) for t in wanted}

    def stored_reconciliation(
        self, selection: str, config: str, state: dict[str, int], *,
        limit: int | None = None, about: str | None = None,
    ) -> StoredReconciliation | None:
        """The reconciliation stored for `selection` and `config`, if it was computed from
        `state` (the current topic versions); None when there is none or it is stale. With a
        `limit`, only that many groups, those with the most claims (in their order), each with
        at most that many claims, relations and conflicts. With `about` a claim id, only the
        groups holding that claim, each listing it and the relations and conflicts naming it."""
        c = self.conn
        with self.snapshot():
            row = c.execute(
                "SELECT id, state, comparisons FROM reconciliations "
                "WHERE selection = ? AND config = ?", (selection, config)
            ).fetchone()
            if row is None or json.loads(row[1]) != state:
                return None
            rid = row[0]
            total = c.execute(
                "SELECT count(*) FROM reconciled_groups WHERE reconciliation = ?", (rid,)
            ).fetchone()[0]
            if about is not None:
                heads = c.execute(
                    "SELECT g.idx, g.id, g.data, g.claims, g.relations, g.conflicts "
                    "FROM reconciled_members m JOIN reconciled_groups g "
                    "ON g.reconciliation = m.reconciliation AND g.idx = m.group_idx "
                    "WHERE m.reconciliation = ? AND m.claim = ? ORDER BY g.idx", (rid, about)
                ).fetchall()
                lists = [self._group_lists(rid, h[0], about=about) for h in heads]
            elif limit is None:
                heads = c.execute(
                    "SELECT idx, id, data, claims, relations, conflicts FROM reconciled_groups "
                    "WHERE reconciliation = ? ORDER BY idx", (rid,)
                ).fetchall()
                lists = self._all_lists(rid, len(heads))
            else:
                heads = sorted(c.execute(
                    "SELECT idx, id, data, claims, relations, conflicts FROM reconciled_groups "
                    "WHERE reconciliation = ? ORDER BY claims DESC, idx LIMIT ?", (rid, limit)
                ))
                lists = [self._group_lists(rid, h[0], limit=limit) for h in heads]
        return StoredReconciliation.model_construct(
            groups=[
                StoredGroup.model_construct(id=gid, data=data, claims=members,
                                            relations=relations, conflicts=conflicts,
                                            counts=(n, r, k))
                for (_, gid, data, n, r, k), (members, relations, conflicts)
                in zip(heads, lists, strict=True)
            ],
            comparisons=row[2],
            total=total,
        )

    def _group_lists(
        self, rid: int, group: int, *, limit: int = -1, about: str | None = None
    ) -> tuple[list[str], list[StoredPair], list[StoredPair]]:
        """A group's first `limit` claims, relations and conflicts (-1: all); with `about`,
        that claim and the relations and conflicts naming it."""
        c = self.conn
        named, args = ("", ()) if about is None else (" AND ? IN (claim_a, claim_b)", (about,))
        pairs = [
            c.execute(
                f"SELECT type, claim_a, claim_b, reason FROM {table} "
                f"WHERE reconciliation = ? AND group_idx = ?{named} ORDER BY idx LIMIT ?",
                (rid, group, *args, limit),
            ).fetchall()
            for table in _PAIR_TABLES
        ]
        members = [about] if about is not None else [r[0] for r in c.execute(
            "SELECT claim FROM reconciled_members WHERE reconciliation = ? AND group_idx = ? "
            "ORDER BY rank LIMIT ?", (rid, group, limit))]
        return members, pairs[0], pairs[1]

    def _all_lists(
        self, rid: int, groups: int
    ) -> list[tuple[list[str], list[StoredPair], list[StoredPair]]]:
        lists: list[tuple[list[str], list[StoredPair], list[StoredPair]]] = [
            ([], [], []) for _ in range(groups)
        ]
        c = self.conn
        for group, claim in c.execute(
            "SELECT group_idx, claim FROM reconciled_members WHERE reconciliation = ? "
            "ORDER BY group_idx, rank", (rid,)
        ):
            lists[group][0].append(claim)
        for n, table in enumerate(_PAIR_TABLES, start=1):
            for group, *pair in c.execute(
                f"SELECT group_idx, type, claim_a, claim_b, reason FROM {table} "
                "WHERE reconciliation = ? ORDER BY group_idx, idx", (rid,)
            ):
                lists[group][n].append(tuple(pair))
        return lists

    def save_reconciliation(
        self,
        selection: str,
        config: str,
        state: dict[str, int],
        groups: Iterable[StoredGroup],
        comparisons: int,
    ) -> bool:
        """Store a reconciliation computed from `state`, group by group (each with all of its
        lists). Nothing is written, and False returned, when the store has changed since (the
        result is already stale)."""
        with self.transaction() as c:
            if self.topic_versions(state) != state:
                return False
            c.execute(
                "DELETE FROM reconciliations WHERE selection = ? AND config = ?",
                (selection, config),
            )
            version = c.execute("SELECT version FROM store_state WHERE id = 1").fetchone()[0]
            rid = c.execute(
                "INSERT INTO reconciliations (selection, config, state, store_version, "
                "comparisons, computed_at) VALUES (?, ?, ?, ?, ?, ?)",
                (selection, config, json.dumps(state, sort_keys=True), version, comparisons,
                 _now()),
            ).lastrowid
            for idx, g in enumerate(groups):
                c.execute(
                    "INSERT INTO reconciled_groups (reconciliation, idx, id, data, claims, "
                    "relations, conflicts) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (rid, idx, g.id, g.data, *g.counts),
                )
                c.executemany(
                    "INSERT INTO reconciled_members (reconciliation, group_idx, rank, claim) "
                    "VALUES (?, ?, ?, ?)", ((rid, idx, n, m) for n, m in enumerate(g.claims)),
                )
                for table, pairs in zip(_PAIR_TABLES, (g.relations, g.conflicts), strict=True):
                    c.executemany(
                        f"INSERT INTO {table} (reconciliation, group_idx, idx, type, claim_a, "
                        "claim_b, reason) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        ((rid, idx, n, *p) for n, p in enumerate(pairs)),
                    )
        return True

    def integrity_ok(self) -> bool:
        return self.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


_T = TypeVar("_T")
# the tables of a stored group's pairs: its relations, its conflicts
_PAIR_TABLES = ("reconciled_relations", "reconciled_conflicts")
# ids per `IN (...)` list: well below SQLite's limit on parameters
_IN_CHUNK = 500


def _marks(values: list[Any]) -> str:
    """The `?, ?, ...` of an `IN (...)` list of `values`."""
    return ",".join("?" * len(values))


def _chunks(items: list[_T]) -> Iterator[list[_T]]:
    for n in range(0, len(items), _IN_CHUNK):
        yield items[n : n + _IN_CHUNK]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


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


def database_error(path: Path, exc: sqlite3.Error) -> StoreError:
    """A StoreError saying in one line what an SQLite error means for the user."""
    message = str(exc) or exc.__class__.__name__
    lowered = message.lower()
    if "locked" in lowered or "busy" in lowered:
        return StoreError(
            f"{path}: database is busy or locked ({message}); another program is writing to it, "
            "try again when it has finished"
        )
    if isinstance(exc, sqlite3.IntegrityError):
        return StoreError(f"{path}: the database refused a write ({message}); nothing of it was "
                          "stored, run the command again")
    if "readonly" in lowered or "read-only" in lowered or "full" in lowered or "i/o" in lowered:
        return StoreError(f"{path}: cannot write the database ({message})")
    return StoreError(
        f"{path}: unreadable or corrupt database ({message}); restore it from a backup or "
        "choose another file with --db"
    )


def _check_header(p: Path) -> None:
    try:
        with p.open("rb") as fh:
            head = fh.read(16)
    except OSError as exc:
        raise StoreError(f"{p}: cannot read ({exc.strerror})") from None
    if head != b"SQLite format 3\x00":
        raise StoreError(
            f"{p}: not a claimtrack database (not an SQLite file); choose another file with --db"
        )
