"""What a plain-text article says about itself where a reader looks for it: its publication
line, its dateline and its byline.

    Published: 3 Feb. 2023, 09:41               publication line (Posted, Updated, 发布时间...)
    March 14, 2023 at 08:15 JST                  a date line of its own, time zone and all
    【大紀元2023年5月4日訊】                        a Chinese outlet-and-date bracket
    SEOUL (Yonhap) -- North Korea has ...        dateline: place and agency
    KYIV, Ukraine – ...   MOSCOW, March 3 /TASS/. ...
    By Maria K. Lund Washington Post             byline and outlet
    By AFP | Apr. 7, 2023                        agency credit and date

Dates are read by the time-expression rules (every month name and form they know); a time
after the date keeps its zone when the zone is unambiguous (rules/outlets.yaml), and the date
is kept at day precision otherwise. A numeric date that reads both ways (03/04/2025) is not
guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..extract import timex
from .outlet_rules import outlet_rules

_ISO_STAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?"
)
_NUMERIC = re.compile(r"(?<![\d/.-])(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?![\d/.-])")
_CLOCK = re.compile(
    r"\s*(?:,|at|\||-|–|—|/)?\s*(\d{1,2})[:.](\d{2})(?::\d{2})?\s*"
    r"(am|pm|a\.m\.|p\.m\.)?\s*(?:\(?([A-Z]{1,5})\)?(?![a-z])|(?:UTC|GMT)?([+-]\d{1,2}(?::?\d{2})?))?",
    re.IGNORECASE,
)
# a publication keyword, then the date after it; "Updated" only counts when nothing else does
_PUBLISHED_WORD = re.compile(
    r"(?:^|[\s(|])(published|posted|first published|date|time|发布时间|發佈時間|发布日期|發布日期"
    r"|发表时间|發表時間|日期|时间|時間)(?:\s+on)?\s*[:：]?\s*",
    re.IGNORECASE,
)
_UPDATED_WORD = re.compile(
    r"(?:^|[\s(|])(updated|last updated|last modified|modified|更新时间|更新時間)"
    r"(?:\s+on)?\s*[:：]?\s*",
    re.IGNORECASE,
)
_ZH_BRACKET = re.compile(r"[【\[（(]\s*([^\d【】\[\]（）()]{1,20}?)\s*(?:記者[^】\]）)]{0,20}?)?"
                         r"(\d{4}年\d{1,2}月\d{1,2}日)\s*(?:[^\d】\]）)]{0,10}?)(?:訊|讯|電|电)\s*[】\]）)]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_BYLINE = re.compile(r"^(?:By|BY|by)[: ]+(.+)$")
_NAME_WORD = r"[A-Z][\w.'’-]*"
_NAME = re.compile(rf"{_NAME_WORD}(?: (?:{_NAME_WORD}|de|van|von|bin|al-\w+))*")
_DATELINE = re.compile(
    r"^(?P<place>[A-Z](?:[A-Z.'’]|-(?=[A-Z]))+(?: [A-Z](?:[A-Z.'’]|-(?=[A-Z]))+){0,3}"
    r"(?:, (?:[A-Z][\w.'’-]+)(?: [A-Z][\w.'’-]+){0,2})?)"
    r"(?:,? ?\((?P<paren>[^()]{1,80})\))?"
    r"(?:, (?P<day>[A-Z][a-z]{2,8}\.? \d{1,2}))?"
    r"\.?\s*(?:/(?P<slash>[A-Za-z-]{2,20})/)?"
    r"\s*(?P<sep>--|–|—|-|\.|:)\s*(?=[\"“‘'A-Z0-9])"
)
# a dateline in title case needs its agency in brackets: "Kyiv, (APP - ...) Ukrainian ..."
_DATELINE_TITLE = re.compile(
    r"^(?P<place>[A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){0,2}),? ?\((?P<paren>[^()]{1,80})\)\s*"
    r"(?:--|–|—|-)?\s*(?=[\"“‘'A-Z])"
)


@dataclass
class Dateline:
    place: str
    agency: str | None
    published: str | None
    end: int  # where the article's first sentence starts


def _valid(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def _numeric_date(m: re.Match[str]) -> dt.date | None:
    """24-07-2025 and 24.07.2025 are day first; 10/23/2024 is read the one way it can be, and
    03/04/2025, which reads both ways, not at all."""
    a, sep, b, year = int(m[1]), m[2], int(m[3]), int(m[4])
    day_first = _valid(year, b, a)
    if sep != "/":
        return day_first
    month_first = _valid(year, a, b)
    if day_first and month_first and day_first != month_first:
        return None
    return day_first or month_first


def _zone(name: str | None, offset: str | None) -> str | None:
    if offset:
        sign, digits = offset[0], offset[1:].replace(":", "")
        hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "00")
        return f"{sign}{int(hours):02d}:{minutes}"
    if name:
        return outlet_rules().zones.get(name.upper())
    return None


def _with_clock(day: dt.date, after: str) -> str:
    """The day, with its time and offset when a time follows the date with a known zone."""
    m = _CLOCK.match(after)
    if not m:
        return day.isoformat()
    hour, minute = int(m[1]), int(m[2])
    half = (m[3] or "").lower().replace(".", "")
    if half == "pm" and hour < 12:
        hour += 12
    elif half == "am" and hour == 12:
        hour = 0
    zone = _zone(m[4], m[5])
    if hour > 23 or minute > 59 or zone is None:
        return day.isoformat()
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}{zone}"


def find_date(text: str) -> tuple[str, int, int] | None:
    """The first calendar date in `text` known to the day, as ISO text (with the time and
    zone that follow it when they are known), and where it stands."""
    found: list[tuple[int, int, str]] = []
    lang = "zh" if _HAN.search(text) else "en"  # 2023年5月4日 is read by the Chinese rules
    m = _ISO_STAMP.search(text)
    if m:
        day = _valid(int(m[1]), int(m[2]), int(m[3]))
        if day is not None:
            stamp = day.isoformat()
            if m[4] and m[6]:
                zone = "+00:00" if m[6].upper() == "Z" else _zone(None, m[6])
                if int(m[4]) < 24 and int(m[5]) < 60 and zone:
                    stamp = f"{stamp}T{int(m[4]):02d}:{m[5]}{zone}"
            found.append((m.start(), m.end(), stamp))
    for mention in timex.find_times(text, None, lang):
        if mention.grain == "day" and mention.span is not None and mention.explicit:
            day = mention.span.start
            found.append((mention.start, mention.end, _with_clock(day, text[mention.end:])))
            break
    m = _NUMERIC.search(text)
    if m:
        day = _numeric_date(m)
        if day is not None:
            found.append((m.start(), m.end(), _with_clock(day, text[m.end():])))
    if not found:
        return None
    # a date written with its month's name wins over a numeric one at the same place
    at, until, stamp = min(found, key=lambda f: f[0])
    return stamp, at, until


def publication_line(text: str, *, keywords_only: bool = False) -> tuple[str, bool] | None:
    """The publication date a header line gives, and whether it is only an update time:
    "Published: 3 Feb. 2023, 09:41", "Posted: Tuesday, May 26, 2015 6:39 AM EDT",
    "发布时间：2023-05-04 10:20", or (unless `keywords_only`) a line that starts with a date."""
    for rx, updated in ((_PUBLISHED_WORD, False), (_UPDATED_WORD, True)):
        for m in rx.finditer(text):
            rest = text[m.end():]
            date = find_date(rest[:60])
            if date is not None and date[1] <= 12:
                return date[0], updated
    if keywords_only:
        return None
    date = find_date(text)
    if date is not None and date[1] == 0:
        return date[0], False
    return None


def zh_bracket(text: str) -> tuple[str | None, str] | None:
    """The outlet and date of a Chinese report's opening bracket: 【大紀元2023年5月4日訊】."""
    m = _ZH_BRACKET.search(text[:60])
    if not m:
        return None
    date = find_date(m[2])
    if date is None:
        return None
    outlet = m[1].strip() or None
    return outlet, date[0]


