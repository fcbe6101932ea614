"""HTML pages: the article text (trafilatura) and the page's own metadata.

What the page declares about itself wins over anything guessed from its text, in this order:
JSON-LD (an Article's `headline`, `datePublished`, `publisher`, `author`, `url`), then the
`og:` / `article:` meta tags, then `<link rel=canonical>`, then what trafilatura reads
(`<title>`, `<h1>`, other meta tags; its date is htmldate's). Dates keep the page's own time
and offset where it gives them: trafilatura and htmldate give only the day, so the published
time is read from JSON-LD and `article:published_time` here.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from typing import Any

from pydantic import ValidationError

from ..models import ArticleMeta
from .urls import split_url, url_date

_EARLIEST = "1995"  # as htmldate: news pages are not older than the web
_NOT_AN_OUTLET = re.compile(r"^(?:https?://|www\.)|^(?:©|\(c\)|copyright\b)", re.IGNORECASE)
# publishing platforms and ad hosts that pages give as their site name
_PLATFORMS = {"blogger", "wordpress", "hosted", "medium", "tumblr"}
_SITE_SUFFIX = re.compile(r"^(.{12,}?)\s+[-–—|:]\s+([^-–—|:]{2,40})$")

# schema.org types of a page's main story (NewsArticle, ReportageNewsArticle, BlogPosting...)
_STORY_TYPES = ("Article", "BlogPosting", "LiveBlogPosting", "Report")


@dataclass(frozen=True)
class Entry:
    """One timestamped update of a live blog, with its own heading and time."""

    text: str
    meta: ArticleMeta


@dataclass(frozen=True)
class Page:
    """An HTML page's article text (may be empty) and its metadata; a live blog's entries,
    when the page lists them, each become an article of the document instead of the text."""

    text: str
    meta: ArticleMeta
    entries: tuple[Entry, ...] = ()


def read_html(html: str) -> Page:
    """The main article text and the metadata of an HTML page.

    Raises what lxml and trafilatura raise on markup they cannot parse."""
    import trafilatura  # imported late: it is slow to import and only HTML needs it
    from trafilatura.metadata import extract_metadata

    result = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=True,
        favor_precision=True,
    )
    if result is None:  # no article text: the metadata is still worth keeping
        result = extract_metadata(html)
    found = result.as_dict() if hasattr(result, "as_dict") else dict(result or {})
    own = _own_meta(html)
    url = own.get("url") or _clean(found.get("url"))
    outlet = _pick_outlet([*own.get("outlets", []), found.get("sitename")])
    fields = {
        "title": _strip_site(own.get("title") or found.get("title"), outlet, url),
        "outlet": outlet,
        "byline": own.get("byline") or found.get("author"),
        "url": url,
    }
    published = _local_day(
        _pick_date(own.get("published", []), found.get("date"), own.get("modified", [])), url
    )
    meta = ArticleMeta.model_validate({k: _clean(v) for k, v in fields.items() if _clean(v)})
    if published:
        meta = meta.model_copy(update={"published": published})
    return Page(text=found.get("text") or "", meta=meta, entries=tuple(own.get("entries", ())))


def _clean(value: object) -> str | None:
    # pages often escape their meta text twice (&#8217; inside a JSON-LD headline)
    return " ".join(unescape(value).split()) or None if isinstance(value, str) else None


def _key(text: str) -> str:
    return re.sub(r"\W", "", text.lower())


def _host(url: str | None) -> str:
    parts = split_url(url) if url else None
    return _key(parts.hostname or "") if parts is not None else ""


def _pick_outlet(candidates: list[object]) -> str | None:
    """The site's name: the first candidate that is a name at all (not a url, a copyright
    line or a publishing platform)."""
    for value in candidates:
        name = (_clean(value) or "").lstrip("@")
        if name and not _NOT_AN_OUTLET.search(name) and _key(name) not in _PLATFORMS:
            return name
    return None


def _strip_site(title: object, outlet: str | None, url: str | None) -> str | None:
    """A title without the site's name tacked on ("Story - Example News", "Story | Site")."""
    text = _clean(title)
    if not text:
        return None
    m = _SITE_SUFFIX.match(text)
    if m:
        site = _key(m[2])
        if site and (outlet and site in _key(outlet) or site in _host(url)):
            return m[1]
    return text


def _pick_date(published: list[object], guessed: object, modified: list[object]) -> str | None:
    """The first valid publication date the page declares, else htmldate's, else the page's
    modified time. A declared time of the chosen day is kept with it (JSON-LD with the day
    only, `article:published_time` with the time; htmldate gives only days)."""
    declared = [d for d in (_date(v) for v in published) if d]
    changed = [d for d in (_date(v) for v in modified) if d]
    valid = [*declared, *filter(None, [_date(guessed)]), *changed]
    if not valid:
        return None
    best = valid[0]
    for other in declared or changed:
        if other[:10] == best[:10] and len(other) > len(best):
            best = other
    return best


def _local_day(published: str | None, url: str | None) -> str | None:
    """The url's day instead of a UTC time stamp one day off it: the stamp is right as an
    instant, but the day the story was published where it was written is the url's, and that
    day is what "yesterday" and "on Monday" count from."""
    if published is None or len(published) <= 10 or not published.endswith(("Z", "+00:00")):
        return published
    day = url_date(url)
    if day is None or len(day) != 10:
        return published
    gap = dt.date.fromisoformat(published[:10]) - dt.date.fromisoformat(day)
    return day if abs(gap.days) == 1 else published


