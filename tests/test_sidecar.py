"""Sidecar files as a user writes them: sources.yaml, sources.csv and sources.jsonl give each
article's outlet and date; a bad entry is a warning and the rest still applies; editing an
entry re-extracts that file only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from .cliutil import SEED_COUNT, docs_yaml, run
from .conftest import flat

TEXTS = {
    "a.txt": "Around 12,000 North Korean troops were deployed to Kursk.\n",
    "b.txt": "Some 3,000 North Korean troops were sent to Kursk.\n",
    "c.txt": "About 1,500 North Korean soldiers arrived in Russia.\n",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def metadata(runner: CliRunner) -> dict[str, tuple[str | None, str | None]]:
    """Each document's first article's (outlet, published), as `docs` shows them."""
    return {d["name"]: (d["articles"][0]["outlet"], d["articles"][0]["published"])
            for d in docs_yaml(runner)}


def warnings(stderr: str) -> list[str]:
    return [line.strip() for line in stderr.splitlines() if "warning:" in line]


def write_jsonl(path: Path, rows: list[object]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_csv_sidecar_gives_outlet_and_date(runner: CliRunner, corpus: Path) -> None:
    (corpus / "sources.csv").write_text(
        "file,outlet,published,byline\n"
        "a.txt,Yonhap,2024-10-18,\n"
        "b.txt,,2024-11,Jane Doe\n",
        encoding="utf-8",
    )
    result = run(runner, "ingest", "corpus")
    assert result.exit_code == 0, result.stderr
    assert "Read 3 files: 3 added" in flat(result.stderr)  # the csv is not ingested
    assert warnings(result.stderr) == []
    meta = metadata(runner)
    assert meta["a.txt"] == ("Yonhap", "2024-10-18")
    # an empty cell is a field not given
    assert meta["b.txt"] == (None, "2024-11")
    assert docs_yaml(runner)[1]["articles"][0]["byline"] == "Jane Doe"


def test_jsonl_sidecar_gives_outlet_date_and_per_article_entries(
    runner: CliRunner, corpus: Path
) -> None:
    write_jsonl(corpus / "sources.jsonl", [
        {"file": "a.txt", "outlet": "Yonhap", "published": "2024-10-18"},
        {"file": "b.txt", "published": 2024, "articles": [{"outlet": "CNA"}]},
    ])
    result = run(runner, "ingest", "corpus")
    assert result.exit_code == 0, result.stderr
    assert warnings(result.stderr) == []
    meta = metadata(runner)
    assert meta["a.txt"] == ("Yonhap", "2024-10-18")
    assert meta["b.txt"] == ("CNA", "2024")
    assert meta["c.txt"] == (None, None)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("sources.csv", "file,outlet,published\na.txt,Yonhap,2024-10-18\nb.txt,CNA,2024-13\n"
         "c.txt,NHK,2025-01-02\n",
         "corpus/sources.csv:3: b.txt.published: '2024-13' is not a date"),
        ("sources.csv", "file,outlet,published\na.txt,Yonhap,2024-10-18\nb.txt,CNA,2024,x\n"
         "c.txt,NHK,2025-01-02\n",
         "corpus/sources.csv:3: 4 cells for 3 columns"),
        ("sources.jsonl", '{"file": "a.txt", "outlet": "Yonhap", "published": "2024-10-18"}\n'
         '{"file": "b.txt", "outlet": ["CNA"]}\n'
         '{"file": "c.txt", "outlet": "NHK", "published": "2025-01-02"}\n',
         "corpus/sources.jsonl:2: b.txt.outlet: ['CNA'] should be text"),
        ("sources.jsonl", '{"file": "a.txt", "outlet": "Yonhap", "published": "2024-10-18"}\n'
         '{"file": "b.txt", "outlet": "CNA",\n'
         '{"file": "c.txt", "outlet": "NHK", "published": "2025-01-02"}\n',
         "corpus/sources.jsonl:2: not valid JSON"),
        ("sources.yaml", "a.txt: {outlet: Yonhap, published: 2024-10-18}\n"
         "b.txt:\n  outlet: CNA\n  colour: red\n"
         "c.txt: {outlet: NHK, published: 2025-01-02}\n",
         "corpus/sources.yaml:4: b.txt.colour: unknown field 'colour'"),
    ],
    ids=["csv-bad-date", "csv-extra-cell", "jsonl-wrong-type", "jsonl-bad-json", "yaml-unknown"],
)
def test_a_bad_entry_is_one_warning_with_file_and_line_and_the_others_apply(
    runner: CliRunner, corpus: Path, name: str, content: str, message: str
) -> None:
    (corpus / name).write_text(content, encoding="utf-8")
    result = run(runner, "ingest", "corpus")
    assert result.exit_code == 0, result.stderr
    (warning,) = warnings(result.stderr)
    assert message in warning and warning.endswith("entry ignored")
    meta = metadata(runner)
    assert meta["a.txt"] == ("Yonhap", "2024-10-18")
    assert meta["c.txt"] == ("NHK", "2025-01-02")
    assert meta["b.txt"] == (None, None)  # the bad entry is left out whole


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_unknown_columns_are_warned_once_per_file(
    runner: CliRunner, corpus: Path, fmt: str
) -> None:
    rows = [{"file": n, "outlet": "Yonhap", "colour": "red", "pages": 3} for n in TEXTS]
    if fmt == "csv":
        lines = ["file,outlet,colour,pages"] + [f"{n},Yonhap,red,3" for n in TEXTS]
        (corpus / "sources.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        write_jsonl(corpus / "sources.jsonl", rows)  # type: ignore[arg-type]
    result = run(runner, "ingest", "corpus")
    assert result.exit_code == 0, result.stderr
    (warning,) = warnings(result.stderr)
    assert f"corpus/sources.{fmt}: unknown" in warning and "ignored: colour, pages" in warning
    # the known columns of every row still apply
    assert {outlet for outlet, _ in metadata(runner).values()} == {"Yonhap"}


def test_yaml_wins_over_csv_over_jsonl_for_the_same_file(
    runner: CliRunner, corpus: Path
) -> None:
    (corpus / "sources.yaml").write_text("a.txt: {outlet: From YAML}\n", encoding="utf-8")
    (corpus / "sources.csv").write_text(
        "file,outlet,published\na.txt,From CSV,2024\nb.txt,From CSV,\n", encoding="utf-8")
    write_jsonl(corpus / "sources.jsonl", [
        {"file": n, "outlet": "From JSONL", "published": "2025"} for n in TEXTS])
    assert run(runner, "ingest", "corpus").exit_code == 0
    # the winning entry is used whole: a.txt gets no date from the csv or the jsonl
    assert metadata(runner) == {
        "a.txt": ("From YAML", None), "b.txt": ("From CSV", None),
        "c.txt": ("From JSONL", "2025"),
    }


def test_csv_without_a_file_column_stops_with_exit_3(runner: CliRunner, corpus: Path) -> None:
    (corpus / "sources.csv").write_text("name,outlet\na.txt,Yonhap\n", encoding="utf-8")
    result = run(runner, "ingest", "corpus")
    assert result.exit_code == 3
    assert "corpus/sources.csv:1: the header row has no `file` column" in result.stderr


def test_editing_a_sidecar_entry_re_extracts_that_file_only(
    runner: CliRunner, seeds_copy: Path
) -> None:
    assert run(runner, "ingest", "seeds").exit_code == 0
    sidecar = seeds_copy / "sources.yaml"
    sidecar.write_text(
        sidecar.read_text(encoding="utf-8").replace("published: 2025-03-27",
                                                    "published: 2025-03-28"),
        encoding="utf-8",
    )
    again = run(runner, "ingest", "seeds")
    assert again.exit_code == 0, again.stderr
    assert f"0 added, 1 replaced, {SEED_COUNT - 1} unchanged" in flat(again.stderr)
    assert metadata(runner)["003_47464f8581e7f906.txt"][1] == "2025-03-28"
    third = run(runner, "ingest", "seeds")
    assert f"0 added, 0 replaced, {SEED_COUNT} unchanged" in flat(third.stderr)


def test_adding_or_removing_a_csv_entry_re_extracts_that_file_only(
    runner: CliRunner, corpus: Path
) -> None:
    csv_path = corpus / "sources.csv"
    csv_path.write_text("file,outlet\na.txt,Yonhap\n", encoding="utf-8")
    assert "3 added" in flat(run(runner, "ingest", "corpus").stderr)
    csv_path.write_text("file,outlet\na.txt,Yonhap\nb.txt,CNA\n", encoding="utf-8")
    added = run(runner, "ingest", "corpus")
    assert "0 added, 1 replaced, 2 unchanged" in flat(added.stderr)
    assert metadata(runner)["b.txt"] == ("CNA", None)
    csv_path.write_text("file,outlet\nb.txt,CNA\n", encoding="utf-8")
    removed = run(runner, "ingest", "corpus")
    assert "0 added, 1 replaced, 2 unchanged" in flat(removed.stderr)
    assert metadata(runner)["a.txt"] == (None, None)
