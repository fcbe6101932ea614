"""Reconcile block by block: a plan over compact rows of every claim, then each block alone.

A block is what one group can draw on: the claims of one topic (kind family) and one subject,
the subject as the whole input decides it (canonical, inherited from the article's other
figures, a translation's its original's); all date claims are one block (their events cross
subjects). What a block cannot see for itself is decided once, over compact rows, and handed to
it as a `Context`: the canonical names, matched in the order of the whole input (an unknown
name is matched to earlier ones), the subjects claims inherit, and the origins of syndicated
copies (a copy is told by figures of any topic). Each block's result is then the part of the
whole input's result that holds its groups: `merge` of the parts is `reconcile` of the whole.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from ..config import ClaimsConfig
from ..models import Claim
from .core import DEFAULT_NEIGHBOURS, _batch, _inherit_subjects, _original, names, reconcile
from .frames import _outlet
from .models import Conflict, DocumentMeta, Group, Reconciliation
from .origins import mark_copies

if TYPE_CHECKING:
    from .frames import _Item
    from .names import _Names

# the date claims' block: their events cross subjects and topics
DATES = ("date", None)
BlockKey = tuple[str, str | None]


@dataclass(slots=True)
class Row:
    """What the plan reads of a claim (not the claim model: a few fields, no validation)."""

    id: str
    document: str
    article: int
    kind: str
    subject: str | None
    location: str | None
    quote: str
    value: float | None
    low: float | None
    high: float | None
    translation_of: str | None
    source: str | None  # the last source it is cited through, else who it is attributed to

    @classmethod
    def of(cls, c: Claim) -> Row:
        return cls(c.id, c.document, c.article, c.kind, c.subject, c.location, c.quote,
                   c.value, c.low, c.high, c.translation_of,
                   c.source_chain[-1] if c.source_chain else c.attributed_to)


@dataclass(slots=True)
class _Planned:
    """A row as `_inherit_subjects`, `_original` and `mark_copies` read an item."""

    claim: Row
    id: str
    subject: str | None
    origin: str
    date: bool
    syndicated_of: str | None = None


@dataclass(slots=True)
class Context:
    """What the whole input decides for a block: names, inherited subjects, copies' origins."""

    names: tuple[_Names, _Names, _Names]
    inherited: dict[str, str | None] = field(default_factory=dict)
    copies: dict[str, tuple[str, str | None]] = field(default_factory=dict)

    def apply(self, items: Iterable[_Item]) -> None:
        """Set the subjects and origins the whole input gives the items of this block."""
        inherited, copies = self.inherited, self.copies
        for i in items:
            if i.id in inherited:
                i.subject = inherited[i.id]
            if i.id in copies:
                i.origin, i.syndicated_of = copies[i.id]


@dataclass(slots=True)
class Block:
    key: BlockKey
    ids: list[str]
    inherited: dict[str, str | None] = field(default_factory=dict)
    copies: dict[str, tuple[str, str | None]] = field(default_factory=dict)


@dataclass(slots=True)
class Plan:
    """The blocks of an input, in the order of their keys, and the names they share."""

    names: tuple[_Names, _Names, _Names]
    blocks: list[Block]

    def context(self, block: Block) -> Context:
        return Context(self.names, block.inherited, block.copies)


def plan(
    rows: Iterable[Row],
    config: ClaimsConfig,
    documents_meta: Mapping[str, DocumentMeta] | None = None,
) -> Plan:
    """Split the claims (as rows) into blocks that reconcile apart, with what each needs of the
    others. Names are matched in id order, as `reconcile` matches them."""
    with _batch():
        return _plan(rows, config, documents_meta)


def _plan(
    rows: Iterable[Row],
    config: ClaimsConfig,
    documents_meta: Mapping[str, DocumentMeta] | None,
) -> Plan:
    subjects, places, sources = shared = names(config)
    planned: dict[str, _Planned] = {}
    for r in sorted(rows, key=lambda r: r.id):
        # the same calls, in the same order, as `reconcile` makes for each claim
        origin = sources.canonical(r.source) if r.source else sources.canonical(
            _outlet(cast(Claim, r), documents_meta))
        subject = subjects.canonical(r.subject) if r.subject else None
        if r.location:
            places.canonical(r.location)
        planned[r.id] = _Planned(r, r.id, subject, origin, r.kind == "date")
    before = {p.id: p.subject for p in planned.values() if p.subject is None}
    items = cast("list[_Item]", list(planned.values()))
    _inherit_subjects(items, {n.subject for n in config.nouns.values()})
    mark_copies(items)
    blocks: dict[BlockKey, Block] = {}
    for p in planned.values():
        if p.date:
            key: BlockKey = DATES
        else:
            orig = _original(cast("_Item", p), cast("Mapping[str, _Item]", planned))
            key = (p.claim.kind.split(".")[0], (orig or p).subject)
        block = blocks.get(key)
        if block is None:
            block = blocks[key] = Block(key, [])
        block.ids.append(p.id)
        if p.id in before and p.subject is not None:
            block.inherited[p.id] = p.subject
        if p.syndicated_of is not None:
            block.copies[p.id] = (p.origin, p.syndicated_of)
    ordered = sorted(blocks.values(), key=lambda b: (b.key[0], b.key[1] or ""))
    return Plan(shared, ordered)


def reconcile_blocks(
    the_plan: Plan,
    load: Callable[[list[str]], Sequence[Claim]],
    config: ClaimsConfig,
    *,
    documents_meta: Mapping[str, DocumentMeta] | None = None,
    neighbours: int = DEFAULT_NEIGHBOURS,
) -> Iterator[Reconciliation]:
    """Each block's reconciliation in turn, its claims loaded (`load(ids)`) only for it."""
    for block in the_plan.blocks:
        claims = load(block.ids)
        yield reconcile(claims, config, documents_meta=documents_meta, neighbours=neighbours,
                        context=the_plan.context(block))
        del claims


def group_key(g: Group) -> tuple[str, str, str, str]:
    """The order of groups in a reconciliation."""
    return (g.kind, g.subject or "", g.location or "", g.id)


def merge(parts: Iterable[Reconciliation]) -> Reconciliation:
    """The blocks' reconciliations as one: groups in their order, conflicts strongest first
    (then in the order of their groups, and as each block listed them)."""
    groups: list[Group] = []
    listed: list[list[Conflict]] = []
    comparisons = 0
    for part in parts:
        groups.extend(part.groups)
        listed.append(part.conflicts)
        comparisons += part.comparisons
    groups.sort(key=group_key)
    rank = {g.id: n for n, g in enumerate(groups)}
    # each part is sorted by (strength, its group order, its order): merging on the global
    # group rank keeps one group's conflicts in their order
    keyed: list[Any] = [
        [(-k.strength, rank[k.group], n, k) for n, k in enumerate(conflicts)]
        for conflicts in listed
    ]
    conflicts = [k for *_, k in heapq.merge(*keyed)]
    return Reconciliation.model_construct(groups=groups, conflicts=conflicts,
                                          comparisons=comparisons)


def reconcile_streamed(
    claims: Sequence[Claim],
    config: ClaimsConfig,
    *,
    documents_meta: Mapping[str, DocumentMeta] | None = None,
    neighbours: int = DEFAULT_NEIGHBOURS,
) -> Reconciliation:
    """`reconcile`, block by block (the same result)."""
    by_id = {c.id: c for c in claims}
    the_plan = plan((Row.of(c) for c in claims), config, documents_meta)
    return merge(reconcile_blocks(the_plan, lambda ids: [by_id[i] for i in ids], config,
                                  documents_meta=documents_meta, neighbours=neighbours))
