"""Paragraphs and sentences with offsets that slice back to their text; junk rules."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.load import segment
from claimtrack.load.articles import build_articles
from claimtrack.load.segment import Span


def split(text: str) -> list[str]:
    return [
        text[s.start : s.end]
        for p in segment.paragraphs(text)
        for s in segment.sentences(text, p)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("One sentence here. Another one there.", ["One sentence here.", "Another one there."]),
        ("Mr. Kim met Gen. Park in Seoul. They talked.", ["Mr. Kim met Gen. Park in Seoul.",
                                                           "They talked."]),
        ("The U.S. sent aid. Seoul did too.", ["The U.S. sent aid.", "Seoul did too."]),
        ("Kim J. Un spoke. Then he left.", ["Kim J. Un spoke.", "Then he left."]),
        ('He said "Go now." Then left.', ['He said "Go now."', "Then left."]),
        ("About 3.5 million people. Many left.", ["About 3.5 million people.", "Many left."]),
        ("Is it true? Yes! It is.", ["Is it true?", "Yes!", "It is."]),
        ("朝鲜已派遣军队。俄罗斯证实了这一点！真的吗？",
         ["朝鲜已派遣军队。", "俄罗斯证实了这一点！", "真的吗？"]),
        ("Line one\nLine two\n\n  Line three  ", ["Line one", "Line two", "Line three"]),
        ("Coffins of soldiers in Pyongyang. | KCTV / VIA AFP-JIJI A deal was announced.",
         ["Coffins of soldiers in Pyongyang.", "| KCTV / VIA AFP-JIJI", "A deal was announced."]),
        ("lower case after a stop. stays one", ["lower case after a stop. stays one"]),
    ],
    ids=["simple", "titles", "us", "initial", "quote", "decimal", "marks", "chinese", "lines",
         "photo-credit", "lowercase"],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert split(text) == expected


def test_long_sentence_is_cut_at_spaces() -> None:
    text = "word " * 3000
    pieces = list(segment.sentences(text, Span(0, len(text))))
    assert len(pieces) > 1
    assert all(p.end - p.start <= segment.MAX_SENTENCE for p in pieces)
    assert all(not text[p.start : p.end].startswith(" ") for p in pieces)
    assert " ".join(text[p.start : p.end] for p in pieces) == text.strip()


def test_long_word_without_spaces_is_cut_too() -> None:
    text = "x" * 5000
    pieces = list(segment.sentences(text, Span(0, len(text))))
    assert "".join(text[p.start : p.end] for p in pieces) == text
    assert max(p.end - p.start for p in pieces) <= segment.MAX_SENTENCE


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("DOWNLOAD THE APP", "app promotion"),
        ("Get Started Now: Download the App", "app promotion"),
        ("© The Asia Business Daily(www.asiae.co.kr). All rights reserved.", "copyright line"),
        ("All rights reserved.", "copyright line"),
        ("LEAVE A REPLY", "comment form"),
        ("Please enter your comment!", "comment form"),
        ("24 C", "weather widget"),
        ("-3°F", "weather widget"),
        ("spot_img", "navigation"),
        ("Related articles", "navigation"),
        ("Subscribe to our newsletter", "site promotion"),
        ("Photo: Reuters", "photo credit"),
        ("Published:", "empty dateline"),
        ("time24-07-2025", "dateline"),
        ("• Politics", "tag list"),
        ("Copyright 2025 Reuters", "copyright line"),
        ("(c) 2024 Example News Ltd", "copyright line"),
        ("Most read", "navigation"),
        ("Related coverage", "navigation"),
        ("In pictures", "navigation"),
        ("More from the war in Ukraine", "navigation"),
        ("Get our morning briefing newsletter in your inbox", "newsletter sign-up"),
        ("Enter your email address", "newsletter sign-up"),
        ("Watch: drone footage of the strike on the depot", "video teaser"),
        ("2:14", "video teaser"),
        ("Like this story? Share it with a friend", "site promotion"),
        ("Kyiv says 1,200 soldiers were killed in the past week... more", "teaser"),
        ("Seoul says 2,000 troops died in Kursk. Read more", "teaser"),
    ],
)
def test_junk_lines(line: str, reason: str) -> None:
    assert segment.junk_reason(line, whole_line=True) == reason


@pytest.mark.parametrize(
    "line",
    [
        "North Korea has sent about 12,000 troops to Russia.",
        "Home to 24 C-130 aircraft, the base was busy.",
        "He shared this article with reporters in Seoul.",
        "Copyright law was not discussed.",
        "(c) the troops shall withdraw within 30 days.",
        "Menu prices rose by 3% in Pyongyang last year.",
        "More than 3,000 people were killed, officials said.",
        "Related to the fighting, 300 civilians died in the region.",
        "Video footage showed at least 20 tanks destroyed near the town.",
        "Officials said more troops would follow in the coming weeks, and more equipment.",
    ],
)
def test_article_text_is_not_junk(line: str) -> None:
    assert segment.junk_reason(line, whole_line=True) is None


def test_rules_file_is_valid_and_patterns_compile() -> None:
    rules = segment.rules()
    assert rules.abbreviations["en"]
    lines, sentences = segment._compiled_junk()
    assert len(lines) == len(rules.junk.lines) and len(sentences) == len(rules.junk.sentences)
    assert all(r.reason for r in [*rules.junk.lines, *rules.junk.sentences])


# ------------------------------------------------------------------ properties

# pieces that exercise the splitter's rules, glued together at random
TOKENS = [*"abcXYZ 019.,!?|'\"“”’()-\n\t\r", "。", "！", "？", "朝", "鲜", "é", "\u2028", "\x0c",
          "Mr.", "U.S.", " | ", "KCTV ", "DOWNLOAD THE APP\n", "24 C\n", "©", "\u00a0",
          "North Korea sent troops. ", "朝鲜派遣了军队。", "\n\n"]
TEXT = st.lists(st.sampled_from(TOKENS), max_size=120).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_offsets_slice_back_on_any_text(text: str) -> None:
    for p in segment.paragraphs(text):
        assert text[p.start : p.end] == text[p.start : p.end].strip()
        for s in segment.sentences(text, p):
            assert p.start <= s.start < s.end <= p.end
            piece = text[s.start : s.end]
            assert piece and piece == piece.strip()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(TEXT, st.text(max_size=300)))
def test_articles_of_any_text_slice_back(text: str) -> None:
    articles = build_articles(text)
    indexes = []
    for a in articles:
        for p in a.passages:
            assert text[p.start : p.end] == p.text
            assert p.text.strip() == p.text and p.text
            indexes.append(p.index)
            if p.translation_of is not None:
                assert p.translation_of in indexes
    assert indexes == list(range(len(indexes)))
