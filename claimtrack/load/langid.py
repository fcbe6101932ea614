"""Tell the language of a passage from its script and, for Latin script, its function words."""

from __future__ import annotations

import re
import string
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from ..models import UNDETERMINED
from ..yamlio import load_model

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


class LangRules(BaseModel):
    model_config = ConfigDict(extra="forbid")
    stopwords: dict[str, list[str]]


@lru_cache(maxsize=1)
def _stopwords() -> dict[str, frozenset[str]]:
    path = Path(str(files("claimtrack") / "rules" / "langid.yaml"))
    rules = load_model(LangRules, path)
    return {lang: frozenset(words) for lang, words in rules.stopwords.items()}


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


def detect(text: str) -> str:
    """An ISO 639-1 code ("en", "zh", ...) or "und" when the text is too short to tell."""
    counts = _script_counts(text)
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
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 3:
        return UNDETERMINED
    best, share = UNDETERMINED, 0.0
    for lang, stop in _stopwords().items():
        s = sum(map(stop.__contains__, words)) / len(words)
        if s > share:
            best, share = lang, s
    return best if share >= 0.12 else UNDETERMINED
