"""Find numbers and their hedges in text, normalised to intervals.

All language knowledge (number words, scales, vague amounts, hedges, units, markers) lives in
``claimtrack/rules/<lang>/numbers.yaml``; this module only knows the shapes numbers take.

Conventions (fixed by the gold data):

* exact ``3,000``            -> value 3000, low 3000, high 3000
* approx ``around 3,000``    -> value 3000, low 3000, high 3000
* more_than / at_least       -> value X, low X, high None
* up_to ``up to 3,000``      -> value X, low None, high X
* range ``1,500 to 3,000``   -> value None, low 1500, high 3000
* vague ``thousands``        -> value None, low/high from the rules file

A mention's ``start..end`` covers hedge + number (+ range); ``number_start..number_end`` covers
the bare number. Role markers (units, "Article", "第") stay outside the span, except a sign
such as ``$`` that sits between a hedge and its number ("more than $5 million"). Clock times,
dates and phone numbers come back with value/low/high None.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from claimtrack.errors import ConfigError
from claimtrack.models import Qualifier, Quantity

from .number_lexicon import (
    _FULLWIDTH,
    _IS_LETTER,
    _LETTERS_END,
    _NEXT_WORD,
    _WORD,
    _dec,
    _ends_in,
    _key,
    _Lexicon,
    _lexicon,
)
from .number_rules import HedgeKind, Marker, NumberRules, Role, _lang_key, load_rules, read_rules
from .prefilter import Probe
from .script import convert

__all__ = [
    "Mention",
    "NumberRules",
    "Role",
    "find_quantities",
    "format_number",
    "load_rules",
    "parse_number",
    "read_rules",
]

class Mention(Quantity):
    """A number mention: the hedged span, the bare number, and what kind of number it is."""

    number_start: int
    number_end: int
    role: Role
    # measure/money/duration: the unit ("millimeter", "won", "$"); Chinese counts: measure word
    unit: str | None = None


# ---------------------------------------------------------------- pass 1: number cores


@dataclass
class _Core:
    """A bare number found in the text, before hedges, ranges and roles are considered."""

    start: int
    end: int
    kind: str  # num | vague | ordinal | date | clock | phone
    value: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None
    # value = base * factor, kept apart so "10 to 12 thousand" can lend its scale to the 10
    base: Decimal | None = None
    factor: Decimal = Decimal(1)
    raw_digits: str = ""  # the digits as written, for the year test ("2024", not "2,024")
    weak: bool = False  # a lone CJK numeral: a number only with a measure word, unit or hedge
    bare_scale: bool = False  # a lone 千/万: a number only as 千余/万多
    # the scale word it ends in ("4 thousand": 1000), which a smaller number after it adds to
    tail: Decimal = Decimal(0)
    frac: bool = False  # "a half million": base 0.5, factor 1e6 ("five and a half million")


def _num(start: int, end: int, value: Decimal, base: Decimal | None = None,
         factor: Decimal = Decimal(1), raw: str = "") -> _Core:
    return _Core(start, end, "num", value, value, value,
                 base if base is not None else value, factor, raw)


def _word_cores(lx: _Lexicon, text: str, offset: int) -> list[_Core]:
    """Split a run of number words into numbers: "twenty-five", "one hundred and two"."""
    toks = [(m.start() + offset, m.end() + offset, m.group().lower()) for m in _WORD.finditer(text)]
    units, tens, scales, mults = lx.unit_words, lx.ten_words, lx.scale_words, lx.mult_words
    articles = {a.lower() for a in lx.rules.numerals.articles}
    joiners = {j.lower() for j in lx.rules.numerals.joiners}
    out: list[_Core] = []
    i, n = 0, len(toks)
    while i < n:
        t = toks[i][2]
        if not (t in units or t in tens or (t in articles and i + 1 < n
                                             and (toks[i + 1][2] in scales
                                                  or toks[i + 1][2] in mults))):
            i += 1
            continue
        total, current = Decimal(0), Decimal(0)
        last = ""
        big: Decimal | None = None
        used_big = 0
        hundred = False
        j = i
        while j < n:
            t = toks[j][2]
            if j == i and t in articles:
                current, last = Decimal(1), "art"
            elif t in units and (last in ("", "hundred", "scale", "and")
                                 or (last == "ten" and units[t] < 10)):
                current += units[t]
                last = "unit"
            elif t in tens and last in ("", "hundred", "scale", "and"):
                current += tens[t]
                last = "ten"
            elif (t in scales and scales[t] < 1000 and last in ("unit", "ten", "art")
                  and 0 < current < 100 and not hundred):
                current *= scales[t]
                hundred, last = True, "hundred"
            elif t in mults and last in ("unit", "ten", "art"):
                current *= mults[t]
                last = "mult"
            elif (t in scales and scales[t] >= 1000 and last in ("unit", "ten", "hundred", "art")
                  and (big is None or scales[t] < big)):
                total += current * scales[t]
                current, big, hundred, last = Decimal(0), scales[t], False, "scale"
                used_big += 1
            elif t in scales and last == "scale" and big is not None and scales[t] > big:
                # "three lakh crore", "a thousand million": a larger scale multiplies it all
                total *= scales[t]
                big *= scales[t]
            elif (t in joiners and last in ("hundred", "scale") and j + 1 < n
                  and (toks[j + 1][2] in units or toks[j + 1][2] in tens)):
                last = "and"
            else:
                break
            j += 1
        value = total + current
        if used_big == 1 and current == 0 and big is not None:
            base, factor = total / big, big
        else:
            base, factor = value, Decimal(1)
        core = _num(toks[i][0], toks[j - 1][1], value, base, factor)
        if last == "scale" and big is not None:
            core.tail = big
        elif last == "hundred":
            core.tail = Decimal(100)
        out.append(core)
        i = j
    return out


_ATOM = re.compile(r"\d[\d,]*(?:\.\d+)?|\S")


def _cjk_atoms(run: str) -> list[str]:
    """The parts of a CJK numeral: its characters and its runs of Arabic digits, no spaces."""
    return _ATOM.findall(run)


def _cjk_value(atoms: Sequence[str], lx: _Lexicon) -> Decimal | None:
    """Value of a CJK numeral: 三千, 一千五百, 两万, 十二, 一万五 (=15000), 二〇二四 (=2024),
    5万4千6百, 3万512, 2千零30万, 四万万."""
    units, scales = lx.cjk_units, lx.cjk_scales
    if not any(a in scales for a in atoms):
        if all(a in units for a in atoms):
            return Decimal("".join(str(units[a]) for a in atoms))
        return None
    total, section = Decimal(0), Decimal(0)
    current: Decimal | None = None
    last_scale = 0
    last_big = 0
    zero = False
    prev_big = False  # the atom before was a scale of 万 or more
    for a in atoms:
        if a in scales:
            s = scales[a]
            if s >= 10000:
                if prev_big and current is None and section == 0:
                    # 四万万: the scale said again multiplies what stands before it
                    total *= s
                    last_big *= s
                    last_scale = s
                    continue
                section += current or 0
                if section == 0 and total == 0:
                    section = Decimal(1)
                if s > last_big:
                    total = (total + section) * s
                    last_big = s
                else:
                    total += section * s
                section = Decimal(0)
                prev_big = True
            else:
                if current is None:
                    if last_scale and last_scale <= s < 10000 and s != 10:
                        return None
                    current = Decimal(1)
                section += current * s
                prev_big = False
            current = None
            last_scale = s
            zero = False
            continue
        prev_big = False
        if a in units and units[a] == 0:
            zero = True
            continue
        if current is not None:
            return None
        current = Decimal(units[a]) if a in units else Decimal(a.replace(",", ""))
    if current is not None:
        # colloquial 一万五 / 三千五 / 3万5: a trailing digit counts in the next unit down
        if last_scale >= 100 and not zero and current < 10 and current == int(current):
            return total + section + current * last_scale / 10
        section += current
    return total + section


def _cjk_core(lx: _Lexicon, run: str, start: int) -> _Core | None:
    units, scales = lx.cjk_units, lx.cjk_scales
    end = start + len(run)
    atoms = [x for a in _cjk_atoms(run) for x in lx.cjk_contractions.get(a, [a])]
    mult = Decimal(1)
    if len(atoms) > 1 and atoms[-1] in lx.cjk_mults:  # 五十打: fifty dozen
        mult = Decimal(lx.cjk_mults[atoms[-1]])
        atoms = atoms[:-1]
    has_scale = any(a in scales for a in atoms)
    if not has_scale and mult == 1 and any(a in lx.cjk_scale_only for a in atoms):
        return None
    # 两三千 / 三四百: two neighbouring digits make a range
    if (len(atoms) >= 2 and atoms[0] in units and atoms[1] in units
            and units[atoms[0]] >= 1 and units[atoms[1]] == units[atoms[0]] + 1
            and all(a in scales for a in atoms[2:]) and mult == 1):
        factor = Decimal(math.prod(scales[a] for a in atoms[2:]))
        core = _Core(start, end, "num", None, units[atoms[0]] * factor,
                     units[atoms[1]] * factor, factor=factor)
        core.weak = len(atoms) == 2
        return core
    value = _cjk_value(atoms, lx)
    if value is None:
        return None
    value *= mult
    factor = Decimal(1)
    if atoms[-1] in scales and scales[atoms[-1]] >= 10000 and len(atoms) > 1 and mult == 1:
        factor = Decimal(scales[atoms[-1]])
    core = _num(start, end, value, value / factor, factor)
    core.weak = mult == 1 and ((not has_scale and len(atoms) <= 2) or atoms in (["十"], ["拾"]))
    core.bare_scale = len(atoms) == 1 and atoms[0] in scales and scales[atoms[0]] >= 100
    if not has_scale and len(atoms) == 4 and all(a in units for a in atoms):
        core.raw_digits = "".join(str(units[a]) for a in atoms)
    return core


def _scan(lx: _Lexicon, text: str, probe: Probe | None = None) -> list[_Core]:
    """Pass 1: every bare number, vague amount, ordinal word, date and clock time, in order."""
    cores: list[_Core] = []
    for m in lx.master.finditer(text):
        kind = m.lastgroup
        s, e = m.start(), m.end()
        if kind == "stop":
            continue
        if kind in ("date", "clock", "phone"):
            cores.append(_Core(s, e, kind))
        elif kind == "vague":
            low, high = lx.vague[_key(m.group()).lower()]
            cores.append(_Core(s, e, "vague", None, _dec(low), _dec(high)))
        elif kind == "phrase":
            v = lx.phrases[_key(m.group()).lower()]
            cores.append(_num(s, e, v))
        elif kind == "ordw":
            toks = [t.lower() for t in _WORD.findall(m.group())]
            v = lx.ordinal_words[toks[-1]] + (lx.ten_words[toks[0]] if len(toks) > 1 else 0)
            cores.append(_Core(s, e, "ordinal", v, v, v, v))
        elif kind == "cjk":
            core = _cjk_core(lx, m.group(), s)
            if core is not None:
                cores.append(core)
        elif kind == "words":
            cores.extend(_word_cores(lx, m.group(), s))
        elif kind == "dcomma":
            v = Decimal(m.group().replace(",", "."))
            cores.append(_num(s, e, v))
        elif m.group("digits"):
            cores.append(_digit_core(lx, m))
    if not lx.cjk and (probe is None or lx.frac_needs.admits(probe)):
        cores = _with_fractions(lx, text, cores)
    return _join(lx, text, cores) if not lx.cjk else cores


def _with_fractions(lx: _Lexicon, text: str, cores: list[_Core]) -> list[_Core]:
    """Fractions of scales in place of the numbers they overlap ("three" of "three quarters
    of a million")."""
    fracs = [_frac_core(lx, m) for m in lx.frac.finditer(text)]
    if not fracs:
        return cores
    kept = [c for c in cores if not any(f.start < c.end and c.start < f.end for f in fracs)]
    return sorted(kept + fracs, key=lambda c: c.start)


def _frac_core(lx: _Lexicon, m: re.Match[str]) -> _Core:
    """ "a quarter million", "three quarters of a million": numerator x fraction x scale."""
    toks = [t.lower() for t in _WORD.findall(m.group())]
    num = lx.unit_words.get(toks[0], Decimal(1))
    frac = next(lx.fractions[t] for t in toks if t in lx.fractions)
    scale = lx.scale_words.get(toks[-1]) or lx.mult_words[toks[-1]]
    core = _num(m.start(), m.end(), num * frac * scale, num * frac, scale)
    core.frac = num == 1
    return core


def _join(lx: _Lexicon, text: str, cores: list[_Core]) -> list[_Core]:
    """Numbers written in parts: "4 thousand 3 hundred", "four-thousand-100", "3 hundred and
    21", "five and a half million", "3 million and a half", "one billion and a quarter
    million"."""
    out: list[_Core] = []
    i = 0
    while i < len(cores):
        a = cores[i]
        i += 1
        while a.kind == "num" and (av := a.value) is not None:
            b = cores[i] if i < len(cores) else None
            if a.tail:
                fm = lx.frac_after.match(text, a.end)
                if fm and not _IS_LETTER.match(text, fm.end()):
                    inside = 0  # "three" of "and three quarters" was read as a number
                    while i + inside < len(cores) and cores[i + inside].end <= fm.end():
                        inside += 1
                    if i + inside == len(cores) or cores[i + inside].start >= fm.end():
                        # 3 million and a half
                        n = lx.unit_words.get((fm.group("n") or "").lower(), Decimal(1))
                        d = lx.fractions[fm.group("d").lower()]
                        a = _num(a.start, fm.end(), av + n * d * a.tail)
                        i += inside
                        continue
            gap = text[a.end:b.start] if b is not None else ""
            if (b is not None and b.kind == "num" and b.value is not None
                    and lx.join_gap.match(gap)):
                if a.tail and 0 < b.value < a.tail:  # 4 thousand + 3 hundred
                    a = _num(a.start, b.end, av + b.value)
                    a.tail = b.tail
                    i += 1
                    continue
                if (b.frac and not a.tail and a.factor == 1 and b.base is not None
                        and av == int(av) and gap.strip(" -")):
                    # five and a half million
                    a = _num(a.start, b.end, (av + b.base) * b.factor,
                             av + b.base, b.factor)
                    i += 1
                    continue
            break
        out.append(a)
    return out


def _digit_core(lx: _Lexicon, m: re.Match[str]) -> _Core:
    digits = m.group("digits")
    raw = digits.replace(",", "")
    raw = "".join(raw.split())
    base = Decimal(raw)
    factor = Decimal(1)
    tail = Decimal(0)
    for w in _WORD.findall(m.group("dscale") or ""):
        if w in lx.cased_abbr:
            factor *= lx.cased_abbr[w]
            continue
        w = w.lower()
        scale = lx.scale_words.get(w)
        factor *= scale or lx.mult_words.get(w) or lx.abbr.get(w, Decimal(1))
        tail = scale if scale is not None and scale >= 100 else Decimal(0)
    core = _num(m.start(), m.end(), base * factor, base, factor, raw=digits)
    core.tail = tail
    return core


# ---------------------------------------------------------------- pass 2: mentions


@dataclass
class _Hit:
    start: int
    end: int
    form: str
    markers: tuple[int, ...]
    glued: bool = True


def _prefix(lx: _Lexicon, text: str, pos: int, floor: int) -> _Hit | None:
    if not _ends_in(text, pos, max(floor, pos - 40), lx.prefixes.last):
        return None
    m = lx.prefixes.regex.search(text, max(floor, pos - 40), pos)
    if m is None:
        return None
    idx = lx.prefixes.lookup(m.group("form"))
    return _Hit(m.start(), m.end(), m.group("form"), idx) if idx else None


def _suffixes(lx: _Lexicon, text: str, pos: int) -> list[_Hit]:
    """Suffix forms right after pos, longest first: "号决议" also offers "号"."""
    m = lx.suffixes.regex.match(text, pos, min(len(text), pos + 40))
    if m is None:
        return []
    glued = not m.group("sep")
    form, fstart = m.group("form"), m.start("form")
    hits = []
    for k in range(len(form), 0, -1):
        idx = lx.suffixes.lookup(form[:k])
        if idx and (k == len(form) or not _IS_LETTER.match(form, k)):
            hits.append(_Hit(m.start(), fstart + k, form[:k], idx, glued=glued))
    return hits


def _next_word(text: str, pos: int) -> str:
    m = _NEXT_WORD.match(text, pos, min(len(text), pos + 40))
    return m.group(1).lower() if m else ""


def _pick_marker(
    lx: _Lexicon, text: str, pre: _Hit | None, sufs: list[_Hit],
    low: Decimal | None, high: Decimal | None,
) -> tuple[Marker, _Hit | None] | None:
    """The first marker (in file order) that fits, and the suffix it used, if any."""
    cands = sorted({*(pre.markers if pre else ()), *(k for h in sufs for k in h.markers)})
    vals = [v for v in (low, high) if v is not None]
    for i in cands:
        mk = lx.rules.markers[i]
        if mk.prefix and (pre is None or i not in pre.markers):
            continue
        suf = next((h for h in sufs if i in h.markers), None) if mk.suffix else None
        if mk.suffix and suf is None:
            continue
        if suf is not None:
            if mk.glued and not suf.glued:
                continue
            if mk.followed_by and _next_word(text, suf.end) not in lx.followed[i]:
                continue
        if mk.min is not None and any(v < _dec(mk.min) for v in vals):
            continue
        if mk.max is not None and any(v > _dec(mk.max) for v in vals):
            continue
        return mk, suf
    return None


def _code_before(lx: _Lexicon, text: str, start: int) -> bool:
    """Letters glued before the digits, as in M2010, or joined by a hyphen, as in BTR-80."""
    if start > 0 and _IS_LETTER.match(text, start - 1):
        return True
    if start > 1 and text[start - 1] == "-" and _IS_LETTER.match(text, start - 2):
        w = _LETTERS_END.search(text, max(0, start - 30), start - 1)
        return w is None or w.group().lower() not in lx.code_exceptions
    return False


def _float(d: Decimal | None) -> float | None:
    return None if d is None else float(d)


def _compose(lx: _Lexicon, text: str, cores: list[_Core]) -> list[Mention]:
    out: list[Mention] = []
    floor = 0  # nothing may start before this: the previous mention and what it consumed
    i = 0
    while i < len(cores):
        c = cores[i]
        i += 1
        if c.start < floor:
            continue
        if c.kind in ("date", "clock", "phone"):
            out.append(Mention(
                start=c.start, end=c.end, text=text[c.start:c.end], value=None, low=None,
                high=None, qualifier=Qualifier.exact, number_start=c.start, number_end=c.end,
                role="code" if c.kind == "phone" else "time",
            ))
            floor = c.end
            continue
        mention, consumed, used = _mention(lx, text, cores, i - 1, floor)
        i += used
        if mention is not None:
            out.append(mention)
            floor = max(mention.end, consumed)
    return out


def _mention(
    lx: _Lexicon, text: str, cores: list[_Core], i: int, floor: int
) -> tuple[Mention | None, int, int]:
    """Build the mention starting at cores[i].

    Returns the mention (None when the core turns out not to be a number), the end of what it
    consumed (its unit too, so the unit is not read again), and how many following cores it
    absorbed (the second number of a range).
    """
    c = cores[i]
    if c.kind == "ordinal":
        ov = _float(c.value)
        return _make(text, c.start, c.end, c.start, c.end, Qualifier.exact, ov, ov, ov,
                     "ordinal", None), c.end, 0

    num_start, num_end = c.start, c.end
    value, low, high = c.value, c.low, c.high
    vague = c.kind == "vague"
    is_range = not vague and value is None  # 两三千
    absorbed = 0
    pre = _prefix(lx, text, num_start, floor)

    # "$10m": after a money sign, abbreviations that elsewhere mean metres
    money_pre = pre is not None and any(lx.rules.markers[k].role == "money" for k in pre.markers)
    if money_pre and lx.money_abbr is not None and value is not None and c.factor == 1:
        ma = lx.money_abbr.match(text, num_end)
        if ma and not _IS_LETTER.match(text, ma.end()):
            value = low = high = value * lx.abbr[ma.group("a").lower()]
            num_end = ma.end()
    elif value is not None and c.factor == 1 and not (
            i + 1 < len(cores) and cores[i + 1].start - num_end <= 3):  # not "2-3m people"
        scaled = _counted_abbr(lx, text, num_end)
        if scaled is not None:
            value = low = high = value * scaled[0]
            num_end = scaled[1]

    opener: re.Match[str] | None = None
    if not vague and not is_range and value is not None and i + 1 < len(cores):
        rng = _range(lx, text, c, value, cores[i + 1], num_start, num_end, pre, floor)
        if rng is not None:
            low, high, opener = rng
            value, is_range, absorbed = None, True, 1
            num_end = cores[i + 1].end
            scaled = _counted_abbr(lx, text, num_end) if cores[i + 1].factor == 1 else None
            if scaled is not None and low is not None and high is not None:  # 2-3m people
                low, high, num_end = low * scaled[0], high * scaled[0], scaled[1]

    qualifier: HedgeKind | None = None
    number_end = num_end
    after = num_end
    if not vague:
        ha = lx.hedge_after.match(text, num_end, min(len(text), num_end + 20))
        if ha is not None:
            qualifier = lx.hedge_kind.get(_key(ha.group("h")).lower())
            after = ha.end()
            if lx.cjk and not is_range and value is not None:
                # 20余万 / 1000多万: the scale follows the hedge
                sm = lx.cjk_scale_run.match(text, after)
                if sm:
                    value = low = high = value * Decimal(
                        math.prod(lx.cjk_scales[ch] for ch in sm.group().strip())
                    )
                    after = number_end = sm.end()
    inclusive = None if vague else lx.inclusive.match(text, after)
    if inclusive is not None:  # "more than 5,000 or equal to"
        after = inclusive.end()

    sufs = _suffixes(lx, text, after)
    end = consumed = after
    picked = _pick_marker(lx, text, pre, sufs, low, high)
    role: Role = "count"
    unit: str | None = None
    if picked is not None:
        mk, suf = picked
        role = mk.role
        if suf is not None:
            consumed = suf.end
            unit = suf.form if mk.unit_is_form else mk.unit
            hu = lx.hedge_after_unit.match(text, suf.end, min(len(text), suf.end + 20))
            if hu is not None and qualifier is None:
                qualifier = lx.hedge_kind.get(_key(hu.group("h")).lower())
                end = consumed = hu.end()
        elif pre is not None:
            unit = pre.form if mk.unit_is_form else mk.unit
    if c.weak and picked is None and qualifier is None and not absorbed:
        return None, floor, 0

    # digits inside a name (BTR-80, M2010, 5G) are codes whatever surrounds them
    if text[num_start].isdigit() and not vague:
        glued_pre = pre is not None and pre.end == num_start
        before = not glued_pre and _code_before(lx, text, num_start)
        after_letters = (picked is None or picked[1] is None) and after == num_end and bool(
            _IS_LETTER.match(text, num_end)
        )
        if before or after_letters:
            role, unit = "code", None

    # hedges before the number, or before a sign that precedes it ("more than $5 million")
    start = num_start
    if opener is not None:
        start = opener.start()
    elif not vague:
        hb = _hedge_before(lx, text, num_start, floor)
        if hb is None and pre is not None and pre.end == num_start:
            hb = _hedge_before(lx, text, pre.start, floor)
        if hb is not None:
            start = hb.start()
            qualifier = qualifier or lx.hedge_kind.get(_key(hb.group("h")).lower())
    if c.bare_scale and qualifier is None:  # 千 alone is no number; 千余, 近万, 超过千 are
        return None, floor, 0

    if (role == "count" and picked is None and qualifier is None and _year_like(lx, c)
            and (not absorbed or _year_like(lx, cores[i + 1]))
            and not _counts_after(lx, text, start, end)):
        role = "year"
    if inclusive is not None and qualifier == "more_than":
        qualifier = "at_least"

    v: Decimal | None
    lo: Decimal | None
    hi: Decimal | None
    if vague:
        q, v, lo, hi = Qualifier.vague, None, low, high
    elif is_range:
        q, v, lo, hi = Qualifier.range, None, low, high
    else:
        q = Qualifier(qualifier) if qualifier else Qualifier.exact
        v = value
        lo = None if q is Qualifier.up_to else value
        hi = None if q in (Qualifier.more_than, Qualifier.at_least) else value
    mention = _make(text, start, end, num_start, number_end, q, _float(v), _float(lo),
                    _float(hi), role, unit)
    return mention, max(consumed, end), absorbed


def _make(
    text: str, start: int, end: int, number_start: int, number_end: int, q: Qualifier,
    value: float | None, low: float | None, high: float | None, role: Role, unit: str | None,
) -> Mention:
    return Mention(
        start=start, end=end, text=text[start:end], value=value, low=low, high=high,
        qualifier=q, number_start=number_start, number_end=number_end, role=role, unit=unit,
    )


def _range(
    lx: _Lexicon, text: str, c: _Core, value: Decimal, nxt: _Core, num_start: int,
    num_end: int, pre: _Hit | None, floor: int,
) -> tuple[Decimal, Decimal, re.Match[str] | None] | None:
    """low, high and the opener ("between") if c and nxt form a range, else None."""
    if nxt.kind != "num" or nxt.value is None or nxt.start < num_end:
        return None
    conn = _connector(lx, text, num_end, nxt.start, pre)
    if conn is None:
        return None
    at = pre.start if pre else num_start
    om = None
    if _ends_in(text, at, max(floor, at - 30), lx.opener_last):
        om = lx.opener.search(text, max(floor, at - 30), at)
    okey = _key(om.group("o")).lower() if om else None
    licensed = okey is not None and conn in lx.openers.get(okey, frozenset())
    if conn not in lx.connectors and not licensed:
        return None
    lo = value
    # "10 to 12 thousand": the scale written once applies to both ends
    if c.factor == 1 and nxt.factor > 1 and c.base is not None and c.base * nxt.factor <= nxt.value:
        lo = c.base * nxt.factor
    if not lo < nxt.value:
        return None
    return lo, nxt.value, om if licensed else None


def _connector(lx: _Lexicon, text: str, pos: int, nxt: int, pre: _Hit | None) -> str | None:
    """The range connector ("to", "-", 至) if the gap between two numbers holds only that."""
    if nxt - pos > 25:
        return None
    gap = text[pos:nxt]
    m = lx.connector.match(gap)
    if m is None:
        return None
    rest = gap[m.end():]
    # "$5 to $10": the second number may repeat the first one's sign
    if rest and not (pre is not None and rest.strip() == pre.form.strip()):
        return None
    return _key(m.group("c")).lower()


def _hedge_before(lx: _Lexicon, text: str, pos: int, floor: int) -> re.Match[str] | None:
    if not _ends_in(text, pos, max(floor, pos - 40), lx.hedge_last):
        return None
    m = lx.hedge_before.search(text, max(floor, pos - 40), pos)
    if m is None or m.group("h") is None:
        return None
    return m


_WORD_BEFORE = re.compile(r"([A-Za-z]+)[^A-Za-z\d]*\Z")
_WORDS_AFTER = re.compile(r"[^\S\n]*([A-Za-z][A-Za-z'-]*)")


def _counts_after(lx: _Lexicon, text: str, start: int, end: int) -> bool:
    """A year-like number counts what follows: "2000 soldiers", "2000 North Korean troops"
    (a plural noun within a few words), unless a word before makes it a year ("in 2000")."""
    wb = _WORD_BEFORE.search(text, max(0, start - 20), start)
    if wb is not None and wb.group(1).lower() in lx.year_before:
        return False
    return _plural_after(lx, text, end, lx.rules.years.window, capitals=False)


def _plural_after(lx: _Lexicon, text: str, pos: int, window: int, *, capitals: bool) -> bool:
    """Is one of the next `window` words a plural noun? Capitalised words are skipped ("2000
    North Korean troops") unless `capitals` lets them count ("2.5m Syrians")."""
    if not lx.plurals and not lx.singular_endings:
        return False
    for _ in range(window):
        m = _WORDS_AFTER.match(text, pos)
        if m is None:
            return False
        word = m.group(1)
        low = word.lower()
        pos = m.end()
        if word[0].isupper() and not capitals:
            continue
        if low in lx.plurals:
            return True
        if low in lx.not_plurals:
            return False
        if low.endswith("s") and not low.endswith(lx.singular_endings):
            return True
    return False


def _counted_abbr(lx: _Lexicon, text: str, pos: int) -> tuple[Decimal, int] | None:
    """ "2.5m people": the factor and end of an abbreviation that scales before a plural."""
    if lx.counted_abbr is None:
        return None
    ca = lx.counted_abbr.match(text, pos)
    if ca is None or _IS_LETTER.match(text, ca.end()):
        return None
    if not _plural_after(lx, text, ca.end(), 1, capitals=True):
        return None
    return lx.abbr[ca.group("a").lower()], ca.end()


def _year_like(lx: _Lexicon, c: _Core) -> bool:
    y = lx.rules.years
    raw = c.raw_digits
    return (
        len(raw) == y.digits and raw.isdigit() and c.value is not None
        and y.min <= c.value <= y.max
    )


# ---------------------------------------------------------------- public API


_LOWER = (Qualifier.more_than, Qualifier.at_least)
# a full-width comma between full-width digit groups ("４，５６５") groups them; elsewhere it
# separates clauses and is left alone
_FULLWIDTH_GROUP = re.compile("(?<=[０-９])，(?=[０-９]{3}(?![０-９]))")


def _normalize(text: str, lx: _Lexicon | None = None) -> str:
    """The text as the rules read it, character for character (offsets keep their place)."""
    if text.isascii():
        return text
    if lx is not None and lx.rules.convert:
        text = convert(text, lx.rules.convert)
        text = _FULLWIDTH_GROUP.sub(",", text)
    return text.translate(_FULLWIDTH)


def _join_bounds(lx: _Lexicon, text: str, found: list[Mention]) -> list[Mention]:
    """A lower and an upper bound side by side make one range: "more than 10 and less than
    40", "no more than 50 and no less than 20"."""
    out: list[Mention] = []
    for m in found:
        prev = out[-1] if out else None
        if (prev is not None and prev.role == m.role and m.role in ("count", "money", "percent")
                and {prev.qualifier, m.qualifier} in ({Qualifier.up_to, q} for q in _LOWER)):
            gap = text[prev.end:m.start]
            if lx.bound_gap.match(gap):
                lower, upper = (prev, m) if prev.qualifier in _LOWER else (m, prev)
                if lower.low is not None and upper.high is not None and lower.low < upper.high:
                    out[-1] = m.model_copy(update={
                        "start": prev.start, "text": text[prev.start:m.end],
                        "number_start": prev.number_start, "value": None,
                        "low": lower.low, "high": upper.high, "qualifier": Qualifier.range,
                    })
                    continue
        out.append(m)
    return out


def _extra_key(
    extra_hedges: Mapping[str, Sequence[str]] | None,
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not extra_hedges:
        return ()
    if isinstance(extra_hedges, Mapping):
        return tuple(sorted((str(k), tuple(str(p) for p in v)) for k, v in extra_hedges.items()))
    raise ConfigError("extra_hedges must map qualifier names to lists of phrases")


def find_quantities(
    text: str,
    lang: str = "en",
    *,
    extra_hedges: Mapping[str, Sequence[str]] | None = None,
) -> list[Mention]:
    """Every number mention in ``text``, in order and non-overlapping, with hedge and role.

    >>> [m.text for m in find_quantities("around 12-thousand troops, 2 dead")]
    ['around 12-thousand', '2']
    """
    lx = _lexicon(_lang_key(lang), _extra_key(extra_hedges))
    norm = _normalize(text, lx)
    probe = Probe(norm)
    found = _compose(lx, norm, _scan(lx, norm, probe)) if norm and lx.needs.admits(probe) else []
    if len(found) > 1 and lx.rules.ranges.bound_joiners:
        found = _join_bounds(lx, norm, found)
    if norm != text:  # full-width digits were read as ASCII; quote the text as written
        found = [m.model_copy(update={"text": text[m.start:m.end]}) for m in found]
    return found


def parse_number(text: str, lang: str = "en") -> float | None:
    """The value of a bare number ("12,000", "1.2 million", "a dozen", "1.2万", "三千"), or None.

    >>> parse_number("12-thousand")
    12000.0
    """
    lx = _lexicon(_lang_key(lang), ())
    s = _normalize(text, lx).strip()
    sign = 1.0
    if s[:1] in ("-", "\u2212"):
        sign, s = -1.0, s[1:].lstrip()
    if not s:
        return None
    cores = _scan(lx, s)
    if len(cores) != 1:
        return None
    c = cores[0]
    if c.kind != "num" or c.value is None or c.start != 0 or c.end != len(s) or c.bare_scale:
        return None
    return sign * float(c.value)


def format_number(value: float, lang: str = "en") -> str:
    """Canonical digits with comma groups ("12,000", "1,234.5"), readable by parse_number.

    Chinese uses the same form: parse_number(..., "zh") reads comma groups too.
    """
    _lexicon(_lang_key(lang), ())  # an unknown language is a ConfigError here as elsewhere
    if not math.isfinite(value):
        raise ValueError(f"cannot format {value!r} as a number")
    try:
        d = Decimal(repr(float(value)))
    except InvalidOperation as e:  # pragma: no cover - repr of a finite float always parses
        raise ValueError(f"cannot format {value!r}") from e
    if d == d.to_integral_value():
        return f"{int(d):,}"
    return f"{d:,f}"
