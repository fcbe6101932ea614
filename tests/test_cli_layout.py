# ruff: noqa: E501 - the expected tables are as wide as the terminal they were drawn for
"""The exact text of `claims` and `compare` at 80 and 200 columns, on a store of claims written
here (not extracted), so that only the layout decides what a person reads: which columns an
80-column terminal keeps, that ids, figures and dates stay whole, names wrap at spaces, quotes
end in an ellipsis, and what stderr adds.

These tests fail on any change of layout: when the change is meant, look at the new text at
both widths as a reader would, then paste it here."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from claimtrack.cli.main import cli
from claimtrack.load.files import Found, load_file, read_bytes
from claimtrack.models import ArticleMeta, Claim, Document
from claimtrack.report.evaluate import period
from claimtrack.store import Store

ARTICLES = {
    "a.txt": ("Daily One", "2025-03-04",
              "Seoul's spy agency said about 3,000 soldiers from the North were sent to "
              "Kursk in March, and a second wave may follow."),
    "b.txt": ("Daily Two", "2025-03-20",
              "Kyiv's military intelligence said 9,000 soldiers from the North were deployed "
              "to Kursk in March. More than 2,000 soldiers arrived this week."),
}
# (document, quote, kind, value, qualifier, source, as_of, inferred, modality)
CLAIMS = [
    ("a.txt", "about 3,000 soldiers from the North", "troops.deployed", 3000, "approx",
     "National Intelligence Service", "2025-03", False, "estimated"),
    ("b.txt", "9,000 soldiers from the North", "troops.deployed", 9000, "exact",
     "Main Directorate of Intelligence", "2025-03", False, "asserted"),
    ("b.txt", "More than 2,000 soldiers", "troops.additional", 2000, "more_than", None,
     "2025-03-20", True, "asserted"),
]


def _document(folder: Path, name: str) -> Document:
    outlet, published, text = ARTICLES[name]
    path = folder / name
    path.write_text(text, encoding="utf-8")
    found = Found(path, name)
    data = read_bytes(found)
    assert isinstance(data, bytes)
    doc = load_file(found, data)
    assert isinstance(doc, Document)
    meta = ArticleMeta(outlet=outlet, published=published)
    return doc.model_copy(update={"articles": [doc.articles[0].model_copy(update={"meta": meta})]})


@pytest.fixture
def store(tmp_path: Path) -> Path:
    db = tmp_path / "layout.db"
    docs = {name: _document(tmp_path, name) for name in ARTICLES}
    with Store.open(db) as s:
        for name, doc in docs.items():
            claims = []
            for n, (d, quote, kind, value, qual, source, as_of, inferred, modality) in \
                    enumerate(CLAIMS):
                if d != name:
                    continue
                start = doc.text.index(quote)
                high = None if qual == "more_than" else value
                claims.append(Claim(
                    id=f"{name[0]}000000{n}-{start}", document=name, article=0, passage=0,
                    language="en", quote=quote, start=start, end=start + len(quote),
                    kind=kind, value=value, low=value, high=high, qualifier=qual,
                    subject="North Korean troops", location="Kursk", attributed_to=source,
                    as_of=as_of, as_of_start=period(as_of)[0], as_of_end=period(as_of)[1],
                    as_of_inferred=inferred, modality=modality))
            assert s.save(doc, claims, extractor="layout-test")
    return db


def run(db: Path, columns: int, *args: str) -> tuple[str, str]:
    # piped output as any user's terminal settings leave it (a forced colour adds escapes)
    env = {"COLUMNS": str(columns), "FORCE_COLOR": None, "TTY_COMPATIBLE": None}
    result = CliRunner(env=env).invoke(
        cli, [*args, "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    # rich pads a titled table's lines to its width: what a reader sees ends at the text
    return ("".join(line.rstrip() + "\n" for line in result.stdout.splitlines()),
            result.stderr.strip())
EXPECTED = {
    (80, ('claims',)): (
        """\
3 claims
┏━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━┓
┃ id          ┃ kind              ┃ figure ┃ source              ┃ as of       ┃
┡━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━┩
│ a0000000-24 │ troops.deployed   │ ~3,000 │ National            │ 2025-03     │
│             │                   │        │ Intelligence        │             │
│             │                   │        │ Service             │             │
│ b0000001-34 │ troops.deployed   │  9,000 │ Main Directorate of │ 2025-03     │
│             │                   │        │ Intelligence        │             │
│ b0000002-97 │ troops.additional │ >2,000 │                     │ 2025-03-20* │
└─────────────┴───────────────────┴────────┴─────────────────────┴─────────────┘
""",
        'Not shown at this width: subject, modality, quote (a wider terminal, or --format yaml, shows them).\n* as of the publication date: the text gives no time',
    ),
    (80, ('compare', 'troops')): (
        """\
troops: 2 groups, 3 claims, 1 conflict
┏━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━┓
┃ # ┃ kind       ┃ subject     ┃ status        ┃          estimate ┃ conflicts ┃
┡━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━┩
│ 1 │ additional │ North       │ single-source │           >=2,000 │         0 │
│   │            │ Korean      │               │                   │           │
│   │            │ troops      │               │                   │           │
│ 2 │ deployed   │ North       │ conflict      │             6,000 │         1 │
│   │            │ Korean      │               │     (2,700-9,000) │           │
│   │            │ troops      │               │                   │           │
└───┴────────────┴─────────────┴───────────────┴───────────────────┴───────────┘

1. troops.additional · North Korean troops · Russia
   single-source · estimate >=2,000 · 1 independent source
