"""Reconcile claims across sources: group them by quantity, relate them, estimate each figure.

Estimate: from a group's claims that are not denied, not translations and not plans (unless only
plans), keep the latest time frame (those overlapping the most recent period). `best` is the
median of their point figures (a value, or a closed range's midpoint); `low`..`high` is what all
of them allow together, hedges widened, or, if they disagree, the lowest lower to the highest
upper bound. Open sides ("more than") set no bound; a figure one origin repeats counts once.

Grouping. A group is one quantity: one kind, one subject, one place, over time.

* Subjects and places are matched to `claims.yaml` names through their aliases, then by rapidfuzz
  `token_sort_ratio` >= 85 against names and aliases; other texts are matched fuzzily to each
  other, comparing only texts that share a word, so the cost stays linear.
* Places are grouped by theatre: a place `within` another in `claims.yaml` (Kursk within
  Russia) groups with it, under the larger place's name.
* A claim without a place joins the only place its kind and subject have; with several places
  (or none) it forms a group of its own, with `location` None.
* Claims are blocked by (kind, subject) first; pairs are compared only inside a group, and
  `different_scope` links only inside one (topic, subject); a placeless incident (one article's
  figures about people in general) links only with groups holding claims of its article.
* Claims of the same quantity at different times stay in one group, so the group shows how the
  figure changed (`update` relations) and the estimate takes the latest frame.
* Date claims (`kind: date`) group by event (`_event`): an act by its verb and the kinds its
  sentence speaks of (`item`), a statement by its speaker's side and the kinds it is on (split
  into statements more than a day apart), else the same subject text (fuzzy); a translation
  always joins its original's group.
* Kinds of one topic that count differently (a `scope` such as increment, total or combined, or
  a planned kind) are separate groups; a claim that shares subject, place and time with a claim
  of such a group gets one `different_scope` relation to it, listed in the group of the claim.

Time frames. A claim with a period in the text covers that period. A claim whose time was
inferred (`as_of_inferred`: the text gave none) speaks of the state at publication: it is
the same time frame as a period containing the publication date, and later than any period
ending before it, so a different figure is an `update`, not a conflict. A claim with no time at
all shares a frame with everything. Two claims conflict only when their frames overlap.

Sources. A claim's origin is the last outlet of its `source_chain`, else `attributed_to`, else
its document's outlet (`documents_meta`), else the document; names go through `sources`
aliases. A translation has its original's origin; a figure of a document that shares two or
more figures and their wordings with an earlier one (a syndicated copy, `origins.py`) has the
first copy's. Status: `conflict` if any value or date conflict
touches the group (even with one source), else `single-source` with at most one origin among
non-denied claims, else `agree`.

Pairs. Within a group each claim is compared with the `neighbours` claims that follow it in time
order: every pair in small groups, a bounded number in large ones. Every compared pair gets a
decision, kept as a compact tuple (type, two claims, reason template) and worded only when the
result is built; a group of more than `LIST_AGREEMENTS_UP_TO` claims gives its agreements
(`agree`, `same_origin`) only as a count, `Group.agreements`, lists its conflicts only in
`Reconciliation.conflicts` (not again in `relations`), and lists every other relation.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import gc
import hashlib
import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Literal, NamedTuple

from pydantic import TypeAdapter

from ..config import ClaimsConfig
from ..errors import ClaimtrackError
from ..extract.timex import find_times
from ..models import Claim, Modality, Qualifier
from .frames import (
    MONTH_DAYS,
    SAME_TIME_DAYS,
    _clip,
    _dates_overlap,
    _frame,
    _interval,
    _Item,
    _near_time,
    _outlet,
    _overlap,
    _published_end,
    _same_time,
    _time_key,
)
from .models import (
    Conflict,
    DocumentMeta,
    Estimate,
    Group,
    Reconciliation,
    RelationType,
)
from .names import _Names
from .origins import mark_copies
from .placing import place_undated_articles
from .strength import date_strength, value_strength
from .wording import (
    _R_AGREE,
    _R_CONFLICT,
    _R_DENIAL,
    _R_FELL,
    _R_MODALITY,
    _R_OTHER_DATE,
    _R_PART_EXCEEDS,
    _R_PART_OF,
    _R_PARTS,
    _R_PARTS_SUM,
    _R_SAME_DATE,
    _R_SAME_ORIGIN,
    _R_SAME_SENTENCE,
    _R_SUBSET,
    _R_TRANSLATED_DATE,
    _R_TRANSLATED_FIGURE,
    _R_TRANSLATION,
    _R_UNDATED,
    _R_UPDATE,
    _first_listed,
    _Reason,
    _reason,
    _Rel,
)

if TYPE_CHECKING:
    from . import columns as pairs_module
    from .stream import Context

# bumped whenever the same claims and config would reconcile differently: stored results of
# an older reconciler are then recomputed
RECONCILE_VERSION = 10
SUBJECT_THRESHOLD = 85.0
LOCATION_THRESHOLD = 85.0
DEFAULT_NEIGHBOURS = 16
# a claim is checked against this many claims of another scope's group for a shared time
_SCOPE_CANDIDATES = 4

_AGREEING = ("agree", "same_origin")
# a group with more claims lists its agreements only as a count (`Group.agreements`)
LIST_AGREEMENTS_UP_TO = 50
# a group this large (and so listing only a count of its agreements) has its pairs decided
# over columns (`pairs.decide`), not one by one
PAIR_COLUMNS_FROM = 200


# a running total put lower by another source: by at most this factor a disagreement (43,000
# against 80,000), further down another quantity
FELL_AT_MOST = 0.1


class _Builder:
    """Collects a group's relations and conflicts as compact tuples: the decision for every
    compared pair, worded later (`_reason`) and only for what is output."""

    def __init__(self, rounding: float, same_time_days: int = SAME_TIME_DAYS) -> None:
        self.rounding = rounding
        self.same_time_days = same_time_days
        self.relations: dict[str, list[_Rel]] = defaultdict(list)
        # (type, group, relation): a conflict shares the relation that found it, and its words
        self.conflicts: list[tuple[Literal["value", "date"], str, _Rel]] = []
        self.agreements: dict[str, int] = defaultdict(int)
        self.comparisons = 0
        # groups large enough that their agreements are counted, not listed
        self.quiet: set[str] = set()
        # whether undated claims of different articles are compared in the group being paired:
        # in an incident's group (people at one place and time) yes, in an army's count over a
        # war no (an undated figure may be from any year of it)
        self.incident = False
        # whether the group counts people in general (placed or not), not a named party
        self.general = False
        # whether the group's kind is a running total (`KindRule.cumulative`)
        self.cumulative = False

    def relate(self, gid: str, kind: RelationType, a: _Item, b: _Item, how: _Reason) -> _Rel:
        rel: _Rel = (kind, a, b, how)
        if kind in _AGREEING:
            self.agreements[gid] += 1
            if gid in self.quiet:
                return rel
        elif kind == "conflict" and gid in self.quiet:
            return rel  # listed once, in `conflicts`
        self.relations[gid].append(rel)
        return rel

    def conflict(self, gid: str, kind: Literal["value", "date"], rel: _Rel) -> None:
        self.conflicts.append((kind, gid, rel))

    def pair(self, gid: str, a: _Item, b: _Item) -> None:
        """Relate two claims of one group (a before b in time order); the caller counts
        the comparison."""
        if b.original == a.id or a.original == b.id:
            orig, tr = (a, b) if b.original == a.id else (b, a)
            self.relate(gid, "translation", orig, tr, _R_TRANSLATION)
            if a.date:
                if not _dates_overlap(a.claim, b.claim):
                    self.conflict(gid, "date", ("translation", orig, tr, _R_TRANSLATED_DATE))
            elif not _overlap(a, b, self.rounding):
                self.conflict(gid, "value", ("translation", orig, tr, _R_TRANSLATED_FIGURE))
            return
        if a.original is not None or b.original is not None:
            # a translation stands for its original against every other claim: relating it
            # again would list each of the original's conflicts twice; unless it gives its
            # event another date than its original does
            if a.date and (a.diverges or b.diverges):
                self._dates(gid, a, b)
            return
        if a.denied or b.denied:
            d, o = (a, b) if a.denied else (b, a)
            self.relate(gid, "denial", d, o, _R_DENIAL)
            return
        if a.date:
            self._dates(gid, a, b)
            return
        if (a.part or b.part) and not (a.lo <= b.hi and b.lo <= a.hi):
            p, w = (a, b) if a.part else (b, a)
            self.relate(gid, "different_scope", p, w, _R_PART_OF)
            return
        if a.factual != b.factual:
            p, f = (a, b) if not a.factual else (b, a)
            self.relate(gid, "different_modality", p, f, _R_MODALITY)
            return
        if (a.lo <= b.hi and b.lo <= a.hi) or _overlap(a, b, self.rounding):
            if a.origin == b.origin:
                self.relate(gid, "same_origin", a, b, _R_SAME_ORIGIN)
            else:
                self.relate(gid, "agree", a, b, _R_AGREE)
            return
        if _one_statement(a.claim, b.claim, self.general):
            self.relate(gid, "different_scope", a, b, _R_SAME_SENTENCE)
            return
        if a.subset != b.subset:
            part, whole = (a, b) if a.subset else (b, a)
            if part.hi <= whole.hi or part.lo <= whole.lo:
                self.relate(gid, "different_scope", part, whole, _R_SUBSET)
                return
        one_article = a.claim.document == b.claim.document
        # `_columns` leaves these pairs of groups about people in general to this method
        if self.incident and _parts(a.claim.quote, b.claim.quote, one_article):
            self.relate(gid, "different_scope", a, b, _R_PARTS)
            return
        # one source's figures about an incident in one article are parts of its account (the
        # dead, those among them shot at the scene, ...): only two sources of it are compared
        if self.general and one_article and a.origin == b.origin:
            self.relate(gid, "different_scope", a, b, _R_PARTS)
            return
        undated = self.incident or one_article
        if _same_time(a, b, self.same_time_days, undated):
            self.conflict(gid, "value", self.relate(gid, "conflict", a, b, _R_CONFLICT))
            return
        if a.start is None or b.start is None:
            self.relate(gid, "different_time", *((a, b) if a.start is None else (b, a)),
                        _R_UNDATED)
            return
        first, later = (a, b) if _time_key(a) <= _time_key(b) else (b, a)
        if self._fell(first, later):
            self.conflict(gid, "value", self.relate(gid, "conflict", first, later, _R_FELL))
            return
        self.relate(gid, "update", first, later, _R_UPDATE)

    def _fell(self, first: _Item, later: _Item) -> bool:
        """A named party's running total (its dead so far) that another source puts lower a
        few weeks later, as of a day: the two accounts disagree, the count did not fall. A
        later figure of a period ("1,200 killed in November") counts that period only; one ten
        times lower counts something narrower (a unit, a front), not the same total."""
        return (
            self.cumulative
            and not self.general
            and first.origin != later.origin
            and FELL_AT_MOST * first.lo <= later.hi < first.lo
            and later.start == later.end
            and first.end is not None
            and later.end is not None
            and (later.end - first.end).days <= MONTH_DAYS
        )

    def pair_many(self, gid: str, members: list[_Item], neighbours: int) -> None:
        """`pair` for each claim of a large group and the `neighbours` claims after it,
        decided over columns (`pairs.decide`): the same relations, in the same order."""
        from . import columns as pairs

        d = pairs.decide(_columns(members, self.incident, self.general), neighbours, self.rounding,
                         self.same_time_days, self.incident)
        self.agreements[gid] += d.agreements
        relate, conflict = self.relate, self.conflict
        for n, k, code in zip(d.first.tolist(), d.offset.tolist(), d.code.tolist(), strict=True):
            a, b = members[n], members[n + k]
            if code == pairs.SPECIAL:
                self.pair(gid, a, b)
            elif code == pairs.DENIAL:
                relate(gid, "denial", *((a, b) if a.denied else (b, a)), _R_DENIAL)
            elif code == pairs.CONFLICT:
                conflict(gid, "value", relate(gid, "conflict", a, b, _R_CONFLICT))
            elif code == pairs.UPDATE and self.cumulative:
                self.pair(gid, a, b)  # a running total that falls is no update (`_fell`)
            elif code == pairs.UPDATE:
                first, later = (a, b) if _time_key(a) <= _time_key(b) else (b, a)
                relate(gid, "update", first, later, _R_UPDATE)
            elif code == pairs.UNDATED:
                relate(gid, "different_time", *((a, b) if a.start is None else (b, a)),
                       _R_UNDATED)
            elif code == pairs.DATE_CONFLICT:
                conflict(gid, "date", relate(gid, "conflict", a, b, _R_OTHER_DATE))
            elif code == pairs.MODALITY:
                relate(gid, "different_modality", *((a, b) if not a.factual else (b, a)),
                       _R_MODALITY)
            else:
                relate(gid, "different_scope", a, b, _R_SAME_SENTENCE)

    def _dates(self, gid: str, a: _Item, b: _Item) -> None:
        if _dates_overlap(a.claim, b.claim):
            kind: RelationType = "same_origin" if a.origin == b.origin else "agree"
            self.relate(gid, kind, a, b, _R_SAME_DATE)
            return
        self.conflict(gid, "date", self.relate(gid, "conflict", a, b, _R_OTHER_DATE))

    def weekday(self, gid: str, i: _Item) -> None:
        """A date whose written weekday is not the weekday of its calendar date."""
        c = i.claim
        if (
            not c.date_text
            or c.as_of_start is None
            or c.as_of_start != (c.as_of_end or c.as_of_start)
        ):
            return
        days = _weekdays(c.date_text, c.language)
        if days and c.as_of_start.weekday() not in days:
            named = c.as_of_start.strftime("%A")
            reason = f"{i.id} writes {c.date_text!r} but {c.as_of_start} is a {named}."
            self.conflict(gid, "date", ("conflict", i, i, reason))


@functools.lru_cache(maxsize=4096)
def _weekdays(text: str, language: str) -> tuple[int, ...]:
    """The weekdays a date text names (copies of an article repeat the same texts)."""
    try:
        mentions = find_times(text, None, language)
    except ClaimtrackError:  # no time rules for the language: nothing to check against
        return ()
    return tuple(m.weekday for m in mentions if m.weekday is not None)


_OTHERS = {"other", "others"}


def _one_statement(a: Claim, b: Claim, incident: bool = False) -> bool:
    """Whether two figures are given in one sentence by one voice, so that they count parts
    of a whole ("two women and four men"). A named party's figures of one sentence with
    different stated times ("4,000 on 9 January, 3,000 on Monday") or different sources
    ("over 3,000, Kyiv said, while Seoul said 1,100") are one quantity stated twice, compared
    as such; in an incident's sentence the figures stay parts ("one man, his brother said,
    and eight others, police said")."""
    if a.document != b.document or a.passage != b.passage:
        return False
    return incident or (
        not (a.date_text and b.date_text and a.date_text != b.date_text)
        and not (a.attributed_to and b.attributed_to and a.attributed_to != b.attributed_to)
    )


