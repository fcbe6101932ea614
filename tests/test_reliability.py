"""Reliability: ingests killed with SIGKILL, damaged or locked databases, files that vanish or
change under the ingest, file names that are not text, and arbitrary text through the whole
extraction. After each mishap the database opens, passes SQLite's integrity check, holds only
whole documents, has lost nothing it held before, and a re-run finishes the job.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.cli.main import cli
from claimtrack.extract.document import Extraction
from claimtrack.ingest.run import discover, ingest
from claimtrack.load.files import Found, load_file
from claimtrack.models import Document, Skipped
from claimtrack.store import Store
from claimtrack.store import db as store_module

from .badinputs import ARTICLE
from .conftest import flat
from .corpora import (
    CLI,
    check_store,
    make_corpus,
    reference,
    sha_of,
    start_ingest,
    stored_count,
)


def run(runner: CliRunner, *args: str) -> Result:
    return runner.invoke(cli, list(args))


def one_line_error(result: Result) -> str:
    """The error a user sees: exactly one line, no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: "), lines[0]
    return lines[0]


@dataclass
class KillStats:
    attempts: int = 0
    kills: int = 0
    mid_ingest: int = 0  # killed with some but not all documents stored
    replaced_files: int = 0
    restarts: int = 0


def kill_loop(tmp_path: Path, extraction: Extraction, kills: int, seed: int) -> KillStats:
    rng = random.Random(seed)
    corpus = make_corpus(tmp_path / "corpus")
    ref = reference(corpus, extraction)
    db = tmp_path / "kill.db"
    stats = KillStats()
    stored: dict[str, str] = {}
    full_run = 3.0  # seconds; refined from the runs that finish before their kill
    files = sorted(corpus.versions)
    by_key = {corpus.key(p): p for p in files}
    while stats.kills < kills and stats.attempts < kills * 3:
        stats.attempts += 1
        if stats.attempts % 3 == 0:
            # changed files: the next kill may land while an old version is being replaced
            for changed in rng.sample(files, 4):
                corpus.flip(changed)
                stats.replaced_files += 1
        before = stored_count(db) if db.exists() else 0
        started = time.monotonic()
        proc = start_ingest(tmp_path, db, corpus.root)
        try:
            if rng.random() < 0.5:
                time.sleep(rng.uniform(0, full_run))  # anywhere: startup, migration, writes
            else:
                # after the n-th new document is committed, plus a little
                target = before + rng.randint(1, max(1, len(files) - before))
                deadline = time.monotonic() + 30
                while proc.poll() is None and time.monotonic() < deadline:
                    if stored_count(db) >= target:
                        time.sleep(rng.uniform(0, 0.03))
                        break
                    time.sleep(0.002)
        finally:
            alive = proc.poll() is None
            proc.send_signal(signal.SIGKILL)
            _, err = proc.communicate()
        if alive:
            stats.kills += 1
            assert proc.returncode == -signal.SIGKILL
        else:
            assert proc.returncode == 0, err.decode()
            full_run = max(full_run, (time.monotonic() - started) * 1.2)
        after = check_store(db, corpus, ref)
        # nothing lost: every file stored before is still stored, in its old or new version
        for path, sha in stored.items():
            assert path in after, f"{path} lost after kill {stats.kills}"
            current = sha_of(corpus.versions[by_key[path]][corpus.current[by_key[path]]])
            assert after[path] in {sha, current}
        if alive and 0 < len(after) < len(files):
            stats.mid_ingest += 1
        stored = after
        complete = len(after) == len(files) and all(
            after[corpus.key(p)] == sha_of(corpus.versions[p][corpus.current[p]])
            for p in files
        )
        if complete:  # keep work to do for the next kill: start over with a new database
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
            stored = {}
            stats.restarts += 1
    assert stats.kills == kills, stats

    # a re-run finishes the job, and another one finds nothing to do
    proc = start_ingest(tmp_path, db, corpus.root)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    report = flat(err.decode())
    final = check_store(db, corpus, ref)
    assert final == {
        corpus.key(p): sha_of(corpus.versions[p][corpus.current[p]]) for p in files
    }
    assert f"Read {len(files)} files" in report and "0 skipped" in report, report
    again = start_ingest(tmp_path, db, corpus.root)
    _, err = again.communicate(timeout=120)
    assert again.returncode == 0
    assert f"0 added, 0 replaced, {len(files)} unchanged, 0 skipped" in flat(err.decode())
    return stats


