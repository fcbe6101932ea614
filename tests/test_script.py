"""Chinese in traditional script is read by the simplified rules, offsets into the original."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.extract.document import Extraction
from claimtrack.extract.pipeline import TEXT_KEY
from claimtrack.extract.script import convert
from claimtrack.models import Article, ArticleMeta, Document, Passage

ANCHOR = dt.date(2025, 3, 9)


def _document(text: str) -> Document:
    return Document(
        path="/t.txt", name="t.txt", sha256="1" * 64, size=len(text), encoding="utf-8",
        format="txt", text=text,
        articles=[Article(index=0, start=0, end=len(text), meta=ArticleMeta(published=ANCHOR),
                          passages=[Passage(index=0, paragraph=0, start=0, end=len(text),
                                            text=text, language="zh")])],
    )


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [("萬", "万"), ("兩億", "两亿"), ("據報導", "据报导"), ("幾", "几"), ("陣亡", "阵亡"),
     ("朝鮮士兵", "朝鲜士兵"), ("3萬512人", "3万512人"), ("ABC 12,000", "ABC 12,000")],
)
def test_convert_to_simplified(traditional: str, simplified: str) -> None:
    assert convert(traditional, "t2s") == simplified


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("萬億兩幾據報導陣亡傷乾發髮後裡麵鬆藉於 12,a.")),
               max_size=40))
def test_convert_keeps_every_character_in_place(text: str) -> None:
    out = convert(text, "t2s")
    assert len(out) == len(text)
    assert all(a == b or not a.isascii() for a, b in zip(text, out, strict=True))


# (passage in traditional script, [(kind, value, low, high, subject, quote)])
TRADITIONAL = [
    ("據報導，至少 4 萬名朝鮮士兵在戰鬥中陣亡。",
     [("casualties.killed", 40000, 40000, None, "North Korean troops", "至少 4 萬名朝鮮士兵")]),
    ("官員稱，兩千三百名士兵受傷。",
     [("casualties.wounded", 2300, 2300, 2300, "troops", "兩千三百名士兵")]),
    ("俄軍損失了逾8萬2千名士兵。",
     [("casualties.killed_or_wounded", 82000, 82000, None, "Russian troops",
       "逾8萬2千名士兵")]),
]


@pytest.mark.parametrize(("text", "expected"), TRADITIONAL, ids=[t[0][:12] for t in TRADITIONAL])
def test_traditional_passages_are_read_and_quoted_as_written(
    extraction: Extraction, text: str, expected: list[tuple[object, ...]]
) -> None:
    claims = [c for c in extraction(_document(text)) if c.kind != "date"]
    got = [(c.kind, c.value, c.low, c.high, c.subject, c.quote) for c in claims]
    # the kind of 損失 (losses) is the lexicon's business; the figure, subject and quote are ours
    assert [g[1:] for g in got] == [e[1:] for e in expected]
    for c in claims:
        assert text[c.start:c.end] == c.quote


def test_zh_pipeline_reads_the_converted_text(extraction: Extraction) -> None:
    doc = extraction.nlp("zh").make_doc("兩萬名士兵")
    assert doc.text == "两万名士兵"
    assert doc.user_data[TEXT_KEY] == "两万名士兵"


def test_saved_zh_pipeline_keeps_its_script_tokenizer(tmp_path: Path) -> None:
    import spacy

    from claimtrack.config import load_config
    from claimtrack.extract.pipeline import build_nlp

    nlp = build_nlp("zh", load_config().config)
    text = "據報導，至少3萬名朝鮮士兵陣亡。"
    doc = nlp(text)
    first = [(s.text, s._.claimtrack_claim.value) for s in doc.spans["claims"]]
    assert first == [("至少3万名朝鲜士兵", 30000)]
    nlp.to_disk(tmp_path / "zh")
    doc = spacy.load(tmp_path / "zh")(text)
    assert [(s.text, s._.claimtrack_claim.value) for s in doc.spans["claims"]] == first
