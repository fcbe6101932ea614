"""A document's text signature: MinHash of its word shingles, to tell a reprint from a story.

A syndicated or wire copy repeats most of its original's sentences, under another header; two
unrelated stories share short phrases ("two people were killed") but few runs of five words.
The signature is computed once, at ingest, and stored with the document (`signature` column):
the reconciler compares signatures, never texts.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping

import numpy as np

SHINGLE_WORDS = 5
PERMUTATIONS = 64
# locality-sensitive hashing: signatures cut in BANDS bands of PERMUTATIONS // BANDS values;
# two documents sharing one band are compared. 16 bands of 4 make pairs near COPY_SIMILARITY
# likely candidates ((1/16) ** (1/4) = 0.5)
BANDS = 16
# documents whose shingle sets overlap this much (Jaccard, estimated) are one story printed twice
COPY_SIMILARITY = 0.5

_WORD = re.compile(r"\w+", re.UNICODE)
_MAX = np.uint64((1 << 32) - 1)
# the permutations, fixed: stored signatures must be read with the same ones. A datasketch-like
# MinHash written out here (about twenty lines) because importing datasketch loads scipy: 0.34 s
# on every command that opens the store
_PRIME = np.uint64((1 << 61) - 1)
_rng = np.random.RandomState(1)
_A = _rng.randint(1, int(_PRIME), size=PERMUTATIONS, dtype=np.uint64)
_B = _rng.randint(0, int(_PRIME), size=PERMUTATIONS, dtype=np.uint64)
del _rng


def _shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text.casefold())
    if any(len(w) > 1 and not w.isascii() for w in words):
        # a script without spaces (Chinese): shingles of characters
        words = [ch for w in words for ch in w]
    n = SHINGLE_WORDS
    return {" ".join(words[k : k + n]).encode() for k in range(max(0, len(words) - n + 1))}


def _hashes(signature: bytes) -> np.ndarray:
    return np.frombuffer(signature, dtype=np.uint64)


def text_signature(text: str) -> bytes | None:
    """The MinHash of `text`'s shingles as bytes (None for a text too short to shingle)."""
    shingles = _shingles(text)
    if not shingles:
        return None
    hv = np.fromiter((int.from_bytes(hashlib.sha1(s).digest()[:4], "little") for s in shingles),
                     dtype=np.uint64, count=len(shingles))
    with np.errstate(over="ignore"):  # the products wrap, the same way every time
        values = ((hv[:, None] * _A + _B) % _PRIME) & _MAX
    return values.min(axis=0).astype(np.uint64).tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """The estimated Jaccard similarity of two signatures' shingle sets."""
    return float(np.mean(_hashes(a) == _hashes(b)))


def copies(signatures: Mapping[str, bytes | None]) -> Iterable[tuple[str, str]]:
    """Each reprint (in name order) with the first document before it whose text it repeats:
    found through locality-sensitive hashing, so that not every pair of documents is compared.
    A reprint is not a candidate for later documents: its original stands for it, so a story
    printed a thousand times costs a thousand comparisons, not half a million."""
    rows = PERMUTATIONS // BANDS
    buckets: dict[tuple[int, bytes], list[str]] = defaultdict(list)
    for name in sorted(signatures):
        sig = signatures[name]
        if sig is None or len(sig) != PERMUTATIONS * 8:
            continue  # none stored, or made with other settings
        keys = [(band, sig[band * rows * 8 : (band + 1) * rows * 8]) for band in range(BANDS)]
        candidates = sorted({other for key in keys for other in buckets.get(key, ())})
        original = next((other for other in candidates
                         if similarity(sig, signatures[other] or b"") >= COPY_SIMILARITY), None)
        if original is not None:
            yield original, name
            continue
        for key in keys:
            buckets[key].append(name)
