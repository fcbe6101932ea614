"""What a person reads in a terminal: tables that fit, text that stays text, filters, CSV,
and the small courtesies (plurals, integers, did-you-mean, --db after the command)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from rich.cells import cell_len

from claimtrack.cli.main import cli
from claimtrack.cli.tables import Col, widths

REPO = Path(__file__).resolve().parent.parent
ID = re.compile(r"\b[0-9a-f]{8}-\d+\b")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("views") / "seeds.db"
    result = CliRunner().invoke(cli, ["ingest", "--db", str(db), str(REPO / "seeds")])
    assert result.exit_code == 0, result.output
    return db


def run(db: Path, *args: str, columns: int | None = None) -> tuple[int, str, str]:
    env = {"COLUMNS": str(columns)} if columns else {"COLUMNS": ""}
    result = CliRunner(env=env).invoke(cli, [*args, "--db", str(db)])
    return result.exit_code, result.stdout, result.stderr


def stored_ids(db: Path, topic: str) -> set[str]:
    _, out, _ = run(db, "claims", topic, "--format", "json")
    return {c["id"] for c in json.loads(out)["claims"]}


# ---------------------------------------------------------------- layout


@pytest.mark.parametrize("columns", [80, 120, 200])
@pytest.mark.parametrize("command", [("compare", "troops"), ("claims", "troops"), ("docs",)])
def test_tables_fit_the_width_and_never_split_an_id(
    seeded: Path, columns: int, command: tuple[str, ...]
) -> None:
    code, out, _ = run(seeded, *command, columns=columns)
    assert code == 0
    lines = out.splitlines()
    assert max(cell_len(line.rstrip()) for line in lines) <= columns
    if command[0] != "docs":
        # every claim id is printed whole on some line, never folded over two
        shown = {m for line in lines for m in ID.findall(line)}
        assert stored_ids(seeded, "troops") <= shown


def test_narrow_tables_say_which_columns_they_left_out(seeded: Path) -> None:
    _, out80, err80 = run(seeded, "compare", "troops", columns=80)
    _, out200, err200 = run(seeded, "compare", "troops", columns=200)
    assert "Not shown at this width" in err80 and "outlet" in err80
    assert "Not shown at this width" not in err200
    assert "Japan Times" in out200  # the outlet column at 200


def test_piped_output_is_120_wide_unless_columns_says(seeded: Path) -> None:
    _, out, _ = run(seeded, "claims", "troops")
    assert max(cell_len(line) for line in out.splitlines()) <= 120
    assert any(cell_len(line) > 100 for line in out.splitlines())


def test_compare_opens_with_one_summary_line_per_group(seeded: Path) -> None:
    _, out, _ = run(seeded, "compare", "troops", columns=200)
    _, js, _ = run(seeded, "compare", "troops", "--format", "json")
    groups = json.loads(js)["groups"]
    head = out.split("\n1. ")[0]
    assert f"{len(groups)} groups" in head.splitlines()[0]
    for n, g in enumerate(groups, 1):
        assert re.search(rf"│\s*{n} │ {g['kind'].split('.', 1)[1]}\s", head), g["kind"]


def test_repeated_relations_are_folded_and_detail_lists_them(seeded: Path) -> None:
    _, folded, _ = run(seeded, "compare", "troops", columns=200)
    _, detail, _ = run(seeded, "compare", "troops", "--detail", columns=200)
    assert "denied by 2 claims" in folded
    assert len(re.findall(r"^\s+denial ", folded, re.M)) == 0
    assert len(re.findall(r"^\s+denial ", detail, re.M)) >= 2
    assert len(folded.splitlines()) < len(detail.splitlines())


def test_counts_read_as_integers_and_plurals_agree(seeded: Path) -> None:
    _, out, _ = run(seeded, "compare", "troops", columns=200)
    assert not re.search(r"\d\.0\b", out)
    assert "1 independent sources" not in out
    _, js, _ = run(seeded, "compare", "troops", "--format", "json")
    for g in json.loads(js)["groups"]:
        if g["estimate"] and g["estimate"]["best"] is not None:
            assert float(g["estimate"]["best"]).is_integer(), g


def test_no_outlet_is_shown_as_an_empty_cell_not_a_file_name(seeded: Path) -> None:
    _, out, _ = run(seeded, "compare", "troops", columns=200)
    assert "(outlet)" not in out
    assert ".txt │" not in out


@pytest.mark.parametrize(
    ("cols", "rows", "width", "kept"),
    [
        # ids are never narrowed: a column goes before an id is cut
        ([Col("id", "fixed", 9), Col("note", "cut", 1)], [["abcdef12-1234", "x" * 50]], 20,
         ["id"]),
        ([Col("id", "fixed", 9), Col("note", "cut", 1)], [["abcdef12-1234", "x" * 50]], 40,
         ["id", "note"]),
        # names keep their longest word whole
        ([Col("who", "words", 5), Col("n", "fixed", 9)], [["Main Directorate", "12"]], 20,
         ["who", "n"]),
        # a kind wraps after its dot to keep a column as useful as it (28 -> 17 wide)...
        ([Col("kind", "dotted", 7), Col("when", "fixed", 7)],
         [["casualties.killed_or_wounded", "2025-07-14/10-14"]], 45, ["kind", "when"]),
        # ...but stays whole when wrapping would only make room for a less useful one
        ([Col("kind", "dotted", 7), Col("quote", "cut", 5)],
         [["casualties.killed_or_wounded", "x" * 40]], 44, ["kind"]),
    ],
)
def test_fitting_drops_the_least_useful_columns_first(
    cols: list[Col], rows: list[list[str]], width: int, kept: list[str]
) -> None:
    shown, sizes = widths(cols, rows, width)
    assert [cols[i].name for i in shown] == kept
    assert sum(sizes) + 3 * len(sizes) + 1 <= width
    for i, size in zip(shown, sizes, strict=True):
        if cols[i].fit == "fixed":
            assert size >= max(len(r[i]) for r in rows)
        if cols[i].fit == "words":
            assert size >= max(len(w) for r in rows for w in r[i].split())
        if cols[i].fit == "dotted":
            assert size >= max(len(p) + 1 for r in rows for p in r[i].split("."))


# ---------------------------------------------------------------- text is data


MARKUP = "Troops [/] and [bold]tags[/bold] <script>x</script> &amp; [red]"


@pytest.fixture(scope="module")
def markup_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("markup")
    (folder / "a.txt").write_text(
        f"{MARKUP}\n\nThe [ministry] said 1,200 soldiers were killed in [the city] on "
        "Monday, according to officials.\n", encoding="utf-8")
    (folder / "sources.yaml").write_text(
        "a.txt:\n  outlet: '[bold]Outlet[/]'\n  published: 2024-10-21\n", encoding="utf-8")
    db = folder / "m.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(folder)])
    assert result.exit_code == 0, result.output
    return db


@pytest.mark.parametrize("command", [("docs",), ("claims",), ("compare", "casualties")])
def test_article_text_is_printed_as_text_never_as_markup(
    markup_db: Path, command: tuple[str, ...]
) -> None:
    code, out, err = run(markup_db, *command, columns=250)
    assert code == 0, err
    assert "Traceback" not in out + err
    if command[0] == "docs":
        assert "[/]" in out and "[bold]tags[/bold]" in out
    else:
        assert "[bold]Outlet[/]" in out or command[0] == "claims"
        assert "1,200" in out


def test_show_prints_brackets_of_the_passage(markup_db: Path) -> None:
    _, js, _ = run(markup_db, "claims", "--format", "json")
    claim = json.loads(js)["claims"][0]["id"]
    code, out, err = run(markup_db, "show", claim, columns=250)
    assert code == 0, err
    assert "[ministry]" in out and "[the city]" in out


# ---------------------------------------------------------------- filters, formats


def test_csv_has_a_row_per_claim_with_the_yaml_fields(seeded: Path) -> None:
    _, out, _ = run(seeded, "claims", "troops", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    _, js, _ = run(seeded, "claims", "troops", "--format", "json")
    listed = json.loads(js)["claims"]
    assert [r["id"] for r in rows] == [c["id"] for c in listed]
    assert {"id", "kind", "value", "attributed_to", "quote", "start", "end"} <= set(rows[0])
    assert all("." not in r["value"] for r in rows if r["value"])  # 12000, not 12000.0


def test_compare_csv_rows_carry_their_group(seeded: Path) -> None:
    _, out, _ = run(seeded, "compare", "troops", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    _, js, _ = run(seeded, "compare", "troops", "--format", "json")
    report = json.loads(js)
    assert len(rows) == sum(len(g["claims"]) for g in report["groups"])
    conflicted = {c for k in report["conflicts"] for c in k["claims"]}
    assert {r["id"] for r in rows if r["conflicts_with"]} == conflicted
    assert {r["status"] for r in rows} <= {"agree", "conflict", "single-source"}


@pytest.mark.parametrize(("name", "loads"), [
    ("out.json", json.loads), ("out.yaml", yaml.safe_load), ("out.yml", yaml.safe_load),
    ("out.csv", lambda t: list(csv.DictReader(io.StringIO(t)))),
])
def test_output_picks_the_format_from_the_extension(
    seeded: Path, tmp_path: Path, name: str, loads
) -> None:
    target = tmp_path / name
    code, _, err = run(seeded, "compare", "troops", "--output", str(target))
    assert code == 0, err
    assert loads(target.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("option", "value", "check"), [
    ("--source", "intelligence",
     lambda c: "intelligence" in (c["attributed_to"] or "").lower()
     or any("intelligence" in s.lower() for s in c.get("source_chain", []))),
    ("--since", "2025", lambda c: c["as_of"] and c["as_of"].split("/")[-1] >= "2025"),
    ("--until", "2024", lambda c: c["as_of"] and c["as_of"][:4] <= "2024"),
    ("--location", "russia", lambda c: "russia" in (c["location"] or "").lower()),
])
def test_claim_filters_keep_only_matching_claims(
    seeded: Path, option: str, value: str, check
) -> None:
    _, js, _ = run(seeded, "claims", "troops", option, value, "--format", "json")
    kept = json.loads(js)["claims"]
    _, every, _ = run(seeded, "claims", "troops", "--format", "json")
    assert 0 < len(kept) < len(json.loads(every)["claims"])
    assert all(check(c) for c in kept), kept


def test_outlet_filter_uses_the_articles_outlet(seeded: Path) -> None:
    _, js, _ = run(seeded, "claims", "--outlet", "japan times", "--format", "json")
    kept = json.loads(js)["claims"]
    _, docs, _ = run(seeded, "docs", "--format", "json")
    japan = {d["name"] for d in json.loads(docs)["documents"]
             if any("Japan Times" in (a["outlet"] or "") for a in d["articles"])}
    assert kept and {c["document"] for c in kept} == japan


def test_status_filter_and_sort_on_compare(seeded: Path) -> None:
    _, js, _ = run(seeded, "compare", "troops", "--status", "conflict", "--format", "json")
    report = json.loads(js)
    assert report["groups"] and all(g["status"] == "conflict" for g in report["groups"])
    assert all(k["group"] in {g["id"] for g in report["groups"]} for k in report["conflicts"])
    _, js, _ = run(seeded, "compare", "troops", "--sort", "conflicts", "--format", "json")
    groups = json.loads(js)["groups"]
    assert groups[0]["status"] == "conflict"


def test_claims_sorted_by_time(seeded: Path) -> None:
    _, js, _ = run(seeded, "claims", "troops", "--sort", "time", "--format", "json")
    # a period sorts by its first day: 2025-07 is 2025-07-01
    starts = [(c["as_of"].split("/")[0] + "-01-01")[:10] for c in json.loads(js)["claims"]
              if c["as_of"]]
    assert starts == sorted(starts)


# ---------------------------------------------------------------- courtesies


def test_db_and_config_are_taken_after_the_command(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    result = CliRunner().invoke(cli, ["ingest", "--db", str(db), str(REPO / "seeds")])
    assert result.exit_code == 0, result.output
    assert db.exists()
    result = CliRunner().invoke(cli, ["docs", "--db", str(db), "--config",
                                      str(REPO / "claims.yaml"), "--format", "json"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["documents"]) == 5


def test_unknown_claim_id_suggests_the_nearest(seeded: Path) -> None:
    some = sorted(stored_ids(seeded, "troops"))[0]
    code, _, err = run(seeded, "show", some[:-1] + ("9" if some[-1] != "9" else "8") + "0")
    assert code == 5
    assert "did you mean" in err and "Traceback" not in err


def test_copies_are_summarised_and_named_with_verbose(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    shutil.copytree(REPO / "seeds", folder)
    for n in range(3):
        shutil.copy(next(folder.glob("000_*.txt")), folder / f"copy{n}.txt")
    db = tmp_path / "c.db"
    quiet = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(folder)])
    assert "3 files have the same content as stored documents" in quiet.stderr
    assert "copy1.txt" not in quiet.stderr
    loud = CliRunner().invoke(cli, ["--db", str(tmp_path / "d.db"), "ingest", "-v", str(folder)])
    assert re.search(r"same content: \S*copy1\.txt = 000_\S+\.txt", loud.stderr)


def test_a_copy_keeps_its_outlet_as_another_publication(tmp_path: Path) -> None:
    original, elsewhere = tmp_path / "wire", tmp_path / "paper"
    original.mkdir()
    elsewhere.mkdir()
    story = "Officials said on Monday that about 2,000 soldiers were sent to the border.\n"
    (original / "story.txt").write_text(story, encoding="utf-8")
    (original / "sources.yaml").write_text("story.txt: {outlet: Wire One, published: "
                                           "2025-05-05}\n", encoding="utf-8")
    (elsewhere / "reprint.txt").write_text(story, encoding="utf-8")
    (elsewhere / "sources.yaml").write_text("reprint.txt: {outlet: Evening Paper, published: "
                                            "2025-05-06}\n", encoding="utf-8")
    db = tmp_path / "p.db"
    for folder in (original, elsewhere, elsewhere):  # again: the copy is kept once
        assert CliRunner().invoke(cli, ["--db", str(db), "ingest", str(folder)]).exit_code == 0
    code, out, _ = run(db, "docs", "--format", "json")
    (doc,) = json.loads(out)["documents"]
    assert doc["articles"][0]["outlet"] == "Wire One"
    assert [(c["name"], c["outlet"], c["published"]) for c in doc["copies"]] == [
        (str(elsewhere / "reprint.txt"), "Evening Paper", "2025-05-06")]
    _, table, err = run(db, "docs", columns=200)
    assert re.search(r"│\s+│ = │ Evening Paper\s+│ 2025-05-06 │ same text in \S*reprint\.txt",
                     table), table
    assert "another publication" in err
    _, csv_text, _ = run(db, "docs", "--format", "csv")
    assert list(csv.DictReader(io.StringIO(csv_text)))[1]["outlet"] == "Evening Paper"


def test_a_missing_path_among_several_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "ingest", str(tmp_path / "nope"),
                                      str(REPO / "seeds")])
    assert result.exit_code == 2
    assert "nope: no such file or folder" in result.stderr
    assert "5 added" in result.stderr
    assert "Traceback" not in result.output


def test_html_output_is_picked_from_the_extension_and_readable_by_others(
    seeded: Path, tmp_path: Path
) -> None:
    target = tmp_path / "report.html"
    old = os.umask(0o022)
    try:
        code, _, err = run(seeded, "export", "--output", str(target))
    finally:
        os.umask(old)
    assert code == 0, err
    assert target.read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    assert target.stat().st_mode & 0o777 == 0o644
    code, _, err = run(seeded, "claims", "--output", str(tmp_path / "claims.html"))
    assert code == 2 and "'claims.html': this listing is not written as html" in err


def test_show_help_example_names_a_seed_claim(seeded: Path) -> None:
    code, out, _ = run(seeded, "show", "--help")
    ids = ID.findall(out)
    assert ids
    for claim in ids:
        assert run(seeded, "show", claim)[0] == 0, claim


@pytest.mark.parametrize(("asked", "suggested"), [
    ("nope.txt", None),  # ".txt" alone makes no name alike
    ("004.txt", "004_6a9580f4db86f6a5.txt"),  # the start of one name
    ("003_47464f8581e7f90.txt", "003_47464f8581e7f906.txt"),  # a character missing
    ("002_3560d75755d5f8a2", "002_3560d75755d5f8a2.txt"),  # no extension
])
def test_unknown_document_suggests_a_name_only_when_one_is_alike(
    seeded: Path, asked: str, suggested: str | None
) -> None:
    code, _, err = run(seeded, "claims", "--doc", asked)
    assert code == 5
    if suggested is None:
        assert "did you mean" not in err
    else:
        assert f"did you mean {suggested!r}?" in err


def test_the_publication_date_note_comes_only_with_its_column(seeded: Path) -> None:
    _, out, err = run(seeded, "claims", columns=60)
    assert "as of" not in out.splitlines()[2]
    assert "* as of the publication date" not in err
    _, out, err = run(seeded, "claims", columns=200)
    assert "* as of the publication date" in err


def test_show_gives_figures_as_integers(seeded: Path) -> None:
    _, out, _ = run(seeded, "show", "d5465641-1909", columns=120)
    fields = dict(line.split() for line in out.splitlines()
                  if line.strip() and line.split()[0] in ("value", "low", "high"))
    assert fields == {"value": "12,000", "low": "12,000", "high": "12,000"}
