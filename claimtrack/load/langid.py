"""Tell the language of a passage: its script first, then function words, then py3langid.

Script settles most non-Latin text at once. For Latin script a passage whose function words
clearly belong to one language takes it without a model; any other passage of a few words
goes to py3langid (langid.py's model, shipped in the package), restricted to the languages in
`rules/langid.yaml`. The model takes most of a second to load, so it is loaded on first need,
and an article asks it only when its clear passages do not agree on one language.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from ..models import UNDETERMINED
from ..yamlio import load_model

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


class LangRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stopwords: dict[str, list[str]]
    # the languages py3langid may answer with; anything else it would say is left undetermined
    candidates: list[str]
    # below this many words a Latin passage is too short to tell
    min_words: int = Field(3, ge=1)
    # function words decide alone when the winner has this many hits, at least clear_share of
    # the words, and at least twice the hits of the next language
    clear_hits: int = Field(2, ge=1)
    clear_share: float = Field(0.2, gt=0, le=1)
    # shorter passages that function words leave open stay undetermined (and take their
    # article's language): the model is unreliable on a few words and costs a second to load
    model_words: int = Field(8, ge=1)
    # the model's probability, over the candidates, it needs for an answer
    model_confidence: float = Field(0.7, gt=0, le=1)


@lru_cache(maxsize=1)
def rules() -> LangRules:
    return load_model(LangRules, Path(str(files("claimtrack") / "rules" / "langid.yaml")))


@lru_cache(maxsize=1)
def _stopwords() -> dict[str, frozenset[str]]:
    return {lang: frozenset(words) for lang, words in rules().stopwords.items()}


@lru_cache(maxsize=1)
def _model() -> Callable[[str], tuple[str, float]]:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(rules().candidates)
    return identifier.classify


_ASCII_LETTERS = str.maketrans("", "", string.ascii_letters)


def _script_counts(text: str) -> dict[str, int]:
    counts = {"han": 0, "kana": 0, "hangul": 0, "cyrillic": 0, "arabic": 0, "latin": 0}
    if text.isascii():  # most passages: only the letters need counting, done in C
        counts["latin"] = len(text) - len(text.translate(_ASCII_LETTERS))
        return counts
    for ch in text:
        o = ord(ch)
        if o < 0x250:
            if ch.isalpha():
                counts["latin"] += 1
        elif 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF:
            counts["han"] += 1
        elif 0x3040 <= o <= 0x30FF:
            counts["kana"] += 1
        elif 0xAC00 <= o <= 0xD7AF or 0x1100 <= o <= 0x11FF:
            counts["hangul"] += 1
        elif 0x400 <= o <= 0x4FF:
            counts["cyrillic"] += 1
        elif 0x600 <= o <= 0x6FF:
            counts["arabic"] += 1
    return counts


def _by_script(counts: dict[str, int], text: str) -> str | None:
    # a Han character carries about as much as a short Latin word
    cjk = counts["han"] * 3 + counts["kana"] * 3 + counts["hangul"] * 3
    if cjk and cjk >= counts["latin"]:
        if counts["kana"]:
            return "ja"
        if counts["hangul"] > counts["han"]:
            return "ko"
        return "zh"
    if counts["cyrillic"] > counts["latin"]:
        return "uk" if re.search("[ієїґ]", text, re.IGNORECASE) else "ru"
    if counts["arabic"] > counts["latin"]:
        return "ar"
    return None


def _by_function_words(words: list[str]) -> str | None:
    r = rules()
    hits = sorted(
        ((sum(map(stop.__contains__, words)), lang) for lang, stop in _stopwords().items()),
        reverse=True,
    )
    (best, lang), (second, _) = hits[0], hits[1]
    if best >= max(r.clear_hits, r.clear_share * len(words), 2 * second):
        return lang
    return None


def quick(text: str) -> str | None:
    """The language that script and function words tell without the model: an ISO 639-1 code,
    "und" when the text is too short to tell, None when only the model can."""
    lang = _by_script(_script_counts(text), text)
    if lang is not None:
        return lang
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < rules().min_words:
        return UNDETERMINED
    lang = _by_function_words(words)
    if lang is None and len(words) < rules().model_words:
        return UNDETERMINED
    return lang


def model(text: str) -> str:
    """py3langid's answer among the candidates, or "und" when it is not sure enough."""
    guess, probability = _model()(text)
    return guess if probability >= rules().model_confidence else UNDETERMINED


def detect(text: str) -> str:
    """An ISO 639-1 code ("en", "zh", ...) or "und" when the text is too short to tell."""
    lang = quick(text)
    return model(text) if lang is None else lang