def agency(name: str) -> str | None:
    """The agency a credit names ("AP", "Yonhap", "APP - UrduPoint"), as stored."""
    agencies = outlet_rules().agencies
    name = name.strip(" -–—/")
    if name in agencies:
        return agencies[name]
    head = re.split(r"\s*[-–—/|,]\s*", name)[0]
    return agencies.get(head)


def dateline(text: str) -> Dateline | None:
    """The place, agency and date a first paragraph opens with, when it opens with a dateline."""
    m = _DATELINE.match(text) or _DATELINE_TITLE.match(text)
    if not m:
        return None
    groups = m.groupdict()
    place = m["place"].strip()
    words = place.replace(",", " ").split()
    caps = place.split(",")[0]
    if groups.get("sep") in (".", ":") and not (groups.get("paren") or groups.get("slash")):
        return None  # "NATO." or "UPDATE:" is a sentence or a label, not a dateline
    if len(caps) < 3 or len(words) > 6:
        return None
    paren, slash = groups.get("paren"), groups.get("slash")
    credit = agency(slash) if slash else None
    published = None
    if paren:
        date = find_date(paren)
        if date is not None:
            published = date[0]
            paren = (paren[: date[1]] + paren[date[2]:]).strip(" -–—,")
        if paren and credit is None:
            credit = agency(paren) or (paren if _NAME.fullmatch(paren) and len(paren) < 40
                                       else None)
    return Dateline(place=_place_name(place), agency=credit, published=published, end=m.end())


def _place_name(place: str) -> str:
    """SEOUL -> Seoul, DEIR AL-BALAH, Gaza Strip -> Deir Al-Balah, Gaza Strip."""
    head, _, rest = place.partition(",")
    if head.isupper():
        head = head.title()
    return f"{head},{rest}" if rest else head


def byline(text: str) -> tuple[str | None, str | None, str | None] | None:
    """(author, outlet, date) of a byline: "By Maria K. Lund Washington Post",
    "By AFP | Apr. 7, 2023", "By TOMAS WERNER". An agency credit is the outlet's source, and
    is given as the author."""
    m = _BYLINE.match(text.strip())
    if not m:
        return None
    rest = m[1].strip()
    date = None
    parts = re.split(r"\s+[|•·]\s+", rest, maxsplit=1)
    if len(parts) == 2:
        rest, tail = parts
        found = find_date(tail)
        date = found[0] if found else None
    rest = rest.strip(" ,")
    if agency(rest) and len(rest) < 30:
        return rest, None, date
    outlet = None
    names = outlet_rules().outlet_names
    words = rest.split()
    for k in range(min(4, len(words) - 1), 0, -1):
        tail = " ".join(words[-k:])
        known = names.get(tail.lower()) or (agency(tail) if k == 1 else None)
        if known:
            outlet, rest = known, " ".join(words[:-k]).rstrip(" ,")
            break
    rest = re.split(r",\s*| and (?=[A-Z])", rest)[0] if outlet is None else rest
    if not _NAME.fullmatch(rest) or len(rest.split()) > 5:
        return None
    return rest, outlet, date


def author_before_published(text: str) -> str | None:
    """The author named before a publication word: "Umer Jamshaid Published December 23, 2024"."""
    m = re.match(rf"^({_NAME_WORD}(?: {_NAME_WORD}){{1,3}})\s+(?:Published|Posted|Updated)\b", text)
    return m[1] if m else None
