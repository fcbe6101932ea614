"""The report as one self-contained HTML page: a timeline per group, its claims, and filters.

Data first, rendering second: `page_data` turns a `Report` (what `export` builds) into plain
view models, with every timeline's coordinates computed here; the Jinja2 template
(`templates/report.html.j2`, autoescaped) only places them. Every string from an article
reaches the page through autoescape, as text: the page holds no JSON, and its one script is
static, allowed by its hash in the page's Content-Security-Policy, which also forbids any
other script and any network fetch (the page works offline, and an escaping slip could still
not run anything).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined
from rapidfuzz import fuzz, process

from ..config import ClaimsConfig
from ..models import ArticleMeta, Qualifier, published_period
from ..reconcile import Conflict, Group, wire_credit
from .build import ClaimRecord, Report

# the timeline's drawing area, in SVG user units (the SVG scales to the page's width)
WIDTH = 960
HEIGHT = 200
HEIGHT_ONE = 150  # a group of one claim needs less room
MARGIN = {"left": 64, "right": 16, "top": 14, "bottom": 42}  # the bottom: ticks and a title
UNDATED_LANE = 64  # room at the right for claims with no time
MARK_WIDTH = 7  # the hedge bar
# Tableau 10, distinct for the common kinds of colour blindness and readable on white, with
# its red made a dark grey: red is the colour of conflicts
PALETTE = ("#4e79a7", "#f28e2b", "#59a14f", "#555555", "#76b7b2",
           "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac")
# conflicts drawn and explained per group, the strongest (a group of hundreds of claims can
# hold thousands: more lines than a reader can follow, megabytes of reasons); the export in
# JSON or YAML has them all
CONFLICTS_SHOWN = 50
# a log scale when a group's figures span more than this factor (1,500 next to 1.2 million)
LOG_SPAN = 100.0

_HEDGE = {
    Qualifier.approx: "around {v}",
    Qualifier.more_than: "more than {v}",
    Qualifier.at_least: "at least {v}",
    Qualifier.up_to: "up to {v}",
}


# ---------------------------------------------------------------- view models


@dataclass(frozen=True)
class Tick:
    pos: float
    label: str


@dataclass(frozen=True)
class Mark:
    """One claim on a timeline: its time span (x0..x1), hedge bar (y0..y1, top to bottom),
    its point, and whether the bar runs off an open side."""

    claim: str
    x0: float
    x1: float
    x: float
    y0: float
    y1: float
    y: float | None
    open_top: bool
    open_bottom: bool
    colour: str
    hollow: bool
    tip: str


@dataclass(frozen=True)
class Link:
    """A conflict drawn between two marks (a ring when a claim conflicts with itself)."""

    claims: tuple[str, str]
    x1: float
    y1: float
    x2: float
    y2: float
    self_conflict: bool
    reason: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    end: float  # the right edge of the drawing: dated area, then the lane of undated claims
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    x_label: str
    y_label: str
    undated_x: float | None
    marks: list[Mark]
    links: list[Link]


@dataclass(frozen=True)
class ClaimRow:
    id: str
    figure: str
    as_of: str
    modality: str
    source: str
    origin: str
    colour: str
    outlet: str
    published: str
    document: str
    title: str
    quote: str


@dataclass(frozen=True)
class OriginKey:
    name: str
    colour: str


@dataclass(frozen=True)
class GroupView:
    id: str
    kind: str
    heading: str
    status: str
    estimate: str
    sources: str
    omitted: str
    timeline: Timeline
    origins: list[OriginKey]
    claims: list[ClaimRow]
    conflicts: list[Conflict]  # the strongest CONFLICTS_SHOWN
    conflicts_total: int


@dataclass(frozen=True)
class Page:
    title: str
    generated: str
    summary: str
    kinds: list[tuple[str, list[str]]]  # topic, its kinds
    statuses: list[str]
    groups: list[GroupView]
    omitted_groups: int | None


# ---------------------------------------------------------------- numbers and words


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def number_text(x: float) -> str:
    """A figure as a reader writes it: integers without a decimal point, thousands grouped."""
    if float(x).is_integer():
        return f"{int(x):,}"
    return f"{x:,.1f}"


def _short(x: float) -> str:
    """An axis label: 950, 12k, 1.2M."""
    for size, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= size:
            return f"{x / size:.3g}{suffix}"
    return f"{x:.3g}"


def figure_text(c: ClaimRecord) -> str:
    """The figure with its hedge in words: "around 12,000", "1,500-3,000"; a date claim's
    date."""
    if c.value is None and c.low is None and c.high is None:
        return c.as_of or c.date_text or c.quote
    if c.qualifier in _HEDGE and c.value is not None:
        return _HEDGE[c.qualifier].format(v=number_text(c.value))
    if c.low is not None and c.high is not None and c.low != c.high:
        span = f"{number_text(c.low)}-{number_text(c.high)}"
        return f"{span} (vague)" if c.qualifier is Qualifier.vague else span
    value = c.value if c.value is not None else (c.low if c.low is not None else c.high)
    return number_text(value) if value is not None else c.quote


def _period(as_of: str | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day an as-of label ("2024", "2024-10", "2025-01/2025-02") covers."""
    if not as_of:
        return None
    try:
        parts = [published_period(p) for p in as_of.split("/")]
    except ValueError:
        return None
    found = [p for p in parts if p is not None]
    if not found:
        return None
    return found[0][0], found[-1][1]


