"""A block's result as the rows a store keeps, one group at a time.

`reconcile` builds every group and conflict of its input as a model before returning; for a
block of hundreds of thousands of claims that is millions of worded conflicts held at once.
Here the pairs are decided as `reconcile` decides them, and each group is worded and handed out
on its own: what is held for the whole block is its claims and the pair decisions (compact
tuples). The rows are those `reconcile`'s result gives (`report.build._rows`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

from ..config import ClaimsConfig
from ..models import Claim, Modality, Qualifier
from .core import DEFAULT_NEIGHBOURS, _batch, _estimate, _pair, _Paired
from .models import DocumentMeta, Group
from .stream import Context, Plan
from .strength import date_strength, value_strength
from .wording import _first_listed, _reason


@dataclass(slots=True)
class ClaimRow:
    """A stored claim as the reconciler reads it: the fields of `models.Claim` in a slotted
    record (about a third of the model's memory), made from the stored JSON without
    validation (the store holds validated claims)."""

    id: str
    document: str
    article: int
    passage: int
    kind: str
    language: str
    quote: str
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    qualifier: Qualifier | None
    item: str | None
    subject: str | None
    location: str | None
    attributed_to: str | None
    as_of: str | None
    as_of_start: dt.date | None
    as_of_end: dt.date | None
    as_of_inferred: bool
    modality: Modality
    date_text: str | None
    source_chain: list[str]
    translation_of: str | None
    part_of: str | None

    @classmethod
    def from_json(cls, text: str, shared: dict[Any, Any] | None = None) -> ClaimRow:
        """The claim of a stored JSON text; `shared` (kept across calls) makes texts and
        dates that repeat (a document's name, kinds, places, sources, days) one object."""
        d = json.loads(text)
        get = d.get
        one = (lambda x: x) if shared is None else (lambda x: shared.setdefault(x, x))
        qualifier, start, end = get("qualifier"), get("as_of_start"), get("as_of_end")
        return cls(
            d["id"], one(d["document"]), d["article"], d["passage"], one(d["kind"]),
            one(d["language"]), d["quote"], d["start"], d["end"], _float(get("value")),
            _float(get("low")), _float(get("high")),
            None if qualifier is None else Qualifier(qualifier), one(get("item")),
            one(get("subject")), one(get("location")), one(get("attributed_to")),
            one(get("as_of")), None if start is None else one(dt.date.fromisoformat(start)),
            None if end is None else one(dt.date.fromisoformat(end)),
            get("as_of_inferred", False), Modality(get("modality", "asserted")),
            one(get("date_text")), get("source_chain") or [], get("translation_of"),
            get("part_of"),
        )


def _float(x: float | None) -> float | None:
    return None if x is None else float(x)


def read_claims(texts: Iterable[str]) -> list[Claim]:
    """Claims as compact records from their stored JSON (typed as claims: they have every
    field the reconciler reads)."""
    shared: dict[Any, Any] = {}
    return cast("list[Claim]", [ClaimRow.from_json(t, shared) for t in texts])


# the lists of a group kept apart from its other fields
_LISTS = {"claims", "relations", "omitted"}


class GroupRows(NamedTuple):
    """One group: its id, its place in the order of groups, its other fields as JSON, and its
    lists: claims, relations (type, a, b, reason), conflicts (type, a, b, reason, strength),
    conflicts strongest first."""

    id: str
    key: tuple[str, str, str, str]
    data: str
    claims: list[str]
    relations: list[tuple[str, str, str, str]]
    conflicts: list[tuple[str, str, str, str, float]]


class BlockRows(NamedTuple):
    comparisons: int
    groups: Iterator[GroupRows]


def reconcile_rows(
    claims: Sequence[Claim],
    config: ClaimsConfig,
    *,
    documents_meta: Mapping[str, DocumentMeta] | None = None,
    neighbours: int = DEFAULT_NEIGHBOURS,
    context: Context | None = None,
) -> BlockRows:
    """`reconcile` of one block, as rows made group by group when iterated."""
    with _batch():
        paired = _pair(claims, config, documents_meta, neighbours, context=context)
    return BlockRows(paired.out.comparisons, _groups(paired))


def _groups(paired: _Paired) -> Iterator[GroupRows]:
    groups, keys, out, generic = paired
    by_group: dict[str, list[int]] = defaultdict(list)
    for n, (_, gid, _) in enumerate(out.conflicts):
        by_group[gid].append(n)
    for gid in sorted(groups, key=lambda g: (keys[g][0], keys[g][1] or "", keys[g][2] or "", g)):
        members = groups.pop(gid)
        kind, subject, location = keys[gid]
        mine = by_group.pop(gid, [])
        origins = sorted({i.origin for i in members if not i.denied})
        status = ("conflict" if mine else "single-source" if len(origins) <= 1 else "agree")
        relations: list[tuple[str, str, str, str]] = [(rel[0], rel[1].id, rel[2].id, _reason(rel))
                     for rel in sorted(out.relations.pop(gid, ()), key=_first_listed)]
        strengths = {n: value_strength(out.conflicts[n][2][1], out.conflicts[n][2][2])
                     if out.conflicts[n][0] == "value"
                     else date_strength(out.conflicts[n][2][1], out.conflicts[n][2][2])
                     for n in mine}
        conflicts: list[tuple[str, str, str, str, float]] = []
        for n in sorted(mine, key=lambda n: (-strengths[n], n)):
            kind_of, _, rel = out.conflicts[n]
            conflicts.append((kind_of, rel[1].id, rel[2].id, _reason(rel), strengths[n]))
        group = Group.model_validate({
            "id": gid, "kind": kind, "subject": subject, "location": location,
            "status": status, "estimate": _estimate(members, subject in generic),
            "claims": [], "independent_sources": len(origins), "origins": origins,
            "relations": [], "agreements": out.agreements.get(gid, 0),
        })
        yield GroupRows(gid, (kind, subject or "", location or "", gid),
                        group.model_dump_json(exclude=_LISTS), [i.id for i in members],
                        relations, conflicts)


def rows_of_blocks(
    the_plan: Plan,
    load: Callable[[list[str]], Sequence[Claim]],
    config: ClaimsConfig,
    *,
    documents_meta: Mapping[str, DocumentMeta] | None = None,
    neighbours: int = DEFAULT_NEIGHBOURS,
) -> Iterator[BlockRows]:
    """Each block's rows in turn, its claims loaded (`load(ids)`) only for it; a block's
    groups are to be consumed before the next block is asked for."""
    for block in the_plan.blocks:
        yield reconcile_rows(load(block.ids), config, documents_meta=documents_meta,
                             neighbours=neighbours, context=the_plan.context(block))
