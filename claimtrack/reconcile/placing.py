"""Undated articles placed in time by what they share with dated ones.

An article with no publication date (no metadata, none in its text) gives its undated figures
no time at all, and an undated figure is never compared with a dated one. Yet such an article
is usually of the same news cycle as the dated articles that repeat its figures ("15,000 troops
sent" the day a briefing gave it): its undated figures are then placed at the middle of the
days its shared figures were published (each figure shared: the middle publication day of the
dated articles giving it), never before the latest time the article itself states, read as
the days around it. An article that shares no figure with a dated one stays undated. A named
party's counts only: the figures of people in general (an incident) are compared within their
incident already, and one number of people ("two killed") recurs in unrelated stories.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterable

from ..models import Qualifier
from .frames import SAME_TIME_DAYS, _Item

# where an undated article's figures are placed: (document, article) -> day
Placement = dict[tuple[str, int], dt.date]


def _where(i: _Item) -> tuple[str, int]:
    return i.claim.document, i.claim.article


def place_undated_articles(
    items: Iterable[_Item],
    published: Callable[[_Item], dt.date | None],
    generic: set[str | None],
) -> Placement:
    """Place the undated figures of undated articles (see the module docstring): each takes
    its article's day as an inferred time, as a dated article's undated figure takes its
    publication day. `published` gives the last day an item's article may have been published,
    when known. Returns the day of each article placed."""
    items = list(items)
    known: dict[tuple[str, int], dt.date | None] = {}
    for i in items:
        where = _where(i)
        if where not in known or known[where] is None:
            day = published(i)
            if day is None and i.inferred and i.end is not None:
                day = i.end  # the publication day the text gives
            known[where] = day
    undated = {w for w, day in known.items() if day is None}
    if not undated:
        return {}
    # the latest time each undated article states: it was written no earlier
    latest: dict[tuple[str, int], dt.date] = {}
    dated: dict[tuple[str, str | None], list[_Item]] = defaultdict(list)
    for i in items:
        where = _where(i)
        if where in undated:
            if i.end is not None and i.factual and not i.denied:
                latest[where] = max(latest.get(where, i.end), i.end)
        elif i.start is not None and _comparable(i, generic) and _bounded(i):
            dated[(i.claim.kind, i.subject)].append(i)
    # each quantity's dated figures, one entry per interval with the middle publication day of
    # the articles giving it, by low bound: an undated figure looks only at those that can
    # reach it (this runs over whole corpora, where one figure is repeated by many articles)
    figures: dict[tuple[str, str | None], list[tuple[float, float, dt.date]]] = {}
    for key, found in dated.items():
        by_interval: dict[tuple[float, float], set[dt.date]] = defaultdict(set)
        for j in found:
            day = known[_where(j)]
            if day is not None:
                by_interval[(j.lo, j.hi)].add(day)
        figures[key] = sorted((lo, hi, _middle(sorted(d))) for (lo, hi), d in by_interval.items())
    lows = {key: [f[0] for f in found] for key, found in figures.items()}
    widest = {key: max((f[1] - f[0] for f in found), default=0.0)
              for key, found in figures.items()}
    days: dict[tuple[str, int], list[dt.date]] = defaultdict(list)
    for i in items:
        where = _where(i)
        if (where not in undated or i.start is not None or not _comparable(i, generic)
                or not _bounded(i)):
            continue
        key = (i.claim.kind, i.subject)
        if key not in figures:
            continue
        los, found_figures = lows[key], figures[key]
        for n in range(bisect.bisect_left(los, i.lo - widest[key]),
                       bisect.bisect_right(los, i.hi)):
            _, hi, middle = found_figures[n]
            if hi >= i.lo:
                days[where].append(middle)
    placed: Placement = {}
    for where, sharing in days.items():
        middle = _middle(sorted(sharing))
        placed[where] = max(middle, latest.get(where, middle))
    week = dt.timedelta(days=SAME_TIME_DAYS)
    for i in items:
        day = placed.get(_where(i))
        if day is not None and i.start is None and not i.date:
            # about then: the days around it, never before what the article states
            first = latest.get(_where(i))
            i.start = max(day - week, first) if first is not None else day - week
            i.end = day + week
            i.inferred = True
            i.placed = True
    return placed


def _middle(days: list[dt.date]) -> dt.date:
    """The middle of sorted days (the earlier of the two middle ones)."""
    return days[(len(days) - 1) // 2]


def _bounded(i: _Item) -> bool:
    """A figure that can tie two articles: bounded on both sides and precise ("at least 100"
    or "thousands" fits too many figures); two such figures are one where they overlap."""
    return (math.isfinite(i.lo) and math.isfinite(i.hi)
            and i.claim.qualifier is not Qualifier.vague)


def _comparable(i: _Item, generic: set[str | None]) -> bool:
    """A factual figure of a named party, neither denied nor a translation nor a date."""
    return (i.subject not in generic and i.factual and not i.denied and not i.date
            and i.claim.translation_of is None)