def test_sigkill_at_random_points_loses_nothing_and_a_rerun_finishes(
    tmp_path: Path, extraction: Extraction
) -> None:
    stats = kill_loop(tmp_path, extraction, kills=12, seed=20250714)
    assert stats.mid_ingest >= 3, stats  # the kills did land while documents were being written
    print(f"\nkill points: {stats}")


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sigkill_many_times(tmp_path: Path, extraction: Extraction, seed: int) -> None:
    stats = kill_loop(tmp_path, extraction, kills=60, seed=seed)
    assert stats.mid_ingest >= 20, stats
    print(f"\nkill points (seed {seed}): {stats}")


# ------------------------------------------------------------------ damaged databases

def _damage(data: bytes, how: str) -> bytes:
    page = int.from_bytes(data[16:18], "big") or 65536
    d = bytearray(data)
    if how == "truncated-half":
        return bytes(d[: len(d) // 2])
    if how == "header-only":
        return bytes(d[:100])
    if how == "pages-garbled":
        for off in range(page, len(d), page):  # every page but the first
            d[off : off + 64] = b"\xde\xad\xbe\xef" * 16
    elif how == "schema-garbled":
        d[100:400] = b"\x00\xff" * 150  # the schema's page, past the file header
    elif how == "zeroed-middle":
        mid = (len(d) // page // 2) * page
        d[mid : mid + 2 * page] = bytes(2 * page)
    return bytes(d)


DAMAGE = ["truncated-half", "header-only", "pages-garbled", "schema-garbled", "zeroed-middle"]
COMMANDS = [
    ["ingest", "more"], ["docs"], ["claims"], ["claims", "troops", "--format", "json"],
    ["compare", "troops", "--format", "json"], ["export"], ["show", "x-1"],
]


@pytest.fixture(scope="module")
def good_db(tmp_path_factory: pytest.TempPathFactory, extraction: Extraction) -> bytes:
    """The bytes of a claimtrack database holding 12 documents, checkpointed into one file."""
    folder = tmp_path_factory.mktemp("gooddb")
    corpus = make_corpus(folder / "c", n=12)
    db = folder / "good.db"
    with Store.open(db) as s:
        ingest(discover([corpus.root]), s, extract=extraction, extractor_id=extraction.id)
        s.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db.read_bytes()


@pytest.mark.parametrize("how", DAMAGE)
def test_damaged_database_is_exit_4_one_line_and_never_written(
    runner: CliRunner, tmp_path: Path, good_db: bytes, how: str
) -> None:
    make_corpus(tmp_path / "more", n=3, first=100)
    bad = tmp_path / "bad.db"
    damaged = _damage(good_db, how)
    assert damaged != good_db
    bad.write_bytes(damaged)
    for args in COMMANDS:
        result = run(runner, "--db", str(bad), *args)
        assert result.exit_code == 4, (how, args, result.output)
        error = one_line_error(result)
        assert "corrupt" in error and str(bad) in error, error
        assert bad.read_bytes() == damaged, (how, args)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.db", "more"], args


def test_every_single_damaged_page_stops_ingest_before_it_writes(
    runner: CliRunner, tmp_path: Path, good_db: bytes
) -> None:
    # an ingest that met the damage only later would already have written into the file
    make_corpus(tmp_path / "more", n=2, first=100)
    page = int.from_bytes(good_db[16:18], "big")
    pages = len(good_db) // page
    bad = tmp_path / "bad.db"
    for n in range(1, pages):
        d = bytearray(good_db)
        d[n * page : n * page + 16] = b"\xa5" * 16
        bad.write_bytes(bytes(d))
        result = run(runner, "--db", str(bad), "ingest", "more")
        assert result.exit_code == 4, (n, result.output)
        assert "corrupt database" in one_line_error(result)
        assert bad.read_bytes() == bytes(d), n


def test_intact_copy_of_the_database_still_works(
    runner: CliRunner, tmp_path: Path, good_db: bytes
) -> None:
    # the control for the damage tests: the same bytes undamaged are a working database
    db = tmp_path / "good.db"
    db.write_bytes(good_db)
    result = run(runner, "--db", str(db), "docs", "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stdout.count('"sha256"') == 12


# ------------------------------------------------------------------ a locked database

def test_ingest_into_a_locked_database_says_so_and_changes_nothing(
    runner: CliRunner, tmp_path: Path, db_path: Path, good_db: bytes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db_path.write_bytes(good_db)
    make_corpus(tmp_path / "more", n=3, first=100)
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program is writing and does not let go
    try:
        result = run(runner, "ingest", "more")
        assert result.exit_code == 4, result.output
        assert "busy or locked" in one_line_error(result)
        # readers are not blocked by a writer
        for args in (["docs", "--format", "json"], ["compare", "troops", "--format", "json"]):
            assert run(runner, *args).exit_code == 0, args
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Store.open(db_path, create=False) as s:
        assert len(s.documents()) == 12 and s.integrity_ok()


def test_ingest_waits_for_a_short_lock(
    runner: CliRunner, tmp_path: Path, db_path: Path, good_db: bytes
) -> None:
    import threading

    db_path.write_bytes(good_db)
    make_corpus(tmp_path / "more", n=3, first=100)
    holder = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    timer = threading.Timer(1.5, lambda: holder.execute("ROLLBACK"))
    timer.start()
    try:
        result = run(runner, "ingest", "more")
    finally:
        timer.join()
        holder.close()
    assert result.exit_code == 0, result.output
    assert "3 added" in flat(result.stderr)


# ------------------------------------------------------------------ files that change mid-ingest

def test_file_that_disappears_after_it_was_listed_is_skipped_with_reason(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = make_corpus(tmp_path / "c", n=6)
    vanish = sorted(corpus.versions)[2]
    gone_folder = tmp_path / "c" / "gone.txt"
    gone_folder.write_text(ARTICLE, encoding="utf-8")
    real_open = Path.open

    def open_after_delete(self: Path, *args: Any, **kwargs: Any) -> Any:
        # the walk listed these files; between that and the read they vanish or change
        if self.name == vanish.name:
            self.unlink()
        elif self.name == gone_folder.name and gone_folder.is_file():
            gone_folder.unlink()
            gone_folder.mkdir()
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_after_delete)
    result = run(runner, "ingest", "c")
    assert result.exit_code == 0, result.output
    report = flat(result.stderr)
    assert f"skipped c/{vanish.name}: file disappeared before it could be read" in report
    assert "skipped c/gone.txt: is a folder" in report
    assert "5 added" in report
    with Store.open(os.environ["CLAIMTRACK_DB"]) as s:
        names = {d.name for d in s.documents()}
    assert names == {p.name for p in corpus.versions} - {vanish.name}


def test_file_that_grows_past_the_limit_while_read_is_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimtrack.load.files import read_bytes

    path = tmp_path / "growing.txt"
    path.write_bytes(b"a " * 10)
    real_open = Path.open

    def grow(self: Path, *args: Any, **kwargs: Any) -> Any:
        with open(self, "ab") as fh:  # written to after its size was looked at
            fh.write(b"a " * 1000)
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", grow)
    result = read_bytes(Found(path, "growing.txt"), max_bytes=100)
    assert isinstance(result, Skipped) and "larger than" in result.reason


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipe_is_skipped_not_waited_on(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    os.mkfifo(tmp_path / "c" / "pipe.txt")
    (tmp_path / "c" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = run(runner, "ingest", "c")
    assert result.exit_code == 0, result.output
    report = flat(result.stderr)
    assert "skipped c/pipe.txt: not a regular file" in report and "1 added" in report


# ------------------------------------------------------------------ file names

def _odd_names() -> list[bytes]:
    return [
        b"latin1 caf\xe9.txt",  # a name written by a Latin-1 system: not UTF-8
        b"bad \xff\xfe bytes.txt",
        b"new\nline.txt",
        b"tab\tand\x01control.txt",
        "\u202eright-to-left.txt".encode(),
        b"  leading spaces.txt",
        b"--help.txt",
        b"x" * 200 + b".txt",
    ]


def test_odd_file_names_are_stored_and_a_rerun_finds_them_unchanged(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    names = _odd_names()
    for i, raw in enumerate(names):
        path = os.path.join(os.fsencode(folder), raw)
        with open(path, "wb") as fh:
            fh.write(ARTICLE.replace("12,000", f"{1000 + i:,}").encode())
    with open(os.path.join(os.fsencode(folder), b"unsupported \xff\n.pdf"), "wb") as fh:
        fh.write(b"%PDF-1.4")
    os.symlink(b"loop-b.txt", os.path.join(os.fsencode(folder), b"loop-a.txt"))
    os.symlink(b"loop-a.txt", os.path.join(os.fsencode(folder), b"loop-b.txt"))
    result = run(runner, "ingest", "odd")
    assert result.exit_code == 0, result.output
    report = result.stderr
    assert f"{len(names)} added" in flat(report)
    # every skipped file is one line, its name escaped, with its reason
    skipped = [line for line in report.splitlines() if line.strip().startswith("skipped ")]
    assert len(skipped) == 3, report
    assert any("unsupported \\xff\\n.pdf: not a supported format" in s for s in skipped)
    assert sum("loop-" in s and "symlink" in s for s in skipped) == 2
    claims = run(runner, "claims", "--format", "json")
    assert claims.exit_code == 0
    assert "caf\\\\xe9.txt" in claims.stdout  # JSON of the escaped name
    again = run(runner, "ingest", "odd")
    assert f"0 added, 0 replaced, {len(names)} unchanged" in flat(again.stderr)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(raw=st.binary(min_size=1, max_size=60).filter(
    lambda b: b"/" not in b and b"\x00" not in b and not b.startswith(b".")  # hidden: not read
))
def test_any_file_name_is_stored_or_skipped_never_a_crash(tmp_path: Path, raw: bytes) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))  # hypothesis reuses tmp_path
    path = os.path.join(os.fsencode(folder), raw + b".txt")
    with open(path, "wb") as fh:
        fh.write(ARTICLE.encode())
    with Store.open(tmp_path / f"{folder.name}.db") as s:
        report = ingest(discover([folder]), s)
        assert report.added + len(report.skipped) == 1
        for skip in report.skipped:
            assert skip.reason and "\n" not in skip.path
        for d in s.documents():
            d.name.encode("utf-8")  # storable text, whatever the bytes were
            assert s.load_document(d.path) is not None


# ------------------------------------------------------------------ unknown kinds

def test_compare_an_unknown_kind_is_exit_5_listing_the_kinds(
    runner: CliRunner, tmp_path: Path, db_path: Path, good_db: bytes
) -> None:
    db_path.write_bytes(good_db)
    for args in (["compare", "nosuchkind"], ["claims", "nosuchkind"],
                 ["compare", "troops.nosuch", "--format", "json"]):
        result = run(runner, *args)
        assert result.exit_code == 5, result.output
        error = one_line_error(result)
        assert repr(args[1]) in error
        for kind in ("troops", "casualties", "troops.deployed", "casualties.killed", "equipment"):
            assert kind in error, (kind, error)
        assert result.stdout == ""


# ------------------------------------------------------------------ arbitrary text, end to end

_FRAGMENTS = [
    "North Korea sent about 12,000 troops to Kursk, ", "officials said on Monday. ",
    "more than 3,000 soldiers were killed ", "up to 30,000 ", "1,500 to 3,000 personnel ",
    "thousands of troops ", "according to the Joint Chiefs of Staff, ", "last October ",
    "约1.2万名朝鲜士兵", "被部署至库尔斯克地区。", "周日", "3000人阵亡", "\n\n", "\n", " ", ".",
    "denied that 500 troops ", "Sept. 4", "2024", "100-200", "½", "١٢٣", "\u200b", "\ufeff",
]


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=st.one_of(
    st.lists(st.sampled_from(_FRAGMENTS), max_size=30).map("".join),
    st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=20)), max_size=20).map(
        "".join
    ),
), suffix=st.sampled_from([".txt", ".html"]))
def test_any_text_extracts_claims_whose_offsets_slice_back(
    tmp_path: Path, extraction: Extraction, text: str, suffix: str
) -> None:
    data = (f"<html><body><article><p>{text}</p></article></body></html>" if suffix == ".html"
            else text).encode("utf-8", "surrogatepass")
    found = Found(tmp_path / f"any{suffix}", f"any{suffix}")
    doc = load_file(found, data)
    if isinstance(doc, Skipped):
        assert doc.reason
        return
    claims = extraction(doc)
    for c in claims:
        assert 0 <= c.start < c.end <= len(doc.text)
        assert doc.text[c.start : c.end] == c.quote, c
        assert c.low is None or c.high is None or c.low <= c.high, c
        assert c.document == doc.name
    # and the store takes whatever came out, each claim once
    with Store.open(Path(tempfile.mkdtemp(dir=tmp_path)) / "any.db") as s:
        assert s.save(doc, claims)
        stored = s.claims()
        assert len({c.id for c in stored}) == len(stored) == len(
            {c.model_dump_json(exclude={"id"}) for c in claims}
        )
        assert all(doc.text[c.start : c.end] == c.quote for c in stored)


TWICE = "North Korea sent about 12,000 troops to Kursk, ١٢٣thousands of troops \n"


def test_a_claim_extracted_twice_is_stored_once_and_ingest_goes_on(
    runner: CliRunner, tmp_path: Path
) -> None:
    # the extractor gives this figure twice with one id; that must not stop an ingest
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "twice.txt").write_text(TWICE, encoding="utf-8")
    (tmp_path / "c" / "other.txt").write_text(ARTICLE, encoding="utf-8")
    result = run(runner, "ingest", "c")
    assert result.exit_code == 0, result.output
    assert "2 added" in flat(result.stderr)
    claims = run(runner, "claims", "--doc", "twice.txt", "--format", "json")
    assert claims.stdout.count('"quote": "١٢٣thousands of troops"') == 1


def test_extraction_gives_each_claim_once(tmp_path: Path, extraction: Extraction) -> None:
    doc = load_file(Found(tmp_path / "t.txt", "t.txt"), TWICE.encode())
    assert isinstance(doc, Document)
    claims = extraction(doc)
    assert len({c.id for c in claims}) == len(claims)


def _children(pid: int) -> set[int]:
    """Process ids whose parent is `pid` (from /proc)."""
    out = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.add(int(stat.parent.name))
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to see worker processes")
def test_killing_a_parallel_ingest_leaves_no_workers_behind(tmp_path: Path) -> None:
    make_corpus(tmp_path / "corpus", n=40)
    env = {**os.environ, "CLAIMTRACK_DB": str(tmp_path / "jobs.db")}
    proc = subprocess.Popen([*CLI, "ingest", "--jobs", "2", "corpus"], cwd=tmp_path, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert workers, "the ingest finished before its workers could be seen"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [w for w in workers if _alive(w)], "workers outlived the killed ingest"


def test_a_large_store_is_checked_before_its_first_write_not_on_every_read(
    runner: CliRunner, tmp_path: Path, good_db: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "CHECK_ON_OPEN_BYTES", 0)  # every store counts as large
    db = tmp_path / "good.db"
    db.write_bytes(good_db)
    with Store.open(db) as s:
        assert not s.checked  # a read does not read the whole file first
        with s.transaction():
            assert s.checked
    make_corpus(tmp_path / "more", n=2, first=100)
    bad = tmp_path / "bad.db"
    damaged = _damage(good_db, "zeroed-middle")
    bad.write_bytes(damaged)
    result = run(runner, "--db", str(bad), "ingest", "more")
    assert result.exit_code == 4, result.output
    assert "corrupt database" in one_line_error(result)
    assert bad.read_bytes() == damaged
