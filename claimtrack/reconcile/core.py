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
* Date claims (`kind: date`) group by event: the same subject text (fuzzy), and a translation
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
from typing import TYPE_CHECKING, Literal

from pydantic import TypeAdapter

from ..config import ClaimsConfig
from ..errors import ClaimtrackError
from ..extract.timex import find_times
from ..models import Claim, Modality
from .frames import (
    SAME_TIME_DAYS,
    _dates_overlap,
    _frame,
    _interval,
    _Item,
    _near_time,
    _outlet,
    _overlap,
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
from .strength import date_strength, value_strength
from .wording import (
    _R_AGREE,
    _R_CONFLICT,
    _R_DENIAL,
    _R_MODALITY,
    _R_OTHER_DATE,
    _R_PARTS,
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

# bumped whenever the same claims and config would reconcile differently: stored results of
# an older reconciler are then recomputed
RECONCILE_VERSION = 7
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
            # again would list each of the original's conflicts twice
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
            self.relate(gid, "different_scope", p, w, _R_SUBSET)
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
        if a.claim.document == b.claim.document and a.claim.passage == b.claim.passage:
            self.relate(gid, "different_scope", a, b, _R_SAME_SENTENCE)
            return
        one_article = a.claim.document == b.claim.document
        # `_columns` leaves these pairs of incident groups to this method
        if self.incident and _parts(a.claim.quote, b.claim.quote, one_article):
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
        self.relate(gid, "update", first, later, _R_UPDATE)

    def pair_many(self, gid: str, members: list[_Item], neighbours: int) -> None:
        """`pair` for each claim of a large group and the `neighbours` claims after it,
        decided over columns (`pairs.decide`): the same relations, in the same order."""
        from . import columns as pairs

        d = pairs.decide(_columns(members, self.incident), neighbours, self.rounding,
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
    return _noun(words_a[-1]) != _noun(words_b[-1])


def _noun(word: str) -> str:
    word = word.strip(".,;:!?\"'")
    for plural, singular in (("women", "woman"), ("men", "man"), ("people", "person"),
                             ("children", "child")):
        if word.endswith(plural):
            return word[: -len(plural)] + singular
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _columns(members: list[_Item], incident: bool = False) -> pairs_module.Columns:
    """A group's claims as the columns `pairs.decide` reads; in an incident's group, pairs of
    one article are left to `_Builder.pair` (which tells parts of the incident apart)."""
    import numpy as np

    from . import columns as pairs

    sentences: dict[tuple[str, int], int] = {}
    documents: dict[str, int] = {}
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
        document=np.array([documents.setdefault(i.claim.document, len(documents))
                           for i in members], dtype=np.int64),
        # a translation pair is decided by ids; a date without a calendar day by its text
        special=np.array([i.original is not None or i.claim.translation_of is not None
                          or (dates and i.claim.as_of_start is None)
                          or i.part
                          or (incident and _OTHERS & {*i.claim.quote.casefold().split()})
                          for i in members], dtype=np.bool_),
        special_within=incident,
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


def _estimate(items: list[_Item]) -> Estimate | None:
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
    points = [i.point for i in distinct if i.point is not None]
    lows = [i.lo for i in distinct if math.isfinite(i.lo)]
    highs = [i.hi for i in distinct if math.isfinite(i.hi)]
    low = max(lows) if lows else None
    high = min(highs) if highs else None
    if low is not None and high is not None and low > high:
        low, high = min(lows), max(highs)  # they disagree: the span of what is said
    best = statistics.median(points) if points else None
    if best is not None and all(float(p).is_integer() for p in points):
        best = float(round(best))  # counts: the median of 5,999 and 6,000 is 6,000
    if best is not None:
        best = min(max(best, low if low is not None else best), high if high is not None else best)
    return Estimate(low=low, best=best, high=high)


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
) -> Reconciliation:
    """Group claims about the same quantity, relate each pair, flag conflicts, estimate figures.

    `documents_meta` maps a document name to its outlet (or its metadata), used as the origin
    of claims that cite no one. `neighbours` bounds the pairs compared per claim in a group.
    """
    with _batch():
        return _reconcile(claims, config, documents_meta, neighbours)


def _reconcile(
    claims: Sequence[Claim],
    config: ClaimsConfig,
    documents_meta: Mapping[str, DocumentMeta] | None,
    neighbours: int,
) -> Reconciliation:
    tolerance = config.reconcile.tolerance
    rounding = config.reconcile.rounding
    subjects = _Names(((s.name, s.aliases) for s in config.subjects), SUBJECT_THRESHOLD)
    places = _Names(((loc.name, loc.aliases) for loc in config.locations), LOCATION_THRESHOLD)
    parents = {loc.name: loc.within for loc in config.locations if loc.within}
    sources = _Names(
        ((s.name, s.aliases) for s in config.sources), config.attribution.fuzzy_threshold
    )
    statement = _statement_test(config)

    items: dict[str, _Item] = {}
    for c in sorted(claims, key=lambda c: c.id):
        source = c.source_chain[-1] if c.source_chain else c.attributed_to
        origin = (
            sources.canonical(source) if source else sources.canonical(_outlet(c, documents_meta))
        )
        lo, hi, point = _interval(c, tolerance)
        start, end = _frame(c)
        items[c.id] = _Item(
            claim=c,
            subject=subjects.canonical(c.subject) if c.subject else None,
            location=_theatre(places.canonical(c.location), parents) if c.location else None,
            origin=origin,
            lo=lo,
            hi=hi,
            point=point,
            start=start,
            end=end,
            inferred=c.as_of_inferred,
        )

    for i in items.values():
        if i.claim.part_of is not None:
            whole = items.get(i.claim.part_of)
            i.part = whole is None or whole.claim.kind == i.claim.kind

    _inherit_subjects(items.values(), {n.subject for n in config.nouns.values()})

    mark_copies(items.values())

    # translations take their original's subject, place and origin
    blocks: dict[tuple[str, str | None, str | None], list[_Item]] = defaultdict(list)
    for i in items.values():
        orig = _original(i, items)
        if orig is not None:
            i.original = i.claim.translation_of
            i.subject, i.location, i.origin = orig.subject, orig.location, orig.origin
        # a date without a subject names no event, nor does one whose subject is only who said
        # it ("KCNA said"): it stands alone, with its translations
        event = ((orig or i).id if i.claim.kind == "date"
                 and (i.subject is None or statement((orig or i).claim.subject)) else None)
        blocks[(i.claim.kind, i.subject, event)].append(i)

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
        out.incident = keys[gid][1] in generic and keys[gid][2] is not None
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
                    "estimate": _estimate(members),
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
        for n, cluster in enumerate(clusters):
            cid = gid if n == 0 else f"{gid}~{n}"
            for i in cluster:
                i.group = cid
            out_groups[cid], out_keys[cid] = cluster, keys[gid]
    return out_groups, out_keys


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
                _link_scopes(gid, groups[gid], by_end, scopes, out, done)


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
        match = next((o for o in candidates if _near_time(a, o)), None)
        if match is None or (match.id, a.id) in done:
            continue
        done.add((a.id, match.id))
        out.relate(gid, "different_scope", a, match, how)
