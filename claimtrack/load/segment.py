"""Split text into paragraphs and sentences that keep their character offsets.

Rule based on purpose: it is fast, needs no model, and handles Chinese and English alike.
Every span returned satisfies `text[start:end] == span text`, with surrounding space trimmed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from pydantic import BaseModel, ConfigDict

from ..yamlio import load_model

# a sentence longer than this is cut at a space so no passage grows without bound
MAX_SENTENCE = 2000


class JunkRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    pattern: str
    reason: str


class JunkRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    lines: list[JunkRule] = []
    sentences: list[JunkRule] = []


class SegmentRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    abbreviations: dict[str, list[str]]
    junk: JunkRules


@lru_cache(maxsize=1)
def rules() -> SegmentRules:
    path = files("claimtrack") / "rules" / "segment.yaml"
    from pathlib import Path

    return load_model(SegmentRules, Path(str(path)))


@dataclass(frozen=True)
class Span:
    start: int
    end: int


_TERMINAL = re.compile(
    r"""(?:[.!?]+[)"'’”\]]*(?=\s+[("'‘“\[]?[A-Z0-9\u4e00-\u9fff])"""  # latin: stop, space, capital
    r"""|[。！？!?]+[”」』)）"']*"""  # CJK stops end a sentence with or without space
    r"""|(?<=\s)\|(?=\s))"""  # a pipe separates captions and credits from text
)
# after a pipe: an upper-case credit such as "KCTV / VIA AFP-JIJI" before the next sentence
_CREDIT = re.compile(r"\s*[A-Z0-9][A-Z0-9 ./&-]*[A-Z0-9](?=\s+[A-Z][a-z]|\s+(?:A|I)\s|\s*$)")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(a for words in rules().abbreviations.values() for a in words)


def paragraphs(text: str, start: int = 0, end: int | None = None) -> Iterator[Span]:
    """Each non-blank line of text[start:end] as a paragraph, trimmed of space."""
    end = len(text) if end is None else end
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl == -1 else nl
        span = _trim(text, pos, line_end)
        if span is not None:
            yield span
        pos = line_end + 1


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if end > start else None


def _is_abbreviation(text: str, start: int, stop: int) -> bool:
    """True when the period at text[stop-1] closes an abbreviation or an initial."""
    window = text[max(start, stop - 12) : stop]
    m = _WORD_BEFORE.search(window)
    if not m:
        return False
    word = m.group(1)
    if len(word) == 1 and word.isupper():  # an initial: "Kim J. Un"
        return True
    return word in _abbreviations()


def sentences(text: str, span: Span) -> Iterator[Span]:
    """Sentences of one paragraph, as offsets into the whole text."""
    pos = span.start
    for m in _TERMINAL.finditer(text, span.start, span.end):
        if m.start() < pos:
            continue
        if m.group() == "|":
            piece = _trim(text, pos, m.start())
            if piece is not None:
                yield from _cut_long(text, piece)
            pos = m.start()
            credit = _CREDIT.match(text, m.end(), span.end)
            if credit:
                yield Span(m.start(), credit.end())
                pos = credit.end()
            continue
        stop = m.end()
        if m.group().startswith(".") and _is_abbreviation(text, pos, m.start() + 1):
            continue
        piece = _trim(text, pos, stop)
        if piece is not None:
            yield from _cut_long(text, piece)
        pos = stop
    piece = _trim(text, pos, span.end)
    if piece is not None:
        yield from _cut_long(text, piece)


def _cut_long(text: str, span: Span) -> Iterator[Span]:
    start = span.start
    while span.end - start > MAX_SENTENCE:
        cut = text.rfind(" ", start + MAX_SENTENCE // 2, start + MAX_SENTENCE)
        if cut == -1:
            cut = start + MAX_SENTENCE
        piece = _trim(text, start, cut)
        if piece is not None:
            yield piece
        start = cut
    piece = _trim(text, start, span.end)
    if piece is not None:
        yield piece


def junk_reason(line: str, *, whole_line: bool) -> str | None:
    """Why a stripped line (or, with whole_line=False, a sentence) is page junk, else None."""
    compiled = _compiled_junk()
    for pattern, reason in compiled[0] if whole_line else compiled[1]:
        if (pattern.fullmatch(line) if whole_line else pattern.search(line)):
            return reason
    return None


@lru_cache(maxsize=1)
def _compiled_junk() -> tuple[list[tuple[re.Pattern[str], str]], list[tuple[re.Pattern[str], str]]]:
    r = rules().junk
    return (
        [(re.compile(j.pattern, re.IGNORECASE), j.reason) for j in r.lines],
        [(re.compile(j.pattern), j.reason) for j in r.sentences],
    )
