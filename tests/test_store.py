"""The SQLite store: migrations, ownership checks, whole-document writes, interrupted ingests."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimtrack.cli.main import cli
from claimtrack.errors import StoreError
from claimtrack.ingest.run import discover, ingest
from claimtrack.load.files import Found, load_file, read_bytes
from claimtrack.models import Document
from claimtrack.store import Store
from claimtrack.store import db as store_module
from claimtrack.store.db import APPLICATION_ID
from claimtrack.store.migrations import MIGRATIONS, SCHEMA_VERSION

from .badinputs import ARTICLE
from .conftest import flat


def make_doc(path: Path, text: str = ARTICLE) -> Document:
    path.write_text(text, encoding="utf-8")
    found = Found(path, path.name)
    data = read_bytes(found)
    assert isinstance(data, bytes)
    doc = load_file(found, data)
    assert isinstance(doc, Document)
    return doc


def test_new_database_records_its_migrations(db_path: Path) -> None:
    with Store.open(db_path) as s:
        rows = s.conn.execute("SELECT version, name FROM migrations ORDER BY version").fetchall()
        assert rows == [(n, name) for n, name, _ in MIGRATIONS]
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert s.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.integrity_ok()


def test_old_schema_is_migrated_and_keeps_its_documents(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a database as the first release made it: only migration 1
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:1])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 1)
    with Store.open(db_path) as old:
        assert old.conn.execute("PRAGMA user_version").fetchone()[0] == 1
        old.conn.execute(
            "INSERT INTO documents (path, name, sha256, size, encoding, format, text, "
            "ingested_at) VALUES ('/x/a.txt', 'a.txt', 'abc', 3, 'utf-8', 'txt', 'abc', 'now')"
        )
    monkeypatch.undo()
    with Store.open(db_path) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        versions = [r[0] for r in s.conn.execute("SELECT version FROM migrations ORDER BY 1")]
        assert versions == [n for n, _, _ in MIGRATIONS]
        columns = [r[1] for r in s.conn.execute("PRAGMA table_info(documents)")]
        assert "extractor" in columns
        assert [d.name for d in s.documents()] == ["a.txt"]
        assert s.claims() == []
        assert s.integrity_ok()


def test_a_store_with_signatures_gets_the_rank_of_its_groups(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a store of migration 10 (documents' signatures, as main made it): 11 ranks its groups
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:10])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 10)
    with Store.open(db_path) as old:
        columns = [r[1] for r in old.conn.execute("PRAGMA table_info(documents)")]
        assert "signature" in columns
    monkeypatch.undo()
    with Store.open(db_path) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 11
        names = dict(s.conn.execute("SELECT version, name FROM migrations"))
        assert "signature" in names[10] and "order of stored groups" in names[11]
        columns = [r[1] for r in s.conn.execute("PRAGMA table_info(reconciled_groups)")]
        assert "rank" in columns


def test_documents_sharing_a_name_in_an_old_store_are_told_apart(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # before names were unique, three saved pages could all be called index.html
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:5])
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 5)
    with Store.open(db_path) as old:
        for path, name in [("/a/index.html", "index.html"), ("/b/index.html", "index.html"),
                           ("/c/index.html", "index.html"), ("/x/other.txt", "/c/index.html")]:
            old.conn.execute(
                "INSERT INTO documents (path, name, sha256, size, encoding, format, text, "
                "ingested_at) VALUES (?, ?, 'abc', 3, 'utf-8', 'html', 'abc', 'now')",
                (path, name),
            )
    monkeypatch.undo()
    with Store.open(db_path) as s:
        names = {d.path: d.name for d in s.documents()}
        assert names["/a/index.html"] == "index.html"  # the oldest keeps its name
        assert names["/b/index.html"] == "/b/index.html"
        assert names["/c/index.html"].startswith("/c/index.html (#")  # its path was taken
        assert len(set(names.values())) == 4
        with pytest.raises(sqlite3.IntegrityError):
            s.conn.execute("UPDATE documents SET name = 'index.html' WHERE path = '/x/other.txt'")


def test_database_from_a_newer_claimtrack_is_refused(db_path: Path) -> None:
    Store.open(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer claimtrack"):
        Store.open(db_path)


def test_save_and_load_round_trip(db_path: Path, tmp_path: Path, seeds: Path) -> None:
    found = Found(seeds / "002_3560d75755d5f8a2.txt", "002")
    data = read_bytes(found)
    assert isinstance(data, bytes)
    doc = load_file(found, data)
    assert isinstance(doc, Document)
    with Store.open(db_path) as s:
        s.save(doc)
        back = s.load_document(doc.name)
    assert back == doc


def test_save_replaces_the_version_at_the_same_path(db_path: Path, tmp_path: Path) -> None:
    with Store.open(db_path) as s:
        s.save(make_doc(tmp_path / "a.txt"))
        new = make_doc(tmp_path / "a.txt", ARTICLE.replace("12,000", "15,000"))
        assert s.lookup(new.path, new.sha256)[0] == "changed"
        s.save(new)
        (summary,) = s.documents()
        stored = s.load_document(new.path)
        assert stored is not None and "15,000 troops" in stored.text
        assert summary.passages == sum(len(a.passages) for a in new.articles)
        # no passages of the old version are left behind
        n = s.conn.execute("SELECT count(*) FROM passages").fetchone()[0]
        assert n == summary.passages


def test_a_name_taken_since_it_was_chosen_falls_back_to_the_path(
    db_path: Path, tmp_path: Path
) -> None:
    # two ingests of different folders both chose "story.txt" before either had stored it
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = make_doc(tmp_path / "a" / "story.txt")
    second = make_doc(tmp_path / "b" / "story.txt", ARTICLE + "\nAnother paragraph.\n")
    with Store.open(db_path) as s:
        assert s.save(first) and s.save(second)
        names = {d.path: d.name for d in s.documents()}
        assert names[first.path] == "story.txt"
        assert names[second.path] == second.path
        assert {c.document for c in s.claims()} <= set(names.values())


def test_lookup_states(db_path: Path, tmp_path: Path) -> None:
    doc = make_doc(tmp_path / "a.txt")
    with Store.open(db_path) as s:
        assert s.lookup(doc.path, doc.sha256) == ("new", None)
        s.save(doc, extractor="x1")
        assert s.lookup(doc.path, doc.sha256) == ("unchanged", "x1")
        assert s.lookup(doc.path, "0" * 64)[0] == "changed"
        assert s.lookup(str(tmp_path / "b.txt"), doc.sha256)[0] == "duplicate"


@pytest.mark.parametrize("create", [True, False])
def test_a_folder_is_not_a_database(tmp_path: Path, create: bool) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        Store.open(tmp_path, create=create)


def test_missing_parent_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "no" / "such.db")


def test_reading_commands_do_not_create_a_database(db_path: Path) -> None:
    with pytest.raises(StoreError, match="run `claimtrack ingest` first"):
        Store.open(db_path, create=False)
    assert not db_path.exists()


# ------------------------------------------------------------------ interrupted ingests

def write_corpus(folder: Path, n: int, paragraphs: int = 8) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        body = "\n\n".join(
            ARTICLE.replace("12,000", f"{i * 100 + k:,}") for k in range(paragraphs)
        )
        (folder / f"{i:04d}.txt").write_text(body, encoding="utf-8")


def assert_whole_documents(db: Path, corpus: Path) -> int:
    """Every stored document has exactly the passages a fresh load gives it; returns count."""
    with Store.open(db) as s:
        assert s.integrity_ok()
        stored = s.documents()
        for summary in stored:
            found = Found(Path(summary.path), summary.name)
            data = read_bytes(found)
            assert isinstance(data, bytes)
            fresh = load_file(found, data)
            assert isinstance(fresh, Document)
            assert summary.passages == sum(len(a.passages) for a in fresh.articles)
            assert len(summary.articles) == len(fresh.articles)
            assert summary.sha256 == fresh.sha256
        orphans = s.conn.execute(
            "SELECT count(*) FROM passages WHERE document_id NOT IN (SELECT id FROM documents)"
        ).fetchone()[0]
        assert orphans == 0
        return len(stored)


@pytest.mark.parametrize("fail_at", [1, 4, 9])
def test_interrupted_ingest_keeps_whole_documents_and_a_rerun_finishes(
    tmp_path: Path, db_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch,
    fail_at: int,
) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 12)
    real_save = Store.save
    calls = {"n": 0}

    def interrupted(claims_seen: object = None):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt
        yield  # a generator: it raises inside the transaction, after the passages are written

    def save(self: Store, doc: Document, claims: object = (), **kw: object) -> None:
        calls["n"] += 1
        if calls["n"] == fail_at:
            return real_save(self, doc, interrupted(), **kw)  # type: ignore[arg-type]
        return real_save(self, doc, claims, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "save", save)
    result = runner.invoke(cli, ["ingest", "corpus"])
    assert result.exit_code == 130
    assert "documents already stored are kept; run again to finish" in flat(result.stderr)
    assert assert_whole_documents(db_path, corpus) == fail_at - 1

    monkeypatch.setattr(Store, "save", real_save)
    again = runner.invoke(cli, ["ingest", "corpus"])
    assert again.exit_code == 0, again.stderr
    assert f"{12 - (fail_at - 1)} added" in flat(again.stderr)
    assert f"{fail_at - 1} unchanged" in flat(again.stderr)
    assert assert_whole_documents(db_path, corpus) == 12


def test_library_ingest_error_mid_way_keeps_earlier_documents(
    tmp_path: Path, db_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 5, paragraphs=1)
    seen = {"n": 0}

    def extract(doc: Document) -> list:  # type: ignore[type-arg]
        seen["n"] += 1
        if seen["n"] == 3:
            raise RuntimeError("extractor crashed")
        return []

    with Store.open(db_path) as s, pytest.raises(RuntimeError):
        ingest(discover([corpus]), s, extract=extract)
    assert assert_whole_documents(db_path, corpus) == 2


# An ingest that SIGKILLs itself inside the n-th document's write transaction, after the
# previous version of that document is deleted and before anything new is written: the
# deterministic point where a kill would do most harm.
KILL_IN_NTH_SAVE = """
import os, signal, sys
import claimtrack.store.documents as documents
n, calls, unique_ids = int(sys.argv.pop(1)), [0], documents._unique_ids
def kill_at_n(*args, **kwargs):
    calls[0] += 1
    if calls[0] == n:
        os.kill(os.getpid(), signal.SIGKILL)
    return unique_ids(*args, **kwargs)
