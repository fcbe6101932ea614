"""Reconciling block by block gives what reconciling everything at once gives."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimtrack.cli.main import cli
from claimtrack.config import ClaimsConfig, load_config
from claimtrack.models import ArticleMeta, Claim
from claimtrack.reconcile import reconcile
from claimtrack.reconcile.models import DocumentMeta, Reconciliation
from claimtrack.reconcile.rows import BlockRows, GroupRows, read_claims, rows_of_blocks
from claimtrack.reconcile.stream import Row, merge, plan, reconcile_streamed
from claimtrack.report.build import _rows
from claimtrack.signature import text_signature
from claimtrack.store import Store
from tests.test_reconcile import UNDATED, figure, inferred, make_claim, period
from tests.test_signature import STORY

CLAIMS_YAML = Path(__file__).resolve().parent.parent / "claims.yaml"


@pytest.fixture(scope="module")
def config() -> ClaimsConfig:
    return load_config(CLAIMS_YAML).config


def _inherited() -> list[Claim]:
    # the second figure names no subject: it counts what its article's other figure counts
    return [
        make_claim(document="a.txt", quote="12,000 North Korean troops"),
        make_claim(document="a.txt", subject=None, quote="a further 11,000",
                   **figure("exact", 11000)),
        make_claim(document="b.txt", subject="Russian troops", quote="50,000 Russian troops"),
    ]


def _story(document: str) -> list[Claim]:
    # a copy is told by two shared wordings of different topics: blocks of their own
    return [
        make_claim(document=document, attributed_to=None, quote="some 9,000 soldiers sent"),
        make_claim(document=document, attributed_to=None, kind="casualties.killed",
                   quote="about 250 of them dead", **figure("approx", 250)),
    ]


def _translated() -> list[Claim]:
    en = make_claim(document="t.txt", subject=None, quote="7,000 more")
    return [
        make_claim(document="t.txt", quote="8,000 North Korean soldiers"),
        en,
        make_claim(document="t.txt", subject="朝鲜士兵", language="zh", translation_of=en.id,
                   quote="七千", **figure("exact", 7000)),
    ]


def _unknown_names() -> list[Claim]:
    # names in no config list are matched to earlier ones: the order of the whole input counts
    return [
        make_claim(subject="Coastal Brigade fighters", quote="300 fighters"),
        make_claim(subject="Coastal Brigade fighter", kind="casualties.killed",
                   quote="40 killed", **figure("exact", 40)),
        make_claim(subject="the Coastal Brigade fighters", **figure("exact", 900)),
        make_claim(attributed_to="the Lakeside monitor group", subject="Coastal Brigade"),
        make_claim(attributed_to="Lakeside monitor group", subject="Coastal Brigade",
                   **figure("exact", 2000)),
    ]


def _scopes() -> list[Claim]:
    return [
        make_claim(kind="troops.additional", **figure("exact", 3000)),
        make_claim(kind="troops.deployed", **figure("exact", 15000)),
        make_claim(kind="casualties.killed", **figure("exact", 500), document="s.txt",
                   quote="500 killed"),
        make_claim(kind="casualties.killed_or_wounded", **figure("exact", 300),
                   document="s.txt", quote="300 killed or wounded"),
    ]


def _dates() -> list[Claim]:
    return [
        make_claim(kind="date", subject="the accord signed", item="troops.deployed",
                   date_text="Monday", value=None, low=None, high=None, qualifier=None,
                   **period("2024-06-17"), quote="signed the accord Monday"),
        make_claim(kind="date", subject="the accord signed", item="troops.deployed",
                   date_text="June 20", value=None, low=None, high=None, qualifier=None,
                   **period("2024-06-20"), quote="signed on June 20"),
        make_claim(**figure("exact", 10000), **period("2024-06")),
    ]


CASES: list[tuple[str, Callable[[], list[Claim]]]] = [
    ("inherited subject", _inherited),
    ("syndicated copy across topics", lambda: [*_story("x.txt"), *_story("y.txt")]),
    ("translation of a figure that inherits", _translated),
    ("unknown names", _unknown_names),
    ("scopes of one subject", _scopes),
    ("dates and a count", _dates),
    ("all at once", lambda: [*_inherited(), *_story("p.txt"), *_story("q.txt"),
                             *_translated(), *_unknown_names(), *_scopes(), *_dates()]),
]


@pytest.mark.parametrize(("name", "claims"), CASES, ids=[c[0] for c in CASES])
def test_blocks_give_the_whole_result(
    config: ClaimsConfig, name: str, claims: Callable[[], list[Claim]]
) -> None:
    given = claims()
    whole = reconcile(given, config)
    streamed = reconcile_streamed(given, config)
    assert streamed.model_dump() == whole.model_dump()
    assert whole.groups  # the case reconciles to something


Given = tuple[list[Claim], dict[str, DocumentMeta], dict[str, bytes | None]]


def _placed() -> Given:
    # the undated c.txt is placed in time by its troops figure (a block of its own), which a
    # dated article gives: its wounded (another block) then conflict with a dated article's
    meta: dict[str, DocumentMeta] = {
        "a.txt": [ArticleMeta(outlet="Daily One", published="2025-04-30")],
        "b.txt": [ArticleMeta(outlet="Daily Two", published="2025-04-29")],
        "c.txt": [ArticleMeta(outlet="Daily Three")],
    }
    wounded = dict(kind="casualties.wounded", attributed_to=None)
    return [
        make_claim(document="a.txt", **wounded, **figure("approx", 4700), **inferred("2025-04-30")),
        make_claim(document="b.txt", **figure("exact", 15000), **inferred("2025-04-29")),
        make_claim(document="c.txt", **wounded, **figure("exact", 3000), **UNDATED),
        make_claim(document="c.txt", passage=2, **figure("exact", 15000), **UNDATED),
    ], meta, {}


def _part_of_another_subject() -> Given:
    # a part whose whole is of another kind and subject (another block) is a count of its own
    whole = make_claim(kind="casualties.killed_or_wounded", subject="Russian troops",
                       **figure("exact", 1100), document="p.txt")
    return [
        whole,
        make_claim(kind="casualties.killed", **figure("exact", 300), document="p.txt",
                   part_of=whole.id),
        make_claim(kind="casualties.killed", **figure("exact", 900), document="q.txt"),
    ], {}, {}


def _reprints() -> Given:
    # a reprint's figure is its original's when the original gives that kind and figure, of
    # whatever subject (another block); the troops figures are of one block
    killed = dict(kind="casualties.killed", **figure("exact", 40), attributed_to=None)
    claims = [make_claim(document="a.txt", attributed_to=None),
              make_claim(document="a.txt", subject="Russian troops", **killed),
              make_claim(document="b.txt", attributed_to=None),
              make_claim(document="b.txt", **killed),
              make_claim(document="c.txt", **killed, quote="40 killed")]
    meta: dict[str, DocumentMeta] = {"a.txt": "Wire", "b.txt": "Two", "c.txt": "Three"}
    signatures = {"a.txt": text_signature(STORY), "b.txt": text_signature("B\n" + STORY)}
    return claims, meta, signatures


CROSSING: list[tuple[str, Callable[[], Given]]] = [
    ("undated article placed by another block", _placed),
    ("part of a whole in another block", _part_of_another_subject),
    ("reprints across blocks", _reprints),
]


def _apart(given: Given, config: ClaimsConfig) -> Reconciliation:
    """Each block reconciled on its own, as if nothing crossed blocks but names."""
    claims, meta, signatures = given
    the_plan = plan((Row.of(c) for c in claims), config, meta, signatures)
    by_id = {c.id: c for c in claims}
    return merge(reconcile([by_id[i] for i in b.ids], config, documents_meta=meta,
                           signatures=signatures) for b in the_plan.blocks)


@pytest.mark.parametrize(("name", "case"), CROSSING, ids=[c[0] for c in CROSSING])
def test_what_crosses_blocks_is_decided_over_the_whole_input(
    config: ClaimsConfig, name: str, case: Callable[[], Given]
) -> None:
    given = case()
    claims, meta, signatures = given
    whole = reconcile(claims, config, documents_meta=meta, signatures=signatures)
    streamed = reconcile_streamed(claims, config, documents_meta=meta, signatures=signatures)
    assert streamed.model_dump() == whole.model_dump()
    by_id = {c.id: c for c in claims}
    the_plan = plan((Row.of(c) for c in claims), config, meta, signatures)
    made = {g.id: (g.data, g.claims, g.relations, g.conflicts)
            for block in rows_of_blocks(the_plan, lambda ids: [by_id[i] for i in ids], config,
                                        documents_meta=meta)
            for g in block.groups}
    assert made == {r.id: (r.data, r.claims, r.relations, r.conflicts) for r in _rows(whole)}
    # the case needs the whole input: blocks alone decide it otherwise
    assert _apart(given, config).model_dump() != whole.model_dump()


@pytest.mark.parametrize(("name", "claims"), CASES, ids=[c[0] for c in CASES])
def test_rows_group_by_group_are_the_rows_of_the_whole_result(
    config: ClaimsConfig, name: str, claims: Callable[[], list[Claim]]
) -> None:
    given = claims()
    by_id = {c.id: c for c in given}
    the_plan = plan((Row.of(c) for c in given), config)
    made = {g.id: (g.data, g.claims, g.relations, g.conflicts)
            for block in rows_of_blocks(the_plan, lambda ids: [by_id[i] for i in ids], config)
            for g in block.groups}
    whole = {r.id: (r.data, r.claims, r.relations, r.conflicts)
             for r in _rows(reconcile(given, config))}
    assert made == whole


def test_a_block_is_one_topic_and_subject(config: ClaimsConfig) -> None:
    given = [*_inherited(), *_story("p.txt"), *_story("q.txt"), *_dates()]
    keys = [b.key for b in plan((Row.of(c) for c in given), config).blocks]
    assert keys == [
        ("casualties", "North Korean troops"),
        ("date", None),
        ("troops", "North Korean troops"),
        ("troops", "Russian troops"),
    ]


def test_a_subject_inherited_from_another_block_is_kept(config: ClaimsConfig) -> None:
    given = _inherited()
    the_plan = plan((Row.of(c) for c in given), config)
    block = next(b for b in the_plan.blocks if b.key == ("troops", "North Korean troops"))
    assert set(block.ids) == {given[0].id, given[1].id}
    result = reconcile_streamed(given, config)
    korean = next(g for g in result.groups if g.subject == "North Korean troops")
    assert set(korean.claims) == {given[0].id, given[1].id}
    assert [set(k.claims) for k in result.conflicts] == [{given[0].id, given[1].id}]


# ---------------------------------------------------------------- on a Dask cluster


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address="127.0.0.1:0") as local:
        yield local


def test_blocks_on_a_dask_cluster_give_the_rows_of_this_process(
    config: ClaimsConfig, cluster: Any
) -> None:
    from claimtrack.reconcile.dask_engine import dask_blocks

    given = [*_inherited(), *_story("p.txt"), *_story("q.txt"), *_translated(),
             *_unknown_names(), *_scopes(), *_dates()]
    by_id = {c.id: c for c in given}
    the_plan = plan((Row.of(c) for c in given), config)

    def rows(blocks: Iterable[BlockRows]) -> list[tuple[int, list[GroupRows]]]:
        return [(b.comparisons, list(b.groups)) for b in blocks]

    there = rows(dask_blocks(the_plan, lambda ids: [by_id[i] for i in ids], config,
                             scheduler=cluster.scheduler_address))
    here = rows(rows_of_blocks(the_plan, lambda ids: [by_id[i] for i in ids], config))
    assert len(there) == len(the_plan.blocks) > 1
    assert there == here
    assert sum(len(g.conflicts) for _, gs in there for g in gs) == len(
        reconcile(given, config).conflicts)


def test_reconcile_command_stores_what_export_reads(
    runner: CliRunner, seeds_copy: Path, db_path: Path, cluster: Any
) -> None:
    assert runner.invoke(cli, ["ingest", str(seeds_copy)]).exit_code == 0
    fresh = runner.invoke(cli, ["export", "--format", "json"]).stdout
    with Store.open(db_path) as s, s.transaction() as c:
        c.execute("DELETE FROM reconciliations")
    done = runner.invoke(cli, ["reconcile", "--engine", "dask",
                               "--scheduler", cluster.scheduler_address])
    assert done.exit_code == 0, done.output
    assert re.fullmatch(r"Reconciled 46 claims in \d+ blocks: \d+ groups, \d+ conflicts\.\n",
                        done.stderr)
    again = runner.invoke(cli, ["reconcile"])
    assert "nothing to do" in again.stderr
    stored = runner.invoke(cli, ["export", "--format", "json"]).stdout

    def body(text: str) -> dict[str, Any]:
        data = json.loads(text)
        data.pop("generated")
        return data

    assert body(stored) == body(fresh)


def test_scheduler_needs_the_dask_engine(runner: CliRunner, db_path: Path) -> None:
    result = runner.invoke(cli, ["reconcile", "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2
    assert "--scheduler needs --engine dask" in result.stderr


@pytest.mark.parametrize("claim", [
    make_claim(),
    make_claim(**figure("more_than", 3000), **period("2024-06/2024-08"), modality="estimated",
               source_chain=["AP", "Daily8"], translation_of="c0", part_of="c9"),
    make_claim(kind="date", subject="the accord signed", item="troops.deployed",
               date_text="Monday", value=None, low=None, high=None, qualifier=None,
               **period("2024-06-17"), quote="signed the accord Monday"),
    make_claim(subject=None, location="Kursk", value=12000, low=None, high=None,
               qualifier="up_to", modality="denied", as_of=None, as_of_start=None,
               as_of_end=None),
], ids=["plain", "range-cited-translated", "date", "open-denied-undated"])
def test_a_compact_row_reads_as_its_claim(claim: Claim) -> None:
    [row] = read_claims([claim.model_dump_json()])
    # the same values of the same types: the reconciler tests enums by identity
    assert {f: (type(getattr(row, f)), getattr(row, f)) for f in Claim.model_fields} == {
        f: (type(v), v) for f, v in claim}
