"""What a listing shows: the filters and orders of `claims`, `compare` and `export`.

A claim passes when it matches every filter given: its source (the party it is attributed to,
or one in its chain of citations), the outlet of its article, its place, and its time (its
period meets `since`..`until`; an undated claim passes no time filter). A group passes when one
of its claims passes and its status is one asked for; it is shown whole, with all its claims:
a conflict needs both sides.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..errors import InputError
from ..models import ArticleMeta, Claim
from ..reconcile import Group
from .build import Report

Status = Literal["agree", "conflict", "single-source"]
STATUSES: tuple[Status, ...] = ("agree", "conflict", "single-source")
CLAIM_ORDERS = ("document", "time", "figure", "source", "kind")
GROUP_ORDERS = ("claims", "conflicts", "strength", "time", "kind")

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def parse_day(text: str, *, end: bool) -> dt.date:
    """A day from YYYY, YYYY-MM or YYYY-MM-DD: the first day of that period, or with `end` the
    last (`--until 2024` is up to 31 December 2024). InputError when it is no such date."""
    m = _DATE.fullmatch(text.strip())
    if m is None:
        raise InputError(f"{text!r} is not a date: give YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
    try:
        if not month:
            return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        if not day:
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, last if end else 1)
        return dt.date(year, month, day)
    except ValueError:
        raise InputError(f"{text!r} is not a date: no such day") from None


class Selection(BaseModel):
    """The filters of a listing; each None (or empty) passes everything."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    source: str | None = None
    outlet: str | None = None
    location: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    status: tuple[Status, ...] = ()

    @property
    def filters_claims(self) -> bool:
        return any(v is not None for v in (self.source, self.outlet, self.location,
                                           self.since, self.until))

    @property
    def empty(self) -> bool:
        return not self.filters_claims and not self.status

    def claim_test(self, outlets: Mapping[str, Sequence[ArticleMeta]]
                   ) -> Callable[[Claim], bool]:
        """A test of one claim; `outlets` gives each document's articles (for --outlet)."""
        source, outlet, place = (x.casefold() if x else None
                                 for x in (self.source, self.outlet, self.location))

        def test(c: Claim) -> bool:
            if source is not None and not any(
                source in s.casefold() for s in (c.attributed_to or "", *c.source_chain)
            ):
                return False
            if outlet is not None:
                arts = outlets.get(c.document) or []
                name = arts[c.article].outlet if 0 <= c.article < len(arts) else None
                if name is None or outlet not in name.casefold():
                    return False
            if place is not None and place not in (c.location or "").casefold():
                return False
            if self.since is not None or self.until is not None:
                start = c.as_of_start or c.as_of_end
                end = c.as_of_end or c.as_of_start
                if start is None or end is None:
                    return False
                if self.since is not None and end < self.since:
                    return False
                if self.until is not None and start > self.until:
                    return False
            return True

        return test


def select_claims(claims: Iterable[Claim], selection: Selection,
                  outlets: Mapping[str, Sequence[ArticleMeta]]) -> list[Claim]:
    test = selection.claim_test(outlets)
    return [c for c in claims if test(c)]


def sort_claims(claims: list[Claim], order: str) -> list[Claim]:
    """Claims in an order of CLAIM_ORDERS (stable: the stored order within equals)."""
    keys: dict[str, Callable[[Claim], tuple[object, ...]]] = {
        "document": lambda c: (c.document, c.article, c.start),
        "time": lambda c: (c.as_of_start is None, c.as_of_start or dt.date.min,
                           c.as_of_end or dt.date.min),
        "figure": lambda c: (c.value is None and c.low is None,
                             c.value if c.value is not None else (c.low or 0.0)),
        "source": lambda c: ((c.attributed_to or "").casefold() == "",
                             (c.attributed_to or "").casefold()),
        "kind": lambda c: (c.kind,),
    }
    if order not in keys:
        raise InputError(f"unknown order {order!r}; known: {', '.join(keys)}")
    return sorted(claims, key=keys[order])


def select_report(report: Report, claims: list[Claim], selection: Selection, *,
                  order: str = "claims", limit: int | None = None
                  ) -> tuple[Report, list[Claim]]:
    """The report cut to the groups the selection passes, in `order` (GROUP_ORDERS), at most
    `limit` of them; with their claims, conflicts and documents only."""
    by_id = {c.id: c for c in claims}
    outlets = {d.name: d.articles for d in report.documents}
    test = selection.claim_test(outlets)
    status = set(selection.status)
    groups = [
        g for g in report.groups
        if (not status or g.status in status)
        and (not selection.filters_claims
             or any(test(by_id[c]) for c in g.claims if c in by_id))
    ]
    groups = _sort_groups(groups, report, by_id, order)
    omitted = (report.omitted_groups or 0) + max(0, len(groups) - (limit or len(groups)))
    if limit:
        groups = groups[:limit]
    kept = {g.id for g in groups}
    named = {c for g in groups for c in g.claims} | {
        c for g in groups for r in g.relations for c in r.claims}
    conflicts = [k for k in report.conflicts if k.group in kept]
    named |= {c for k in conflicts for c in k.claims}
    picked = [c for c in claims if c.id in named]
    docs = {c.document for c in picked}
    return report.model_copy(update={
        "groups": groups,
        "conflicts": conflicts,
        "claims": [r for r in report.claims if r.id in named],
        "documents": [d for d in report.documents if d.name in docs],
        "omitted_groups": omitted or None,
    }), picked


def _sort_groups(groups: list[Group], report: Report, by_id: Mapping[str, Claim],
                 order: str) -> list[Group]:
    if order == "claims":
        return groups  # as reconciled: the largest first where a limit applies
    strength: dict[str, float] = {}
    count: dict[str, int] = {}
    for k in report.conflicts:
        strength[k.group] = max(strength.get(k.group, 0.0), k.strength)
        count[k.group] = count.get(k.group, 0) + 1

    def latest(g: Group) -> dt.date:
        ends = [by_id[c].as_of_end or by_id[c].as_of_start for c in g.claims if c in by_id]
        return max((e for e in ends if e is not None), default=dt.date.min)

    keys: dict[str, Callable[[Group], tuple[object, ...]]] = {
        "conflicts": lambda g: (-count.get(g.id, 0), -strength.get(g.id, 0.0)),
        "strength": lambda g: (-strength.get(g.id, 0.0), -count.get(g.id, 0)),
        "time": lambda g: (-latest(g).toordinal(),),
        "kind": lambda g: (g.kind, g.subject or ""),
    }
    if order not in keys:
        raise InputError(f"unknown order {order!r}; known: claims, {', '.join(keys)}")
    return sorted(groups, key=keys[order])