documents._unique_ids = kill_at_n
from claimtrack.cli.main import cli
cli()
"""


def ingest_killed_in_save(n: int, cwd: Path, db: Path) -> int:
    proc = subprocess.run(
        [sys.executable, "-c", KILL_IN_NTH_SAVE, str(n), "ingest", "corpus"], cwd=cwd,
        env={**os.environ, "CLAIMTRACK_DB": str(db)}, capture_output=True, timeout=120,
    )
    return proc.returncode


@pytest.mark.parametrize("n", [1, 4])
def test_ingest_killed_inside_a_save_keeps_the_documents_before_it(
    tmp_path: Path, db_path: Path, runner: CliRunner, n: int
) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 6)
    assert ingest_killed_in_save(n, tmp_path, db_path) == -signal.SIGKILL
    assert assert_whole_documents(db_path, corpus) == n - 1  # exactly those saved before

    again = runner.invoke(cli, ["ingest", "corpus"], catch_exceptions=False)
    assert again.exit_code == 0, again.stderr
    assert f"Read 6 files: {7 - n} added, 0 replaced, {n - 1} unchanged, 0 skipped." in flat(
        again.stderr)
    assert assert_whole_documents(db_path, corpus) == 6


def test_ingest_killed_while_replacing_a_document_keeps_its_old_version(
    tmp_path: Path, db_path: Path, runner: CliRunner
) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus, 3)
    assert runner.invoke(cli, ["ingest", "corpus"], catch_exceptions=False).exit_code == 0
    with Store.open(db_path) as s:
        before = {d.name: (d.sha256, d.claims) for d in s.documents()}
    changed = corpus / "0001.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nA new paragraph.\n",
                       encoding="utf-8")
    # killed after the old version's rows are deleted, inside the same transaction
    assert ingest_killed_in_save(1, tmp_path, db_path) == -signal.SIGKILL
    with Store.open(db_path) as s:
        assert s.integrity_ok()
        assert {d.name: (d.sha256, d.claims) for d in s.documents()} == before

    again = runner.invoke(cli, ["ingest", "corpus"], catch_exceptions=False)
    assert "Read 3 files: 0 added, 1 replaced, 2 unchanged, 0 skipped." in flat(again.stderr)
    assert assert_whole_documents(db_path, corpus) == 3
