"""Reconcile block by block: a plan over compact rows of every claim, then each block alone.

A block is what one group can draw on: the claims of one topic (kind family) and one subject,
the subject as the whole input decides it (canonical, inherited from the article's other
figures, a translation's its original's); all date claims are one block (their events cross
subjects). What a block cannot see for itself is decided once, over compact rows, and handed to
it as a `Context`: the canonical names, matched in the order of the whole input (an unknown
name is matched to earlier ones), the subjects claims inherit, which claims are parts of a
count of their own kind (the whole may be of another subject), the times undated articles are
placed at (by dated figures of any block), and the origins of copies (a copy is told by
figures of any topic, or by its documents' text signatures). Each block's result is then the
part of the whole input's result that holds its groups: `merge` of the parts is `reconcile` of
the whole.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

from ..config import ClaimsConfig
from ..models import Claim, Modality, Qualifier
from .core import DEFAULT_NEIGHBOURS, _batch, _decide, _items, _original, names, reconcile
from .models import Conflict, DocumentMeta, Group, Reconciliation

if TYPE_CHECKING:
    from .frames import _Item
    from .names import _Names

# the date claims' block: their events cross subjects and topics
DATES = ("date", None)
BlockKey = tuple[str, str | None]


@dataclass(slots=True)
class Row:
    """What the plan reads of a claim (not the claim model: the fields that decide what crosses
    blocks, no validation)."""

    id: str
    document: str
    article: int
    kind: str
    language: str
    subject: str | None
    location: str | None
    quote: str
    value: float | None
    low: float | None
    high: float | None
    qualifier: Qualifier | None
    as_of_start: dt.date | None
    as_of_end: dt.date | None
    as_of_inferred: bool
    modality: Modality
    part_of: str | None
    translation_of: str | None
    source: str | None  # the last source it is cited through, else who it is attributed to

    @classmethod
    def of(cls, c: Claim) -> Row:
        return cls(c.id, c.document, c.article, c.kind, c.language, c.subject, c.location,
                   c.quote, c.value, c.low, c.high, c.qualifier, c.as_of_start, c.as_of_end,
                   c.as_of_inferred, c.modality, c.part_of, c.translation_of,
                   c.source_chain[-1] if c.source_chain else c.attributed_to)

    @classmethod
    def stored(cls, r: tuple[Any, ...]) -> Row:
        """A row of `Store.claim_rows` (JSON scalars: enums as text, dates as ISO text)."""
        (id_, document, article, kind, language, subject, location, quote, value, low, high,
         qualifier, start, end, inferred, modality, part_of, translation_of, source) = r
        return cls(id_, document, article, kind, language, subject, location, quote,
                   None if value is None else float(value),
                   None if low is None else float(low), None if high is None else float(high),
                   None if qualifier is None else Qualifier(qualifier),
                   None if start is None else dt.date.fromisoformat(start),
                   None if end is None else dt.date.fromisoformat(end), bool(inferred),
                   Modality(modality or "asserted"), part_of, translation_of, source)

    # read as a claim's by `core._items`: its source is the one it is cited through
    @property
    def source_chain(self) -> list[str]:
        return []

    @property
    def attributed_to(self) -> str | None:
        return self.source


@dataclass(slots=True)
class Context:
    """What the whole input decides for a block: names, inherited subjects, parts, placed
    times, copies' origins."""

    names: tuple[_Names, _Names, _Names]
    inherited: dict[str, str | None] = field(default_factory=dict)
    copies: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    parts: set[str] = field(default_factory=set)
    placed: dict[str, tuple[dt.date | None, dt.date | None]] = field(default_factory=dict)

    def apply(self, items: Iterable[_Item]) -> None:
        """Set what the whole input gives the items of this block."""
        inherited, copies, parts, placed = self.inherited, self.copies, self.parts, self.placed
        for i in items:
            if i.id in inherited:
                i.subject = inherited[i.id]
            if i.id in parts:
                i.part = True
            if i.id in placed:
                i.start, i.end = placed[i.id]
                i.inferred = i.placed = True
            if i.id in copies:
                i.origin, i.syndicated_of = copies[i.id]


