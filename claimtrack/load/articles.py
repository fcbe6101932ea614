"""Turn a document's text into articles of passages: split listing pages, find metadata,
mark page junk, tag languages and link parallel translations."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ..models import Article, ArticleMeta, Passage
from . import headers, langid, segment
from .segment import Span

_TERMINAL_PUNCT = tuple(".!?。！？\"'”’)")
_HAN_ALL = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CAPTION = re.compile(
    r"^file(?: photo)? ?[-–—:]|\((?:[^()]*/[^()]*|[^()]* via [^()]*|[^()]*getty images[^()]*)\)"
    r"\.?$|\[(?:afp|ap|reuters|yonhap|epa|xinhua|getty images)[^\]]*\]\.?$",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|Copyright)\s*(?:\d{4}\s*)?([^(|.]+?)\s*(?:\(([^)]+)\))?[.,]")
_CITING_OUTLET = re.compile(r"\b([A-Z][\w.]*(?: [A-Z][\w.]*){0,3}) reports?, citing\b")
_URL = re.compile(r"https?://\S+|www\.[\w.-]+\.[a-z]{2,}\S*")


@dataclass
class _Line:
    span: Span
    text: str
    junk: str | None = None  # reason
    header: bool = False  # part of an article's header block (title repeat, outlet, dateline)


@dataclass
class _Block:
    lines: list[_Line]
    meta: dict[str, object] = field(default_factory=dict)


def _words(text: str) -> int:
    """How many words a line holds: Chinese is written without spaces, and two characters
    make about one word."""
    han = len(_HAN_ALL.findall(text))
    if not han:
        return len(text.split())
    return len(_HAN_ALL.sub(" ", text).split()) + (han + 1) // 2


def _is_title_like(text: str) -> bool:
    # titles may ask a question but do not end like a sentence
    return 4 <= _words(text) <= 30 and not text.endswith((".", "。", ",", ";", ":", "，", "："))


def _is_short_label(text: str) -> bool:
    """A line of one to three words with no sentence punctuation: a credit, place or section."""
    return (1 <= _words(text) <= 3 and not text.endswith(_TERMINAL_PUNCT)
            and ":" not in text and "：" not in text)


def parse_header_date(text: str) -> dt.date | None:
    """The calendar day a header line gives (24-07-2025, 2025-07-24, July 24, 2025, ...)."""
    found = headers.find_date(text)
    return dt.date.fromisoformat(found[0][:10]) if found else None


def _split_blocks(lines: list[_Line]) -> list[_Block]:
    """Split a page into articles where a title line is repeated close by (listing pages)."""
    starts: list[int] = []
    seen: set[str] = set()
    for i, line in enumerate(lines):
        t = line.text
        if t in seen or line.junk or not _is_title_like(t):
            continue
        if any(other.text == t for other in lines[i + 1 : i + 12]):
            starts.append(i)
            seen.add(t)
    if len(starts) < 2:
        return [_Block(lines)]
    blocks = [_Block(lines[a:b]) for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]
    # lines before the first article are page furniture: give them to the first block
    if starts[0] > 0:
        for line in lines[: starts[0]]:
            line.junk = line.junk or "page header"
        blocks[0].lines[:0] = lines[: starts[0]]
    return blocks


# how many lines from an article's top its publication line and byline may stand
_HEADER_LINES = 15


def _read_header(block: _Block) -> None:
    """Title, outlet, date, byline, place and URL from a block's lines; mark header lines."""
    meta = block.meta
    updated: str | None = None
    body_seen = False
    for i, line in enumerate(block.lines):
        t = line.text
        near_top = i < _HEADER_LINES and len(t) < 200
        bracket = headers.zh_bracket(t) if near_top else None
        if bracket:
            if bracket[0]:
                meta.setdefault("outlet", bracket[0])
            meta.setdefault("published", bracket[1])
        credit = headers.byline(t) if near_top else None
        if credit:
            author, outlet, date = credit
            meta.setdefault("byline", author)
            if outlet:
                meta.setdefault("outlet", outlet)
            if date:
                meta.setdefault("published", date)
            line.junk, line.header = line.junk or "byline", True
            continue
        # below the story's first lines, only a line that says it is a publication date
        dated = headers.publication_line(t, keywords_only=body_seen) if near_top else None
        if dated:
            stamp, only_updated = dated
            if only_updated:
                updated = updated or stamp
            else:
                meta.setdefault("published", stamp)
            author = headers.author_before_published(t)
            if author:
                meta.setdefault("byline", author)
            if len(t) < 80 or t.startswith(("Published", "Posted", "Updated")):
                line.header = True
                line.junk = line.junk or "dateline"
                continue
        if line.junk:
            continue
        if _caption(t):
            continue  # a photo caption is never the title nor the dateline; its figures count
        if not body_seen and _is_short_label(t) and (agency := headers.agency(t)):
            meta.setdefault("outlet", agency)  # a wire credit atop the story
            line.junk, line.header = "outlet credit", True
            continue
        if not body_seen and _is_title_like(t):
            if "title" not in meta:
                meta["title"] = t
            elif meta["title"] == t:
                line.junk, line.header = "repeated title", True
            continue
        if not body_seen and _is_short_label(t) and "title" in meta and "outlet" not in meta:
            meta["outlet"] = t
            line.junk, line.header = "outlet credit", True
            continue
        if _words(t) >= 8:
            if not body_seen:
                _read_dateline(meta, t)
            body_seen = True
    if "published" not in meta and updated:
        meta["published"] = updated
    for line in block.lines:
        t = line.text
        m = _COPYRIGHT.match(t) if line.junk == "copyright line" else None
        if m:
            meta.setdefault("outlet", m[1].strip())
            if m[2]:
                meta.setdefault("url", m[2].strip())
        for m in _CITING_OUTLET.finditer(t):
            meta.setdefault("outlet", m[1])
        if "url" not in meta:
            m = _URL.search(t)
            if m and line.junk:
                meta["url"] = m[0]
    # short labels left in the body (credits of embedded pieces, places, sections) are junk
    for line in block.lines:
        if not line.junk and _is_short_label(line.text) and line.text != meta.get("title"):
            line.junk = "short label"


