"""Document signatures (claimtrack.signature): a reprint is one story, unrelated stories are not;
the reconciler counts a reprint's figures once; the store keeps each document's signature."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from claimtrack.cli.main import cli
from claimtrack.config import load_config
from claimtrack.models import Claim
from claimtrack.reconcile import reconcile
from claimtrack.signature import copies, similarity, text_signature
from claimtrack.store import Store

REPO = Path(__file__).resolve().parent.parent

# invented stories
STORY = (
    "The harbour authority said on Tuesday that 14 sailors were missing after a cargo ship "
    "capsized near the northern cape. Rescue boats searched the water through the night, and "
    "a coast guard plane joined them at dawn. Two crew members were pulled alive from a life "
    "raft and taken to the port hospital, where doctors described their condition as stable. "
    "The ship had left the southern terminal with a load of timber and was headed for the "
    "islands when it sent a distress call shortly before midnight. Officials said strong winds "
    "and high waves had slowed the search, which would continue as long as there was hope."
)
OTHER = (
    "Two people were killed and three injured when a bus left the mountain road on Sunday, "
    "police said. The driver lost control on a sharp bend in heavy rain, according to a "
    "witness who called the emergency line. The injured were flown to the regional hospital. "
    "The road was closed for several hours while crews cleared the wreck and examined the "
    "barrier, which residents have long described as too low for the traffic it carries."
)
ZH = ("港务局周二表示，一艘货船在北部海角附近倾覆后，14名船员失踪。救援船只连夜搜寻，"
      "一架海岸警卫队飞机在黎明时加入搜救。两名船员从救生筏上获救，被送往港口医院。")


@pytest.mark.parametrize(
    ("a", "b", "copy"),
    [
        # a wire story under another outlet's header, its last sentence cut
        pytest.param(STORY, "DAILY HERALD | World\n" + STORY.rsplit(". ", 1)[0] + ".", True,
                     id="reprint-with-header"),
        pytest.param(ZH, "环球日报讯 " + ZH, True, id="chinese-reprint"),
        # they share "were killed", "police said", "hospital": no run of five words
        pytest.param(STORY, OTHER, False, id="unrelated-stories"),
        pytest.param(STORY, ZH, False, id="translation-is-no-reprint"),
    ],
)
def test_a_reprint_is_one_story(a: str, b: str, copy: bool) -> None:
    sa, sb = text_signature(a), text_signature(b)
    assert sa is not None and sb is not None
    assert (list(copies({"a.txt": sa, "b.txt": sb})) == [("a.txt", "b.txt")]) is copy
    assert (similarity(sa, sb) >= 0.5) is copy


def test_a_story_printed_many_times_pairs_each_print_with_the_first() -> None:
    """Twenty outlets reprint one wire story among unrelated ones: each reprint is paired with
    the first print only (19 pairs, not 190), and the unrelated story with none."""
    signatures = {f"{n:02d}.txt": text_signature(f"OUTLET {n} | " + STORY) for n in range(20)}
    signatures["other.txt"] = text_signature(OTHER)
    assert sorted(copies(signatures)) == [("00.txt", f"{n:02d}.txt") for n in range(1, 20)]


@given(st.text(max_size=300))
def test_any_text_gives_a_signature_or_none(text: str) -> None:
    sig = text_signature(text)
    assert sig is None or similarity(sig, sig) == 1.0


DAY = dt.date(2025, 3, 4)


def _claims(document: str) -> list[Claim]:
    return [
        Claim(id=f"{document}-{n}", document=document, article=0, passage=n, kind=kind,
              qualifier="exact", value=value, low=value, high=value, subject="people",
              location="Northern Cape", as_of="2025-03-04", as_of_start=DAY, as_of_end=DAY,
              as_of_inferred=True, language="en", quote=quote, start=0, end=5)
        for n, (kind, value, quote) in enumerate([("casualties.missing", 14, "14"),
                                                  ("casualties.wounded", 2, "Two")])
    ]


def test_a_reprints_figures_count_once() -> None:
    config = load_config(REPO / "claims.yaml").config
    claims = _claims("a.txt") + _claims("b.txt")
    meta = {"a.txt": "Wire One", "b.txt": "Daily Two"}
    apart = reconcile(claims, config, documents_meta=meta)
    assert {g.independent_sources for g in apart.groups} == {2}
    signatures = {"a.txt": text_signature(STORY), "b.txt": text_signature("HEADER\n" + STORY)}
    once = reconcile(claims, config, documents_meta=meta, signatures=signatures)
    assert {g.independent_sources for g in once.groups} == {1}
    unrelated = {"a.txt": text_signature(STORY), "b.txt": text_signature(OTHER)}
    both = reconcile(claims, config, documents_meta=meta, signatures=unrelated)
    assert {g.independent_sources for g in both.groups} == {2}


def test_the_store_keeps_each_documents_signature(tmp_path: Path, db_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY)
    result = CliRunner().invoke(cli, ["--db", str(db_path), "ingest", str(folder)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with Store.open(db_path) as store:
        (doc,) = store.documents()
    assert doc.signature == text_signature((folder / "a.txt").read_text())
    assert "signature" not in doc.model_dump()
