"""Articles of the seed files: listing pages split, metadata, junk, languages, translations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import ValidationError

from claimtrack.load.articles import build_articles, parse_header_date
from claimtrack.load.files import Found, SidecarCache, load_file, read_bytes
from claimtrack.models import ArticleMeta, Document, Passage, published_period

SEED_NAMES = [
    "000_e96aa3d6b43d524c.txt",
    "001_84959d095c943de2.txt",
    "002_3560d75755d5f8a2.txt",
    "003_47464f8581e7f906.txt",
    "004_6a9580f4db86f6a5.txt",
]


def load_seed(seeds: Path, name: str, *, sidecar: bool = True) -> Document:
    path = seeds / name
    found = Found(path, name)
    data = read_bytes(found)
    assert isinstance(data, bytes)
    entry = SidecarCache().entry(path) if sidecar else None
    doc = load_file(found, data, entry)
    assert isinstance(doc, Document), doc
    return doc


def passages(doc: Document) -> list[Passage]:
    return [p for a in doc.articles for p in a.passages]


def passage_with(doc: Document, text: str) -> Passage:
    hits = [p for p in passages(doc) if p.text == text]
    assert len(hits) == 1, (text, [p.text for p in passages(doc) if text[:20] in p.text])
    return hits[0]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_seed_passage_slices_back_to_its_text(seeds: Path, name: str) -> None:
    doc = load_seed(seeds, name)
    raw = (seeds / name).read_text(encoding="utf-8")
    assert doc.text == raw
    ps = passages(doc)
    assert ps
    for p in ps:
        assert doc.text[p.start : p.end] == p.text
    # passages cover the text in order, without overlaps
    assert all(a.end <= b.start for a, b in zip(ps, ps[1:], strict=False))
    assert [p.index for p in ps] == list(range(len(ps)))


def test_listing_page_becomes_two_articles_with_their_outlets_and_dates(seeds: Path) -> None:
    doc = load_seed(seeds, "002_3560d75755d5f8a2.txt")
    metas = [(a.meta.outlet, a.meta.published) for a in doc.articles]
    assert metas == [("CNA", "2025-07-24"), ("Japan Times", "2025-07-14")]
    assert doc.articles[0].meta.title == "North Korea's Kim urges troops to prepare 'for real war'"
    assert doc.articles[1].meta.title == (
        "Ukraine denies North Korea planning to send 30,000 more troops to Russia"
    )
    # each article's story is in that article, not the other
    first = " ".join(p.text for p in doc.articles[0].passages if not p.junk)
    second = " ".join(p.text for p in doc.articles[1].passages if not p.junk)
    assert "firing contest of artillery units" in first and "firing contest" not in second
    assert "30,000 additional troops" in second and "30,000 additional" not in first


def test_listing_page_split_without_sidecar_guesses_the_same_metadata(seeds: Path) -> None:
    doc = load_seed(seeds, "002_3560d75755d5f8a2.txt", sidecar=False)
    metas = [(a.meta.outlet, a.meta.published) for a in doc.articles]
    assert metas == [("CNA", "2025-07-24"), ("Japan Times", "2025-07-14")]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("002_3560d75755d5f8a2.txt", "DOWNLOAD THE APP"),
        ("002_3560d75755d5f8a2.txt", "Get Started Now: Download the App"),
        ("002_3560d75755d5f8a2.txt", "| KCTV / VIA AFP-JIJI"),
        ("002_3560d75755d5f8a2.txt", "logo"),
        ("002_3560d75755d5f8a2.txt", "time24-07-2025"),
        ("001_84959d095c943de2.txt", "All rights reserved."),
        ("004_6a9580f4db86f6a5.txt", "LEAVE A REPLY"),
        ("004_6a9580f4db86f6a5.txt", "24 C"),
        ("004_6a9580f4db86f6a5.txt", "The Guardian"),
        ("004_6a9580f4db86f6a5.txt", "Le Monde"),
        ("004_6a9580f4db86f6a5.txt", "Published:"),
        ("004_6a9580f4db86f6a5.txt", "Please enter your name here"),
        ("003_47464f8581e7f906.txt", "By Tamilla Hasanova"),
    ],
)
def test_page_junk_is_marked_with_a_reason(seeds: Path, name: str, text: str) -> None:
    doc = load_seed(seeds, name)
    hits = [p for p in passages(doc) if p.text == text]
    assert hits, text
    assert all(p.junk and p.junk_reason for p in hits)


def test_spot_img_lines_are_all_junk(seeds: Path) -> None:
    doc = load_seed(seeds, "004_6a9580f4db86f6a5.txt")
    hits = [p for p in passages(doc) if p.text == "spot_img"]
    assert len(hits) == 2 and all(p.junk for p in hits)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("002_3560d75755d5f8a2.txt", "A deal on the dispatch of those troops was announced by "
         "Russian Security Council Secretary Sergei Shoigu in mid-June following talks with Kim "
         "in Pyongyang, a meeting Shoigu said was meant to carry out \"special instructions\" "
         "from Russian President Vladimir Putin."),
        ("003_47464f8581e7f906.txt", "However, he did not provide specifics on the timeline for "
         "the visit."),
        ("004_6a9580f4db86f6a5.txt", "This is just the beginning."),
    ],
)
def test_article_sentences_are_kept(seeds: Path, name: str, text: str) -> None:
    p = passage_with(load_seed(seeds, name), text)
    assert not p.junk


def test_bilingual_file_links_each_chinese_passage_to_an_english_one(seeds: Path) -> None:
    doc = load_seed(seeds, "000_e96aa3d6b43d524c.txt")
    ps = {p.index: p for p in passages(doc)}
    zh = [p for p in ps.values() if p.language == "zh"]
    en = [p for p in ps.values() if p.language == "en"]
    assert len(zh) == 9 and len(en) >= 9
    for p in zh:
        assert p.translation_of is not None, p.text
        original = ps[p.translation_of]
        assert original.language == "en"
        assert original.start < p.start
    # the first pair, concretely
    first_zh = min(zh, key=lambda p: p.start)
    assert ps[first_zh.translation_of or 0].text.startswith("North Korea confirmed for the first")
    assert all(p.translation_of is None for p in en)


@pytest.mark.parametrize("name", SEED_NAMES[1:])
def test_english_seeds_are_english_without_translations(seeds: Path, name: str) -> None:
    doc = load_seed(seeds, name)
    kept = [p for p in passages(doc) if not p.junk]
    assert {p.language for p in kept} == {"en"}
    assert all(p.translation_of is None for p in passages(doc))


@pytest.mark.parametrize(
    ("name", "outlet", "published", "byline"),
    [
        ("000_e96aa3d6b43d524c.txt", None, "2025-04-28", None),
        ("001_84959d095c943de2.txt", "The Asia Business Daily", "2025-04-28", None),
        ("003_47464f8581e7f906.txt", "Caliber.Az", "2025-03-27", "Tamilla Hasanova"),
        ("004_6a9580f4db86f6a5.txt", None, "2024-10-20", None),
    ],
)
def test_seed_metadata_from_sidecar(
    seeds: Path, name: str, outlet: str | None, published: str, byline: str | None
) -> None:
    meta = load_seed(seeds, name).articles[0].meta
    assert (meta.outlet, meta.published, meta.byline) == (outlet, published, byline)


def test_sidecar_wins_over_what_the_text_says(seeds_copy: Path) -> None:
    (seeds_copy / "sources.yaml").write_text(
        "002_3560d75755d5f8a2.txt:\n"
        "  articles:\n"
        "    - {outlet: Channel News Asia, published: 2025-07-25}\n"
        "001_84959d095c943de2.txt:\n"
        "  outlet: Asiae\n"
        "  title: My title\n",
        encoding="utf-8",
    )
    listing = load_seed(seeds_copy, "002_3560d75755d5f8a2.txt")
    assert listing.articles[0].meta.outlet == "Channel News Asia"
    assert listing.articles[0].meta.published == "2025-07-25"
    # the second article has no entry: its guessed metadata stands
    assert listing.articles[1].meta.outlet == "Japan Times"
    one = load_seed(seeds_copy, "001_84959d095c943de2.txt").articles[0].meta
    assert (one.outlet, one.title) == ("Asiae", "My title")


def test_a_sentence_starting_with_copyright_is_not_an_outlet() -> None:
    text = (
        "Seoul passed a new media law on Monday, officials said.\n"
        "Copyright law was not discussed at the meeting, a spokesman added.\n"
    )
    (article,) = build_articles(text)
    assert article.meta.outlet is None
    assert not any(p.junk for p in article.passages)


def test_empty_text_gives_one_empty_article() -> None:
    (article,) = build_articles("")
    assert article.passages == []


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("time24-07-2025", "2025-07-24"),
        ("2025-07-14", "2025-07-14"),
        ("Published: July 24, 2025", "2025-07-24"),
        ("Updated Jul. 4, 2025 10:00", "2025-07-04"),
        ("24 July 2025", "2025-07-24"),
        ("31-02-2025", None),  # no such day
        ("Maybe 12, 2025", None),  # not a month
        ("no date here", None),
    ],
)
def test_header_dates(text: str, date: str | None) -> None:
    assert parse_header_date(text) == (dt.date.fromisoformat(date) if date else None)


@pytest.mark.parametrize(
    ("given", "stored", "day"),
    [
        ("2024", "2024", None),
        (2024, "2024", None),
        ("2024-3", "2024-03", None),
        ("2024-10-27", "2024-10-27", "2024-10-27"),
        (dt.date(2024, 10, 27), "2024-10-27", "2024-10-27"),
        # a page's local time keeps its offset: 00:30 in Seoul is still the 28th there
        ("2024-10-28T00:30:00+09:00", "2024-10-28T00:30+09:00", "2024-10-28"),
        ("2024-10-28 00:30+0900", "2024-10-28T00:30+09:00", "2024-10-28"),
        ("2024-10-27T22:05:10.52Z", "2024-10-27T22:05+00:00", "2024-10-27"),
        ("2024-10-27T22:05", "2024-10-27T22:05", "2024-10-27"),
    ],
)
def test_publication_dates_keep_their_precision(
    given: object, stored: str, day: str | None
) -> None:
    meta = ArticleMeta(published=given)  # type: ignore[arg-type]
    assert meta.published == stored
    assert meta.anchor == (dt.date.fromisoformat(day) if day else None)


@pytest.mark.parametrize("given", ["2024-13", "2024-02-30", "2024-10-27T24:00", "last week", ""])
def test_impossible_publication_dates_are_refused_with_the_forms_accepted(given: str) -> None:
    with pytest.raises(ValidationError, match="is not a date"):
        ArticleMeta(published=given)


def test_a_month_of_publication_is_its_whole_month() -> None:
    assert published_period("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29), "2024-02")
    assert published_period("2023") == (dt.date(2023, 1, 1), dt.date(2023, 12, 31), "2023")


def test_a_chinese_headline_is_a_title_not_a_short_label() -> None:
    text = ("朝鮮向俄羅斯增派三千名士兵\n\n"
            "韓國國家情報院週四表示，朝鮮今年一月和二月又向俄羅斯派遣了至少三千名士兵。\n")
    (article,) = build_articles(text)
    assert article.meta.title == "朝鮮向俄羅斯增派三千名士兵"
    assert not any(p.junk for p in article.passages)
