"""Stored reconciliations: each with the state of the store it was computed from, listed
group by group, in pages."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from pydantic import BaseModel

from ..errors import StoreError
from .db import Database, _now

# one listed pair of a stored group: type, claim a, claim b, reason
StoredPair = tuple[str, str, str, str]
# one conflict of a stored group: type, claim a, claim b, reason, strength
StoredConflict = tuple[str, str, str, str, float]


class StoredGroup(BaseModel):
    """A group as stored: its JSON without its lists, the first claims, relations and conflicts
    of its lists (all of them when read without a limit), and how many each list holds."""

    id: str
    data: str
    claims: list[str]
    relations: list[StoredPair]
    conflicts: list[StoredConflict]
    counts: tuple[int, int, int]  # claims, relations, conflicts


class StoredReconciliation(BaseModel):
    groups: list[StoredGroup]
    comparisons: int
    # groups stored, listed or not
    total: int


class ReconciliationStore(Database):
    """Stored reconciliations and the topic versions that say whether one is current."""

    def topics(self) -> list[str]:
        """Every topic claims have been stored under (kept after its last claim is gone, so a
        stored reconciliation of it is known to be stale)."""
        return [t for (t,) in self.conn.execute("SELECT topic FROM topic_state ORDER BY topic")]

    def topic_versions(self, topics: Iterable[str]) -> dict[str, int]:
        """How often each topic's claims have changed (0: never, or not since migration)."""
        wanted = sorted(set(topics))
        marks = ",".join("?" * len(wanted))
        found = dict(self.conn.execute(
            f"SELECT topic, version FROM topic_state WHERE topic IN ({marks})", wanted
        ).fetchall())
        return {t: found.get(t, 0) for t in wanted}

    def is_current(self, selection: str, config: str, state: dict[str, int]) -> bool:
        """Whether a reconciliation of `selection` and `config` computed from `state` is stored."""
        row = self.conn.execute(
            "SELECT state FROM reconciliations WHERE selection = ? AND config = ?",
            (selection, config),
        ).fetchone()
        return row is not None and json.loads(row[0]) == state

    def stored_reconciliation(
        self, selection: str, config: str, state: dict[str, int], *,
        limit: int | None = None, about: str | None = None,
    ) -> StoredReconciliation | None:
        """The reconciliation stored for `selection` and `config`, if it was computed from
        `state` (the current topic versions); None when there is none or it is stale. With a
        `limit`, only that many groups, those with the most claims (in their order), each with
        at most that many claims, relations and conflicts. With `about` a claim id, only the
        groups holding that claim, each listing it and the relations and conflicts naming it."""
        c = self.conn
        with self.snapshot():
            row = c.execute(
                "SELECT id, state, comparisons FROM reconciliations "
                "WHERE selection = ? AND config = ?", (selection, config)
            ).fetchone()
            if row is None or json.loads(row[1]) != state:
                return None
            rid = row[0]
            total = c.execute(
                "SELECT count(*) FROM reconciled_groups WHERE reconciliation = ?", (rid,)
            ).fetchone()[0]
            if about is not None:
                heads = c.execute(
                    "SELECT g.idx, g.id, g.data, g.claims, g.relations, g.conflicts "
                    "FROM reconciled_members m JOIN reconciled_groups g "
                    "ON g.reconciliation = m.reconciliation AND g.idx = m.group_idx "
                    "WHERE m.reconciliation = ? AND m.claim = ? ORDER BY g.rank", (rid, about)
                ).fetchall()
                lists = [self._group_lists(rid, h[0], about=about) for h in heads]
            elif limit is None:
                heads = c.execute(
                    "SELECT idx, id, data, claims, relations, conflicts FROM reconciled_groups "
                    "WHERE reconciliation = ? ORDER BY rank", (rid,)
                ).fetchall()
                lists = self._all_lists(rid, [h[0] for h in heads])
            else:
                heads = [h[1:] for h in sorted(c.execute(
                    "SELECT rank, idx, id, data, claims, relations, conflicts "
                    "FROM reconciled_groups "
                    "WHERE reconciliation = ? ORDER BY claims DESC, rank LIMIT ?", (rid, limit)
                ))]
                lists = [self._group_lists(rid, h[0], limit=limit) for h in heads]
        return StoredReconciliation.model_construct(
            groups=[
                StoredGroup.model_construct(id=gid, data=data, claims=members,
                                            relations=relations, conflicts=conflicts,
                                            counts=(n, r, k))
                for (_, gid, data, n, r, k), (members, relations, conflicts)
                in zip(heads, lists, strict=True)
            ],
            comparisons=row[2],
            total=total,
        )

    def _group_lists(
        self, rid: int, group: int, *, limit: int = -1, about: str | None = None
    ) -> tuple[list[str], list[StoredPair], list[StoredConflict]]:
        """A group's first `limit` claims, relations and conflicts (-1: all); with `about`,
        that claim and the relations and conflicts naming it."""
        c = self.conn
        named, args = ("", ()) if about is None else (" AND ? IN (claim_a, claim_b)", (about,))
        pairs = [
            c.execute(
                f"SELECT {columns} FROM {table} "
                f"WHERE reconciliation = ? AND group_idx = ?{named} ORDER BY idx LIMIT ?",
                (rid, group, *args, limit),
            ).fetchall()
            for table, columns in _PAIR_TABLES.items()
        ]
        members = [about] if about is not None else [r[0] for r in c.execute(
            "SELECT claim FROM reconciled_members WHERE reconciliation = ? AND group_idx = ? "
            "ORDER BY rank LIMIT ?", (rid, group, limit))]
        return members, pairs[0], pairs[1]

    def _all_lists(
        self, rid: int, order: list[int]
    ) -> list[tuple[list[str], list[StoredPair], list[StoredConflict]]]:
        """The lists of every group, in the order of `order` (group indexes)."""
        lists: dict[int, tuple[list[Any], list[Any], list[Any]]] = {
            idx: ([], [], []) for idx in order
        }
        c = self.conn
        for group, claim in c.execute(
            "SELECT group_idx, claim FROM reconciled_members WHERE reconciliation = ? "
            "ORDER BY group_idx, rank", (rid,)
        ):
            lists[group][0].append(claim)
        for n, (table, columns) in enumerate(_PAIR_TABLES.items(), start=1):
            for group, *pair in c.execute(
                f"SELECT group_idx, {columns} FROM {table} "
                "WHERE reconciliation = ? ORDER BY group_idx, idx", (rid,)
            ):
                lists[group][n].append(tuple(pair))
        return [lists[idx] for idx in order]

    def save_reconciliation(
        self,
        selection: str,
        config: str,
        state: dict[str, int],
        groups: Iterable[StoredGroup],
        comparisons: int,
    ) -> bool:
        """Store a reconciliation computed from `state`, group by group (each with all of its
        lists), in their order. Nothing is written, and False returned, when the store has
        changed since (the result is already stale)."""
        with self.reconciliation_writer(selection, config, state) as writer:
            for n, g in enumerate(groups):
                writer.add(g, n)
            writer.comparisons = comparisons
            return writer.finish()

    @contextmanager
    def reconciliation_writer(
        self, selection: str, config: str, state: dict[str, int]
    ) -> Iterator[ReconciliationWriter]:
        """Write a reconciliation computed from `state` group by group, in any order (each group
        with its sort key: they are ranked by it at the end), in short transactions (`commit`
        after each block: an ingest waits for one block, not for the whole reconciliation).
        Until `finish` it is stored under a selection of its own, which no reader asks for,
        and the last one stays current; `finish` makes it the stored one when the store is
        still at `state`. Left unfinished (an error), it is removed."""
        provisional = f"{selection}\x1f{uuid.uuid4().hex}"
        with self.transaction() as c:
            version = c.execute("SELECT version FROM store_state WHERE id = 1").fetchone()[0]
            rid = c.execute(
                "INSERT INTO reconciliations (selection, config, state, store_version, "
                "comparisons, computed_at) VALUES (?, ?, ?, ?, 0, ?)",
                (provisional, config, json.dumps(state, sort_keys=True), version, _now()),
            ).lastrowid
        assert rid is not None
        writer = ReconciliationWriter(self, rid, selection, config, state)
        try:
            yield writer
        finally:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if not writer.finished:
                with contextlib.suppress(sqlite3.Error, StoreError), self.transaction() as c:
                    c.execute("DELETE FROM reconciliations WHERE id = ?", (rid,))


