"""Stored reconciliations: `compare` reads them while current and recomputes them when stale."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimtrack.cli.main import cli
from claimtrack.config import load_config
from claimtrack.reconcile import reconcile
from claimtrack.report import build as report_module
from claimtrack.store import Store, StoredGroup


@pytest.fixture
def seeded(runner: CliRunner, seeds_copy: Path, db_path: Path) -> Path:
    result = runner.invoke(cli, ["ingest", str(seeds_copy)])
    assert result.exit_code == 0, result.output
    return db_path


def compare(runner: CliRunner, topic: str = "troops", *options: str) -> dict[str, Any]:
    result = runner.invoke(cli, ["compare", topic, "--format", "json", *options])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    data.pop("generated")
    return data


def no_reconcile(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("reconciled again although a current result is stored")

    monkeypatch.setattr(report_module, "reconcile", fail)
    monkeypatch.setattr(report_module, "rows_of_blocks", fail)


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


@pytest.mark.parametrize("options", [[], ["--limit", "3"]], ids=["all", "limit"])
def test_a_result_written_block_by_block_is_the_whole_result(
    runner: CliRunner, seeded: Path, options: list[str]
) -> None:
    with Store.open(seeded) as s:
        claims = s.claims()
        meta = {d.name: d.articles for d in s.documents()}
    whole = reconcile(claims, load_config().config, documents_meta=meta)
    result = runner.invoke(cli, ["export", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [g["id"] for g in report["groups"]] == [g.id for g in whole.groups]
    assert [(k["claims"], k["reason"]) for k in report["conflicts"]] == [
        (list(k.claims), k.reason) for k in whole.conflicts]
    assert len(stored_selections(seeded)) == 1
    # a listing cut to the largest groups keeps them in the same order
    listed = compare(runner, "troops", *options)
    order = [g.id for g in whole.groups]
    ids = [g["id"] for g in listed["groups"]]
    assert ids == sorted(ids, key=order.index)


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
        assert not s.save_reconciliation("troops.deployed", "cfg", stale, [], 0)
        assert s.save_reconciliation("troops.deployed", "cfg", state, [], 0)
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

    # both ways of writing one: block by block as it is computed, or whole
    monkeypatch.setattr(Store, "reconciliation_writer", refuse)
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


LISTS = ("claims", "relations", "conflicts")


def lists_of(report: dict[str, Any], group: dict[str, Any]) -> dict[str, list[Any]]:
    return {"claims": group["claims"], "relations": group["relations"],
            "conflicts": [k for k in report["conflicts"] if k["group"] == group["id"]]}


@pytest.mark.parametrize("stored_first", [False, True], ids=["computed", "stored"])
def test_a_limited_listing_shows_the_first_of_each_list_and_counts_the_rest(
    runner: CliRunner, seeded: Path, stored_first: bool
) -> None:
    full = compare(runner, "troops", "--limit", "0")
    if not stored_first:  # the limited listing is the one that reconciles
        with Store.open(seeded) as s, s.transaction() as c:
            c.execute("DELETE FROM reconciliations")
    limited = compare(runner, "troops", "--limit", "2")
    # the two groups with the most claims, in the order of the full listing
    sizes = sorted(range(len(full["groups"])), key=lambda n: -len(full["groups"][n]["claims"]))
    largest = [full["groups"][n] for n in sorted(sizes[:2])]
    assert [g["id"] for g in limited["groups"]] == [g["id"] for g in largest]
    assert limited["omitted_groups"] == len(full["groups"]) - 2 > 0
    cut = 0
    for g, whole in zip(limited["groups"], largest, strict=True):
        shown, every = lists_of(limited, g), lists_of(full, whole)
        omitted = g.get("omitted") or {}
        for name in LISTS:
            assert shown[name] == every[name][:2], (g["id"], name)
            assert len(shown[name]) + omitted.get(name, 0) == len(every[name])
        cut += bool(omitted)
        assert {k: v for k, v in g.items() if k not in ("claims", "relations", "omitted")} \
            == {k: v for k, v in whole.items() if k not in ("claims", "relations")}
    assert cut  # the seeds' largest troops group has more than two claims
    named = {i for g in limited["groups"] for i in g["claims"]}
    named |= {i for g in limited["groups"] for r in g["relations"] for i in r["claims"]}
    named |= {i for k in limited["conflicts"] for i in k["claims"]}
    assert {c["id"] for c in limited["claims"]} == named
    assert {d["name"] for d in limited["documents"]} == {c["document"] for c in limited["claims"]}
    assert "omitted" not in json.dumps(full)


def test_relations_list_conflicts_before_agreements(runner: CliRunner, seeded: Path) -> None:
    order = ["conflict", "denial", "update", "different_scope", "different_modality",
             "translation", "agree", "same_origin"]
    for g in compare(runner, "troops", "--limit", "0")["groups"]:
        ranks = [order.index(r["type"]) for r in g["relations"]]
        assert ranks == sorted(ranks), g["id"]


def test_the_table_says_what_it_left_out(runner: CliRunner, seeded: Path) -> None:
    result = runner.invoke(cli, ["compare", "troops", "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert "not listed:" in result.stdout and "--limit 0 lists all" in result.stdout
    assert "smaller groups not listed" in result.stdout
    assert "not listed:" not in runner.invoke(cli, ["compare", "troops"]).stdout


def test_show_lists_what_compare_says_of_the_claim_and_reuses_its_result(
    runner: CliRunner, seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = compare(runner, "troops", "--limit", "0")
    no_reconcile(monkeypatch)  # show reads the topic's result that compare stored
    shown = 0
    for g in full["groups"]:
        for cid in g["claims"]:
            result = runner.invoke(cli, ["show", cid])
            assert result.exit_code == 0, result.output
            out = " ".join(result.stdout.split())
            assert f"group {g['id']}: {g['status']}" in out
            n = len(g["claims"])
            assert f"{n} claim{'s' if n != 1 else ''}" in out
            mine = [r for r in g["relations"] if cid in r["claims"]]
            for r in mine:
                other = r["claims"][1] if r["claims"][0] == cid else r["claims"][0]
                assert f"{r['type']} with {other}: {' '.join(r['reason'].split())}" in out
            assert len(re.findall(r"(?m)^  [a-z_]+ with ", result.stdout)) == len(mine)
            conflicts = [k for k in full["conflicts"] if cid in k["claims"]]
            assert out.count("conflict (") == len(conflicts)
            shown += bool(mine)
    assert shown


def test_show_says_the_same_whether_it_reconciles_or_reads_the_stored_result(
    runner: CliRunner, seeded: Path
) -> None:
    ids = [i for g in compare(runner, "troops", "--limit", "0")["groups"] for i in g["claims"]]
    warm = [runner.invoke(cli, ["show", i]).stdout for i in ids]
    cold = []
    for i in ids:
        with Store.open(seeded) as s, s.transaction() as c:
            c.execute("DELETE FROM reconciliations")
        cold.append(runner.invoke(cli, ["show", i]).stdout)
    assert cold == warm


def test_a_result_overtaken_by_an_ingest_is_not_kept(
    runner: CliRunner, seeded: Path
) -> None:
    cold = compare(runner)
    [selection] = stored_selections(seeded)
    group = StoredGroup.model_construct(id="g", data="{}", claims=["c"], relations=[],
                                        conflicts=[], counts=(1, 0, 0))
    with Store.open(seeded) as s:
        state = s.topic_versions(s.topics())
        with s.reconciliation_writer("*", "digest", state) as writer:
            writer.add(group, 0)
            writer.commit()  # the block is written in a transaction of its own: an ingest
            with Store.open(seeded) as other, other.transaction() as c:  # need not wait
                c.execute("UPDATE topic_state SET version = version + 1")
            assert writer.finish() is False
    # neither the half-written result nor a stale one is kept; the compare result stays
    assert stored_selections(seeded) == [selection]
    assert compare(runner) == cold
