"""`claimtrack eval` on an annotated sample (documents with `doc`, claims, non_claims,
expected_conflicts, not_conflicts; quotes as text or as `quote_at` offsets): the matching
rules on claims built here, then the command on invented articles."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from claimtrack.cli import cli
from claimtrack.models import Claim
from claimtrack.reconcile import Conflict
from claimtrack.report.sample import SampleGold, evaluate_sample, same_source

TEXTS = {
    "a.txt": ("Seoul's spy agency said about 3,000 soldiers from the North were sent to the "
              "front. The unit lost 40 men. Two reporters watched from 12 kilometres away."),
    "b.txt": ("Kyiv's intelligence service said 9,000 soldiers from the North were sent in "
              "March."),
}


def claim(cid: str, doc: str, kind: str, quote: str, value: float | None, **fields: Any
          ) -> Claim:
    start = TEXTS[doc].index(quote)
    return Claim(id=cid, document=doc, article=0, passage=0, language="en", quote=quote,
                 start=start, end=start + len(quote), kind=kind, value=value, low=value,
                 high=value, **fields)


def at(doc: str, quote: str) -> dict[str, Any]:
    start = TEXTS[doc].index(quote)
    return {"start": start, "end": start + len(quote),
            "sha1": hashlib.sha1(quote.encode()).hexdigest()[:12]}


PREDICTED = [
    claim("a-1", "a.txt", "troops.deployed", "about 3,000 soldiers", 3000,
          qualifier="approx", attributed_to="Seoul's spy agency", as_of="2025-03-04",
          modality="asserted"),
    claim("a-2", "a.txt", "casualties.killed", "40 men", 40, qualifier="exact",
          modality="asserted"),
    claim("a-3", "a.txt", "casualties.killed", "Two reporters", 2, qualifier="exact"),
    claim("b-1", "b.txt", "troops.deployed", "9,000 soldiers", 9000, qualifier="exact",
          attributed_to="Ukraine's defence ministry", as_of="2025-03", modality="estimated"),
]
CONFLICTS = [Conflict(type="value", claims=("a-1", "b-1"), reason="3,000 vs 9,000",
                      group="g", strength=0.5)]


def gold(**extra: Any) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "documents": [
            {"doc": "a.txt", "claims": [
                {"id": "a1", "kind": "troops.deployed", "value": 3000, "low": 3000,
                 "high": 3000, "qualifier": "approx", "attributed_to": "spy agency (Seoul)",
                 "as_of": "2025-03", "modality": "asserted",
                 "quote_at": at("a.txt", "about 3,000 soldiers from the North")},
                # annotated as killed or wounded: the same topic, another kind
                {"id": "a2", "kind": "casualties.killed_or_wounded", "value": 40, "low": 40,
                 "high": 40, "qualifier": "exact", "modality": "asserted",
                 "quote": "lost 40 men"},
                {"id": "a3", "kind": "equipment", "value": 5, "low": 5, "high": 5,
                 "quote": "5 tanks"},
                {"id": "a4", "kind": "other", "value": 12, "quote": "12 kilometres"},
            ], "non_claims": [{"type": "witnesses", "quote": "Two reporters"}]},
            {"doc": "b.txt", "claims": [
                {"id": "b1", "kind": "troops.deployed", "value": 9000, "low": 9000,
                 "high": 9000, "qualifier": "exact",
                 "attributed_to": "Kyiv's intelligence service", "as_of": "2025-03",
                 "modality": "reported", "quote": "9,000 soldiers from the North"},
            ]},
        ],
        "expected_conflicts": [{"pair": [
            {"doc": "a.txt", "quote": "about 3,000 soldiers"},
            {"doc": "b.txt", "quote_at": at("b.txt", "9,000 soldiers")}],
            "reason": "same month, 3,000 against 9,000"}],
        "not_conflicts": [{"pair": [
            {"doc": "a.txt", "quote": "40 men"}, {"doc": "b.txt", "quote": "9,000 soldiers"}],
            "reason": "different kinds"}],
        **extra,
    }


def score(data: dict[str, Any], predicted: list[Claim] = PREDICTED,
          conflicts: list[Conflict] = CONFLICTS) -> dict[str, Any]:
    report = evaluate_sample(SampleGold.model_validate(data), "gold.yaml", list(TEXTS),
                             TEXTS.get, predicted, conflicts)
    return report.model_dump(mode="json")


def test_claims_match_by_document_topic_and_a_shared_figure() -> None:
    r = score(gold())
    overall = r["scores"][-1]
    # gold: a1, a2, a3, b1 (a4 is no count topic); predicted: 4; matched: a1, a2, b1
    assert (overall["gold"], overall["predicted"], overall["matched"]) == (4, 4, 3)
    assert overall["precision"] == 0.75 and overall["recall"] == 0.75
    assert [m["quote"] for m in r["missed"]] == ["5 tanks"]
    assert [m["quote"] for m in r["spurious"]] == ["Two reporters"]


def test_fields_are_scored_on_matched_claims_where_the_gold_gives_them() -> None:
    acc = {a["field"]: (a["correct"], a["total"]) for a in score(gold())["accuracy"]}
    assert acc["kind"] == (2, 3)  # killed for killed_or_wounded
    assert acc["qualifier"] == (3, 3)
    assert acc["as_of"] == (2, 2)  # a day within the annotated month
    assert acc["modality"] == (2, 3)  # estimated for reported
    assert acc["attributed_to"] == (1, 2)  # a ministry is not an intelligence service


def test_non_claims_and_conflicts_are_scored() -> None:
    r = score(gold())
    assert r["non_claims"] == {"total": 1, "taken": 1}
    assert r["conflicts"] == {"reported": 1, "expected": 1, "found": 1, "not_conflicts": 1,
                              "flagged": 0}
    flagged = score(gold(), conflicts=[*CONFLICTS, Conflict(
        type="value", claims=("a-2", "b-1"), reason="x", group="g")])
    assert flagged["conflicts"]["flagged"] == 1
    assert score(gold(), conflicts=[])["conflicts"]["found"] == 0


def test_a_figure_of_another_document_never_matches() -> None:
    moved = [c.model_copy(update={"document": "b.txt"}) if c.id == "a-2" else c
             for c in PREDICTED]
    assert "lost 40 men" in [m["quote"] for m in score(gold(), moved)["missed"]]


@pytest.mark.parametrize(("annotated", "extracted", "same"), [
    ("South Korea's National Intelligence Service", "National Intelligence Service", True),
    ("NIS (South Korea's spy agency), cited by Yonhap", "NIS", True),
    ("the General Staff of Ukraine's armed forces", "General Staff", True),
    ("unattributed (outlet's own report)", None, True),
    ("unattributed", "Reuters", False),
    ("Ukraine's defence ministry", "Russian officials", False),  # only generic words
    ("Ukrainian officials", "Ukraine's officials", True),  # alike as a whole
    ("Pentagon spokesman", None, False),
    ("Pentagon spokesman", "State Department", False),
])
def test_sources_agree_by_their_distinctive_words(
    annotated: str, extracted: str | None, same: bool
) -> None:
    assert same_source(annotated, extracted) is same


# ---------------------------------------------------------------- the command


def _write(folder: Path, data: dict[str, Any]) -> Path:
    path = folder / "gold.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


@pytest.fixture
def sample(tmp_path: Path, runner: CliRunner) -> Path:
    folder = tmp_path / "sample"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    (folder / "sources.yaml").write_text(
        "a.txt: {outlet: Daily One, published: 2025-03-04}\n"
        "b.txt: {outlet: Daily Two, published: 2025-03-20}\n", encoding="utf-8")
    result = runner.invoke(cli, ["ingest", str(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return folder


def test_eval_scores_an_annotated_sample_of_ones_own_articles(
    runner: CliRunner, sample: Path
) -> None:
    path = _write(sample, gold())
    result = runner.invoke(cli, ["eval", str(path), "--format", "json"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    r = json.loads(result.stdout)
    overall = r["scores"][-1]
    assert overall["gold"] == 4 and overall["kind"] == "overall"
    assert overall["matched"] <= min(overall["gold"], overall["predicted"])
    assert r["non_claims"]["total"] == 1 and r["conflicts"]["expected"] == 1
    table = runner.invoke(cli, ["eval", str(path), "--errors"], catch_exceptions=False)
    assert "Non-claims taken as claims:" in table.stdout
    assert "Conflicts:" in table.stdout and "expected found" in table.stdout


@pytest.mark.parametrize(("change", "says"), [
    (lambda g: g["documents"][0]["claims"][0]["quote_at"].update(sha1="ffffffffffff"),
     "a.txt at "),
    (lambda g: g["documents"][1].update(doc="c.txt"), "c.txt not stored"),
    (lambda g: g["documents"][0]["claims"][0].pop("quote_at"), "gold.yaml:"),
    (lambda g: g["documents"][0]["claims"][0].update(valeu=1), "valeu"),
    (lambda g: g["expected_conflicts"][0].pop("pair"), "pair"),
])
def test_a_sample_that_does_not_fit_the_store_is_exit_3(
    runner: CliRunner, sample: Path, change: Any, says: str
) -> None:
    data = gold()
    change(data)
    result = runner.invoke(cli, ["eval", str(_write(sample, data))])
    assert result.exit_code == 3, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and says in lines[0]
