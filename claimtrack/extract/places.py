"""Place names claims.yaml does not list: "in northwest Miami-Dade", "SAN LEANDRO --".

Local news names the place of an incident in the sentence or in the dateline that opens the
article. Both are read with patterns, so incidents in different towns stay apart when the
reconciler groups figures about people in general.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..config import PlaceNames

_DIRECTION = (r"(?:(?:north|south|east|west|northeast|northwest|southeast|southwest|"
              r"downtown|central|eastern|western|northern|southern|suburban|rural)\s+)?")
_NAME = r"[A-Z][\w'’.-]*"
# an all-capitals dateline: "SEOUL:", "SAN LEANDRO --", "GREENSBURG, KY (WAVE) –"
_DATELINE = re.compile(
    r"^\s*([A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3})(?:,\s*[A-Z][A-Za-z.]{1,12})?"
    r"\s*(?:\([^)]{1,40}\))?\s*(?:—|–|-{1,2}|:)\s"
)


@lru_cache(maxsize=16)
def _pattern(prepositions: tuple[str, ...]) -> re.Pattern[str]:
    preps = "|".join(re.escape(p) for p in sorted(prepositions, key=len, reverse=True))
    return re.compile(
        rf"\b(?:{preps})\s+(?:the\s+|a\s+)?({_DIRECTION}{_NAME}(?:\s+(?:of\s+(?:the\s+)?)?{_NAME}){{0,3}})"
    )


def place_names(text: str, lang: str, rules: PlaceNames) -> list[tuple[int, int, str]]:
    """(start, end, name) of each place named after a place preposition, in text order."""
    preps = tuple(rules.prepositions.get(lang, []))
    if not preps:
        return []
    stop = {w.lower() for w in rules.not_places.get(lang, [])}
    out = []
    for m in _pattern(preps).finditer(text):
        name = m.group(1).rstrip(".,'’")
        name = re.sub(r"['’]s$", "", name)
        words = name.split()
        # drop leading or trailing words that are not places ("Sunday", "Police")
        while words and words[-1].lower().strip(".") in stop:
            words.pop()
        core = [w for w in words if w[:1].isupper()]
        if not core or core[0].lower().strip(".") in stop:
            continue
        name = " ".join(words)
        out.append((m.start(1), m.start(1) + len(name), name))
    return out


def dateline(text: str) -> str | None:
    """The place of an all-capitals dateline opening `text`, in title case."""
    m = _DATELINE.match(text)
    if not m or len(m.group(1)) < 3:
        return None
    return m.group(1).title()
