"""The benchmark corpus generator, and `ingest --jobs`: the same stored result as one job."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimtrack.cli.main import cli
from claimtrack.config import load_config
from claimtrack.extract.document import Extraction
from claimtrack.ingest import local as local_engine
from claimtrack.ingest.run import IngestReport, discover, ingest
from claimtrack.store import Store

from .conftest import REPO, SEEDS

sys.path.insert(0, str(REPO / "bench"))
import corpus  # noqa: E402


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    list(corpus.generate(out, 24))
    return out


def test_generator_writes_articles_with_sidecars(small_corpus: Path) -> None:
    files = sorted(small_corpus.rglob("*.txt"))
    assert len(files) == 24
    sidecar = (small_corpus / "0000" / "sources.yaml").read_text(encoding="utf-8")
    assert sidecar.count("published:") == 24
    texts = [f.read_text(encoding="utf-8") for f in files]
    assert len(set(texts)) == 24
    assert all(len(t.split()) > 50 or any("\u4e00" <= ch <= "\u9fff" for ch in t) for t in texts)


def test_generator_is_reproducible_article_by_article() -> None:
    english, chinese = corpus.sentence_pool(SEEDS)
    assert corpus.article(7, english, chinese) == corpus.article(7, english, chinese)
    assert corpus.article(7, english, chinese) != corpus.article(8, english, chinese)


def test_generated_figures_differ_from_the_seeds() -> None:
    import random

    rng = random.Random(1)
    changed = {corpus.perturb("around 12,000 North Korean troops in Kursk", rng)
               for _ in range(20)}
    assert len(changed) > 5
    assert all("," in s for s in changed)  # the figure keeps its form


def _stored(db: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    rows = conn.execute(
        "SELECT d.path, d.sha256, c.id, c.data FROM claims c JOIN documents d "
        "ON d.id = c.document_id ORDER BY d.path, c.id").fetchall()
    rows += conn.execute("SELECT path, sha256, text FROM documents ORDER BY path").fetchall()
    conn.close()
    return rows


def _run(paths: list[Path], db: Path, jobs: int) -> IngestReport:
    extraction = Extraction(load_config())
    with Store.open(db) as store:
        return ingest(discover(paths), store, extract=extraction, extractor_id=extraction.id,
                      jobs=jobs)


def test_two_jobs_store_the_same_as_one(small_corpus: Path, tmp_path: Path) -> None:
    # a copy of a seed in the same run: a duplicate whichever job extracts it first
    extra = tmp_path / "extra"
    extra.mkdir()
    shutil.copy(next(SEEDS.glob("*.txt")), extra / "copy.txt")
    paths = [SEEDS, small_corpus, extra]
    one = _run(paths, tmp_path / "one.db", 1)
    two = _run(paths, tmp_path / "two.db", 2)
    assert one.claims > 100
    assert one.duplicates == 1
    assert two.model_dump() == one.model_dump()
    assert _stored(tmp_path / "two.db") == _stored(tmp_path / "one.db")
    again = _run(paths, tmp_path / "two.db", 2)
    assert (again.unchanged, again.added, again.duplicates) == (one.added, 0, 1)


def test_a_reingest_of_unchanged_files_starts_no_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _run([SEEDS], tmp_path / "s.db", 2)

    def no_pool(*args: object, **kwargs: object) -> None:
        raise AssertionError("a worker pool was started with nothing to extract")

    monkeypatch.setattr(local_engine, "ProcessPoolExecutor", no_pool)
    assert _run([SEEDS], tmp_path / "s.db", 2).unchanged == 5


def test_cli_jobs_option(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ingest", "--jobs", "2", str(SEEDS)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert "Read 5 files: 5 added" in result.stderr
    bad = CliRunner().invoke(cli, ["ingest", "--jobs", "-1", str(SEEDS)])
    assert bad.exit_code == 2


def die_on_the_fourth(document: Any) -> list[Any]:
    """An extractor whose process dies on one file (as when the OOM killer takes a worker)."""
    if document.name == "0000003.txt":
        os._exit(1)
    return []


def test_a_worker_that_dies_is_a_one_line_error_and_earlier_files_are_kept(
    small_corpus: Path, tmp_path: Path
) -> None:
    from claimtrack.errors import ClaimtrackError

    files = sorted(small_corpus.rglob("*.txt"))[:6]
    assert files[3].name == "0000003.txt"
    with Store.open(tmp_path / "d.db") as store:
        with pytest.raises(ClaimtrackError, match=r"a worker process died \(BrokenProcessPool"):
            ingest(discover(files), store, extract=die_on_the_fourth, extractor_id="t", jobs=2)
        kept = {d.name for d in store.documents()}
    assert kept <= {f.name for f in files[:3]}
