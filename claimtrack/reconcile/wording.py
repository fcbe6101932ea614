"""The reasons of relations and conflicts in words, built only for what is output."""

from __future__ import annotations

from ..models import Claim, Qualifier
from .frames import _Item
from .models import RelationType


def _said(i: _Item) -> str:
    """How reasons name a claim, worded on first use: most claims are never named."""
    if not i.said:
        c = i.claim
        when = "" if c.kind == "date" else f", {_when(c)}"
        if i.clipped:
            when = f", as of publication {i.end} ({c.as_of} in the text is later)"
        elif i.placed:
            when = (f", placed in {i.start}/{i.end}: its article gives no date, the dated "
                    "articles giving its figures are of then")
        # who says it: the source, or the article when it cites no one and its outlet is unknown
        who = f"in {c.document}" if i.origin == c.document else f"per {i.origin}"
        i.said = f"{c.id} ({_figure(c)}{when}, {who})"
    return i.said


def _bounds(i: _Item) -> tuple[str, str]:
    """lo and hi as reasons write them, worded on first use (a claim is in many conflicts)."""
    if i.bounds is None:
        i.bounds = (_num(i.lo), _num(i.hi))
    return i.bounds



# ---------------------------------------------------------------- words


def _num(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,g}"


_PREFIX = {
    Qualifier.approx: "around ",
    Qualifier.more_than: "more than ",
    Qualifier.at_least: "at least ",
    Qualifier.up_to: "up to ",
}


def _figure(c: Claim) -> str:
    if c.kind == "date":
        return f"{c.date_text or c.as_of} = {_when(c)}" if c.date_text else _when(c)
    if c.value is not None:
        return _PREFIX.get(c.qualifier, "") + _num(c.value) if c.qualifier else _num(c.value)
    if c.low is not None and c.high is not None:
        return f"{_num(c.low)}-{_num(c.high)}"
    if c.low is not None:
        return f"at least {_num(c.low)}"
    if c.high is not None:
        return f"up to {_num(c.high)}"
    return "no figure"


def _when(c: Claim) -> str:
    if c.as_of_inferred and (c.as_of_end or c.as_of_start):
        return f"as of publication {(c.as_of_end or c.as_of_start)}"
    if c.as_of:
        return c.as_of
    if c.as_of_start is not None:
        end = c.as_of_end or c.as_of_start
        return str(c.as_of_start) if end == c.as_of_start else f"{c.as_of_start}/{end}"
    return "no time given"


# How a relation's reason reads: a template code, worded only when the relation is output
# (millions of pairs are compared; most are never shown, so their sentences are never built).
_R_TRANSLATION, _R_DENIAL, _R_MODALITY, _R_SAME_ORIGIN, _R_AGREE = range(5)
_R_SAME_SENTENCE, _R_CONFLICT, _R_UPDATE, _R_SAME_DATE, _R_OTHER_DATE = range(5, 10)
_R_TRANSLATED_DATE, _R_TRANSLATED_FIGURE, _R_UNDATED, _R_PARTS = 10, 11, 12, 13
_R_PART_EXCEEDS = 14  # (whole, part): a part larger than the whole that includes it
_R_SUBSET = 15  # (part, whole): a figure narrowed to a subset, below the whole
_R_PARTS_SUM = 16  # (whole, largest part), with (code, other parts' ids, sum of the parts)
_R_PART_OF = 17  # (part, other): a part of a count its own article gives
_R_FELL = 18  # (earlier, later): a running total that a later source puts lower

# (type, a, b, reason): a reason is a template code, a scope pair, a sum of parts (code, the
# other parts' ids, the sum), or the sentence itself
_Reason = int | tuple[str, str] | tuple[int, tuple[str, ...], float] | str
_Rel = tuple[RelationType, "_Item", "_Item", _Reason]


# a group lists its relations by how much they tell a reader: a listing cut short (`compare
# --limit`) shows the conflicts first, the agreements last
_LISTING_ORDER = {t: n for n, t in enumerate((
    "conflict", "denial", "update", "different_scope", "different_modality", "different_time",
    "translation",
    "agree", "same_origin",
))}


def _first_listed(rel: _Rel) -> int:
    return _LISTING_ORDER[rel[0]]