def _parts(a: str, b: str, one_article: bool) -> bool:
    """Whether two figures about one incident count different people: "two others" counts
    those besides someone already counted (in any article); in one article, "two women" and
    "four men" are parts of the incident, not one count given twice. The counted noun is the
    quote's last word."""
    words_a, words_b = a.casefold().split(), b.casefold().split()
    if _OTHERS & {*words_a, *words_b}:
        return True
    if not one_article or len(words_a) < 2 or len(words_b) < 2:  # a bare figure names nothing
        return False
    last_a, last_b = words_a[-1], words_b[-1]
    if not (_has_letters(last_a) and _has_letters(last_b)):  # "80,000 or 100,000": no noun
        return False
    return _noun(last_a) != _noun(last_b)


def _has_letters(word: str) -> bool:
    return any(ch.isalpha() for ch in word)


def _noun(word: str) -> str:
    word = word.strip(".,;:!?\"'")
    for plural, singular in (("women", "woman"), ("men", "man"), ("people", "person"),
                             ("children", "child")):
        if word.endswith(plural):
            return word[: -len(plural)] + singular
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _columns(
    members: list[_Item], incident: bool = False, general: bool = False
) -> pairs_module.Columns:
    """A group's claims as the columns `pairs.decide` reads; in an incident's group, pairs of
    one article are left to `_Builder.pair` (which tells parts of the incident apart)."""
    import numpy as np

    from . import columns as pairs

    sentences: dict[tuple[str, int], int] = {}
    documents: dict[str, int] = {}
    voices: dict[str, int] = {}
    timed = [i.start is not None and i.end is not None for i in members]
    dates = bool(members) and members[0].date
    days = [
        (c.as_of_start.toordinal(), (c.as_of_end or c.as_of_start).toordinal())
        if dates and c.as_of_start is not None else (0, 0)
        for c in (i.claim for i in members)
    ]
    return pairs.Columns(
        lo=np.array([i.lo for i in members], dtype=np.float64),
        hi=np.array([i.hi for i in members], dtype=np.float64),
        timed=np.array(timed, dtype=np.bool_),
        start=np.array([i.start.toordinal() if t and i.start else 0
                        for i, t in zip(members, timed, strict=True)], dtype=np.int64),
        end=np.array([i.end.toordinal() if t and i.end else 0
                      for i, t in zip(members, timed, strict=True)], dtype=np.int64),
        denied=np.array([i.denied for i in members], dtype=np.bool_),
        factual=np.array([i.factual for i in members], dtype=np.bool_),
        sentence=np.array([sentences.setdefault((i.claim.document, i.claim.passage),
                                                len(sentences)) for i in members],
                          dtype=np.int64),
        # what sets apart two figures of one sentence: a stated time, a source (-1: none)
        # (figures of one sentence about people in general are parts whoever gives them)
        stated=np.array([voices.setdefault(i.claim.date_text, len(voices))
                         if i.claim.date_text and not general else -1 for i in members],
                        dtype=np.int64),
        source=np.array([voices.setdefault(i.claim.attributed_to, len(voices))
                         if i.claim.attributed_to and not general else -1 for i in members],
                        dtype=np.int64),
        document=np.array([documents.setdefault(i.claim.document, len(documents))
                           for i in members], dtype=np.int64),
        # a translation pair is decided by ids; a date without a calendar day by its text
        special=np.array([i.original is not None or i.claim.translation_of is not None
                          or (dates and i.claim.as_of_start is None)
                          or i.subset
                          or i.part
                          or (incident and _OTHERS & {*i.claim.quote.casefold().split()})
                          for i in members], dtype=np.bool_),
        special_within=general,
        dates=dates,
        day_start=np.array([d[0] for d in days], dtype=np.int64),
        day_end=np.array([d[1] for d in days], dtype=np.int64),
    )


