"""How strong a conflict is: how far apart the figures are beyond their hedges, how precise
they are, how certain their times are, and whether two sources or one are at odds.

A strength is in (0, 1]; conflicts are listed strongest first. A vague word ("thousands")
against a figure is weak; two precise figures from different outlets for the same stated day
that miss each other by half are strong; figures orders of magnitude apart ("two" against
15,000) more likely count different things than disagree, and are weak.
"""

from __future__ import annotations

import math

from ..models import Qualifier
from .frames import _Item

# what lowers a conflict's strength, as factors
VAGUE = 0.35  # either side is a vague word ("thousands", "dozens")
INFERRED_TIME = 0.85  # per side whose time is its publication date, not stated
NO_TIME = 0.7  # per side with no time at all (compared only inside one article or incident)
SAME_ORIGIN = 0.8  # one source at odds with itself (or a misreported copy)
SAME_DOCUMENT = 0.8  # one article: it may count parts the reader cannot tell apart
# figures further apart than this factor more likely count different things (a misread kind
# or subject) than disagree on one: the strength falls with the square root of the excess
FAR_APART = 10.0


def value_strength(a: _Item, b: _Item) -> float:
    """The strength of a value conflict between `a` and `b` (intervals that do not meet)."""
    gap = (a.lo if a.lo > b.lo else b.lo) - (a.hi if a.hi < b.hi else b.hi)
    # the largest finite bound (a loop, not a generator: this runs for every conflict)
    scale = 0.0
    for x in (a.lo, a.hi, b.lo, b.hi):
        if -math.inf < x < math.inf and abs(x) > scale:
            scale = abs(x)
    separation = min(1.0, gap / scale) if scale > 0 and gap < math.inf else 1.0
    strength = 0.4 + 0.6 * max(0.0, separation)
    if Qualifier.vague in (a.claim.qualifier, b.claim.qualifier):
        strength *= VAGUE
    low_hi = a.hi if a.hi < b.hi else b.hi
    high_lo = a.lo if a.lo > b.lo else b.lo
    if 0 < low_hi < math.inf and high_lo > FAR_APART * low_hi:
        strength *= math.sqrt(FAR_APART * low_hi / high_lo)
    return max(0.01, round(strength * _context(a, b), 2))


def date_strength(a: _Item, b: _Item) -> float:
    """The strength of a date conflict: two days given for one event, or a weekday that does
    not fit its date (`a` is `b`)."""
    if a is b:
        return 0.9
    return round(_context(a, b), 2)


def _context(a: _Item, b: _Item) -> float:
    factor = 1.0
    for i in (a, b):
        if i.start is None:
            factor *= NO_TIME
        elif i.inferred:
            factor *= INFERRED_TIME
    if a.origin == b.origin:
        factor *= SAME_ORIGIN
    if a.claim.document == b.claim.document:
        factor *= SAME_DOCUMENT
    return factor
