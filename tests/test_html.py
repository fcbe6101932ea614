"""HTML pages: the metadata a page declares wins over what its text suggests, and a page with
no article text is stored with its metadata."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from claimtrack.load.files import Found, load_file
from claimtrack.models import Document

from .cliutil import docs_yaml, run
from .conftest import flat

BODY = """
<p>The ministry said on Monday that about 12,000 soldiers had been moved to the region over
the autumn, according to officials who briefed reporters in the capital.</p>
<p>The deployment came in several waves, and some units have already been seen near the
front line, the officials said, adding that more could follow before the winter.</p>
<p>Neighbouring governments called the move a dangerous escalation and asked for talks to
begin within days, while the ministry said the troops were there for exercises.</p>
"""


def page(head: str, lead: str = "", *, ld: dict[str, Any] | None = None) -> str:
    """A small news page: `head` tags, an optional JSON-LD block, `lead` lines atop the body."""
    script = (f'<script type="application/ld+json">{json.dumps(ld)}</script>'
              if ld is not None else "")
    return (f"<!DOCTYPE html><html><head>{head}{script}</head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
            f"<article>{lead}{BODY}</article></body></html>")


def load(tmp_path: Path, html: str, name: str = "page.html") -> Document:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    doc = load_file(Found(path, name), path.read_bytes())
    assert isinstance(doc, Document), doc
    return doc


NEWS_ARTICLE = {
    "@context": "https://schema.org", "@type": "NewsArticle",
    "headline": "Ministry confirms troop numbers",
    "datePublished": "2024-10-26T23:10:00-05:00",
    "publisher": {"@type": "Organization", "name": "Northern Herald"},
    "author": [{"@type": "Person", "name": "Jane Roe"}],
    "mainEntityOfPage": {"@id": "https://herald.example/2024/10/26/troops#webpage"},
}


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        pytest.param(
            page('<title>Home | Herald</title><meta property="og:title" content="OG title">'
                 '<meta property="og:site_name" content="Herald Online">'
                 '<meta property="article:published_time" content="2024-10-28T09:00:00+00:00">',
                 "<p>Published: 1 January 2023</p><p>By Someone Else, Daily Other</p>",
                 ld=NEWS_ARTICLE),
            {"title": "Ministry confirms troop numbers", "outlet": "Northern Herald",
             "published": "2024-10-26T23:10-05:00", "byline": "Jane Roe",
             "url": "https://herald.example/2024/10/26/troops"},
            id="json-ld-headline-date-publisher-author-url-win",
        ),
        pytest.param(
            page('<meta property="article:modified_time" content="2024-11-02T08:00:00+09:00">'
                 '<meta property="article:published_time" content="2024-10-27T10:50:00+09:00">'
                 "<title>Troops arrive</title>"),
            {"published": "2024-10-27T10:50+09:00"},
            id="published-time-over-modified-time",
        ),
        pytest.param(
            page("<title>Troops arrive</title>"
                 '<meta property="article:modified_time" content="2024-11-02T08:00:00+09:00">'),
            {"published": "2024-11-02T08:00+09:00"},
            id="modified-time-when-nothing-else",
        ),
        pytest.param(
            page("<title>Troops arrive</title>", ld={"@type": "ReportageNewsArticle",
                                                     "datePublished": "2024-12-16T23:40:00+09:00"}),
            {"published": "2024-12-16T23:40+09:00"},  # not 14:40 UTC, still the 16th in Seoul
            id="local-time-keeps-its-offset",
        ),
        pytest.param(
            page('<title>Troops arrive</title>'
                 '<meta property="article:published_time" content="2024-12-16T23:40:00+09:00">',
                 ld={"@type": "Article", "datePublished": "2024-12-16"}),
            {"published": "2024-12-16T23:40+09:00"},
            id="day-only-json-ld-takes-the-time-of-the-same-day",
        ),
        pytest.param(
            page('<title>Troops arrive</title>'
                 '<meta property="article:published_time" content="2024-10-27T10:50:00Z">',
                 ld={"@graph": [{"@type": "WebPage"}, {"@type": "NewsArticle",
                                                       "datePublished": "0001-01-01T00:00:00Z"}]}),
            {"published": "2024-10-27T10:50+00:00"},
            id="placeholder-date-is-no-date",
        ),
        pytest.param(
            page('<title>Troops arrive</title>'
                 '<meta property="og:site_name" content="Harbour Times">',
                 "<p>World</p><p>© 2024 Harbour Media Group Ltd. All rights reserved.</p>"),
            {"outlet": "Harbour Times"},
            id="site-name-is-the-outlet-not-a-copyright-line-or-section",
        ),
        pytest.param(
            page("<title>Floods cut off mountain villages</title>",
                 "<p>Residents wade through water in the lower town on Tuesday</p>"),
            {"title": "Floods cut off mountain villages"},
            id="page-title-over-a-caption-like-first-line",
        ),
        pytest.param(
            page('<meta property="og:title" content="Troops &amp;#8216;arrive&amp;#8217; - '
                 'Harbour Times"><meta property="og:site_name" content="Harbour Times">'),
            {"title": "Troops ‘arrive’", "outlet": "Harbour Times"},
            id="twice-escaped-title-without-the-site-name",
        ),
        pytest.param(
            page('<link rel="canonical" href="https://coast.example/news/2023/03/14/storm">'
                 '<meta property="article:published_time" content="2023-03-15T01:20:00Z">'),
            {"published": "2023-03-14"},  # an evening story in the Americas, stamped in UTC
            id="utc-stamp-a-day-after-the-url-day-gives-the-url-day",
        ),
        pytest.param(
            page('<link rel="canonical" href="https://coast.example/news/2023/03/14/storm">'
                 '<meta property="article:published_time" content="2023-03-14T21:20:00Z">'),
            {"published": "2023-03-14T21:20+00:00"},
            id="utc-stamp-of-the-url-day-keeps-its-time",
        ),
        pytest.param(
            page('<link rel="canonical" href="https://coast.example/news/2023/03/14/storm">'
                 '<meta property="article:published_time" content="2023-03-15T01:20:00-04:00">'),
            {"published": "2023-03-15T01:20-04:00"},
            id="local-stamp-wins-over-the-url-day",
        ),
    ],
)
def test_page_metadata_wins_over_text_guesses(
    tmp_path: Path, html: str, expected: dict[str, str]
) -> None:
    meta = load(tmp_path, html).articles[0].meta.model_dump()
    assert {k: meta[k] for k in expected} == expected


def test_a_malformed_url_in_the_page_is_ignored_not_fatal(tmp_path: Path) -> None:
    # "http://[" cannot be parsed; it used to make the whole page "cannot parse HTML"
    doc = load(tmp_path, page('<meta property="og:url" content="http://[broken/story">'
                              '<link rel="canonical" href="https://news.example/2024/05/06/x">'
                              "<title>Troops moved to the region</title>"))
    meta = doc.articles[0].meta
    assert (meta.url, meta.published) == ("https://news.example/2024/05/06/x", "2024-05-06")


def test_the_sidecar_still_wins_over_the_page(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text(
        "page.html:\n  outlet: Chosen Outlet\n  published: 2024-10-30\n", encoding="utf-8")
    (tmp_path / "page.html").write_text(page("", ld=NEWS_ARTICLE), encoding="utf-8")
    from claimtrack.load.files import SidecarCache

    path = tmp_path / "page.html"
    doc = load_file(Found(path, "page.html"), path.read_bytes(), SidecarCache().entry(path))
    assert isinstance(doc, Document)
    meta = doc.articles[0].meta
    assert (meta.outlet, meta.published, meta.title) == (
        "Chosen Outlet", "2024-10-30", "Ministry confirms troop numbers")


EMPTY_PAGE = (
    "<html><head><title>Live: election results</title>"
    '<meta property="og:site_name" content="Harbour Times">'
    '<meta property="article:published_time" content="2024-11-05T20:00:00-05:00">'
    "</head><body><nav><a href='/'>Home</a></nav><script>render()</script></body></html>"
)


def test_a_page_with_no_article_text_is_stored_with_its_metadata(tmp_path: Path) -> None:
    doc = load(tmp_path, EMPTY_PAGE)
    assert [p for a in doc.articles for p in a.passages if not p.junk] == []
    meta = doc.articles[0].meta
    assert (meta.title, meta.outlet, meta.published) == (
        "Live: election results", "Harbour Times", "2024-11-05T20:00-05:00")


def test_ingest_says_why_a_page_gave_nothing(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "live.html").write_text(EMPTY_PAGE, encoding="utf-8")
    (tmp_path / "site" / "story.html").write_text(page("<title>Troops arrive</title>"),
                                                   encoding="utf-8")
    result = run(runner, "ingest", "site")
    assert result.exit_code == 0, result.stderr
    assert "2 added" in flat(result.stderr)
    assert ("1 page with no article text (live.html): stored with its metadata, no claims."
            in flat(result.stderr))
    docs = {d["name"]: d for d in docs_yaml(runner)}
    assert docs["live.html"]["passages"] == docs["live.html"]["junk"]  # the nav, if anything
    assert docs["live.html"]["articles"][0]["title"] == "Live: election results"
    table = run(runner, "docs")
    assert table.exit_code == 0, table.stderr
    assert "live.html" in table.stdout


def _update(time: str, headline: str, body: str) -> dict[str, str]:
    return {"@type": "BlogPosting", "datePublished": time, "headline": headline,
            "articleBody": body}


LIVE_BLOG = {
    "@context": "https://schema.org", "@type": "LiveBlogPosting",
    "headline": "Border war live: latest updates",
    "publisher": {"@type": "Organization", "name": "Harbour Times"},
    "url": "https://harbour.example/live/border-war",
    # newest first, as live blogs list them
    "liveBlogUpdate": [
        _update("2024-03-06T09:15:00+02:00", "Toll rises",
                "The regional governor said on Tuesday that 14 civilians were killed.\n"
                "Rescue work goes on."),
        _update("2024-03-05T18:40:00+02:00", "Shelling overnight",
                "Officials said 9 civilians were killed in the shelling."),
        {"@type": "BlogPosting", "datePublished": "2024-03-05T12:00:00+02:00",
         "headline": "A photo entry with no text"},
    ],
}


def test_each_live_blog_entry_keeps_its_own_time_and_heading(tmp_path: Path) -> None:
    doc = load(tmp_path, page("<title>Border war live</title>", ld=LIVE_BLOG))
    metas = [(a.meta.title, a.meta.published, a.meta.outlet) for a in doc.articles]
    assert metas == [
        ("Shelling overnight", "2024-03-05T18:40+02:00", "Harbour Times"),
        ("Toll rises", "2024-03-06T09:15+02:00", "Harbour Times"),
    ]
    passages = [p for a in doc.articles for p in a.passages]
    assert [p.index for p in passages] == list(range(len(passages)))
    assert all(doc.text[p.start:p.end] == p.text for p in passages)
    assert "Rescue work goes on." in [p.text for p in doc.articles[1].passages]


def test_a_live_blog_figure_is_dated_from_its_own_entry(
    runner: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "live.html").write_text(page("<title>Border war live</title>", ld=LIVE_BLOG),
                                        encoding="utf-8")
    assert run(runner, "ingest", str(tmp_path / "live.html")).exit_code == 0
    result = run(runner, "claims", "--format", "yaml")
    claims = {c["value"]: c for c in yaml.safe_load(result.stdout)["claims"]}
    # "on Tuesday" in the entry of Wednesday 6 March is the 5th, not a day of the page
    assert claims[14]["as_of"] == "2024-03-05"
    assert claims[9]["as_of"].startswith("2024-03-05")


MICRODATA_BLOG = """<!DOCTYPE html><html><head><title>Border war live</title>
<meta property="og:site_name" content="Harbour Times"></head><body>
<div itemscope itemtype="https://schema.org/LiveBlogPosting">
 <div itemprop="liveBlogUpdate" itemscope itemtype="https://schema.org/BlogPosting">
  <h2 itemprop="headline">Toll rises</h2>
  <time itemprop="datePublished" datetime="2024-03-06T09:15:00+02:00">09:15</time>
  <div itemprop="articleBody"><p>The governor said 14 <a href="/c">civilians</a> were killed.</p>
  <p>Rescue work goes on.</p></div>
 </div>
 <div itemprop="liveBlogUpdate" itemscope itemtype="https://schema.org/BlogPosting">
  <meta itemprop="headline" content="Shelling overnight">
  <meta itemprop="datePublished" content="2024-03-05T18:40:00+02:00">
  <div itemprop="articleBody">Officials said 9 civilians were killed in the shelling.</div>
 </div>
</div></body></html>"""


def test_live_blog_entries_in_microdata(tmp_path: Path) -> None:
    doc = load(tmp_path, MICRODATA_BLOG)
    assert [(a.meta.title, a.meta.published) for a in doc.articles] == [
        ("Shelling overnight", "2024-03-05T18:40+02:00"),
        ("Toll rises", "2024-03-06T09:15+02:00"),
    ]
    assert [p.text for p in doc.articles[1].passages] == [
        "The governor said 14 civilians were killed.", "Rescue work goes on."]