def _hedge(c: ClaimRecord, tolerance: dict[Qualifier, float]) -> tuple[float | None,
                                                                           float | None]:
    """The figure's interval as the reconciler reads it: the stated bounds (None: open),
    widened by the hedge's tolerance ("around 600": 540-660)."""
    lo, hi = c.low, c.high
    if lo is None and hi is None and c.value is not None:
        if c.qualifier in (Qualifier.more_than, Qualifier.at_least):
            lo = c.value
        elif c.qualifier is Qualifier.up_to:
            hi = c.value
        else:
            lo = hi = c.value
    t = tolerance.get(c.qualifier, 0.0) if c.qualifier is not None else 0.0
    return (None if lo is None else lo - abs(lo) * t,
            None if hi is None else hi + abs(hi) * t)


def _point(c: ClaimRecord) -> float | None:
    if c.value is not None and c.qualifier not in (Qualifier.more_than, Qualifier.at_least,
                                                   Qualifier.up_to):
        return c.value
    if c.low is not None and c.high is not None:
        return (c.low + c.high) / 2
    return c.value


# ---------------------------------------------------------------- origins


class _Origins:
    """Which of its group's independent origins each claim stands for.

    The report names a group's origins, not each claim's: a claim's is found as the
    reconciler finds it (the last outlet it cites, else who it is attributed to, else the
    agency its byline credits or its outlet, else its document; through the config's source
    aliases), then matched to the group's names; a translation takes its original's. A
    syndicated copy has its original's origin, which its own text does not name: it gets the
    one name left unclaimed."""

    def __init__(self, config: ClaimsConfig) -> None:
        self.aliases = {a.casefold(): s.name for s in config.sources
                        for a in (s.name, *s.aliases)}
        self.threshold = config.attribution.fuzzy_threshold

    def of(self, claims: Sequence[ClaimRecord], group: Group,
           meta: dict[tuple[str, int], ArticleMeta]) -> dict[str, str]:
        names = list(group.origins)
        known = {n.casefold(): n for n in names}
        found: dict[str, str] = {}
        for c in sorted(claims, key=lambda c: c.translation_of is not None):
            if c.translation_of in found:
                found[c.id] = found[c.translation_of]
                continue
            article = meta.get((c.document, c.article))
            # a wire story's own figures are the agency's its byline credits
            own = article and ((article.byline and wire_credit(article.byline))
                               or article.outlet)
            raw = (c.source_chain[-1] if c.source_chain else c.attributed_to
                   or own or c.document)
            name = self.aliases.get(raw.casefold(), raw)
            if name.casefold() in known:
                found[c.id] = known[name.casefold()]
                continue
            best = process.extractOne(name, names, scorer=fuzz.token_set_ratio,
                                      score_cutoff=self.threshold) if names else None
            found[c.id] = best[0] if best else name
        # the group's origins are exactly those of its claims that are not denied: a claim
        # that matched none (a syndicated copy has its original's) has the one left unclaimed
        stray = [c.id for c in claims
                 if found[c.id] not in names and c.modality.value != "denied"]
        left = set(names) - {found[c.id] for c in claims}
        if stray and len(left) == 1:
            (only,) = left
            for cid in stray:
                found[cid] = only
        return found