def _read_dateline(meta: dict[str, object], text: str) -> None:
    found = headers.dateline(text)
    if found is None:
        return
    meta.setdefault("place", found.place)
    if found.agency:
        meta.setdefault("outlet", found.agency)
    if found.published:
        meta.setdefault("published", found.published)


def _caption(text: str) -> bool:
    """A photo caption: it ends with a credit in brackets, or opens with FILE."""
    return bool(_CAPTION.search(text))


def build_articles(
    text: str, sidecar: Callable[[int], ArticleMeta] | None = None
) -> list[Article]:
    """Articles and passages of a decoded document, offsets into `text`.

    `sidecar(i)` gives the user's metadata for the i-th article; it wins over what the text says.
    """
    lines: list[_Line] = []
    for span in segment.paragraphs(text):
        t = text[span.start : span.end]
        lines.append(_Line(span, t, segment.junk_reason(t, whole_line=True)))
    blocks = _split_blocks(lines) if lines else [_Block([])]
    articles: list[Article] = []
    passage_index = 0
    for a, block in enumerate(blocks):
        _read_header(block)
        guessed = ArticleMeta.model_validate({k: v for k, v in block.meta.items() if v is not None})
        meta = guessed
        if sidecar is not None:
            meta = guessed.model_copy(update=sidecar(a).model_dump(exclude_none=True))
        passages: list[Passage] = []
        for paragraph, line in enumerate(block.lines):
            for s in segment.sentences(text, line.span):
                st = text[s.start : s.end]
                reason = line.junk or segment.junk_reason(st, whole_line=False)
                passages.append(
                    Passage(
                        index=passage_index,
                        paragraph=paragraph,
                        start=s.start,
                        end=s.end,
                        text=st,
                        language=langid.quick(st) or _OPEN,
                        junk=reason is not None,
                        junk_reason=reason,
                    )
                )
                passage_index += 1
        _fill_languages(passages)
        _link_translations(passages)
        start = block.lines[0].span.start if block.lines else 0
        end = block.lines[-1].span.end if block.lines else len(text)
        articles.append(Article(index=a, start=start, end=end, meta=meta, passages=passages))
    return articles


# a passage whose language only the model can tell, until its article is read
_OPEN = "?"


def _fill_languages(passages: list[Passage]) -> None:
    """Passages that script and function words leave open take their article's language when
    its clear passages all agree on one (a headline or a list in an English article is
    English), and ask the model otherwise. Passages too short to tell take the language most
    of their article is in."""
    clear = {p.language for p in passages} - {langid.UNDETERMINED, _OPEN}
    for p in passages:
        if p.language == _OPEN:
            p.language = next(iter(clear)) if len(clear) == 1 else langid.model(p.text)
    counts = Counter(p.language for p in passages if p.language != langid.UNDETERMINED)
    if not counts:
        return
    main = counts.most_common(1)[0][0]
    for p in passages:
        if p.language == langid.UNDETERMINED:
            p.language = main


def _link_translations(passages: list[Passage]) -> None:
    """In a line-by-line bilingual article, point each second-language passage at its original.

    A paragraph in another language right after a paragraph in the article's first language
    is taken as its translation; sentences are paired in order (proportionally when the
    counts differ).
    """
    paras: dict[int, list[Passage]] = {}
    for p in passages:
        if not p.junk:
            paras.setdefault(p.paragraph, []).append(p)
    order = sorted(paras)
    langs = [paras[i][0].language for i in order]
    if len(set(langs)) < 2:
        return
    first = langs[0]
    pairs = [
        (order[i - 1], order[i])
        for i in range(1, len(order))
        if langs[i] != first and langs[i - 1] == first
    ]
    # one stray foreign line is a quote, not a bilingual layout
    if len(pairs) < 2:
        return
    for src, dst in pairs:
        originals, copies = paras[src], paras[dst]
        for k, p in enumerate(copies):
            j = min(len(originals) - 1, k * len(originals) // len(copies))
            p.translation_of = originals[j].index
