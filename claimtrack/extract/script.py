"""Chinese script conversion that keeps every character in its place.

The rules of a language are written in one script; a text in the other is converted before
they read it (traditional 萬, 億, 兩, 據 read as 万, 亿, 两, 据). Offsets into the converted text
must still slice the original, so a conversion that would change the length is done
character by character instead.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=4)
def _converter(config: str) -> Any:
    import opencc  # the package ships its dictionaries: nothing is fetched

    return opencc.OpenCC(config)


def convert(text: str, config: str) -> str:
    """`text` converted by the OpenCC configuration `config` ("t2s"), of the same length."""
    if text.isascii():
        return text
    conv = _converter(config)
    out: str = conv.convert(text)
    if len(out) == len(text):
        return out
    # a phrase rule changed the length: one character at a time, each kept when its
    # conversion is not one character
    return "".join(o if len(o := conv.convert(c)) == 1 else c for c in text)
