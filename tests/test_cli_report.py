"""compare, export, show and claims on the seeds: what an analyst reads off the reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from claimtrack.cli.main import cli
from claimtrack.config import load_config
from claimtrack.reconcile import reconcile
from claimtrack.report.build import schema_text
from claimtrack.store import Store

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("seeded") / "seeds.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(REPO / "seeds")])
    assert result.exit_code == 0, result.output
    return db


def invoke(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    return result.exit_code, result.stdout, result.stderr


def data(db: Path, *args: str) -> dict:
    code, out, err = invoke(db, *args)
    assert code == 0, err
    return yaml.safe_load(out)


def test_claims_yaml_has_the_documented_fields(seeded_db: Path) -> None:
    claims = data(seeded_db, "claims", "troops", "--format", "yaml")["claims"]
    assert claims
    documented = ["id", "document", "article", "kind", "value", "low", "high", "qualifier",
                  "subject", "location", "attributed_to", "as_of", "modality", "language",
                  "quote", "start", "end", "translation_of"]
    for c in claims:
        assert list(c)[: len(documented)] == documented
        assert c["kind"].startswith("troops.")


def test_claim_offsets_slice_the_file(seeded_db: Path) -> None:
    for c in data(seeded_db, "claims", "--format", "json")["claims"]:
        text = (REPO / "seeds" / c["document"]).read_text(encoding="utf-8")
        assert text[c["start"] : c["end"]] == c["quote"]


def test_translation_points_at_the_english_claim(seeded_db: Path) -> None:
    claims = data(seeded_db, "claims", "troops", "--doc", "000_e96aa3d6b43d524c.txt",
                  "--format", "yaml")["claims"]
    zh = [c for c in claims if c["language"] == "zh"]
    en = {c["id"]: c for c in claims if c["language"] == "en"}
    assert zh and all(c["translation_of"] in en for c in zh)
    assert all(en[c["translation_of"]]["value"] == c["value"] for c in zh)


def test_compare_troops_table_shows_groups_and_estimates(seeded_db: Path) -> None:
    code, out, _ = invoke(seeded_db, "compare", "troops")
    assert code == 0
    assert "North Korean troops" in out
    assert "estimate" in out and "independent sources" in out


def test_weekday_disagreement_between_english_and_chinese_is_a_date_conflict(
    seeded_db: Path,
) -> None:
    report = data(seeded_db, "compare", "dates", "--format", "yaml")
    claims = {c["id"]: c for c in report["claims"]}
    date_conflicts = [k for k in report["conflicts"] if k["type"] == "date"]
    pairs = [{claims[i]["date_text"] for i in k["claims"]} for k in date_conflicts]
    assert {"Monday", "周日"} in pairs


def test_totals_over_time_and_additional_troops_are_not_a_value_conflict(seeded_db: Path) -> None:
    report = data(seeded_db, "compare", "troops", "--format", "yaml")
    claims = {c["id"]: c for c in report["claims"]}
    figures = {(claims[i]["value"], claims[i]["kind"]) for k in report["conflicts"]
               for i in k["claims"]}
    for value in (14000.0, 11000.0, 3000.0):
        assert not any(v == value for v, _ in figures), f"{value} flagged as a conflict"


def test_the_denied_30000_is_a_denial_not_a_value(seeded_db: Path) -> None:
    report = data(seeded_db, "compare", "troops", "--format", "yaml")
    claims = {c["id"]: c for c in report["claims"]}
    denied = {i for i, c in claims.items() if c["value"] == 30000.0 and c["modality"] == "denied"}
    assert denied
    for g in report["groups"]:
        if denied & set(g["claims"]):
            est = g["estimate"]
            assert est is None or 30000.0 not in (est["low"], est["best"], est["high"])
    assert not any(denied & set(k["claims"]) for k in report["conflicts"])


def test_a_translation_is_not_a_second_source(seeded_db: Path) -> None:
    with Store.open(seeded_db) as store:
        claims = store.claims(["troops.deployed"])
    config = load_config(REPO / "claims.yaml").config
    translation = next(c for c in claims if c.translation_of)

    def sources_of_original(cs: list) -> int:
        group = next(g for g in reconcile(cs, config).groups
                     if translation.translation_of in g.claims)
        return group.independent_sources

    without = [c for c in claims if c.id != translation.id]
    assert sources_of_original(claims) == sources_of_original(without)


def test_export_writes_the_whole_report_to_a_file(seeded_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    code, _, err = invoke(seeded_db, "export", "--format", "json", "--output", str(out))
    assert code == 0, err
    report = json.loads(out.read_text(encoding="utf-8"))
    assert set(report) >= {"documents", "claims", "groups", "conflicts"}
    assert len(report["documents"]) == 5
    ids = {c["id"] for c in report["claims"]}
    for g in report["groups"]:
        assert set(g["claims"]) <= ids
        assert {"id", "kind", "subject", "status", "estimate", "independent_sources"} <= set(g)
    for k in report["conflicts"]:
        assert k["type"] in ("value", "date") and set(k["claims"]) <= ids and k["reason"]


def test_shipped_json_schema_matches_the_models() -> None:
    shipped = (REPO / "claimtrack" / "schema" / "report.schema.json").read_text(encoding="utf-8")
    assert shipped == schema_text(), "run: claimtrack export --schema > claimtrack/schema/..."


def test_show_highlights_the_claim_in_its_passage(seeded_db: Path) -> None:
    claim = data(seeded_db, "claims", "troops.deployed", "--format", "yaml")["claims"][0]
    code, out, _ = invoke(seeded_db, "show", claim["id"])
    assert code == 0
    assert claim["quote"] in out
    assert "group" in out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["compare", "nosuchkind"], 5, "known: troops, casualties, equipment, dates"),
        (["claims", "nosuchkind"], 5, "unknown kind or topic"),
        (["show", "nosuchclaim"], 5, "no claim 'nosuchclaim'"),
        (["compare", "troops", "--format", "table", "--output", "x.yaml"], 2,
         "--output needs --format"),
        (["compare", "troops", "--output", "x.txt"], 2, "cannot tell the format of 'x.txt'"),
        (["compare", "killed"], 5, "did you mean 'casualties.killed'?"),
        (["claims", "--doc", "nope.txt"], 5, "no document 'nope.txt'"),
        (["compare", "troops", "--since", "2024-13"], 2, "no such day"),
    ],
)
def test_bad_requests_get_one_line_errors(
    seeded_db: Path, args: list[str], code: int, message: str
) -> None:
    got, out, err = invoke(seeded_db, *args)
    assert got == code
    assert message in err
    assert "Traceback" not in out + err


def test_reports_need_a_database(tmp_path: Path) -> None:
    code, _, err = invoke(tmp_path / "none.db", "compare", "troops")
    assert code == 4
    assert "run `claimtrack ingest` first" in err