class ReconciliationWriter:
    """Writes one stored reconciliation's groups as they come (see `reconciliation_writer`)."""

    def __init__(self, store: ReconciliationStore, rid: int, selection: str, config: str,
                 state: dict[str, int]) -> None:
        self.store = store
        self.conn = store.conn
        self.rid = rid
        self.selection, self.config, self.state = selection, config, state
        self.comparisons = 0
        self.finished = False
        self._keys: list[Any] = []

    def add(self, g: StoredGroup, key: Any) -> None:
        """Write a group with all its lists; `key` places it among the others."""
        c, rid, idx = self.conn, self.rid, len(self._keys)
        if not c.in_transaction:
            c.execute("BEGIN IMMEDIATE")
        self._keys.append(key)
        c.execute(
            "INSERT INTO reconciled_groups (reconciliation, idx, rank, id, data, claims, "
            "relations, conflicts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (rid, idx, idx, g.id, g.data, *g.counts),
        )
        c.executemany(
            "INSERT INTO reconciled_members (reconciliation, group_idx, rank, claim) "
            "VALUES (?, ?, ?, ?)", ((rid, idx, n, m) for n, m in enumerate(g.claims)),
        )
        lists: tuple[list[Any], list[Any]] = (g.relations, g.conflicts)
        for (table, columns), pairs in zip(_PAIR_TABLES.items(), lists, strict=True):
            marks = ", ".join("?" * (3 + columns.count(",") + 1))
            c.executemany(
                f"INSERT INTO {table} (reconciliation, group_idx, idx, {columns}) "
                f"VALUES ({marks})",
                ((rid, idx, n, *p) for n, p in enumerate(pairs)),
            )

    def commit(self) -> None:
        """End the transaction of the groups written so far."""
        if self.conn.in_transaction:
            self.conn.execute("COMMIT")

    def finish(self) -> bool:
        """Rank the groups by their keys and make this the stored reconciliation, if the store
        is still at its state (else False: it is removed)."""
        self.commit()
        keys = self._keys
        order = sorted(range(len(keys)), key=keys.__getitem__)
        with self.store.transaction() as c:
            if self.store.topic_versions(self.state) != self.state:
                return False
            c.executemany(
                "UPDATE reconciled_groups SET rank = ? WHERE reconciliation = ? AND idx = ?",
                ((rank, self.rid, idx) for rank, idx in enumerate(order) if rank != idx),
            )
            c.execute("DELETE FROM reconciliations WHERE selection = ? AND config = ?",
                      (self.selection, self.config))
            c.execute("UPDATE reconciliations SET selection = ?, comparisons = ? WHERE id = ?",
                      (self.selection, self.comparisons, self.rid))
            self.finished = True
        return True


# the tables of a stored group's pairs, its relations and its conflicts, with their columns
_PAIR_TABLES = {
    "reconciled_relations": "type, claim_a, claim_b, reason",
    "reconciled_conflicts": "type, claim_a, claim_b, reason, strength",
}