def _date(value: object) -> str | None:
    if not value:
        return None
    with contextlib.suppress(ValidationError):  # a date made up of nothing, or unreadable
        published = ArticleMeta.model_validate({"published": value}).published
        # placeholders (0001-01-01) and dates to come are no publication dates
        latest = dt.date.today() + dt.timedelta(days=1)
        if published and _EARLIEST <= published[:10] <= latest.isoformat():
            return published
    return None


def _own_meta(html: str) -> dict[str, Any]:
    """Title, outlet, byline, url and date candidates that the page declares itself."""
    import lxml.html

    try:
        tree = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.LxmlError):
        return {}
    out: dict[str, Any] = {"published": [], "modified": []}
    urls: list[str | None] = []
    stories = list(_stories(tree))
    story = stories[0] if stories else None
    out["entries"] = _live_entries(stories) or _microdata_entries(tree)
    if story is not None:
        out["title"] = _text(story.get("headline"))
        out["outlets"] = [_name(story.get("publisher"))]
        out["byline"] = _name(story.get("author"))
        urls = [_text(story.get("url")), _id(story.get("mainEntityOfPage"))]
        out["published"].append(story.get("datePublished"))
        out["modified"].append(story.get("dateModified"))
    tags: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or "").strip().lower()
        content = el.get("content")
        if key and content and key not in tags:
            tags[key] = content
    out["published"].append(tags.get("article:published_time"))
    out["modified"].append(tags.get("article:modified_time"))
    out["title"] = out.get("title") or _text(tags.get("og:title"))
    out["outlets"] = [*out.get("outlets", []), _text(tags.get("og:site_name"))]
    canonical = next((el.get("href") for el in tree.iter("link")
                      if "canonical" in (el.get("rel") or "").lower().split()), None)
    out["url"] = _best_url([*urls, _text(tags.get("og:url")), _text(canonical)])
    return out


def _live_entries(stories: list[dict[str, Any]]) -> list[Entry]:
    """The updates of the page's live blog (`LiveBlogPosting.liveBlogUpdate`) that have a text,
    oldest first, each with its heading and time; none when the page is not a live blog."""
    entries = []
    for story in stories:
        if not _has_type(story, ("LiveBlogPosting",)):
            continue
        for update in _objects(story.get("liveBlogUpdate")):
            raw = update.get("articleBody")
            # one passage per paragraph of the entry, as the page wrote them
            paragraphs = [" ".join(unescape(line).split())
                          for line in raw.split("\n")] if isinstance(raw, str) else []
            text = "\n\n".join(p for p in paragraphs if p)
            if not text:
                continue
            fields = {"title": _clean(update.get("headline")),
                      "published": _date(update.get("datePublished")),
                      "byline": _name(update.get("author"))}
            meta = ArticleMeta.model_validate({k: v for k, v in fields.items() if v})
            entries.append(Entry(text=text, meta=meta))
    return _oldest_first(entries)


def _microdata_entries(tree: Any) -> list[Entry]:
    """The updates of a live blog marked up in microdata (`itemprop="liveBlogUpdate"`)."""
    entries = []
    for update in tree.xpath('//*[@itemprop="liveBlogUpdate"]'):
        def prop(name: str, el: Any = update) -> Any:
            return next(iter(el.xpath(f'.//*[@itemprop="{name}"]')), None)

        body = prop("articleBody")
        if body is None:
            continue
        blocks = body.xpath(".//p|.//li") or [body]
        paragraphs = [" ".join(b.text_content().split()) for b in blocks]
        text = "\n\n".join(p for p in paragraphs if p)
        if not text:
            continue
        headline, time = prop("headline"), prop("datePublished")
        fields = {
            "title": _clean(headline.get("content") or headline.text_content())
            if headline is not None else None,
            "published": _date(time.get("content") or time.get("datetime"))
            if time is not None else None,
        }
        meta = ArticleMeta.model_validate({k: v for k, v in fields.items() if v})
        entries.append(Entry(text=text, meta=meta))
    return _oldest_first(entries)


def _oldest_first(entries: list[Entry]) -> list[Entry]:
    # pages list the newest first; a timeline reads oldest first
    return sorted(entries, key=lambda e: e.meta.published or "")


def _best_url(candidates: list[str | None]) -> str | None:
    """The first of the page's own urls that is the story's: absolute, without the fragment
    (Yoast's `#webpage` ids) and not the site's or a section's page that another one extends."""
    urls = [u.split("#")[0] for u in candidates if u and u.startswith(("http://", "https://"))]
    urls = [u for u in urls if (p := split_url(u)) is not None and (p.path.strip("/") or p.query)]
    for u in urls:
        if not any(len(o) > len(u) and o.startswith(u.rstrip("/")) for o in urls):
            return u
    return None


def _stories(tree: Any) -> Iterator[dict[str, Any]]:
    """The JSON-LD objects of the page that describe an article, in page order."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "", strict=False)
        except ValueError:
            continue
        yield from (obj for obj in _objects(data) if _is_story(obj))


def _objects(data: object) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _objects(item)
    elif isinstance(data, dict):
        yield data
        yield from _objects(data.get("@graph"))


def _is_story(obj: dict[str, Any]) -> bool:
    return _has_type(obj, _STORY_TYPES)


def _has_type(obj: dict[str, Any], suffixes: tuple[str, ...]) -> bool:
    types = obj.get("@type")
    names = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and t.endswith(suffixes) for t in names)


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _name(value: object) -> str | None:
    """A person's or an organisation's name (or names, joined) from JSON-LD."""
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(dict.fromkeys(names)) or None
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _id(value: object) -> str | None:
    if isinstance(value, dict):
        return _text(value.get("@id")) or _text(value.get("url"))
    return _text(value)