@dataclass(slots=True)
class Block:
    key: BlockKey
    ids: list[str]
    inherited: dict[str, str | None] = field(default_factory=dict)
    copies: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    parts: set[str] = field(default_factory=set)
    placed: dict[str, tuple[dt.date | None, dt.date | None]] = field(default_factory=dict)


@dataclass(slots=True)
class Plan:
    """The blocks of an input, in the order of their keys, and the names they share."""

    names: tuple[_Names, _Names, _Names]
    blocks: list[Block]

    def context(self, block: Block) -> Context:
        return context_of(self.names, block)


def context_of(shared: tuple[_Names, _Names, _Names], block: Block) -> Context:
    """A block's context, with these names."""
    return Context(shared, block.inherited, block.copies, block.parts, block.placed)


def plan(
    rows: Iterable[Row],
    config: ClaimsConfig,
    documents_meta: Mapping[str, DocumentMeta] | None = None,
    signatures: Mapping[str, bytes | None] | None = None,
) -> Plan:
    """Split the claims (as rows) into blocks that reconcile apart, with what each needs of the
    others, decided over the whole input as `reconcile` decides it (`core._decide`)."""
    with _batch():
        return _plan(rows, config, documents_meta, signatures)


def _plan(
    rows: Iterable[Row],
    config: ClaimsConfig,
    documents_meta: Mapping[str, DocumentMeta] | None,
    signatures: Mapping[str, bytes | None] | None,
) -> Plan:
    shared = names(config)
    # the same items, names matched in the same order, as `reconcile` makes of the claims
    items = _items(cast("Iterable[Claim]", rows), config, documents_meta, shared)
    before = {i.id for i in items.values() if i.subject is None}
    _decide(items, config, documents_meta, signatures)
    topic = _topics(config)
    blocks: dict[BlockKey, Block] = {}
    for i in items.values():
        if i.date:
            key: BlockKey = DATES
        else:
            orig = _original(i, items)
            key = (topic(i.claim.kind), (orig or i).subject)
        block = blocks.get(key)
        if block is None:
            block = blocks[key] = Block(key, [])
        block.ids.append(i.id)
        if i.id in before and i.subject is not None:
            block.inherited[i.id] = i.subject
        if i.part:
            block.parts.add(i.id)
        if i.placed:
            block.placed[i.id] = (i.start, i.end)
        if i.syndicated_of is not None:
            block.copies[i.id] = (i.origin, i.syndicated_of)
    del items
    ordered = sorted(blocks.values(), key=lambda b: (b.key[0], b.key[1] or ""))
    return Plan(shared, ordered)


def _topics(config: ClaimsConfig) -> Callable[[str], str]:
    """A kind's topic (its family: `casualties` of `casualties.killed`); families a kind's
    `includes` join (a whole and its parts are compared) are one topic, named by the first."""
    joined: dict[str, str] = {}

    def find(family: str) -> str:
        while joined.get(family, family) != family:
            family = joined[family]
        return family

    for name, rule in config.kinds.items():
        for part in rule.includes:
            a, b = sorted((find(name.split(".")[0]), find(part.split(".")[0])))
            if a != b:
                joined[b] = a
    return lambda kind: find(kind.split(".")[0])


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
    signatures: Mapping[str, bytes | None] | None = None,
) -> Reconciliation:
    """`reconcile`, block by block (the same result)."""
    by_id = {c.id: c for c in claims}
    the_plan = plan((Row.of(c) for c in claims), config, documents_meta, signatures)
    return merge(reconcile_blocks(the_plan, lambda ids: [by_id[i] for i in ids], config,
                                  documents_meta=documents_meta, neighbours=neighbours))
