"""What an article's url says: the publication date in its path and the outlet by its host.

    /2024/12/16/  /2024/dec/16/  /2025-03-27/  /20250617/  /15-Nov-2024/   a day
    /2025/04/                                                              a month

Only the path is read (a query string's numbers are ids), and only a date that exists and
lies between 1990 and next year counts: ids like /2001528350/ are not dates.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import SplitResult, unquote, urlsplit

from ..models import ArticleMeta
from .outlet_rules import outlet_rules

_SEP = r"[/_.-]"
_NUM_DAY = re.compile(rf"(?:^|/)((?:19|20)\d\d){_SEP}(\d\d?){_SEP}(\d\d?)(?=$|[/_.-])")
_NAME_DAY = re.compile(rf"(?:^|/)((?:19|20)\d\d){_SEP}([a-z]{{3,9}}){_SEP}(\d\d?)(?=$|[/_.-])")
_DAY_NAME_YEAR = re.compile(rf"(?:^|/)(\d\d?){_SEP}([a-z]{{3,9}}){_SEP}((?:19|20)\d\d)(?=$|[/_.-])")
_COMPACT = re.compile(r"(?:^|/)((?:19|20)\d\d)(\d\d)(\d\d)(?=$|/|[_-])")
_MONTH = re.compile(r"(?:^|/)((?:19|20)\d\d)/(\d\d?)(?=/)")


def _day(year: str, month: int | str | None, day: str) -> str | None:
    if month is None:
        return None
    try:
        d = dt.date(int(year), int(month), int(day))
    except ValueError:
        return None
    if not 1990 <= d.year <= dt.date.today().year + 1:
        return None
    return d.isoformat()


_ARCHIVED = re.compile(r"^https?://(?:web\.)?archive\.org/web/\d+[a-z_]*/(.+)$", re.IGNORECASE)


def original_url(url: str) -> str:
    """The page a Wayback Machine url is a copy of (its own path holds the capture time)."""
    m = _ARCHIVED.match(url.strip())
    if not m:
        return url.strip()
    inner = m[1]
    return inner if "//" in inner else f"http://{inner}"


def split_url(url: str) -> SplitResult | None:
    """The url's parts, or None for text that only looks like a url ("http://[bad")."""
    try:
        parts = urlsplit(url)
        parts.hostname  # noqa: B018 - parsed lazily: a bad host raises only here
    except ValueError:
        return None
    return parts


def url_date(url: str | None) -> str | None:
    """The publication date a url's path gives ("2024-12-16", or "2025-04" for a month)."""
    if not url:
        return None
    parts = split_url(original_url(url))
    if parts is None:
        return None
    path = unquote(parts.path).lower()
    months = outlet_rules().url_months
    for rx, order in ((_NUM_DAY, "ymd"), (_NAME_DAY, "ymd"), (_DAY_NAME_YEAR, "dmy"),
                      (_COMPACT, "ymd")):
        for m in rx.finditer(path):
            y, mo, d = (m[1], m[2], m[3]) if order == "ymd" else (m[3], m[2], m[1])
            month: int | str | None = mo if mo.isdigit() else months.get(mo)
            found = _day(y, month, d)
            if found:
                return found
    for m in _MONTH.finditer(path):
        if 1 <= int(m[2]) <= 12 and 1990 <= int(m[1]) <= dt.date.today().year + 1:
            return f"{m[1]}-{int(m[2]):02d}"
    return None


def host_outlet(url: str | None) -> str | None:
    """The outlet a url's host belongs to: a known outlet's name, else the host itself."""
    if not url:
        return None
    url = original_url(url)
    split = split_url(url if "//" in url else f"//{url}")
    host = (split.hostname or "").lower() if split is not None else ""
    rules = outlet_rules()
    if not host or "." not in host or _under(host, rules.not_outlets):
        return None
    known = rules.outlets
    parts = host.split(".")
    for i in range(len(parts) - 1):
        name = known.get(".".join(parts[i:]))
        if name:
            return name
    for prefix in ("www.", "m.", "amp.", "mobile."):
        if host.startswith(prefix):
            host = host[len(prefix):]
    return host


def _under(host: str, domains: frozenset[str]) -> bool:
    parts = host.split(".")
    return any(".".join(parts[i:]) in domains for i in range(len(parts) - 1))


def fill_from_url(meta: ArticleMeta) -> ArticleMeta:
    """The metadata with the date and the outlet its url gives, where nothing better is known."""
    update: dict[str, str] = {}
    if meta.published is None and (date := url_date(meta.url)):
        update["published"] = date
    if meta.outlet is None and (outlet := host_outlet(meta.url)):
        update["outlet"] = outlet
    return meta.model_copy(update=update) if update else meta