# ---------------------------------------------------------------- scales


def _nice_step(span: float, count: int) -> float:
    raw = span / max(count, 1)
    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * power:
            return m * power
    return 10 * power


def _time_ticks(first: dt.date, last: dt.date) -> list[dt.date]:
    """Round days between two dates: years, months or days, about six of them."""
    days = (last - first).days
    if days > 3 * 365:
        step = max(1, math.ceil((last.year - first.year) / 6))
        return [dt.date(y, 1, 1) for y in range(first.year, last.year + 1, step)
                if first <= dt.date(y, 1, 1) <= last]
    if days > 90:
        months = (last.year - first.year) * 12 + last.month - first.month
        step = next(s for s in (1, 2, 3, 6, 12) if months / s <= 7)
        out = []
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month):
            d = dt.date(y, m, 1)
            if first <= d <= last and (m - 1) % step == 0:
                out.append(d)
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    step = next(s for s in (1, 2, 7, 14, 28) if days / s <= 7)
    return [first + dt.timedelta(days=n) for n in range(0, days + 1, step)]


def _date_label(d: dt.date, days: int) -> str:
    if days > 3 * 365:
        return str(d.year)
    if days > 90:
        return d.strftime("%b %Y")
    return d.isoformat()


@dataclass
class _Scale:
    lo: float
    hi: float
    a: float  # screen position of lo
    b: float  # screen position of hi
    log: bool = False

    def __call__(self, v: float) -> float:
        if self.log:
            v, lo, hi = math.log10(max(v, 1e-9)), math.log10(self.lo), math.log10(self.hi)
        else:
            lo, hi = self.lo, self.hi
        if hi == lo:
            return (self.a + self.b) / 2
        return self.a + (v - lo) / (hi - lo) * (self.b - self.a)


def _value_scale(bounds: list[float], top: float, bottom: float) -> tuple[_Scale, list[Tick]]:
    positive = [v for v in bounds if v > 0]
    hi = max(bounds) if bounds else 1.0
    if positive and min(positive) > 0 and hi / min(positive) > LOG_SPAN:
        lo = 10 ** math.floor(math.log10(min(positive)))
        top_v = 10 ** math.ceil(math.log10(hi * 1.05))
        scale = _Scale(lo, top_v, bottom, top, log=True)
        powers = range(int(math.log10(lo)), int(math.log10(top_v)) + 1)
        every = math.ceil(len(powers) / 6)  # six labels at most
        ticks = [10.0 ** e for e in powers[::every]]
        return scale, [Tick(scale(t), _short(t)) for t in ticks]
    hi = hi * 1.1 if hi > 0 else 1.0
    step = _nice_step(hi, 5)
    hi = math.ceil(hi / step) * step
    scale = _Scale(0.0, hi, bottom, top)
    ticks = [n * step for n in range(int(round(hi / step)) + 1)]
    return scale, [Tick(scale(t), _short(t)) for t in ticks]


# ---------------------------------------------------------------- timelines


