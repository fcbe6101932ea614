"""Two ingests into one database at once, and readers while an ingest writes.

SQLite in WAL mode with a busy timeout lets one writer and many readers work together: both
ingests finish with every document stored once, and `compare` or `claims` run meanwhile each
see one consistent state (whole documents only, never fewer than before).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimtrack.cli.main import cli
from claimtrack.errors import StoreError
from claimtrack.extract.document import Extraction
from claimtrack.ingest.run import discover, ingest
from claimtrack.store import Store

from .conftest import flat
from .corpora import (
    Corpus,
    Reference,
    check_store,
    make_corpus,
    reference,
    sha_of,
    start_ingest,
)


def overlapping(tmp_path: Path) -> tuple[Corpus, list[Path]]:
    """Folders a, b and dup (copies of half of a's files under other names)."""
    corpus = make_corpus(tmp_path / "c" / "a", n=16)
    for path, versions in make_corpus(tmp_path / "c" / "b", n=16, first=50).versions.items():
        corpus.versions[path], corpus.current[path] = versions, 0
    dup = tmp_path / "c" / "dup"
    dup.mkdir()
    for path in sorted(corpus.versions)[::2][:8]:
        if path.parent.name == "a":
            copy = dup / f"copy_of_{path.name}"
            shutil.copyfile(path, copy)
            corpus.versions[copy], corpus.current[copy] = corpus.versions[path], 0
    return corpus, [tmp_path / "c" / name for name in ("a", "b", "dup")]


def concurrent_round(tmp_path: Path, corpus: Corpus, folders: list[Path], ref: Reference,
                     db: Path, writers: int) -> None:
    a, b, dup = folders
    orders = [[a, b, dup], [dup, b, a], [b, dup, a]][:writers]
    procs = [start_ingest(tmp_path, db, *order) for order in orders]
    for proc in procs:
        _, err = proc.communicate(timeout=180)
        text = err.decode()
        assert proc.returncode == 0, text
        assert "Error" not in text and "Traceback" not in text, text
    stored = check_store(db, corpus, ref)  # sound, whole documents, nothing unknown
    contents = {sha_of(v[0]) for v in corpus.versions.values()}
    # every content stored exactly once (under one of the paths that hold it)
    assert sorted(stored.values()) == sorted(contents)
    for path in corpus.versions:
        if path.parent.name in ("a", "b") and not any(
            p.parent.name == "dup" and corpus.versions[p] == corpus.versions[path]
            for p in corpus.versions
        ):
            assert corpus.key(path) in stored, path


@pytest.mark.parametrize(("writers", "rounds"), [(2, 2), (3, 1)])
def test_ingests_at_once_into_one_new_database_store_everything_once(
    tmp_path: Path, extraction: Extraction, writers: int, rounds: int  # noqa: F811
) -> None:
    corpus, folders = overlapping(tmp_path)
    ref = reference(corpus, extraction)
    for n in range(rounds):  # a new database each round: they also race to create and migrate it
        db = tmp_path / f"round{n}.db"
        concurrent_round(tmp_path, corpus, folders, ref, db, writers)


@pytest.mark.slow
def test_ingests_at_once_many_rounds(tmp_path: Path, extraction: Extraction) -> None:  # noqa: F811
    corpus, folders = overlapping(tmp_path)
    ref = reference(corpus, extraction)
    for n in range(20):
        concurrent_round(tmp_path, corpus, folders, ref, tmp_path / f"round{n}.db", 2 + n % 2)


def test_readers_see_whole_documents_while_an_ingest_writes(
    tmp_path: Path, db_path: Path, runner: CliRunner, extraction: Extraction  # noqa: F811
) -> None:
    first = make_corpus(tmp_path / "first", n=10)
    second = make_corpus(tmp_path / "second", n=48, paragraphs=6, first=200)
    with Store.open(db_path) as s:
        ingest(discover([first.root]), s, extract=extraction, extractor_id=extraction.id)
    proc = start_ingest(tmp_path, db_path, second.root)
    outputs: list[tuple[str, dict[str, Any]]] = []
    try:
        while True:
            running = proc.poll() is None
            for args in (["claims", "--format", "json"],
                         ["compare", "troops", "--format", "json", "--limit", "0"]):
                result = runner.invoke(cli, args)
                assert result.exit_code == 0, result.output
                outputs.append((args[0], json.loads(result.stdout)))
            if not running:
                break
    finally:
        _, err = proc.communicate(timeout=180)
    assert proc.returncode == 0, err.decode()

    final = {c["id"]: c for c in outputs[-2][1]["claims"]}
    by_doc: dict[str, set[str]] = {}
    for c in final.values():
        by_doc.setdefault(c["document"], set()).add(c["id"])
    assert len(by_doc) == 58
    seen: dict[str, list[int]] = {"claims": [], "compare": []}
    for command, out in outputs:
        claims = out["claims"]
        ids = [c["id"] for c in claims]
        assert len(ids) == len(set(ids))
        docs = {c["document"] for c in claims}
        for name in docs:  # a document's claims are all there or none is
            mine = {c["id"] for c in claims if c["document"] == name}
            expected = by_doc[name]
            if command == "compare":
                expected = {i for i in expected if final[i]["kind"].startswith("troops")}
            assert mine == expected, (command, name)
        if command == "compare":
            listed = {d["name"]: d for d in out["documents"]}
            assert docs <= set(listed)
            totals = Counter(c["document"] for c in final.values())
            for name, d in listed.items():
                assert d["claims"] == totals[name], name
            groups = {g["id"] for g in out["groups"]}
            for g in out["groups"]:
                assert set(g["claims"]) <= set(ids), g["id"]
                for r in g["relations"]:
                    assert set(r["claims"]) <= set(ids)
            for conflict in out["conflicts"]:
                assert set(conflict["claims"]) <= set(ids)
                assert conflict["group"] in groups
            seen[command].append(len(listed))
        else:
            seen[command].append(len(docs))
    with_troops = {c["document"] for c in final.values() if c["kind"].startswith("troops")}
    for command, counts in seen.items():
        assert counts == sorted(counts), (command, counts)  # never fewer documents than before
        last = 58 if command == "claims" else len(with_troops)
        assert counts[0] >= 10 * last // 58 and counts[-1] == last, (command, counts)
    # the readers did run while the ingest was writing
    assert len(set(seen["claims"])) >= 2, seen
    counts = sorted(set(seen["claims"]))
    print(f"\nreads during ingest: {len(outputs)}; document counts seen: {counts}")


def test_a_rerun_after_concurrent_ingests_changes_nothing(
    tmp_path: Path, runner: CliRunner, db_path: Path
) -> None:
    corpus, folders = overlapping(tmp_path)
    procs = [start_ingest(tmp_path, db_path, *folders[:2]) for _ in range(2)]
    for proc in procs:
        assert proc.wait(timeout=180) == 0
    conn = sqlite3.connect(db_path)
    before = conn.execute("SELECT path, sha256 FROM documents ORDER BY path").fetchall()
    conn.close()
    assert len(before) == 32
    result = runner.invoke(cli, ["ingest", *map(str, folders[:2])])
    assert result.exit_code == 0
    assert f"0 added, 0 replaced, {len(before)} unchanged" in flat(result.stderr)


def test_commands_that_open_a_new_database_at_the_same_moment_all_succeed(tmp_path: Path) -> None:
    """Four openers race on each of 150 new databases, as two ingests started together do.
    Reading the application id and the tables in two statements let one see the other's
    first tables without its id: "not a claimtrack database" (about 1 race in 20)."""
    failures: list[str] = []

    def open_when_all_ready(path: Path, ready: threading.Barrier) -> None:
        ready.wait()
        try:
            with Store.open(path):
                pass
        except StoreError as exc:
            failures.append(str(exc))

    for n in range(150):
        ready = threading.Barrier(4)
        openers = [threading.Thread(target=open_when_all_ready, args=(tmp_path / f"{n}.db", ready))
                   for _ in range(4)]
        for t in openers:
            t.start()
        for t in openers:
            t.join()
    assert failures == []