# ---------------------------------------------------------------- grouping


def _slug(text: str | None) -> str:
    if not text:
        return "-"
    slug = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    return slug or "x"


def _group_id(
    kind: str, subject: str | None, location: str | None, event: str | None = None
) -> str:
    """Stable: the same kind, subject and place (and event claim) give the same id on every
    run."""
    key = f"{kind}\x1f{subject or ''}\x1f{location or ''}"
    if event is not None and event != subject:
        key += f"\x1f{event}"
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]
    where = f"@{_slug(location)}" if location else ""
    return f"{kind}:{_slug(subject)}{where}:{digest}"


def _scope(config: ClaimsConfig, kind: str) -> str | None:
    rule = config.kinds.get(kind)
    if rule is None:
        return None
    if rule.scope:
        return rule.scope
    return "planned" if rule.modality is Modality.planned else None


def _estimate(items: list[_Item], general: bool = False) -> Estimate | None:
    feed = [i for i in items if not i.denied and i.original is None]
    feed = [i for i in feed if i.factual] or feed
    # "including three nurses" narrows a count: the count, not its part, is the estimate
    feed = [i for i in feed if not i.part] or feed
    if not feed or feed[0].claim.kind == "date":
        return None
    timed = [i for i in feed if i.start is not None]
    if timed:
        latest = max(timed, key=lambda i: (i.end, i.start, i.id))
        feed = [i for i in timed if _same_time(i, latest)]
    # a figure repeated by one origin (syndication, citations) counts once
    distinct = {(i.origin, i.lo, i.hi, i.point): i for i in feed}.values()
    kept = _whole_of_each_account(list(distinct)) if general else list(distinct)
    figures = [(i.lo, i.hi, i.point) for i in kept]
    if general:
        figures = _add_parts(kept, figures)
    points = [p for _, _, p in figures if p is not None]
    lows = [lo for lo, _, _ in figures if math.isfinite(lo)]
    highs = [hi for _, hi, _ in figures if math.isfinite(hi)]
    low = max(lows) if lows else None
    high = min(highs) if highs else None
    if low is not None and high is not None and low > high:
        low, high = min(lows), max(highs)  # they disagree: the span of what is said
    best = statistics.median(points) if points else None
    if best is None:
        # only bounds: "at least 3" is itself possible, so the largest such floor is the best
        # figure known ("more than 3" and "up to 3" are not)
        floors = [i.lo for i in distinct if i.claim.qualifier is Qualifier.at_least
                  and math.isfinite(i.lo)]
        best = max(floors) if floors else None
    if best is not None and all(float(p).is_integer() for p in points):
        best = float(round(best))  # counts: the median of 5,999 and 6,000 is 6,000
    if best is not None:
        best = min(max(best, low if low is not None else best), high if high is not None else best)
    return Estimate(low=low, best=best, high=high)