def _dodge(xs: dict[str, float], *, room: float = MARK_WIDTH + 2.0,
           widest: float = 120.0) -> dict[str, float]:
    """How far to move each mark sideways so that marks closer than `room` stand side by
    side, centred on where they were (a crowd of many is squeezed to `widest`)."""
    order = sorted(xs, key=lambda cid: xs[cid])
    shift: dict[str, float] = {}
    cluster: list[str] = []
    for cid in [*order, None]:
        if cid is not None and cluster and xs[cid] - xs[cluster[-1]] < room:
            cluster.append(cid)
            continue
        if len(cluster) > 1:
            step = min(room, widest / (len(cluster) - 1))
            middle = (len(cluster) - 1) / 2
            for n, member in enumerate(cluster):
                shift[member] = (n - middle) * step
        cluster = [cid] if cid is not None else []
    return shift


def _axis_title(text: str, room: float) -> str:
    """A title that fits `room` units of an axis (about 6 per character at its size)."""
    most = max(8, int(room / 6.2))
    if len(text) <= most:
        return text
    cut = text[:most - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip() + "…"  # at a space


def _timeline(
    claims: list[ClaimRecord], colours: dict[str, str], tips: dict[str, str],
    conflicts: list[Conflict], tolerance: dict[Qualifier, float], counted: str = "figure",
) -> Timeline:
    periods = {c.id: _period(c.as_of) for c in claims}
    dated = [p for p in periods.values() if p is not None]
    numeric = [c for c in claims if _hedge(c, tolerance) != (None, None)]
    rows = not numeric  # date claims: one row per claim, the figure being the time itself
    if rows:
        height = min(max(80, 26 + 18 * len(claims) + MARGIN["bottom"]), 420)
    else:
        height = HEIGHT if len(claims) > 1 else HEIGHT_ONE
    left, top = float(MARGIN["left"]), float(MARGIN["top"])
    bottom = float(height - MARGIN["bottom"])
    undated = any(p is None for p in periods.values())
    end = float(WIDTH - MARGIN["right"])
    # nothing dated: the claims stand side by side across the whole width (a narrow lane at
    # the right of an empty plot read as a broken chart)
    right = left if not dated else end - (UNDATED_LANE if undated else 0)

    if dated:
        first = min(p[0] for p in dated)
        last = max(p[1] for p in dated) + dt.timedelta(days=1)
        pad = max(dt.timedelta(days=1), (last - first) * 0.04)
        first, last = first - pad, last + pad
    else:  # nothing dated: no time axis (a fixed one, so that the page is reproducible)
        first, last = dt.date(2000, 1, 1), dt.date(2000, 1, 2)
    days = (last - first).days
    xs = _Scale(float(first.toordinal()), float(last.toordinal()), left, right)
    # a label centred on the right edge would be cut: ticks keep clear of it
    x_ticks = [Tick(xs(d.toordinal()), _date_label(d, days)) for d in _time_ticks(first, last)
               if xs(d.toordinal()) <= right - 24] if dated else []
    undated_x = (right + end) / 2 if undated else None

    if rows:
        step = (bottom - top) / max(len(claims), 1)
        y_of = {c.id: top + step * (n + 0.5) for n, c in enumerate(claims)}
        # each row named by the words that date it ("Monday", 周日), as far as the margin holds
        y_ticks: list[Tick] = [
            Tick(y_of[c.id], _axis_title(c.date_text or c.quote, MARGIN["left"] - 12))
            for c in claims] if step >= 12 else []
        ys = None
    else:
        bounds = [v for c in numeric for v in _hedge(c, tolerance) if v is not None]
        ys, y_ticks = _value_scale(bounds, top, bottom)

    spans: dict[str, tuple[float, float]] = {}
    for c in claims:
        p = periods[c.id]
        if p is None:
            assert undated_x is not None
            spans[c.id] = (undated_x, undated_x)
        else:
            spans[c.id] = (xs(p[0].toordinal()), xs(p[1].toordinal() + 1))
    # claims of the same day side by side, not on top of each other (rows never overlap)
    shift = {} if rows else _dodge(
        {cid: (a + b) / 2 for cid, (a, b) in spans.items()},
        **({} if dated else {"room": 4.0 * MARK_WIDTH, "widest": end - left - 32.0}))

    marks: list[Mark] = []
    centre: dict[str, tuple[float, float]] = {}
    for c in claims:
        x0, x1 = spans[c.id]
        x = (x0 + x1) / 2
        if c.id in shift:  # moved aside, but never out of its lane
            inner = (left, right) if periods[c.id] is not None else (right, end)
            x = min(max(x + shift[c.id], inner[0] + 4), inner[1] - 4)
        if ys is None:
            y0 = y1 = y_of[c.id]
            y: float | None = y0
            open_top = open_bottom = False
        else:
            lo, hi = _hedge(c, tolerance)
            open_top, open_bottom = hi is None and lo is not None, lo is None and hi is not None
            y0 = top if hi is None else ys(hi)
            y1 = bottom if lo is None else ys(lo)
            point = _point(c)
            y = ys(point) if point is not None else None
            if lo is None and hi is None:  # no figure at all: on the axis
                y0 = y1 = bottom
        marks.append(Mark(
            claim=c.id, x0=round(x0, 1), x1=round(max(x1, x0 + 1), 1), x=round(x, 1),
            y0=round(y0, 1), y1=round(max(y1, y0 + 2), 1),
            y=None if y is None else round(y, 1), open_top=open_top, open_bottom=open_bottom,
            colour=colours[c.id], hollow=c.modality.value == "denied", tip=tips[c.id],
        ))
        centre[c.id] = (x, y if y is not None else (y0 + y1) / 2)

    links = [
        Link(claims=k.claims, x1=round(centre[a][0], 1), y1=round(centre[a][1], 1),
             x2=round(centre[b][0], 1), y2=round(centre[b][1], 1), self_conflict=a == b,
             reason=k.reason)
        for k in conflicts
        for a, b in [k.claims]
        if a in centre and b in centre  # a listing cut to a limit may leave one out
    ]
    return Timeline(
        width=WIDTH, height=height, left=left, right=right, top=top, bottom=bottom, end=end,
        x_ticks=x_ticks, y_ticks=y_ticks, undated_x=undated_x, marks=marks, links=links,
        x_label=("no claim gives a time" if not dated else "the date each claim gives"
                 if rows else "the time each figure speaks of"),
        y_label="" if rows else _axis_title(counted, bottom - top),
    )


# ---------------------------------------------------------------- the page


def _tip(c: ClaimRecord, row: ClaimRow) -> str:
    lines = [f"{row.figure} — {row.modality}", f"as of {row.as_of}",
             f"origin: {row.origin}"]
    if row.outlet or row.published:
        lines.append(", ".join(x for x in (row.outlet, row.published) if x))
    lines.append(f"“{c.quote}”")
    lines.append(c.id)
    return "\n".join(lines)


def _source(c: ClaimRecord) -> str:
    if c.attributed_to and c.source_chain:
        return f"{c.attributed_to} (via {', '.join(c.source_chain)})"
    return c.attributed_to or ", ".join(c.source_chain)


def _group_view(
    g: Group, claims: dict[str, ClaimRecord], conflicts: list[Conflict],
    meta: dict[tuple[str, int], ArticleMeta], origins: _Origins, tolerance: dict[Qualifier, float],
) -> GroupView:
    members = [claims[cid] for cid in g.claims if cid in claims]
    origin_of = origins.of(members, g, meta)
    order = list(dict.fromkeys([*g.origins, *(origin_of[c.id] for c in members)]))
    colour_of = {name: PALETTE[n % len(PALETTE)] for n, name in enumerate(order)}
    rows: list[ClaimRow] = []
    tips: dict[str, str] = {}
    for c in members:
        article = meta.get((c.document, c.article)) or ArticleMeta()
        as_of = c.as_of or c.date_text or "undated"
        row = ClaimRow(
            id=c.id, figure=figure_text(c),
            as_of=f"{as_of} (publication)" if c.as_of_inferred else as_of,
            modality=c.modality.value, source=_source(c), origin=origin_of[c.id],
            colour=colour_of[origin_of[c.id]], outlet=article.outlet or "",
            published=article.published or "", document=c.document,
            title=article.title or "", quote=c.quote,
        )
        rows.append(row)
        tips[c.id] = _tip(c, row)
    est = g.estimate
    estimate = ""
    if est is not None and est.best is not None:
        estimate = f"best {number_text(round(est.best))}"
        if est.low is not None and est.high is not None:
            estimate += f" ({number_text(round(est.low))}-{number_text(round(est.high))})"
    n = g.independent_sources
    omitted = ""
    if g.omitted is not None:
        parts = [f"{v} {k}" for k, v in g.omitted.model_dump().items() if v]
        omitted = "not listed: " + ", ".join(parts)
    heading = " · ".join(x for x in (g.kind, g.subject, g.location) if x)
    documents = {c.document for c in members}
    return GroupView(
        id=g.id, kind=g.kind, heading=heading, status=g.status,
        estimate=estimate, sources=f"{n} independent source{'s' if n != 1 else ''}",
        omitted=omitted,
        timeline=_timeline(members, {c.id: r.colour for c, r in zip(members, rows, strict=True)},
                           tips, conflicts[:CONFLICTS_SHOWN], tolerance,
                           counted=g.subject or g.kind.rsplit(".", 1)[-1]),
        # an origin that is a file name: the article names no source and no outlet
        origins=[OriginKey(f"no source named ({name})" if name in documents else name,
                           colour_of[name])
                 for name in order if any(r.origin == name for r in rows)],
        claims=rows, conflicts=conflicts[:CONFLICTS_SHOWN], conflicts_total=len(conflicts),
    )


def page_data(report: Report, config: ClaimsConfig) -> Page:
    """The page's content, computed: a view of each group, with its timeline's coordinates."""
    claims = {c.id: c for c in report.claims}
    meta = {(d.name, n): a for d in report.documents for n, a in enumerate(d.articles)}
    by_group: dict[str, list[Conflict]] = {}
    for k in report.conflicts:
        by_group.setdefault(k.group, []).append(k)
    origins = _Origins(config)
    tolerance = dict(config.reconcile.tolerance)
    # what a reader looks for first: conflicts, then the groups with the most claims
    order = sorted(report.groups, key=lambda g: (g.status != "conflict", -len(g.claims)))
    groups = [_group_view(g, claims, by_group.get(g.id, []), meta, origins, tolerance)
              for g in order]
    kinds: dict[str, set[str]] = {}
    for g in report.groups:
        kinds.setdefault(g.kind.split(".")[0], set()).add(g.kind)
    statuses: list[str] = sorted({g.status for g in report.groups})
    summary = (f"{_count(len(report.groups), 'group')}, {_count(len(report.claims), 'claim')} "
               f"from {_count(len(report.documents), 'document')}, "
               f"{_count(len(report.conflicts), 'conflict')}")
    return Page(
        title=f"claimtrack: {report.topic}" if report.topic else "claimtrack report",
        generated=report.generated.isoformat(), summary=summary,
        kinds=[(t, sorted(ks)) for t, ks in sorted(kinds.items())], statuses=statuses,
        groups=groups, omitted_groups=report.omitted_groups,
    )


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("claimtrack.report", "templates"),
        autoescape=True,  # every value is text unless the template says otherwise
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )


def _asset(name: str) -> str:
    return resources.files("claimtrack.report").joinpath("templates", name).read_text("utf-8")


def content_security_policy(script: str) -> str:
    """Only the page's own script (by its hash) and inline styles; no fetch of anything."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode()
    return (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
            "img-src data:; base-uri 'none'; form-action 'none'")


def render_html(report: Report, config: ClaimsConfig) -> Iterator[str]:
    """The HTML page of a report, piece by piece (a report of many groups is never held
    whole as one string)."""
    page = page_data(report, config)
    script = _asset("report.js")
    style = _asset("report.css")
    template = _environment().get_template("report.html.j2")
    return template.generate(page=page, script=script, style=style,
                             csp=content_security_policy(script))
