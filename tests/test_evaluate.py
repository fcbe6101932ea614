"""`claimtrack eval`: the seeds gold scored as README promises, with floors that a regression in
extraction would break."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from claimtrack.cli import cli

from .conftest import REPO

GOLD = REPO / "tests" / "gold" / "seeds.yaml"
# README "Quality": P 0.978, R 0.938, F1 0.957; attribution 0.93, as_of 0.87, modality 0.98.
# The floors sit a little below, so that a change that loses claims fails here.
FLOORS = {"precision": 0.95, "recall": 0.91, "f1": 0.93}
ACCURACY_FLOORS = {"attributed_to": 0.9, "as_of": 0.84, "modality": 0.95}


@pytest.fixture
def scored(runner: CliRunner, seeds: Path) -> dict:  # type: ignore[type-arg]
    assert runner.invoke(cli, ["ingest", str(seeds)], catch_exceptions=False).exit_code == 0
    result = runner.invoke(cli, ["eval", str(GOLD), "--format", "json"],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_the_seeds_score_at_least_what_readme_says(scored: dict) -> None:  # type: ignore[type-arg]
    overall = next(s for s in scored["scores"] if s["kind"] == "overall")
    assert overall["gold"] == 48
    for measure, floor in FLOORS.items():
        assert overall[measure] >= floor, (measure, overall)
    accuracy = {a["field"]: a for a in scored["accuracy"]}
    for field, floor in ACCURACY_FLOORS.items():
        assert accuracy[field]["accuracy"] >= floor, accuracy[field]
        assert accuracy[field]["total"] == overall["matched"]


def test_scores_are_the_counts_they_come_from(scored: dict) -> None:  # type: ignore[type-arg]
    for s in scored["scores"]:
        if s["predicted"]:
            assert s["precision"] == pytest.approx(s["matched"] / s["predicted"], abs=1e-3)
        if s["gold"]:
            assert s["recall"] == pytest.approx(s["matched"] / s["gold"], abs=1e-3)
    kinds = [s for s in scored["scores"] if s["kind"] != "overall"]
    overall = next(s for s in scored["scores"] if s["kind"] == "overall")
    assert sum(s["gold"] for s in kinds) == overall["gold"]


def test_errors_list_each_miss_with_its_document_and_quote(
    runner: CliRunner, seeds: Path
) -> None:
    runner.invoke(cli, ["ingest", str(seeds)], catch_exceptions=False)
    result = runner.invoke(cli, ["eval", str(GOLD), "--errors"], catch_exceptions=False)
    assert result.exit_code == 0
    misses = [line for line in result.stdout.splitlines() if line.startswith("missed: ")]
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    names = {d["document"] for d in gold["documents"]}
    assert misses
    for line in misses:
        assert re.match(r"missed: (\S+) ", line)[1] in names  # type: ignore[index]


def test_a_gold_file_that_is_not_valid_is_exit_3(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "gold.yaml"
    bad.write_text("documents:\n  - name: x.txt\n    claims: [{kind: troops.deployed}]\n")
    runner.invoke(cli, ["ingest", str(REPO / "seeds")], catch_exceptions=False)
    result = runner.invoke(cli, ["eval", str(bad)])
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Error: {bad}")
    assert len(result.stderr.strip().splitlines()) == 1