┏━━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━┳━━━━━━━━┳━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━━━┓
┃ claim       ┃ figure ┃ source ┃ outlet ┃ as of       ┃ modality ┃ quote      ┃
┡━━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━╇━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━━┩
│ b0000002-97 │ >2,000 │        │ Daily  │ 2025-03-20* │ asserted │ More than… │
│             │        │        │ Two    │             │          │            │
└─────────────┴────────┴────────┴────────┴─────────────┴──────────┴────────────┘

2. troops.deployed · North Korean troops · Russia
   conflict · estimate 6,000 (2,700-9,000) · 2 independent sources
┏━━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ claim       ┃ figure ┃ source          ┃ outlet    ┃ as of   ┃ quote         ┃
┡━━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ a0000000-24 │ ~3,000 │ National        │ Daily One │ 2025-03 │ about 3,000 … │
│             │        │ Intelligence    │           │         │               │
│             │        │ Service         │           │         │               │
│ b0000001-34 │  9,000 │ Main            │ Daily Two │ 2025-03 │ 9,000 soldie… │
│             │        │ Directorate of  │           │         │               │
│             │        │ Intelligence    │           │         │               │
└─────────────┴────────┴─────────────────┴───────────┴─────────┴───────────────┘
  conflict (0.78) a0000000-24 ~ b0000001-34: a0000000-24 (around 3,000, 2025-03,
  per National Intelligence Service) and b0000001-34 (9,000, 2025-03, per Main
  Directorate of Intelligence) cannot both hold for the same time: 3,300, the
  most a0000000-24 allows, is below 9,000, the least b0000001-34 allows.
""",
        'Not shown at this width: place, sources, time, modality (a wider terminal, or --format yaml, shows them).\n* as of the publication date: the text gives no time',
    ),
    (200, ('claims',)): (
        """\
3 claims
┏━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
┃ id          ┃ kind              ┃ figure ┃ subject             ┃ source                           ┃ as of       ┃ modality  ┃ quote                               ┃
┡━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩
│ a0000000-24 │ troops.deployed   │ ~3,000 │ North Korean troops │ National Intelligence Service    │ 2025-03     │ estimated │ about 3,000 soldiers from the North │
│ b0000001-34 │ troops.deployed   │  9,000 │ North Korean troops │ Main Directorate of Intelligence │ 2025-03     │ asserted  │ 9,000 soldiers from the North       │
│ b0000002-97 │ troops.additional │ >2,000 │ North Korean troops │                                  │ 2025-03-20* │ asserted  │ More than 2,000 soldiers            │
└─────────────┴───────────────────┴────────┴─────────────────────┴──────────────────────────────────┴─────────────┴───────────┴─────────────────────────────────────┘
""",
        '* as of the publication date: the text gives no time',
    ),
    (200, ('compare', 'troops')): (
        """\
troops: 2 groups, 3 claims, 1 conflict
┏━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━━━┓
┃ # ┃ kind       ┃ subject             ┃ place  ┃ status        ┃            estimate ┃ sources ┃ conflicts ┃ time       ┃
┡━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━━━┩
│ 1 │ additional │ North Korean troops │ Russia │ single-source │             >=2,000 │       1 │         0 │ 2025-03-20 │
│ 2 │ deployed   │ North Korean troops │ Russia │ conflict      │ 6,000 (2,700-9,000) │       2 │         1 │ 2025-03    │
└───┴────────────┴─────────────────────┴────────┴───────────────┴─────────────────────┴─────────┴───────────┴────────────┘

1. troops.additional · North Korean troops · Russia
   single-source · estimate >=2,000 · 1 independent source
┏━━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━┓
┃ claim       ┃ figure ┃ source ┃ outlet    ┃ as of       ┃ modality ┃ quote                    ┃
┡━━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━┩
│ b0000002-97 │ >2,000 │        │ Daily Two │ 2025-03-20* │ asserted │ More than 2,000 soldiers │
└─────────────┴────────┴────────┴───────────┴─────────────┴──────────┴──────────────────────────┘

2. troops.deployed · North Korean troops · Russia
   conflict · estimate 6,000 (2,700-9,000) · 2 independent sources
┏━━━━━━━━━━━━━┳━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓
┃ claim       ┃ figure ┃ source                           ┃ outlet    ┃ as of   ┃ modality  ┃ quote                               ┃
┡━━━━━━━━━━━━━╇━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩
│ a0000000-24 │ ~3,000 │ National Intelligence Service    │ Daily One │ 2025-03 │ estimated │ about 3,000 soldiers from the North │
│ b0000001-34 │  9,000 │ Main Directorate of Intelligence │ Daily Two │ 2025-03 │ asserted  │ 9,000 soldiers from the North       │
└─────────────┴────────┴──────────────────────────────────┴───────────┴─────────┴───────────┴─────────────────────────────────────┘
  conflict (0.78) a0000000-24 ~ b0000001-34: a0000000-24 (around 3,000, 2025-03, per National Intelligence Service) and b0000001-34 (9,000, 2025-03, per Main Directorate of Intelligence) cannot both
  hold for the same time: 3,300, the most a0000000-24 allows, is below 9,000, the least b0000001-34 allows.
""",
        '* as of the publication date: the text gives no time',
    ),
}


@pytest.mark.parametrize(("columns", "command"), list(EXPECTED))
def test_claims_and_compare_read_exactly_so_at_80_and_200_columns(
    store: Path, columns: int, command: tuple[str, ...]
) -> None:
    out, err = run(store, columns, *command)
    assert (out, err) == EXPECTED[(columns, command)]
