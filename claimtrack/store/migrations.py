"""The store's schema, as named migrations applied in order (see `Database._migrate`)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable


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


def _m006_unique_names(conn: sqlite3.Connection) -> None:
    """Stores written before names were made unique at ingest may hold two documents called
    `index.html`: the oldest keeps its name, each later one takes its path (or its path and
    id, should that too be taken), and an index makes a name unique from then on."""
    rows = conn.execute(
        "SELECT id, name, path FROM documents WHERE name IN "
        "(SELECT name FROM documents GROUP BY name HAVING COUNT(*) > 1) ORDER BY id"
    ).fetchall()
    seen: set[str] = set()
    for doc_id, name, path in rows:
        if name not in seen:
            seen.add(name)
            continue
        for candidate in (path, f"{path} (#{doc_id})"):
            taken = conn.execute(
                "SELECT 1 FROM documents WHERE name = ? AND id != ?", (candidate, doc_id)
            ).fetchone()
            if taken is None:
                conn.execute("UPDATE documents SET name = ? WHERE id = ?", (candidate, doc_id))
                break
    _run(
        conn,
        """
        DROP INDEX IF EXISTS documents_name;
        CREATE UNIQUE INDEX documents_name ON documents(name)
        """,
    )


def _m007_article_place(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE articles ADD COLUMN place TEXT")


def _m008_conflict_strength(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE reconciled_conflicts ADD COLUMN strength REAL NOT NULL DEFAULT 0")


def _m009_copies(conn: sqlite3.Connection) -> None:
    # a file with the content of a stored document is not stored again, but where it was
    # found and the outlet its folder's sidecar gives are: the same story, published again
    _run(
        conn,
        """
        CREATE TABLE copies (
            path TEXT PRIMARY KEY,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            outlet TEXT,
            published TEXT,
            url TEXT,
            title TEXT
        );
        CREATE INDEX copies_document ON copies(document_id)
        """,
    )


def _m010_signatures(conn: sqlite3.Connection) -> None:
    # a document's text signature (MinHash of its shingles): the reconciler tells a reprint
    # from another story by it, without reading texts; documents stored before get theirs now
    from ..signature import text_signature

    conn.execute("ALTER TABLE documents ADD COLUMN signature BLOB")
    rows = conn.execute("SELECT id, text FROM documents").fetchall()
    conn.executemany("UPDATE documents SET signature = ? WHERE id = ?",
                     [(text_signature(text or ""), doc_id) for doc_id, text in rows])


def _m011_group_rank(conn: sqlite3.Connection) -> None:
    # a reconciliation written block by block stores its groups as the blocks give them; their
    # order in the report (kind, subject, place) is known only at the end, and kept as a rank
    _run(
        conn,
        """
        ALTER TABLE reconciled_groups ADD COLUMN rank INTEGER NOT NULL DEFAULT 0;
        UPDATE reconciled_groups SET rank = idx;
        CREATE INDEX reconciled_groups_rank ON reconciled_groups(reconciliation, rank)
        """,
    )


Migration = tuple[int, str, Callable[[sqlite3.Connection], None]]
MIGRATIONS: list[Migration] = [
    (1, "documents, articles and passages", _m001_documents),
    (2, "claims", _m002_claims),
    (3, "index of claims by kind", _m003_claims_by_kind),
    (4, "stored reconciliations and the store state they were computed from",
     _m004_reconciliations),
    (5, "stored reconciliations listed group by group, in pages", _m005_paged_reconciliations),
    (6, "one document per name", _m006_unique_names),
    (7, "the place an article was filed from", _m007_article_place),
    (8, "how strong each stored conflict is", _m008_conflict_strength),
    (9, "files with a stored document's content, and their outlets", _m009_copies),
    (10, "each document's text signature, to find reprints", _m010_signatures),
    (11, "the order of stored groups apart from the order they were written in",
     _m011_group_rank),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]
