"""Undated articles placed in time by what they share with dated ones.

An article with no publication date (no metadata, none in its text) gives its undated figures
no time at all, and an undated figure is never compared with a dated one. Yet such an article
is usually of the same news cycle as the dated articles that repeat its figures ("15,000 troops
sent" the day a briefing gave it): its undated figures are then placed at the middle
publication day of the dated articles that give the same figure of the same quantity (never
before the latest time the article itself states), read as the days around it. An article that
shares no figure with a dated one stays undated. A named party's counts only: the figures of
people in general (an incident) are compared within their incident already, and one number of
people ("two killed") recurs in unrelated stories.
"""

from __future__ import annotations

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
        elif i.start is not None and _comparable(i, generic):
            dated[(i.claim.kind, i.subject)].append(i)
    days: dict[tuple[str, int], list[dt.date]] = defaultdict(list)
    for i in items:
        where = _where(i)
        if where not in undated or i.start is not None or not _comparable(i, generic):
            continue
        for j in dated.get((i.claim.kind, i.subject), ()):
            day = known[_where(j)]
            if day is not None and _same_figure(i, j):
                days[where].append(day)
    placed: Placement = {}
    for where, found in days.items():
        found.sort()
        day = found[(len(found) - 1) // 2]
        placed[where] = max(day, latest.get(where, day))
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


def _same_figure(a: _Item, b: _Item) -> bool:
    """Two figures that can be one: bounded on both sides ("at least 100" or "thousands"
    fits too many figures to tie two articles) and overlapping."""
    return (
        all(math.isfinite(x) for x in (a.lo, a.hi, b.lo, b.hi))
        and Qualifier.vague not in (a.claim.qualifier, b.claim.qualifier)
        and a.lo <= b.hi
        and b.lo <= a.hi
    )


def _comparable(i: _Item, generic: set[str | None]) -> bool:
    """A factual figure of a named party, neither denied nor a translation nor a date."""
    return (i.subject not in generic and i.factual and not i.denied and not i.date
            and i.claim.translation_of is None)
