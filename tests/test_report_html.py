"""`export --format html` and `compare --format html`: one self-contained page, a timeline per
group with a mark per claim, and article text shown as text, never run."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrack.config import load_config
from claimtrack.models import Modality, Qualifier
from claimtrack.reconcile import Conflict, Estimate, Group
from claimtrack.report.build import ClaimRecord, DocumentRecord, Report
from claimtrack.report.html import (
    CONFLICTS_SHOWN,
    _dodge,
    _period,
    content_security_policy,
    figure_text,
    number_text,
    page_data,
    render_html,
)

from .reportpages import (
    HOSTILE,
    OUTLET_A,
    OUTLET_B,
    REMOTE,
    REPO,
    TITLE_A,
    TITLE_B,
    export,
    groups,
    hostile_corpus,
    ingest,
    marks,
    parse,
)


@pytest.fixture(scope="module")
def reported(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    """The seeds and the hostile corpus, exported as JSON and as HTML."""
    folder = tmp_path_factory.mktemp("html")
    db = folder / "r.db"
    ingest(db, REPO / "seeds", hostile_corpus(folder / "hostile"))
    data = json.loads(export(db, "json", folder / "r.json"))
    return data, export(db, "html", folder / "report.html")


def test_the_page_is_one_offline_file(reported: tuple[dict, str]) -> None:
    _, page = reported
    assert page.startswith("<!DOCTYPE html>")
    assert not REMOTE.search(page), REMOTE.search(page)
    root = parse(page)
    # no script, style sheet, image or frame from elsewhere: all of it is in the page
    assert not root.xpath("//script[@src] | //link | //img | //iframe | //object | //embed")
    assert len(root.xpath("//script")) == 1
    assert len(root.xpath("//style")) == 1
    policy = root.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert policy and policy[0].startswith("default-src 'none'; script-src 'sha256-")


def test_the_script_is_the_one_the_policy_allows(reported: tuple[dict, str]) -> None:
    root = parse(reported[1])
    script = root.xpath("//script")[0].text
    policy = root.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')[0]
    assert policy == content_security_policy(script)


def test_every_group_has_a_timeline_with_a_mark_per_claim(reported: tuple[dict, str]) -> None:
    data, page = reported
    sections = {s.get("data-group"): s for s in groups(parse(page))}
    assert set(sections) == {g["id"] for g in data["groups"]}
    for g in data["groups"]:
        s = sections[g["id"]]
        assert len(s.xpath(".//svg")) == 1
        assert sorted(m.get("data-claim") for m in marks(s)) == sorted(g["claims"])
        assert sorted(s.xpath(".//tbody/tr/@data-claim")) == sorted(g["claims"])
        assert s.get("data-status") == g["status"] and s.get("data-kind") == g["kind"]


def test_conflicts_are_drawn_and_explained(reported: tuple[dict, str]) -> None:
    data, page = reported
    sections = {s.get("data-group"): s for s in groups(parse(page))}
    assert data["conflicts"]
    for k in data["conflicts"]:
        s = sections[k["group"]]
        drawn = s.xpath(f'.//svg/g[@data-claims="{" ".join(k["claims"])}"]')
        assert len(drawn) >= 1
        assert drawn[0].xpath("./title")[0].text == k["reason"]
        assert k["reason"] in s.xpath('.//ol[@class="conflicts"]/li/text()')


def test_quotes_sources_and_outlets_are_listed(reported: tuple[dict, str]) -> None:
    data, page = reported
    root = parse(page)
    claims = {c["id"]: c for c in data["claims"]}
    for row in root.xpath("//tbody/tr"):
        c = claims[row.get("data-claim")]
        cells = row.xpath("./td")
        assert cells[7].text_content() == c["quote"]
        if c["attributed_to"]:
            assert cells[4].text_content().startswith(c["attributed_to"])
    names = {d["name"]: d["articles"][0] for d in data["documents"]}
    listed = " ".join(root.xpath("//tbody//td[6]//text()"))
    for meta in names.values():
        if meta["outlet"]:
            assert meta["outlet"] in listed


def test_markup_from_articles_shows_as_text_and_never_runs(
    reported: tuple[dict, str],
) -> None:
    _, page = reported
    # nothing the articles hold became an element: one script, no image, no injected svg
    assert "<script>window.__pwned" not in page
    assert "<img src=x" not in page
    root = parse(page)
    assert len(root.xpath("//script")) == 1
    assert len(root.xpath("//svg")) == len(groups(root))
    assert not root.xpath("//*[@onerror or @onload]")
    text = root.text_content()
    for shown in (TITLE_A, OUTLET_A, TITLE_B, OUTLET_B):
        assert shown in text
    # inside the SVG too: the tooltips of marks and conflicts
    titles = " ".join(root.xpath("//svg//title/text()"))
    assert OUTLET_A in titles and OUTLET_B in titles
    # an entity in the article stays the five characters it is
    assert "Tom &amp;amp; Jerry" in page and "Tom &amp; Jerry" in text


def test_compare_writes_the_page_for_one_topic(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    ingest(db, REPO / "seeds")
    root = parse(export(db, "html", tmp_path / "troops.html", "compare", "troops"))
    kinds = {s.get("data-kind") for s in groups(root)}
    assert kinds and all(k.startswith("troops.") for k in kinds)
    assert root.xpath("//title")[0].text == "claimtrack: troops"


def test_compare_html_to_stdout(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from claimtrack.cli.main import cli

    db = tmp_path / "c.db"
    ingest(db, REPO / "seeds")
    result = CliRunner().invoke(cli, ["--db", str(db), "compare", "casualties", "--format",
                                      "html"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>") and result.stderr == ""


# ------------------------------------------------------------------ the page of a made report


def _claim(cid: str, text: str, **fields: object) -> ClaimRecord:
    base: dict[str, object] = dict(
        id=cid, document=f"{text}.txt", article=0, kind="troops.deployed", value=1000.0,
        low=1000.0, high=1000.0, qualifier=Qualifier.exact, subject=text, location=text,
        attributed_to=text, as_of="2024-10", modality=Modality.asserted, language="en",
        quote=text, start=0, end=len(text), translation_of=None, source_chain=[text],
        date_text=text,
    )
    base.update(fields)
    return ClaimRecord.model_validate(base)


def _report(text: str) -> Report:
    """A report in which every string an article can give is `text`."""
    a = _claim("a-1", text)
    b = _claim("b-2", text, document="b.txt", value=5000.0, low=5000.0, high=5000.0)
    doc = DocumentRecord(name=f"{text}.txt", sha256="0" * 64, languages=["en"], passages=1,
                         claims=2, articles=[{"title": text, "outlet": text, "byline": text,
                                              "url": None, "place": text,
                                              "published": "2024-10-21"}])
    group = Group(id=f"troops.deployed:{text}", kind="troops.deployed", subject=text,
                  location=text, status="conflict", estimate=Estimate(low=1, best=2, high=3),
                  claims=["a-1", "b-2"], independent_sources=2, origins=[text, "b.txt"],
                  relations=[])
    conflict = Conflict(type="value", claims=("a-1", "b-2"), reason=text, group=group.id)
    return Report(generated=dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc), topic=text,
                  documents=[doc], claims=[a, b], groups=[group], conflicts=[conflict])


CONFIG = load_config(None).config


@pytest.mark.parametrize("text", HOSTILE)
def test_every_field_from_an_article_is_text(text: str) -> None:
    page = "".join(render_html(_report(text), CONFIG))
    root = parse(page)
    assert len(root.xpath("//script")) == 1
    assert not root.xpath("//img | //*[@onerror or @onload] | //svg//svg")
    assert len(root.xpath("//svg")) == 1
    section = groups(root)[0]
    assert section.get("data-group") == f"troops.deployed:{text}"
    # shown whole in the heading, the tooltips, the table and the conflict's reason
    assert text in section.xpath(".//h2")[0].text_content()
    assert all(text in t.text for t in section.xpath(".//svg//title"))
    assert section.xpath('.//ol[@class="conflicts"]/li')[0].text_content() == text
    row = section.xpath(".//tbody/tr")[0].xpath("./td")
    assert [row[n].text_content() for n in (4, 7)] == [f"{text} (via {text})", text]


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from("<>&\"'/[]=; abc!-:\\"), min_size=1, max_size=40))
def test_no_text_becomes_markup(text: str) -> None:
    root = parse("".join(render_html(_report(text), CONFIG)))
    assert len(root.xpath("//script")) == 1 and len(root.xpath("//svg")) == 1
    assert root.xpath("//tbody/tr/td[8]")[0].text_content() == text


def test_the_page_data_colours_claims_by_origin() -> None:
    page = page_data(_report("Ministry"), CONFIG)
    (g,) = page.groups
    assert [r.origin for r in g.claims] == ["Ministry", "Ministry"]
    assert len({o.colour for o in g.origins}) == len(g.origins) == 1


# ------------------------------------------------------------------ figures and periods


@pytest.mark.parametrize(("fields", "shown"), [
    ({"value": 12000.0, "qualifier": Qualifier.approx}, "around 12,000"),
    ({"value": 10000.0, "low": 10000.0, "high": None, "qualifier": Qualifier.more_than},
     "more than 10,000"),
    ({"value": 30000.0, "low": None, "high": 30000.0, "qualifier": Qualifier.up_to},
     "up to 30,000"),
    ({"value": None, "low": 1500.0, "high": 3000.0, "qualifier": Qualifier.range},
     "1,500-3,000"),
    ({"value": None, "low": 2000.0, "high": 9999.0, "qualifier": Qualifier.vague},
     "2,000-9,999 (vague)"),
    ({"value": 220.0, "qualifier": Qualifier.exact}, "220"),
    ({"value": None, "low": None, "high": None, "qualifier": None, "kind": "date",
      "as_of": "2025-04-28"}, "2025-04-28"),
])
def test_figure_text(fields: dict, shown: str) -> None:
    assert figure_text(_claim("x-1", "t", **fields)) == shown


@pytest.mark.parametrize(("x", "shown"), [(12000.0, "12,000"), (5999.5, "5,999.5"), (3, "3")])
def test_number_text(x: float, shown: str) -> None:
    assert number_text(x) == shown


@pytest.mark.parametrize(("as_of", "period"), [
    ("2024", (dt.date(2024, 1, 1), dt.date(2024, 12, 31))),
    ("2024-02", (dt.date(2024, 2, 1), dt.date(2024, 2, 29))),
    ("2025-04-28", (dt.date(2025, 4, 28), dt.date(2025, 4, 28))),
    ("2025-01/2025-02", (dt.date(2025, 1, 1), dt.date(2025, 2, 28))),
    ("2025-07-14/2025-10-14", (dt.date(2025, 7, 14), dt.date(2025, 10, 14))),
    (None, None),
    ("", None),
    ("2024-13", None),
])
def test_period(as_of: str | None, period: tuple[dt.date, dt.date] | None) -> None:
    assert _period(as_of) == period


@given(st.text(max_size=30))
def test_period_of_any_text_is_none_or_ordered(text: str) -> None:
    found = _period(text)
    assert found is None or found[0] <= found[1]


@pytest.mark.parametrize(("xs", "moved"), [
    ({"a": 10.0, "b": 100.0}, {}),
    ({"a": 10.0, "b": 10.0}, {"a": -4.5, "b": 4.5}),
    ({"a": 10.0, "b": 12.0, "c": 14.0}, {"a": -9.0, "b": 0.0, "c": 9.0}),
    ({"a": 10.0, "b": 10.0, "c": 300.0}, {"a": -4.5, "b": 4.5}),
])
def test_marks_of_one_day_stand_side_by_side(xs: dict, moved: dict) -> None:
    assert _dodge(xs) == moved


def test_a_group_of_thousands_of_conflicts_shows_the_strongest() -> None:
    report = _report("x")
    ids = [f"c-{n}" for n in range(CONFLICTS_SHOWN + 10)]
    report.claims = [_claim(cid, "x", value=float(100 * (n + 1)), low=None, high=None)
                     for n, cid in enumerate(ids)]
    report.groups[0].claims = ids
    report.conflicts = [Conflict(type="value", claims=(a, b), reason=f"{a} against {b}",
                                 group=report.groups[0].id, strength=1.0 - n / 100)
                        for n, (a, b) in enumerate(zip(ids, ids[1:], strict=False))]
    section = groups(parse("".join(render_html(report, CONFIG))))[0]
    assert len(section.xpath(".//svg/g[@data-claims]")) == CONFLICTS_SHOWN
    listed = section.xpath('.//ol[@class="conflicts"]/li/text()')
    assert listed == [k.reason for k in report.conflicts[:CONFLICTS_SHOWN]]
    assert f"{CONFLICTS_SHOWN + 9} conflicts" in section.xpath('.//p[@class="facts"]')[0].text
    assert len(marks(section)) == len(ids)


def _origin_report(claims: list[ClaimRecord], origins: list[str], outlet: str) -> Report:
    report = _report("x")
    report.documents[0].articles[0].outlet = outlet
    report.claims = claims
    report.groups[0].claims = [c.id for c in claims]
    report.groups[0].origins = origins
    report.conflicts = []
    return report


@pytest.mark.parametrize(("claims", "origins", "outlet", "want"), [
    # an alias of claims.yaml names the canonical source
    ([_claim("a-1", "x", attributed_to="NIS", source_chain=[])],
     ["National Intelligence Service"], "CNA", ["National Intelligence Service"]),
    # the last outlet a claim is cited through, over who it is attributed to
    ([_claim("a-1", "x", attributed_to="Joint Chiefs of Staff",
             source_chain=["Associated Press"])],
     ["Associated Press"], "Caliber.Az", ["Associated Press"]),
    # no source: the outlet
    ([_claim("a-1", "x", attributed_to=None, source_chain=[])], ["CNA"], "CNA", ["CNA"]),
    # a translation has its original's origin
    ([_claim("a-1", "x", attributed_to="NIS", source_chain=[]),
      _claim("a-2", "x", attributed_to=None, source_chain=[], translation_of="a-1")],
     ["National Intelligence Service"], "CNA",
     ["National Intelligence Service", "National Intelligence Service"]),
    # a syndicated copy: its outlet is not among the group's origins, its original's is
    ([_claim("a-1", "x", attributed_to=None, source_chain=[])], ["Reuters"], "BBC",
     ["Reuters"]),
    ([_claim("a-1", "x", attributed_to="NIS", source_chain=[]),
      _claim("a-2", "x", attributed_to=None, source_chain=[])],
     ["National Intelligence Service", "Reuters"], "BBC",
     ["National Intelligence Service", "Reuters"]),
    # a denial counts for no origin: it keeps its own name
    ([_claim("a-1", "x", attributed_to=None, source_chain=[], modality=Modality.denied)],
     [], "BBC", ["BBC"]),
])
def test_each_claim_is_coloured_by_its_origin(
    claims: list[ClaimRecord], origins: list[str], outlet: str, want: list[str],
) -> None:
    (g,) = page_data(_origin_report(claims, origins, outlet), CONFIG).groups
    assert [r.origin for r in g.claims] == want
    colours = {r.origin: r.colour for r in g.claims}
    assert len(set(colours.values())) == len(colours)


@pytest.mark.parametrize("as_of", [["2024-10-20"] * 40, [None] * 40, ["2024", None, "2025-01"]])
def test_marks_stay_in_their_lane(as_of: list[str | None]) -> None:
    report = _report("x")
    report.claims = [_claim(f"c-{n}", "x", as_of=a) for n, a in enumerate(as_of)]
    report.groups[0].claims = [c.id for c in report.claims]
    report.conflicts = []
    t = page_data(report, CONFIG).groups[0].timeline
    assert len(t.marks) == len(as_of)
    for m, a in zip(t.marks, as_of, strict=True):
        lane = (t.left, t.right) if a else (t.right, t.width)
        assert lane[0] <= m.x <= lane[1]
        assert t.top <= m.y0 <= m.y1 <= t.bottom
    if not any(as_of):
        assert t.x_ticks == []


def test_an_empty_report_is_a_page_with_no_group() -> None:
    report = _report("x")
    report.claims, report.groups, report.conflicts, report.documents = [], [], [], []
    root = parse("".join(render_html(report, CONFIG)))
    assert groups(root) == [] and len(root.xpath("//script")) == 1
    assert "0 groups, 0 claims" in root.xpath('//p[@class="summary"]')[0].text


@pytest.mark.parametrize("values", [
    [0.0, 0.0], [0.0, 5.0], [1500.0, 1_200_000.0], [1e12, 3.0], [7.0],
])
def test_any_figures_fit_the_timeline(values: list[float]) -> None:
    report = _report("x")
    report.claims = [_claim(f"c-{n}", "x", value=v, low=v, high=v, qualifier=Qualifier.approx)
                     for n, v in enumerate(values)]
    report.groups[0].claims = [c.id for c in report.claims]
    report.conflicts = []
    t = page_data(report, CONFIG).groups[0].timeline
    for m in t.marks:
        assert t.top <= m.y0 <= m.y1 <= t.bottom + 2 and m.y is not None
        assert t.top <= m.y <= t.bottom
    assert t.y_ticks and all(t.top - 1 <= k.pos <= t.bottom + 1 for k in t.y_ticks)
    assert len(t.y_ticks) <= 7


def _timeline_of(as_of: list[str | None], **fields: object):  # type: ignore[no-untyped-def]
    report = _report("x")
    report.claims = [_claim(f"c-{n}", "x", as_of=a, **fields) for n, a in enumerate(as_of)]
    report.groups[0].claims = [c.id for c in report.claims]
    report.conflicts = []
    return page_data(report, CONFIG).groups[0].timeline


def test_a_group_with_no_time_spreads_its_marks_over_the_whole_width() -> None:
    t = _timeline_of([None] * 6)
    xs = sorted(m.x for m in t.marks)
    assert t.right == t.left  # no dated area beside an empty lane
    assert xs[-1] - xs[0] >= 4 * 4 * 7  # apart, not squeezed into a 64-unit lane
    assert all(t.left < x < t.end for x in xs)
    assert t.x_label == "no claim gives a time"


@pytest.mark.parametrize(("as_of", "subject", "x_label", "y_label"), [
    (["2024-10", "2025-01"], "North Korean troops", "the time each figure speaks of",
     "North Korean troops"),
    (["2024-10"], "soldiers of the 11th airborne brigade of the northern army",
     "the time each figure speaks of", "soldiers of…"),  # one claim: a shorter axis, cut at a space
    ([None, "2024-10"], None, "the time each figure speaks of", "deployed"),
])
def test_both_axes_are_titled(as_of: list[str | None], subject: str | None, x_label: str,
                              y_label: str) -> None:
    report = _report("x")
    report.claims = [_claim(f"c-{n}", "x", as_of=a) for n, a in enumerate(as_of)]
    report.groups[0].claims = [c.id for c in report.claims]
    report.groups[0].subject = subject
    report.conflicts = []
    t = page_data(report, CONFIG).groups[0].timeline
    assert (t.x_label, t.y_label) == (x_label, y_label)
    titles = [e.text for e in groups(parse("".join(render_html(report, CONFIG))))[0]
              .xpath('.//svg//text[@class="title"]')]
    assert titles == [x_label, y_label]


def test_a_claim_with_no_source_and_no_outlet_is_keyed_as_such() -> None:
    report = _origin_report([_claim("a-1", "x", attributed_to=None, source_chain=[])],
                            ["x.txt"], "")
    report.documents[0].articles[0].outlet = None
    (g,) = page_data(report, CONFIG).groups
    assert [o.name for o in g.origins] == ["no source named (x.txt)"]
    row = groups(parse("".join(render_html(report, CONFIG))))[0].xpath(".//tbody/tr/td")[5]
    assert row.xpath(".//br") == [] and row.text_content() == "2024-10-21"


@pytest.mark.parametrize(("words", "shown"), [
    (["Monday", "周日"], ["Monday", "周日"]),
    (["on the last day of October"], ["on the…"]),  # cut at a space to fit the margin
])
def test_each_row_of_a_date_group_is_named_by_its_words(words: list[str], shown: list[str]
                                                        ) -> None:
    report = _report("x")
    report.claims = [_claim(f"d-{n}", "x", kind="date", value=None, low=None, high=None,
                            qualifier=None, as_of="2025-04-2" + str(n), date_text=w)
                     for n, w in enumerate(words)]
    report.groups[0].claims = [c.id for c in report.claims]
    report.groups[0].kind = "date"
    report.conflicts = []
    t = page_data(report, CONFIG).groups[0].timeline
    assert [k.label for k in t.y_ticks] == shown
    assert t.x_label == "the date each claim gives" and t.y_label == ""