def _whole_of_each_account(items: list[_Item]) -> list[_Item]:
    """One source's figures of an incident in one article are parts of its account (see
    `_Builder.pair`): "53 were wounded ... six remain in critical condition". Its largest
    precise figure, with the parts given in the same sentence (added up later), is its count
    of the whole; a vague word ("dozens") counts only where the account has nothing precise."""
    largest: dict[tuple[str, str], _Item] = {}
    for i in items:
        if i.point is None or i.claim.qualifier is Qualifier.vague:
            continue
        key = (i.claim.document, i.origin)
        if key not in largest or i.point > (largest[key].point or 0):
            largest[key] = i
    kept = []
    for i in items:
        top = largest.get((i.claim.document, i.origin))
        if top is None or i is top or (
            i.claim.passage == top.claim.passage and i.claim.qualifier is not Qualifier.vague
        ):
            kept.append(i)
    return kept


def _add_parts(
    items: list[_Item], figures: list[tuple[float, float, float | None]]
) -> list[tuple[float, float, float | None]]:
    """An incident's figures that one sentence gives for different people ("10 women and
    7 men were wounded") are parts: the incident's count is their sum (17), one figure."""
    sentences: dict[tuple[str, int, str], list[int]] = defaultdict(list)
    for n, i in enumerate(items):
        words = i.claim.quote.casefold().split()
        # (not "two others", counted besides someone, nor "three of the victims", a subset)
        if (len(words) >= 2 and _has_letters(words[-1]) and not _OTHERS & set(words)
                and not i.subset):
            sentences[(i.claim.document, i.claim.passage, i.origin)].append(n)
    merged: set[int] = set()
    out: list[tuple[float, float, float | None]] = []
    for members in sentences.values():
        nouns = {_noun(items[n].claim.quote.casefold().split()[-1]) for n in members}
        if len(members) < 2 or len(nouns) < len(members):
            continue
        parts = [figures[n] for n in members]
        point = (None if any(p is None for _, _, p in parts)
                 else sum(p for _, _, p in parts if p is not None))
        out.append((sum(lo for lo, _, _ in parts), sum(hi for _, hi, _ in parts), point))
        merged.update(members)
    return [f for n, f in enumerate(figures) if n not in merged] + out


