"""Stored reconciliations: `compare` reads them while current and recomputes them when stale."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimtrack import report as report_module
from claimtrack.cli import cli
from claimtrack.config import load_config
from claimtrack.store import Store


@pytest.fixture
def seeded(runner: CliRunner, seeds_copy: Path, db_path: Path) -> Path:
    result = runner.invoke(cli, ["ingest", str(seeds_copy)])
    assert result.exit_code == 0, result.output
    return db_path


def compare(runner: CliRunner, topic: str = "troops") -> dict[str, Any]:
    result = runner.invoke(cli, ["compare", topic, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    data.pop("generated")
    return data


def no_reconcile(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("reconciled again although a current result is stored")

    monkeypatch.setattr(report_module, "reconcile", fail)


def stored_selections(db: Path) -> list[str]:
    with Store.open(db) as s:
        return [r[0] for r in s.conn.execute("SELECT selection FROM reconciliations")]


def test_second_compare_reads_the_stored_result_with_the_same_content(
    runner: CliRunner, seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = compare(runner)
    assert cold["groups"] and cold["conflicts"]
    [selection] = stored_selections(seeded)
    assert selection.split(",") == sorted(load_config().config.kinds_for("troops"))
    no_reconcile(monkeypatch)
    assert compare(runner) == cold


def test_an_ingest_into_the_topic_makes_it_stale(
    runner: CliRunner, seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = compare(runner)
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "another.txt").write_text(
        "Around 19,000 North Korean troops were deployed to Kursk, South Korean officials "
        "said on Monday.\n", encoding="utf-8"
    )
    assert runner.invoke(cli, ["ingest", str(extra)]).exit_code == 0
    after = compare(runner)
    assert {c["document"] for c in after["claims"]} - {c["document"] for c in before["claims"]} \
        == {"another.txt"}
    listed = {i for g in after["groups"] for i in g["claims"]}
    assert listed == {c["id"] for c in after["claims"]}
    no_reconcile(monkeypatch)  # and the new result is stored in turn
    assert compare(runner) == after


def test_an_ingest_of_another_topic_keeps_the_stored_result(
    runner: CliRunner, seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compare(runner, "dates")
    extra = tmp_path / "more"
    extra.mkdir()
    (extra / "killed.txt").write_text(
        "Officials said 40 soldiers were killed in Kursk.\n", encoding="utf-8"
    )
    assert runner.invoke(cli, ["ingest", str(extra)]).exit_code == 0
    with Store.open(seeded) as s:
        kinds = {c.kind for c in s.claims(document="killed.txt")}
    assert kinds and "date" not in kinds
    no_reconcile(monkeypatch)
    compare(runner, "dates")


def test_every_save_bumps_the_state_of_its_topics(seeded: Path, seeds_copy: Path) -> None:
    with Store.open(seeded) as s:
        version = s.conn.execute("SELECT version FROM store_state").fetchone()[0]
        assert version == len(list(seeds_copy.glob("*.txt")))
        topics = s.topic_versions(["troops", "casualties", "date", "nosuchtopic"])
        assert topics["troops"] > 0 and topics["nosuchtopic"] == 0
        doc = s.load_document(sorted(seeds_copy.glob("*.txt"))[0].name)
        assert doc is not None
        claims = s.claims(document=doc.name)
        assert s.save(doc, claims, extractor="test")
        after = s.topic_versions(topics)
        for t in {c.kind.split(".")[0] for c in claims}:
            assert after[t] == topics[t] + 1
        assert s.conn.execute("SELECT version FROM store_state").fetchone()[0] == version + 1


def test_a_stored_result_of_an_older_state_is_not_written_over_a_newer(seeded: Path) -> None:
    with Store.open(seeded) as s:
        state = s.topic_versions(["troops"])
        stale = {"troops": state["troops"] - 1}
        assert not s.save_reconciliation("troops.deployed", "cfg", stale, [], [], 0)
        assert s.save_reconciliation("troops.deployed", "cfg", state, [], [], 0)
        assert s.stored_reconciliation("troops.deployed", "cfg", state) is not None
        assert s.stored_reconciliation("troops.deployed", "cfg", stale) is None
        assert s.stored_reconciliation("troops.deployed", "other", state) is None


def test_another_config_recomputes(
    runner: CliRunner, seeded: Path, tmp_path: Path
) -> None:
    compare(runner)
    config = tmp_path / "claims.yaml"
    shutil.copyfile(Path(__file__).resolve().parent.parent / "claims.yaml", config)
    text = config.read_text(encoding="utf-8")
    assert "same_time_days: 7" in text
    config.write_text(text.replace("same_time_days: 7", "same_time_days: 8"), encoding="utf-8")
    result = runner.invoke(cli, ["--config", str(config), "compare", "troops", "--format", "json"])
    assert result.exit_code == 0, result.output
    with Store.open(seeded) as s:
        assert s.conn.execute("SELECT count(DISTINCT config) FROM reconciliations").fetchone()[0] \
            == 2


def test_a_read_only_store_still_compares(
    runner: CliRunner, seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> bool:
        import sqlite3

        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(Store, "save_reconciliation", refuse)
    assert compare(runner)["groups"]
    assert stored_selections(seeded) == []


def test_documents_counts_match_per_document_queries(seeded: Path) -> None:
    with Store.open(seeded) as s:
        docs = s.documents()
        assert [d.name for d in docs] == sorted(d.name for d in docs)
        for d in docs:
            c = s.conn
            langs = [r[0] for r in c.execute(
                "SELECT language FROM passages WHERE document_id = ? AND junk = 0 "
                "GROUP BY language ORDER BY count(*) DESC, language", (d.id,))]
            n, junk = c.execute("SELECT count(*), coalesce(sum(junk), 0) FROM passages "
                                "WHERE document_id = ?", (d.id,)).fetchone()
            claims = c.execute("SELECT count(*) FROM claims WHERE document_id = ?",
                               (d.id,)).fetchone()[0]
            articles = c.execute("SELECT count(*) FROM articles WHERE document_id = ?",
                                 (d.id,)).fetchone()[0]
            assert (d.languages, d.passages, d.junk, d.claims, len(d.articles)) == (
                langs, n, junk, claims, articles)
