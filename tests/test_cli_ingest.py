"""`claimtrack ingest` and `claimtrack docs` as a user runs them: output and exit codes."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from claimtrack.cli.main import cli

from . import badinputs
from .cliutil import SEED_COUNT, docs_yaml, one_line_error, run
from .conftest import flat

# ------------------------------------------------------------------ seeds

def test_ingest_seeds_then_again_adds_nothing(runner: CliRunner, seeds: Path) -> None:
    first = run(runner, "ingest", str(seeds))
    assert first.exit_code == 0, first.stderr
    assert f"Read {SEED_COUNT} files: {SEED_COUNT} added, 0 replaced, 0 unchanged, 0 skipped" in (
        flat(first.stderr)
    )
    assert "Stored 6 articles" in flat(first.stderr)
    second = run(runner, "ingest", str(seeds))
    assert second.exit_code == 0, second.stderr
    assert f"0 added, 0 replaced, {SEED_COUNT} unchanged, 0 skipped" in flat(second.stderr)
    assert len(docs_yaml(runner)) == SEED_COUNT


def test_docs_lists_articles_with_outlet_and_date(runner: CliRunner, seeds: Path) -> None:
    assert run(runner, "ingest", str(seeds)).exit_code == 0
    docs = {d["name"]: d for d in docs_yaml(runner)}
    assert sorted(docs) == sorted(p.name for p in seeds.glob("*.txt"))
    listing = docs["002_3560d75755d5f8a2.txt"]["articles"]
    assert [(a["outlet"], a["published"]) for a in listing] == [
        ("CNA", "2025-07-24"), ("Japan Times", "2025-07-14"),
    ]
    assert docs["003_47464f8581e7f906.txt"]["articles"][0]["outlet"] == "Caliber.Az"
    assert docs["000_e96aa3d6b43d524c.txt"]["languages"][:2] in (["en", "zh"], ["zh", "en"])
    table = run(runner, "docs")
    assert table.exit_code == 0
    text = flat(table.stdout)
    # dates are checked in the YAML above: at 80 columns the table folds them inside cells
    for word in ("5 documents", "CNA", "Japan"):
        assert word in text


def test_docs_json_is_the_same_data(runner: CliRunner, seeds: Path) -> None:
    import json

    assert run(runner, "ingest", str(seeds)).exit_code == 0
    as_json = json.loads(run(runner, "docs", "--format", "json").stdout)["documents"]
    assert as_json == docs_yaml(runner)


def test_docs_before_any_ingest_says_what_to_do(runner: CliRunner, db_path: Path) -> None:
    result = run(runner, "docs")
    assert result.exit_code == 4
    assert "run `claimtrack ingest` first" in one_line_error(result)
    assert not db_path.exists()


def test_bad_sidecar_entry_is_warned_naming_file_field_line_and_the_others_apply(
    runner: CliRunner, seeds_copy: Path
) -> None:
    sidecar = seeds_copy / "sources.yaml"
    sidecar.write_text(
        sidecar.read_text(encoding="utf-8").replace("published: 2025-03-27", "published: soon"),
        encoding="utf-8",
    )
    line = 1 + sidecar.read_text(encoding="utf-8").splitlines().index("  published: soon")
    result = run(runner, "ingest", "seeds")
    assert result.exit_code == 0, result.stderr
    warnings = [w for w in result.stderr.splitlines() if "warning:" in w]
    assert len(warnings) == 1, result.stderr
    assert f"seeds/sources.yaml:{line}: 003_47464f8581e7f906.txt.published:" in warnings[0]
    assert "'soon' is not a date" in warnings[0] and "entry ignored" in warnings[0]
    docs = {d["name"]: d for d in docs_yaml(runner)}
    # the bad entry is left out (the text gives no date) and the document is named as undated;
    # the other entries still apply
    assert docs["003_47464f8581e7f906.txt"]["articles"][0]["published"] is None
    assert "No publication date found for 1 document (003_47464f8581e7f906.txt)" in flat(
        result.stderr)
    assert [a["outlet"] for a in docs["002_3560d75755d5f8a2.txt"]["articles"]] == [
        "CNA", "Japan Times"]


def test_unreadable_sidecar_stops_with_exit_3(runner: CliRunner, seeds_copy: Path) -> None:
    (seeds_copy / "sources.yaml").write_text("003_47464f8581e7f906.txt: [\n", encoding="utf-8")
    result = run(runner, "ingest", "seeds")
    assert result.exit_code == 3
    error = one_line_error(result)
    assert error.startswith("Error: ") and "seeds/sources.yaml:" in error
    assert "not valid YAML" in error


def test_changed_file_replaces_its_old_version(runner: CliRunner, seeds_copy: Path) -> None:
    assert run(runner, "ingest", "seeds").exit_code == 0
    target = seeds_copy / "003_47464f8581e7f906.txt"
    target.write_text(
        target.read_text(encoding="utf-8").replace("around 11,000 troops", "around 13,500 troops"),
        encoding="utf-8",
    )
    again = run(runner, "ingest", "seeds")
    assert again.exit_code == 0, again.stderr
    assert f"0 added, 1 replaced, {SEED_COUNT - 1} unchanged" in flat(again.stderr)
    docs = docs_yaml(runner)
    assert len(docs) == SEED_COUNT
    conn = sqlite3.connect(os.environ["CLAIMTRACK_DB"])
    (text,) = conn.execute(
        "SELECT text FROM documents WHERE name = '003_47464f8581e7f906.txt'"
    ).fetchone()
    assert "around 13,500 troops" in text and "around 11,000 troops" not in text
    conn.close()


def test_same_content_at_two_paths_is_stored_once(runner: CliRunner, tmp_path: Path,
                                                  seeds: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "copy.txt").write_bytes(
            (seeds / "003_47464f8581e7f906.txt").read_bytes()
        )
    result = run(runner, "ingest", "a", "b")
    assert result.exit_code == 0, result.stderr
    assert "1 added" in flat(result.stderr)
    assert "1 file has the same content as a stored document" in flat(result.stderr)
    verbose = run(runner, "ingest", "--verbose", "b")
    assert "same content: b/copy.txt = copy.txt" in flat(verbose.stderr)
    assert len(docs_yaml(runner)) == 1


# ------------------------------------------------------------------ HTML

def test_html_article_is_stored_without_nav_or_script(runner: CliRunner, tmp_path: Path) -> None:
    from .pages import PAGE, SCRIPTS_ONLY

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "site" / "scripts.html").write_text(SCRIPTS_ONLY, encoding="utf-8")
    result = run(runner, "ingest", "site")
    assert result.exit_code == 0, result.stderr
    assert "1 added" in flat(result.stderr)
    assert "skipped site/scripts.html: no article text found in the HTML" in flat(result.stderr)
    conn = sqlite3.connect(os.environ["CLAIMTRACK_DB"])
    texts = [r[0] for r in conn.execute("SELECT text FROM passages WHERE junk = 0")]
    conn.close()
    joined = " ".join(texts)
    assert "12,000 troops to the Kursk region" in joined
    for furniture in ("SCRIPTSECRET", "NAVWORLD", "NAVSPORT"):
        assert furniture not in joined


# ------------------------------------------------------------------ bad inputs

def test_bad_inputs_are_skipped_with_reasons_and_the_rest_stored(
    runner: CliRunner, tmp_path: Path
) -> None:
    cases = badinputs.build(tmp_path / "corpus")
    result = run(runner, "ingest", "corpus")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    report = flat(result.stderr)
    stored = {d["name"]: d for d in docs_yaml(runner)}
    conn = sqlite3.connect(os.environ["CLAIMTRACK_DB"])
    for case in cases:
        name = Path(case.name).name
        if case.stored:
            assert name in stored, (case, report)
            (text,) = conn.execute("SELECT text FROM documents WHERE name = ?", (name,)).fetchone()
            assert case.contains is not None and case.contains in text, case
            assert f"skipped corpus/{case.name}:" not in report
        else:
            assert name not in stored, case
            assert f"skipped corpus/{case.name}: " in report, (case, report)
            assert case.reason is not None
            after = report.split(f"skipped corpus/{case.name}: ", 1)[1]
            assert after.startswith(case.reason) or case.reason in after[:80], (case, after[:80])
    conn.close()
    n_stored = sum(c.stored for c in cases)
    assert f"{n_stored} added" in report
    assert len(stored) == n_stored


@pytest.mark.slow
def test_fifty_megabyte_single_line_file(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "big").mkdir()
    (tmp_path / "big" / "huge.txt").write_bytes(badinputs.huge_line(50_000_000))
    result = run(runner, "ingest", "big")
    assert result.exit_code == 0, result.stderr
    assert "1 added" in flat(result.stderr)


def test_unreadable_file_is_reported_and_the_rest_stored(
    runner: CliRunner, tmp_path: Path, deny_reading
) -> None:
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "locked.txt").write_text(badinputs.ARTICLE, encoding="utf-8")
    (tmp_path / "c" / "open.txt").write_text(badinputs.CHINESE, encoding="utf-8")
    deny_reading("locked.txt")
    result = run(runner, "ingest", "c")
    assert result.exit_code == 0, result.output
    assert "skipped c/locked.txt: cannot read (Permission denied)" in flat(result.stderr)
    assert [d["name"] for d in docs_yaml(runner)] == ["open.txt"]


def test_empty_folder_reads_zero_files(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "nothing").mkdir()
    result = run(runner, "ingest", "nothing")
    assert result.exit_code == 0, result.output
    assert "Read 0 files" in flat(result.stderr)


def test_symlink_loop_is_reported_and_ingest_ends(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "loop" / "sub").mkdir(parents=True)
    (tmp_path / "loop" / "sub" / "a.txt").write_text(badinputs.ARTICLE, encoding="utf-8")
    (tmp_path / "loop" / "sub" / "up").symlink_to("..", target_is_directory=True)
    result = run(runner, "ingest", "loop")
    assert result.exit_code == 0, result.output
    report = flat(result.stderr)
    assert "1 added" in report
    assert "skipped loop/sub/up: symlink loop" in report


# ------------------------------------------------------------------ errors

@pytest.mark.parametrize("args", [["nope"], ["nope/deeper.txt"], ["seeds-missing", "x.txt"]])
def test_missing_path_is_exit_2_one_line(runner: CliRunner, args: list[str]) -> None:
    result = run(runner, "ingest", *args)
    assert result.exit_code == 2
    error = one_line_error(result)
    assert error == f"Error: {args[0]}: no such file or folder"


def test_a_missing_path_alone_makes_no_database(runner: CliRunner) -> None:
    result = run(runner, "ingest", "nope")
    assert result.exit_code == 2
    assert one_line_error(result) == "Error: nope: no such file or folder"
    assert run(runner, "docs").exit_code == 4  # no database was made


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("version: 1\nkinds: [\n", "claims.yaml:3: not valid YAML"),
        ("version: 1\nkinds: {}\nnouns: {}\ncolour: red\n",
         "claims.yaml:4: colour: unknown field 'colour'"),
        ("version: one\nkinds: {}\nnouns: {}\n",
         "claims.yaml:1: version: 'one' is not a whole number"),
    ],
    ids=["bad-yaml", "unknown-field", "wrong-type"],
)
@pytest.mark.parametrize("how", ["option", "local-file"])
def test_invalid_claims_yaml_is_exit_3_naming_file_and_line(
    runner: CliRunner, seeds: Path, text: str, where: str, how: str
) -> None:
    Path("claims.yaml").write_text(text, encoding="utf-8")
    args = ["--config", "claims.yaml"] if how == "option" else []
    result = run(runner, *args, "ingest", str(seeds))
    assert result.exit_code == 3
    assert one_line_error(result) == f"Error: {where}" or where in one_line_error(result)


def test_a_text_file_as_database_is_exit_4_and_left_alone(
    runner: CliRunner, seeds: Path, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_bytes(b"my notes, not a database\n")
    before = notes.read_bytes()
    for args in (["ingest", str(seeds)], ["docs"]):
        result = run(runner, "--db", str(notes), *args)
        assert result.exit_code == 4
        assert "not a claimtrack database" in one_line_error(result)
    assert notes.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_another_programs_sqlite_database_is_exit_4_and_unchanged(
    runner: CliRunner, seeds: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE contacts (name TEXT)")
    conn.execute("INSERT INTO contacts VALUES ('Ann')")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    for args in (["ingest", str(seeds)], ["docs"]):
        result = run(runner, "--db", str(other), *args)
        assert result.exit_code == 4
        assert "not a claimtrack database" in one_line_error(result)
    assert other.read_bytes() == before


def test_a_corrupt_database_is_exit_4_and_unchanged(
    runner: CliRunner, seeds: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xde\xad\xbe\xef" * 1024)
    before = bad.read_bytes()
    result = run(runner, "--db", str(bad), "ingest", str(seeds))
    assert result.exit_code == 4
    one_line_error(result)
    assert bad.read_bytes() == before


def test_a_folder_as_database_is_exit_4(runner: CliRunner, seeds: Path, tmp_path: Path) -> None:
    (tmp_path / "dir.db").mkdir()
    result = run(runner, "--db", "dir.db", "ingest", str(seeds))
    assert result.exit_code != 0
    assert "Traceback" not in result.output


def test_the_database_is_a_valid_sqlite_file_after_ingest(
    runner: CliRunner, seeds: Path, db_path: Path
) -> None:
    assert run(runner, "ingest", str(seeds)).exit_code == 0
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


# ------------------------------------------------------------------ help

def test_every_command_has_help_with_an_example(runner: CliRunner) -> None:
    top = run(runner, "--help")
    assert top.exit_code == 0 and "Example" in top.output
    assert cli.commands  # type: ignore[attr-defined]
    for name in cli.commands:  # type: ignore[attr-defined]
        result = run(runner, name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.output, name
        assert f"claimtrack {name}" in result.output, name


def test_an_installed_spacy_pipeline_can_tokenize_instead(
    runner: CliRunner, tmp_path: Path, seeds: Path
) -> None:
    import spacy

    model = tmp_path / "my_model"
    spacy.blank("en").to_disk(model)
    first = run(runner, "--db", "blank.db", "ingest", str(seeds))
    second = run(runner, "--db", "model.db", "ingest", "--spacy-model", str(model), str(seeds))
    assert first.exit_code == second.exit_code == 0, second.stderr
    claims = [run(runner, "--db", db, "claims", "--format", "json").stdout
              for db in ("blank.db", "model.db")]
    assert claims[0] == claims[1]


def test_a_spacy_pipeline_that_is_not_installed_is_a_one_line_error(
    runner: CliRunner, seeds: Path
) -> None:
    result = run(runner, "ingest", "--spacy-model", "no_such_pipeline_xx", str(seeds))
    assert result.exit_code == 3
    assert "spaCy pipeline 'no_such_pipeline_xx' cannot be loaded" in result.stderr
    assert "Traceback" not in result.output


def test_a_rule_file_edit_re_extracts_every_document(
    runner: CliRunner, seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Claims stored under one set of language rules are not 'unchanged' under another."""
    import shutil

    from claimtrack.extract import rulefiles

    rules = tmp_path / "rules"
    shutil.copytree(Path(str(rulefiles.RULES)), rules)
    monkeypatch.setattr(rulefiles, "RULES", rules)
    assert run(runner, "ingest", "seeds").exit_code == 0
    assert f"0 added, 0 replaced, {SEED_COUNT} unchanged" in flat(run(runner, "ingest",
                                                                       "seeds").stderr)
    numbers = rules / "en" / "numbers.yaml"
    numbers.write_text(numbers.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    again = run(runner, "ingest", "seeds")
    assert again.exit_code == 0, again.stderr
    assert f"0 added, {SEED_COUNT} replaced, 0 unchanged" in flat(again.stderr)


def test_the_extractor_id_names_the_package_version_and_the_rules() -> None:
    from claimtrack import __version__
    from claimtrack.config import load_config
    from claimtrack.extract.document import Extraction
    from claimtrack.extract.rulefiles import rules_digest

    parts = Extraction(load_config()).id.split(":")
    assert __version__ in parts and rules_digest() in parts


def test_files_of_the_same_name_in_two_folders_stay_apart(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Saved pages are often all called index.html: each keeps its own claims, passage and
    outlet, and `--doc` takes the name `docs` shows."""
    monkeypatch.chdir(tmp_path)
    for folder, text in (("a", "Around 12,000 North Korean troops were deployed to Kursk."),
                         ("b", "Some 3,000 North Korean troops were sent to Kursk.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.txt").write_text(text + "\n", encoding="utf-8")
    (tmp_path / "b" / "sources.yaml").write_text("index.txt: {outlet: Yonhap}\n")
    assert run(runner, "ingest", "a", "b").exit_code == 0
    docs = {d["name"]: d for d in docs_yaml(runner)}
    assert sorted(docs) == ["b/index.txt", "index.txt"]
    assert docs["b/index.txt"]["articles"][0]["outlet"] == "Yonhap"
    assert docs["index.txt"]["articles"][0]["outlet"] is None
    listed = yaml.safe_load(run(runner, "claims", "--doc", "b/index.txt", "--format",
                                "yaml").stdout)["claims"]
    assert [(c["document"], c["value"]) for c in listed] == [("b/index.txt", 3000)]
    shown = run(runner, "show", listed[0]["id"])
    assert shown.exit_code == 0
    # the claim's own passage, not the other file's sentence at the same offsets
    assert shown.stdout.splitlines()[0].startswith("Some 3,000 North Korean troops were sent")
    again = run(runner, "ingest", "a", "b")
    assert "0 added, 0 replaced, 2 unchanged" in flat(again.stderr)


# ------------------------------------------------------------------ languages and dates

GERMAN = (
    "Schwere Kämpfe im Osten der Ukraine\n\n"
    "Bei den Angriffen auf die Stadt wurden nach Angaben der Behörden mindestens 26 Menschen "
    "getötet, die meisten von ihnen Zivilisten.\n"
)
ENGLISH = (
    "Strikes on the port city kill dozens\n\n"
    "Published: 5 June 2024\n\n"
    "At least 26 people were killed in the strikes on the city, the regional governor said.\n"
)


def test_a_language_without_rules_is_stored_counted_and_not_read_as_english(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "bericht.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "report.txt").write_text(ENGLISH, encoding="utf-8")
    result = run(runner, "ingest", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert "2 passages in de: no rules for these languages, stored but not extracted" in (
        flat(result.stderr))
    claims = yaml.safe_load(run(runner, "claims", "--format", "yaml").stdout)["claims"]
    # German "die" is not "died": only the English article gives a claim
    assert {c["document"] for c in claims} == {"report.txt"}
    assert len(docs_yaml(runner)) == 2


def test_documents_without_a_publication_date_are_named_with_what_to_do(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "dated.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "undated.txt").write_text(ENGLISH.replace("Published: 5 June 2024\n\n", ""),
                                          encoding="utf-8")
    result = run(runner, "ingest", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert ("No publication date found for 1 document (undated.txt): its relative dates "
            "('on Monday') stay unresolved. Give `published:` or `url:` in sources.yaml"
            ) in flat(result.stderr)
    dates = {d["name"]: d["articles"][0]["published"] for d in docs_yaml(runner)}
    assert dates == {"dated.txt": "2024-06-05", "undated.txt": None}
    # `docs` says it again later, when the ingest's summary has scrolled away
    listing = run(runner, "docs")
    assert listing.exit_code == 0
    assert "No publication date found for 1 document (undated.txt)" in flat(listing.stderr)
    assert "undated.txt" in flat(listing.stdout)