@contextmanager
def _batch() -> Iterator[None]:
    """Pause the cycle collector: a large input allocates millions of small, acyclic objects,
    and repeated full collections over them would double the run time."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def reconcile(
    claims: Sequence[Claim],
    config: ClaimsConfig,
    *,
    documents_meta: Mapping[str, DocumentMeta] | None = None,
    neighbours: int = DEFAULT_NEIGHBOURS,
    signatures: Mapping[str, bytes | None] | None = None,
    context: Context | None = None,
) -> Reconciliation:
    """Group claims about the same quantity, relate each pair, flag conflicts, estimate figures.

    `documents_meta` maps a document name to its outlet (or its metadata), used as the origin
    of claims that cite no one. `neighbours` bounds the pairs compared per claim in a group.
    `signatures` maps a document name to its stored text signature: reprints count once.
    `context` is what the whole input decides for one block of it (`stream.plan`): names,
    inherited subjects, parts, undated articles' places in time and copies.
    """
    with _batch():
        return _reconcile(claims, config, documents_meta, neighbours, signatures, context)


def names(config: ClaimsConfig) -> tuple[_Names, _Names, _Names]:
    """Canonical names of subjects, places and sources, matched as the input goes."""
    return (
        _Names(((s.name, s.aliases) for s in config.subjects), SUBJECT_THRESHOLD),
        _Names(((loc.name, loc.aliases) for loc in config.locations), LOCATION_THRESHOLD),
        _Names(((s.name, s.aliases) for s in config.sources), config.attribution.fuzzy_threshold),
    )


def _reconcile(
    claims: Sequence[Claim],
    config: ClaimsConfig,
    documents_meta: Mapping[str, DocumentMeta] | None,
    neighbours: int,
    signatures: Mapping[str, bytes | None] | None = None,
    context: Context | None = None,
) -> Reconciliation:
    return _result(_pair(claims, config, documents_meta, neighbours, signatures, context))


class _Paired(NamedTuple):
    """Groups with every pair decided, before anything is worded or built as a model."""

    groups: dict[str, list[_Item]]
    keys: dict[str, tuple[str, str | None, str | None]]
    out: _Builder
    generic: set[str | None]


def _pair(
    claims: Sequence[Claim],
    config: ClaimsConfig,
    documents_meta: Mapping[str, DocumentMeta] | None,
    neighbours: int,
    signatures: Mapping[str, bytes | None] | None = None,
    context: Context | None = None,
) -> _Paired:
    rounding = config.reconcile.rounding
    shared = context.names if context is not None else names(config)
    sources = shared[2]
    statement = _statement_test(config)
    parties = {src.name: src.party or src.name for src in config.sources}

    def speaker(name: str) -> str:
        """The side a speaker speaks for (KCNA: North Korea), else its canonical name."""
        canonical = sources.canonical(name)
        return parties.get(canonical, canonical)

    items = _items(claims, config, documents_meta, shared)
    if context is None:
        _decide(items, config, documents_meta, signatures)
    else:
        context.apply(items.values())

    # translations take their original's subject, place and origin
    blocks: dict[tuple[str, str | None, str | None], list[_Item]] = defaultdict(list)
    events: dict[str, str | None] = {}
    for i in items.values():
        orig = _original(i, items)
        if orig is not None:
            i.original = i.claim.translation_of
            i.subject, i.location, i.origin = orig.subject, orig.location, orig.origin
            # a translation that dates its event otherwise (周日 for "Monday") is a second
            # account of that date, compared with the other articles' dates too
            i.diverges = i.date and not _dates_overlap(orig.claim, i.claim)
        event = None
        if i.date:
            i.subject, event = _event((orig or i), statement, speaker)
        events[i.id] = event
    _join_events([i for i in items.values() if i.date])
    for i in items.values():
        blocks[(i.claim.kind, i.subject, events[i.id])].append(i)

    groups: dict[str, list[_Item]] = {}
    keys: dict[str, tuple[str, str | None, str | None]] = {}
    generic = {n.subject for n in config.nouns.values()} | {None}
    for (kind, subject, event), members in blocks.items():
        placed = Counter(i.location for i in members if i.location is not None)
        only = next(iter(placed)) if len(placed) == 1 else None
        # a named party's count (an army's losses) is one quantity wherever the sentence
        # places it: "killed in Kursk" and "killed fighting Ukraine" count the same soldiers.
        # Places tell incidents apart only for people in general.
        one_place = subject not in generic and kind != "date"
        if one_place and placed:
            only = min(placed, key=lambda p: (-placed[p], p))
        ids: dict[str | None, str] = {}
        for i in members:
            location = only if one_place else i.location if i.location is not None else only
            gid = ids.get(location) or ids.setdefault(
                location, _group_id(kind, subject or event, location, event)
            )
            i.group = gid
            keys[gid] = (kind, subject, location)
            groups.setdefault(gid, []).append(i)

    groups, keys = _split_incidents(groups, keys, config)
    out = _Builder(rounding, config.reconcile.same_time_days)
    generic = {n.subject for n in config.nouns.values()} | {None}
    for gid, members in groups.items():
        members.sort(key=_time_key)
        out.general = keys[gid][1] in generic
        out.incident = out.general and keys[gid][2] is not None
        rule = config.kinds.get(keys[gid][0])
        out.cumulative = rule is not None and rule.cumulative
        if len(members) > LIST_AGREEMENTS_UP_TO:
            out.quiet.add(gid)
        if gid in out.quiet and len(members) >= PAIR_COLUMNS_FROM:
            out.pair_many(gid, members, neighbours)
        else:
            pair = out.pair
            for n, a in enumerate(members):
                for b in members[n + 1 : n + 1 + neighbours]:
                    pair(gid, a, b)
        for a in members:
            if a.date:
                out.weekday(gid, a)
        size = len(members)
        out.comparisons += sum(max(0, min(neighbours, size - 1 - n)) for n in range(size))

    _scope_relations(groups, keys, config, out)
    _sums_of_parts(groups, keys, config, out)
    return _Paired(groups, keys, out, generic)


def _items(
    claims: Iterable[Claim],
    config: ClaimsConfig,
    documents_meta: Mapping[str, DocumentMeta] | None,
    shared: tuple[_Names, _Names, _Names],
) -> dict[str, _Item]:
    """The claims prepared for comparison, by id in id order (names matched in that order)."""
    tolerance = config.reconcile.tolerance
    subjects, places, sources = shared
    parents = {loc.name: loc.within for loc in config.locations if loc.within}
    subset = _subset_test(config)
    # a possibility about a count nobody plans ("600,000 may have died") is an estimate of what
    # happened, compared like one; for kinds that can be planned it may look ahead
    plannable = {k for k, r in config.kinds.items()
                 if r.when_planned is not None or r.modality is Modality.planned}
    published: dict[tuple[str, int], dt.date | None] = {}
    items: dict[str, _Item] = {}
    for c in sorted(claims, key=lambda c: c.id):
        source = c.source_chain[-1] if c.source_chain else c.attributed_to
        origin = (
            sources.canonical(source) if source else sources.canonical(_outlet(c, documents_meta))
        )
        lo, hi, point = _interval(c, tolerance)
        start, end = _frame(c)
        inferred = c.as_of_inferred
        if start is not None and not inferred and documents_meta is not None:
            where = (c.document, c.article)
            if where not in published:
                published[where] = _published_end(c, documents_meta)
            start, end, inferred = _clip(c, start, end, published[where])
        items[c.id] = item = _Item(
            claim=c,
            subject=subjects.canonical(c.subject) if c.subject else None,
            location=_theatre(places.canonical(c.location), parents) if c.location else None,
            origin=origin,
            lo=lo,
            hi=hi,
            point=point,
            start=start,
            end=end,
            inferred=inferred,
        )
        item.clipped = inferred and not c.as_of_inferred
        item.subset = subset(c.quote, c.language)
        if c.modality is Modality.possible and c.kind not in plannable:
            item.factual = True
    return items


def _decide(
    items: dict[str, _Item],
    config: ClaimsConfig,
    documents_meta: Mapping[str, DocumentMeta] | None,
    signatures: Mapping[str, bytes | None] | None,
) -> None:
    """What a claim takes from claims of other topics, subjects or articles: whether it is a
    part of a count of its own kind, the subject its article's other figures give it, the
    time its undated article is placed at, its copy's origin. `stream.plan` decides these over
    the whole input, for each block."""
    for i in items.values():
        if i.claim.part_of is not None:
            whole = items.get(i.claim.part_of)
            i.part = whole is None or whole.claim.kind == i.claim.kind

    _inherit_subjects(items.values(), {n.subject for n in config.nouns.values()})
    place_undated_articles(
        items.values(),
        lambda i: _published_end(i.claim, documents_meta) if documents_meta is not None else None,
        {n.subject for n in config.nouns.values()} | {None},
    )

    mark_copies(items.values(), signatures)


def _result(paired: _Paired) -> Reconciliation:
    groups, keys, out, generic = paired
    conflicted = {gid for _, gid, _ in out.conflicts}
    # the words of conflict relations, shared with the conflicts they found
    words: dict[int, str] = {}
    result: list[Group] = []
    for gid in sorted(groups, key=lambda g: (keys[g][0], keys[g][1] or "", keys[g][2] or "", g)):
        members = groups[gid]
        kind, subject, location = keys[gid]
        origins = sorted({i.origin for i in members if not i.denied})
        if gid in conflicted:
            status = "conflict"
        elif len(origins) <= 1:
            status = "single-source"
        else:
            status = "agree"
        relations: list[dict[str, object]] = []
        for rel in sorted(out.relations.pop(gid, ()), key=_first_listed):
            reason = _reason(rel)
            if rel[0] == "conflict":
                words[id(rel)] = reason
            relations.append({"type": rel[0], "claims": (rel[1].id, rel[2].id), "reason": reason})
        # validating plain data is far faster than building each Relation in Python; done
        # group by group, so the plain copy of a group's relations is freed as we go
        result.append(
            Group.model_validate(
                {
                    "id": gid,
                    "kind": kind,
                    "subject": subject,
                    "location": location,
                    "status": status,
                    "estimate": _estimate(members, subject in generic),
                    "claims": [i.id for i in members],
                    "independent_sources": len(origins),
                    "origins": origins,
                    "relations": relations,
                    "agreements": out.agreements.get(gid, 0),
                }
            )
        )
        del relations
    # conflicts listed strongest first, then group by group in the order of the groups
    rank = {g.id: n for n, g in enumerate(result)}
    strengths = [
        value_strength(rel[1], rel[2]) if kind == "value" else date_strength(rel[1], rel[2])
        for kind, _, rel in out.conflicts
    ]
    order = sorted(range(len(out.conflicts)),
                   key=lambda n: (-strengths[n], rank[out.conflicts[n][1]], n))
    conflicts: list[Conflict] = []
    for n in range(0, len(order), _CHUNK):
        conflicts.extend(
            _CONFLICTS.validate_python(
                [
                    {
                        "type": out.conflicts[k][0],
                        "claims": (out.conflicts[k][2][1].id, out.conflicts[k][2][2].id),
                        "reason": words.pop(id(out.conflicts[k][2]), None)
                        or _reason(out.conflicts[k][2]),
                        "group": out.conflicts[k][1],
                        "strength": strengths[k],
                    }
                    for k in order[n : n + _CHUNK]
                ]
            )
        )
    # every part is validated already
    return Reconciliation.model_construct(
        groups=result, conflicts=conflicts, comparisons=out.comparisons
    )


_CHUNK = 50_000
_CONFLICTS = TypeAdapter(list[Conflict])


STATEMENT = " statement on "


def _event(
    i: _Item, statement: Callable[[str | None], bool], speaker: Callable[[str], str]
) -> tuple[str | None, str | None]:
    """The event a date claim dates, as (subject, event id): an act by its verb and what its
    sentence speaks of ("signed (troops.deployed)"), in any article; a statement by the side
    that made it and what it is on ("North Korea statement on troops.deployed": KCNA's "said
    Monday" and the government's "acknowledged on April 28"). A date whose subject names no
    event, or a statement on nothing tracked or by no one named, stands alone (its id)."""
    c = i.claim
    if not c.subject:
        return None, i.id
    if statement(c.subject):
        words = c.subject.split()
        doer = " ".join(words[:-1])
        if not doer or not c.item:
            return i.subject, i.id
        return f"{speaker(doer)}{STATEMENT}{c.item}", None
    if c.item:
        return f"{c.subject.split()[-1].casefold()} ({c.item})", None
    return i.subject, None


def _join_events(items: list[_Item]) -> None:
    """One event told with more or fewer of the kinds it is about is one event: date claims
    whose events have the same act or speaker and share a kind ("North Korea statement on
    troops.deployed" and "... on equipment troops.deployed", where one article also names the
    arms sent) take one name, the union of their kinds."""
    by_base: dict[tuple[str, bool], list[tuple[_Item, frozenset[str]]]] = defaultdict(list)
    for i in items:
        name = i.subject or ""
        if STATEMENT in name:
            base, listed = name.split(STATEMENT, 1)
            by_base[(base, True)].append((i, frozenset(listed.split())))
        elif name.endswith(")") and " (" in name:
            base, listed = name[:-1].split(" (", 1)
            by_base[(base, False)].append((i, frozenset(listed.split())))
    for (base, said), entries in by_base.items():
        parts: list[tuple[set[str], list[_Item]]] = []
        for i, kinds in entries:
            joined: tuple[set[str], list[_Item]] = (set(kinds), [i])
            for part in [p for p in parts if p[0] & kinds]:
                joined[0].update(part[0])
                joined[1].extend(part[1])
                parts.remove(part)
            parts.append(joined)
        for kinds_of, members in parts:
            what = " ".join(sorted(kinds_of))
            name = f"{base}{STATEMENT}{what}" if said else f"{base} ({what})"
            for i in members:
                i.subject = name


def _statement_test(config: ClaimsConfig) -> Callable[[str | None], bool]:
    """Whether a date claim's subject only says who spoke ("KCNA said", "KCNA 援引"), ending in
    a word of attribution, and so names no event that another article could date."""
    words = {w.casefold() for ws in (*config.attribution.verbs.values(),
                                     *config.attribution.prepositions.values()) for w in ws}
    han = tuple(w for w in words if not w.isascii())

    def statement(subject: str | None) -> bool:
        if not subject:
            return False
        last = subject.split()[-1].casefold()
        return last in words or subject.endswith(han)

    return statement


def _subset_test(config: ClaimsConfig) -> Callable[[str, str], bool]:
    """Whether a claim's phrase (its quote, in its language) holds a word that narrows the
    figure to a subset (`reconcile.subset_words`)."""
    patterns: dict[str, re.Pattern[str]] = {}
    for lang, words in config.reconcile.subset_words.items():
        if not words:
            continue
        alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
        spaced = all(w.isascii() for w in words)
        patterns[lang] = re.compile(rf"\b(?:{alternatives})\b" if spaced
                                    else f"(?:{alternatives})", re.IGNORECASE)

    seen: dict[tuple[str, str], bool] = {}  # copies of an article repeat its quotes

    def subset(quote: str, language: str) -> bool:
        known = seen.get((quote, language))
        if known is None:
            pattern = patterns.get(language)
            known = seen[(quote, language)] = (pattern is not None
                                               and pattern.search(quote) is not None)
        return known

    return subset


def _inherit_subjects(items: Iterable[_Item], generic: set[str | None]) -> None:
    """A figure whose sentence names no subject ("the war dead was at least 600") counts what
    its article's other figures of the same topic count: the named party (an army, not
    "people") they name most, when one is named most."""
    named: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for i in items:
        if i.subject is not None and i.subject not in generic and not i.date:
            named[(i.claim.document, i.claim.kind.split(".")[0])][i.subject] += 1
    for i in items:
        if i.subject is not None or i.date:
            continue
        counts = named.get((i.claim.document, i.claim.kind.split(".")[0]))
        if counts:
            (top, n), *rest = counts.most_common(2)
            if not rest or rest[0][1] < n:
                i.subject = top


def _theatre(place: str, parents: Mapping[str, str]) -> str:
    """The largest place `place` lies within (Kursk -> Russia): one theatre, one group."""
    seen = {place}
    while place in parents and parents[place] not in seen:
        place = parents[place]
        seen.add(place)
    return place


def _split_incidents(
    groups: dict[str, list[_Item]],
    keys: dict[str, tuple[str, str | None, str | None]],
    config: ClaimsConfig,
) -> tuple[dict[str, list[_Item]], dict[str, tuple[str, str | None, str | None]]]:
    """Figures about people in general ("two people were killed": subject "people" or none)
    count incidents, not a running total: claims of such a group more than `event_gap_days`
    apart are different incidents and get groups of their own; without any place, nothing
    ties two articles to one incident, so each article's figures stand apart. Named subjects
    (an army) keep one group over time.
    """
    # "people", "troops": what a noun class counts when the text names no one in particular
    generic = {n.subject for n in config.nouns.values()} | {None}
    gap = dt.timedelta(days=config.reconcile.event_gap_days)
    out_groups: dict[str, list[_Item]] = {}
    out_keys: dict[str, tuple[str, str | None, str | None]] = {}
    for gid, members in groups.items():
        kind, subject, _ = keys[gid]
        if kind == "date" and subject is not None and STATEMENT in subject:
            for n, cluster in enumerate(_statements(members)):
                cid = gid if n == 0 else f"{gid}~{n}"
                for i in cluster:
                    i.group = cid
                out_groups[cid], out_keys[cid] = cluster, keys[gid]
            continue
        if kind == "date" or subject not in generic:
            out_groups[gid], out_keys[gid] = members, keys[gid]
            continue
        clusters: list[list[_Item]] = []
        last_end: dt.date | None = None
        placeless = keys[gid][2] is None
        order = sorted(
            members,
            key=lambda i: (i.claim.document if placeless else "", i.start or dt.date.min, i.id),
        )
        for i in order:
            other_doc = (placeless and bool(clusters)
                         and clusters[-1][-1].claim.document != i.claim.document)
            if clusters and not other_doc and (
                i.start is None or last_end is None or i.start - last_end <= gap
            ):
                clusters[-1].append(i)
            else:
                clusters.append([i])
            if i.end is not None:
                last_end = max(last_end, i.end) if last_end and len(clusters[-1]) > 1 else i.end
        if not placeless:
            clusters = _place_undated(clusters)
        for n, cluster in enumerate(clusters):
            cid = gid if n == 0 else f"{gid}~{n}"
            for i in cluster:
                i.group = cid
            out_groups[cid], out_keys[cid] = cluster, keys[gid]
    return out_groups, out_keys


# one statement reported under two dates lies a day apart at most (a time zone, a report of
# the day before); further apart, one side's statements on one topic are different statements
STATEMENT_DAYS = 1


def _statements(members: list[_Item]) -> list[list[_Item]]:
    """A side's dated statements on one topic, as statements: claims whose days lie within
    `STATEMENT_DAYS` of each other (undated ones, and translations, go with their article's)."""
    dated = sorted((i for i in members if i.claim.as_of_start is not None),
                   key=lambda i: (i.claim.as_of_start, i.id))
    clusters: list[list[_Item]] = []
    last: dt.date | None = None
    for i in dated:
        start = i.claim.as_of_start
        end = i.claim.as_of_end or start
        assert start is not None and end is not None
        if clusters and last is not None and (start - last).days <= STATEMENT_DAYS:
            clusters[-1].append(i)
            last = max(last, end)
        else:
            clusters.append([i])
            last = end
    home = {i.claim.document: n for n, cluster in enumerate(clusters) for i in cluster}
    for i in members:
        if i.claim.as_of_start is None:
            n = home.get(i.claim.document)
            if n is None:
                clusters.append([i])
                home[i.claim.document] = len(clusters) - 1
            else:
                clusters[n].append(i)
    return clusters


def _place_undated(clusters: list[list[_Item]]) -> list[list[_Item]]:
    """Undated figures of an incident at a place: nothing but the place ties an undated
    article to another article's incident, and places repeat (a city has many shootings).
    An undated figure joins the incident its own article dates, else it stands with its
    article's other undated figures, an incident of their own."""
    dated: list[list[_Item]] = []
    undated: list[_Item] = []
    for cluster in clusters:
        kept = [i for i in cluster if i.start is not None]
        undated.extend(i for i in cluster if i.start is None)
        if kept:
            dated.append(kept)
    home = {i.claim.document: cluster for cluster in dated for i in cluster}
    alone: dict[str, list[_Item]] = {}
    for i in undated:
        own = home.get(i.claim.document)
        if own is not None:
            own.append(i)
        else:
            alone.setdefault(i.claim.document, []).append(i)
    return [*dated, *alone.values()]


def _original(i: _Item, items: Mapping[str, _Item]) -> _Item | None:
    """The claim `i` translates (following chains), if it is in the input and of the same kind."""
    seen = {i.id}
    orig: _Item | None = None
    ref = i.claim.translation_of
    while ref is not None and ref not in seen:
        nxt = items.get(ref)
        if nxt is None or nxt.claim.kind != i.claim.kind:
            break
        orig, ref = nxt, nxt.claim.translation_of
        seen.add(nxt.id)
    return orig


def _scope_relations(
    groups: Mapping[str, list[_Item]],
    keys: Mapping[str, tuple[str, str | None, str | None]],
    config: ClaimsConfig,
    out: _Builder,
) -> None:
    """Link each claim to one claim of each other-scope group of its topic, subject and time."""
    families: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    for gid, (kind, subject, _) in keys.items():
        if kind != "date":  # one kind, no scopes: and each statement's date is a group
            families[(kind.split(".")[0], subject)].append(gid)
    done: set[tuple[str, str]] = set()
    scope_of = {kind: _scope(config, kind) for kind, _, _ in keys.values()}
    includes = {k: set(r.includes) for k, r in config.kinds.items() if r.includes}
    generic = {n.subject for n in config.nouns.values()} | {None}
    # a group's claims by end of time frame, prepared once for every group linking to it
    prepared: dict[str, _ByEnd] = {}
    for gids in families.values():
        if len(gids) < 2:
            continue
        # a placeless incident is one article's figures (see `_split_incidents`): nothing ties
        # it to another article, so it links only with groups holding claims of its article
        lonely = {g: groups[g][0].claim.document for g in gids
                  if keys[g][1] in generic and keys[g][2] is None}
        by_doc: dict[str, set[str]] = defaultdict(set)
        for g in gids:
            for i in groups[g]:
                by_doc[i.claim.document].add(g)
        shared = sorted(g for g in gids if g not in lonely)
        for gid in sorted(gids):
            kind, _, location = keys[gid]
            if gid in lonely:
                others = sorted(by_doc[lonely[gid]])
            else:
                docs = {i.claim.document for i in groups[gid]}
                near = {o for d in docs for o in by_doc[d] if o in lonely}
                others = sorted([*shared, *near])
            for other in others:
                o_kind, _, o_location = keys[other]
                scopes = (scope_of[kind], scope_of[o_kind])
                if o_kind == kind or scopes[0] == scopes[1]:
                    continue
                if location is not None and o_location is not None and location != o_location:
                    continue
                by_end = prepared.get(other)
                if by_end is None:
                    by_end = prepared[other] = _ByEnd(groups[other])
                # 1: this group's kind adds up the other's, 2: the other way round
                # (a named party's counts only: in an incident's sentences "one man shot and
                # eight others wounded" the figures are too loosely kinded to add up)
                whole = (0 if keys[gid][1] in generic else
                         1 if o_kind in includes.get(kind, ()) else
                         2 if kind in includes.get(o_kind, ()) else 0)
                _link_scopes(gid, groups[gid], by_end, scopes, out, done, whole)


class _ByEnd:
    """A group's claims sorted by the end of their time frame, and one whose time reaches back
    indefinitely (inferred or unknown)."""

    def __init__(self, others: list[_Item]) -> None:
        self.items = sorted(others, key=lambda o: (o.end or dt.date.max, o.id))
        self.ends = [o.end or dt.date.max for o in self.items]
        self.open_ended = next((o for o in self.items if o.inferred or o.start is None), None)


def _link_scopes(
    gid: str,
    members: list[_Item],
    others: _ByEnd,
    scopes: tuple[str | None, str | None],
    out: _Builder,
    done: set[tuple[str, str]],
    whole: int = 0,
) -> None:
    # the candidates for `a` are the few claims of the other group that end first on or after
    # `a` starts, plus one whose time reaches back indefinitely (inferred or unknown)
    by_end, ends, open_ended = others.items, others.ends, others.open_ended
    how = (scopes[0] or "a plain count", scopes[1] or "a plain count")
    for a in members:
        k = bisect.bisect_left(ends, a.start or dt.date.min)
        candidates = by_end[k : k + _SCOPE_CANDIDATES]
        if open_ended is not None:
            candidates.append(open_ended)
        out.comparisons += len(candidates)
        if whole:
            pair = next(((a, o) if whole == 1 else (o, a) for o in candidates
                         if _exceeds(*((a, o) if whole == 1 else (o, a)), out)), None)
            if pair is not None:
                if (pair[1].id, pair[0].id) not in done:
                    done.add((pair[1].id, pair[0].id))
                    out.conflict(gid, "value",
                                 out.relate(gid, "conflict", *pair, _R_PART_EXCEEDS))
                continue
        match = next((o for o in candidates if _near_time(a, o)), None)
        if match is None or (match.id, a.id) in done:
            continue
        done.add((a.id, match.id))
        out.relate(gid, "different_scope", a, match, how)


def _exceeds(whole: _Item, part: _Item, out: _Builder) -> bool:
    """Whether `part` (killed) counts more than `whole` (killed or wounded, which includes it)
    allows at the same time: a contradiction, not a different scope."""
    if whole.denied or part.denied or not (whole.factual and part.factual):
        return False
    if whole.original is not None or part.original is not None:
        return False
    if part.lo <= whole.hi or _overlap(whole, part, out.rounding):
        return False
    if whole.end is None or part.end is None:
        return whole.end is None and part.end is None and (
            whole.claim.document == part.claim.document)
    # counts of casualties only grow: a whole stated within days of its part, or after it,
    # cannot be the smaller
    return _same_time(whole, part, out.same_time_days) or (
        dt.timedelta(0) <= whole.end - part.end <= dt.timedelta(days=out.same_time_days))


def _sums_of_parts(
    groups: Mapping[str, list[_Item]],
    keys: Mapping[str, tuple[str, str | None, str | None]],
    config: ClaimsConfig,
    out: _Builder,
) -> None:
    """A whole below the sum of its parts that one article gives for the same time ("several
    hundred casualties" where the article also counts at least 100 killed and 1,000 wounded)
    is a conflict: with the largest part, the reason naming the others."""
    includes = {k: r.includes for k, r in config.kinds.items() if r.includes}
    if not includes:
        return
    generic = {n.subject for n in config.nouns.values()} | {None}
    parts: dict[tuple[str, str | None, str], list[_Item]] = defaultdict(list)
    wanted = {k for ks in includes.values() for k in ks}
    for gid, members in groups.items():
        kind, subject, _ = keys[gid]
        if kind in wanted and subject not in generic:
            for i in members:
                if i.factual and not i.denied and i.original is None and math.isfinite(i.lo):
                    parts[(i.claim.document, subject, kind)].append(i)
    if not parts:
        return
    for gid, members in groups.items():
        kind, subject, _ = keys[gid]
        if kind not in includes or subject in generic:
            continue
        for w in members:
            if not w.factual or w.denied or w.original is not None or not math.isfinite(w.hi):
                continue
            largest: list[_Item] = []
            for part_kind in includes[kind]:
                same = [p for p in parts.get((w.claim.document, subject, part_kind), ())
                        if (_same_time(w, p, out.same_time_days)
                             if w.start is not None and p.start is not None
                             else w.start is None and p.start is None)]
                if not same:
                    break
                largest.append(max(same, key=lambda p: (p.lo, p.id)))
            else:
                total = sum(p.lo for p in largest)
                if any(_exceeds(w, p, out) for p in largest):
                    continue  # one part alone exceeds it: `_exceeds` says so
                if total > w.hi * (1 + out.rounding):
                    top = max(largest, key=lambda p: (p.lo, p.id))
                    others = [p for p in largest if p is not top]
                    how = (_R_PARTS_SUM, tuple(p.id for p in others), total)
                    out.conflict(gid, "value", out.relate(gid, "conflict", w, top, how))