def _reason(rel: _Rel) -> str:
    kind, a, b, how = rel
    # the most frequent first
    if how == _R_CONFLICT:
        low, high = (a, b) if a.hi < b.lo else (b, a)
        return (
            f"{_said(a)} and {_said(b)} cannot both hold for the same time: "
            f"{_bounds(low)[1]}, the most {low.id} allows, is below {_bounds(high)[0]}, "
            f"the least {high.id} allows."
        )
    if isinstance(how, str):
        return how
    if isinstance(how, tuple) and len(how) == 3:
        _, others, total = how
        return (
            f"{_said(a)} counts {a.claim.kind}, yet its article counts at least {_num(total)} "
            f"of its parts for the same time: {b.id} ({_figure(b.claim)} {b.claim.kind}) and "
            f"{', '.join(others)}; {_bounds(a)[1]}, the most {a.id} allows, is below their sum."
        )
    if isinstance(how, tuple):
        sa, sb = how
        return (
            f"{_said(a)} counts {a.claim.kind} ({sa}) and {_said(b)} counts "
            f"{b.claim.kind} ({sb}): different scopes of the same topic, so the "
            "figures are not compared."
        )
    if how == _R_TRANSLATION:
        return f"{b.id} translates {a.id}: the same source, not a second one."
    if how == _R_TRANSLATED_DATE:
        return f"{_said(b)} translates {_said(a)} but gives another date for the same event."
    if how == _R_TRANSLATED_FIGURE:
        return f"{_said(b)} translates {_said(a)} but gives another figure."
    if how == _R_DENIAL:
        return (
            f"{a.id} denies the figure ({_figure(a.claim)}): it is shown as a "
            f"denial, not a value, so it neither supports nor contradicts {b.id}."
        )
    if how == _R_MODALITY:
        return (
            f"{_said(a)} is {a.claim.modality.value}, {_said(b)} is "
            f"{b.claim.modality.value}: a plan or possibility does not contradict "
            "a count of what happened."
        )
    if how == _R_SAME_ORIGIN:
        what = (
            f"{b.id} is a syndicated copy of {b.syndicated_of}"
            if b.syndicated_of == a.id
            else f"both come from {a.origin}"
        )
        return f"{_said(a)} and {_said(b)} agree, but {what}: they count once."
    if how == _R_AGREE:
        return f"{_said(a)} and {_said(b)} can both hold: their ranges overlap."
    if how == _R_SAME_SENTENCE:
        return (
            f"{_said(a)} and {_said(b)} are given in the same sentence: the text counts "
            "different parts, not the same quantity twice."
        )
    if how == _R_UPDATE:
        way = "larger" if b.lo > a.hi else "smaller"
        return (
            f"{_said(b)} is later than {_said(a)}: a later, {way} figure "
            "updates the earlier one rather than contradicting it."
        )
    if how == _R_FELL:
        return (
            f"{_said(b)} is later than {_said(a)} but lower: {b.claim.kind} is a running "
            f"total, which never falls, so {_bounds(b)[1]}, the most {b.id} allows, "
            f"contradicts {_bounds(a)[0]}, the least {a.id} allows."
        )
    if how == _R_PARTS:
        return (
            f"{_said(a)} ({a.claim.quote!r}) and {_said(b)} ({b.claim.quote!r}) count different "
            "people of one incident in one article: parts of it, not one count given twice."
        )
    if how == _R_PART_OF:
        return (
            f"{_said(a)} ({a.claim.quote!r}) is a part of a count its article gives "
            f"({a.claim.part_of}), not a second figure for {_said(b)}."
        )
    if how == _R_UNDATED:
        return (
            f"{_said(a)} gives no time and {_said(b)} is of {_when(b.claim)}: a figure with "
            "no time may be of any moment of the story, so the two are not compared."
            if b.start is not None else
            f"{_said(a)} and {_said(b)} give no time and come from different articles: "
            "nothing says they count the same moment, so they are not compared."
        )
    if how == _R_PART_EXCEEDS:
        return (
            f"{_said(a)} counts {a.claim.kind}, which includes {b.claim.kind}, yet "
            f"{_said(b)} counts more of {b.claim.kind} alone: {_bounds(a)[1]}, the most "
            f"{a.id} allows, is below {_bounds(b)[0]}, the least {b.id} allows."
        )
    if how == _R_SUBSET:
        return (
            f"{_said(a)} ({a.claim.quote!r}) counts a part of what {_said(b)} counts: a "
            "subset below the whole, not a second count of it."
        )
    if how == _R_SAME_DATE:
        return f"{_said(a)} and {_said(b)} give the same date."
    if how == _R_OTHER_DATE:
        return f"{_said(a)} and {_said(b)} give different dates for the same event."
    raise AssertionError(f"unknown reason {how!r}")


