"""A document's text signature: MinHash of its word shingles, to tell a reprint from a story.

A syndicated or wire copy repeats most of its original's sentences, under another header; two
unrelated stories share short phrases ("two people were killed") but few runs of five words.
The signature is computed once, at ingest, and stored with the document (`signature` column):
the reconciler compares signatures, never texts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import numpy as np
from datasketch import MinHash, MinHashLSH

SHINGLE_WORDS = 5
PERMUTATIONS = 64
# the hashing of datasketch >= 2 (named, since stored values must be read back with it)
SCHEME = "affine32"
# documents whose shingle sets overlap this much (Jaccard, estimated) are one story printed twice
COPY_SIMILARITY = 0.5

_WORD = re.compile(r"\w+", re.UNICODE)


def _shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text.casefold())
    if any(len(w) > 1 and not w.isascii() for w in words):
        # a script without spaces (Chinese): shingles of characters
        words = [ch for w in words for ch in w]
    n = SHINGLE_WORDS
    return {" ".join(words[k : k + n]).encode() for k in range(max(0, len(words) - n + 1))}


def text_signature(text: str) -> bytes | None:
    """The MinHash of `text`'s shingles as bytes (None for a text too short to shingle)."""
    shingles = _shingles(text)
    if not shingles:
        return None
    m = MinHash(num_perm=PERMUTATIONS, seed=1, scheme=SCHEME)
    m.update_batch(list(shingles))
    return np.asarray(m.hashvalues, dtype=np.uint64).tobytes()


def _minhash(signature: bytes) -> MinHash:
    return MinHash(num_perm=PERMUTATIONS, seed=1, scheme=SCHEME,
                   hashvalues=np.frombuffer(signature, dtype=np.uint64))


def similarity(a: bytes, b: bytes) -> float:
    """The estimated Jaccard similarity of two signatures' shingle sets."""
    return float(_minhash(a).jaccard(_minhash(b)))


def copies(signatures: Mapping[str, bytes | None]) -> Iterable[tuple[str, str]]:
    """Pairs of documents (by name, in name order) whose texts are one story: found through
    locality-sensitive hashing, so that not every pair of documents is compared."""
    lsh = MinHashLSH(threshold=COPY_SIMILARITY, num_perm=PERMUTATIONS)
    hashes: dict[str, MinHash] = {}
    for name in sorted(signatures):
        sig = signatures[name]
        if sig is None or len(sig) != PERMUTATIONS * 8:
            continue  # none stored, or made with other settings
        m = hashes[name] = _minhash(sig)
        for other in sorted(lsh.query(m)):
            if m.jaccard(hashes[other]) >= COPY_SIMILARITY:
                yield other, name
        lsh.insert(name, m)
