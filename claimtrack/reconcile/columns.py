"""How the pairs of a large group stand, decided for all pairs at once with numpy.

A group compares each claim with the `neighbours` claims that follow it in time order. In a
large group that is millions of pairs, most of which agree and are only counted; deciding them
one by one in Python is most of the reconciler's time. Here the same rules as
`reconcile._Builder.pair` run over columns (one entry per claim): for each offset k, claim n
against claim n + k. Pairs the columns cannot decide (a translation and its original, or a date
without a calendar day, which matches by its text) come back as `SPECIAL`, for the caller to
decide one by one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .frames import MONTH_DAYS

# decisions, in the order the rules apply: the first that holds wins
SPECIAL, DENIAL, MODALITY, AGREE, SAME_SENTENCE, CONFLICT, UPDATE, DATE_CONFLICT = range(8)
UNDATED = 8  # a claim with no time against another of another article: not compared

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Columns:
    """A group's claims in time order, as the rules see them."""

    lo: Floats  # hedge-widened interval (-inf/inf when open)
    hi: Floats
    timed: Bools  # has a time frame (start and end)
    start: Ints  # the frame as day ordinals (0 when untimed)
    end: Ints
    denied: Bools
    factual: Bools  # not a plan or a possibility
    sentence: Ints  # one code per (document, passage)
    stated: Ints  # one code per stated time text (-1: none)
    source: Ints  # one code per source named (-1: none)
    document: Ints  # one code per document
    special: Bools  # pairs with this claim are decided by the caller
    special_within: bool  # pairs of one document are decided by the caller too
    dates: bool  # a group of date claims: `day_start`..`day_end` is the day each names
    day_start: Ints
    day_end: Ints


@dataclass(frozen=True)
class Decisions:
    """The agreements among the pairs decided here (a count), and every other pair: claim
    `first[i]` against claim `first[i] + offset[i]`, decided `code[i]`, in the order of
    `first`, then `offset` (the order the pairs are compared in, one by one)."""

    agreements: int
    first: Ints
    offset: Ints
    code: Ints


def decide(
    cols: Columns, neighbours: int, rounding: float, days: int, incident: bool = False
) -> Decisions:
    """Decide each claim against the `neighbours` claims after it. `incident`: undated claims
    of different documents are compared (as `_Builder.pair` does in an incident's group)."""
    m = len(cols.lo)
    agreements = 0
    firsts: list[Ints] = []
    offsets: list[Ints] = []
    codes: list[Ints] = []
    for k in range(1, min(neighbours, m - 1) + 1):
        a, b = slice(0, m - k), slice(k, m)
        special = cols.special[a] | cols.special[b]
        if cols.special_within:
            special = special | (cols.document[a] == cols.document[b])
        denial = cols.denied[a] | cols.denied[b]
        if cols.dates:
            start, end = cols.day_start, cols.day_end
            same_day = (start[a] <= end[b]) & (start[b] <= end[a])
            code = np.select([special, denial, same_day], [SPECIAL, DENIAL, AGREE], DATE_CONFLICT)
        else:
            untimed = ~(cols.timed[a] & cols.timed[b])
            undated = incident | (cols.document[a] == cols.document[b])
            code = np.select(
                [special, denial, cols.factual[a] != cols.factual[b], _close(cols, a, b, rounding),
                 _one_statement(cols, a, b), _same_time(cols, a, b, days, undated),
                 untimed],
                [SPECIAL, DENIAL, MODALITY, AGREE, SAME_SENTENCE, CONFLICT, UNDATED],
                UPDATE,
            )
        listed = np.flatnonzero(code != AGREE)
        agreements += len(code) - len(listed)
        firsts.append(listed)
        offsets.append(np.full(len(listed), k, dtype=np.int64))
        codes.append(code[listed])
    if not firsts:
        empty = np.zeros(0, dtype=np.int64)
        return Decisions(0, empty, empty, empty)
    first, offset, code = np.concatenate(firsts), np.concatenate(offsets), np.concatenate(codes)
    order = np.lexsort((offset, first))
    return Decisions(agreements, first[order], offset[order], code[order])


def _one_statement(cols: Columns, a: slice, b: slice) -> Bools:
    """One sentence, and no different stated times or sources (`core._one_statement`)."""
    apart = np.zeros(len(cols.sentence[a]), dtype=np.bool_)
    for col in (cols.stated, cols.source):
        x, y = col[a], col[b]
        apart |= (x >= 0) & (y >= 0) & (x != y)
    result: Bools = (cols.sentence[a] == cols.sentence[b]) & ~apart
    return result


def _close(cols: Columns, a: slice, b: slice, rounding: float) -> Bools:
    """The intervals overlap, or miss each other by no more than rounding allows (a share of
    the largest finite bound)."""
    lo_a, hi_a, lo_b, hi_b = cols.lo[a], cols.hi[a], cols.lo[b], cols.hi[b]
    overlap = (lo_a <= hi_b) & (lo_b <= hi_a)
    gap = np.maximum(lo_a, lo_b) - np.minimum(hi_a, hi_b)
    bounds = np.stack([lo_a, hi_a, lo_b, hi_b])
    scale = np.where(np.isfinite(bounds), np.abs(bounds), 0.0).max(axis=0)
    result: Bools = overlap | (gap <= rounding * scale)
    return result


def _same_time(cols: Columns, a: slice, b: slice, days: int, undated: Bools | bool) -> Bools:
    """Frames that overlap with ends at most `days` apart, or one inside the other when the
    outer is no longer than a month; two untimed claims share a frame where `undated` says
    they may, an untimed and a timed one never (`frames._same_time`)."""
    timed_a, timed_b = cols.timed[a], cols.timed[b]
    s_a, e_a, s_b, e_b = cols.start[a], cols.end[a], cols.start[b], cols.end[b]
    overlap = (s_a <= e_b) & (s_b <= e_a)
    a_inside = (s_b <= s_a) & (e_a <= e_b) & ((e_b - s_b) < MONTH_DAYS)
    b_inside = (s_a <= s_b) & (e_b <= e_a) & ((e_a - s_a) < MONTH_DAYS)
    timed = overlap & ((np.abs(e_a - e_b) <= days) | a_inside | b_inside)
    result: Bools = np.where(timed_a & timed_b, timed, ~timed_a & ~timed_b & undated)
    return result
