"""Tables that fit the terminal: widths decided here, rich only draws them.

Each column says how it may give way. Ids, figures and dates (`fixed`) are never split: they
keep their whole width. Names (`words`) wrap at spaces, never inside a word; dotted names
(`dotted`: kinds such as casualties.killed_or_wounded) after a dot, never inside a part.
Quotes and titles (`cut`) stay on one line and are cut with an ellipsis. When even that does
not fit, the least useful columns (lowest `keep`) are left out, and the table's caption says
which.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

PIPED_WIDTH = 120  # output that is not a terminal, when COLUMNS does not say
# the narrowest a words or cut column is drawn (a cut quote narrower than this says nothing)
MIN_TEXT = 10
MAX_WORD = 20  # a words column is never narrower than its longest word, up to this
MAX_CUT = 100  # a quote or title is cut here even on a very wide terminal

Fit = Literal["fixed", "words", "dotted", "cut"]


@dataclass(frozen=True)
class Col:
    name: str
    fit: Fit = "fixed"
    keep: int = 5  # when the table is too wide, lower first out
    justify: Literal["left", "right"] = "left"


def console(*, stderr: bool = False) -> Console:
    """A console as wide as the terminal; piped, as wide as $COLUMNS or PIPED_WIDTH."""
    c = Console(stderr=stderr, highlight=False)
    # sentences on stderr: wrapped at spaces in a terminal (its own wrapping splits words),
    # one line each when piped, for a log or grep
    c.soft_wrap = stderr and not c.is_terminal
    if not c.is_terminal:
        columns = os.environ.get("COLUMNS", "")
        c.width = int(columns) if columns.isdigit() and int(columns) > 0 else PIPED_WIDTH
    return c


def _longest_word(text: str) -> int:
    return max((cell_len(w) for w in text.split()), default=0)


def _dot_parts(text: str) -> list[str]:
    """'casualties.killed' as ['casualties.', 'killed']: where a dotted name may wrap."""
    parts = text.split(".")
    return [p + "." for p in parts[:-1]] + parts[-1:]


def _wrap_dotted(text: str, width: int) -> str:
    """A dotted name on lines of at most `width`, broken only after a dot."""
    lines = [""]
    for part in _dot_parts(text):
        if lines[-1] and cell_len(lines[-1] + part) > width:
            lines.append("")
        lines[-1] += part
    return "\n".join(lines)


def widths(cols: Sequence[Col], rows: Sequence[Sequence[str]], width: int
           ) -> tuple[list[int], list[int]]:
    """The columns shown (their indexes) and their widths, for a table at most `width` wide
    (borders and padding take 3 per column and 1)."""
    natural = [max([cell_len(c.name), *(cell_len(r[i]) for r in rows)]) for i, c in enumerate(cols)]

    def least(i: int, wrap_dotted: bool) -> int:
        c = cols[i]
        if c.fit == "fixed" or (c.fit == "dotted" and not wrap_dotted):
            return natural[i]
        if c.fit == "words":  # the longest word whole (a longer one than MAX_WORD is cut)
            word = max((_longest_word(r[i]) for r in rows), default=0)
            return max(len(c.name), min(word, MAX_WORD))
        if c.fit == "dotted":  # the longest part whole
            part = max((cell_len(p) for r in rows for p in _dot_parts(r[i])), default=0)
            return max(len(c.name), part)
        return max(len(c.name), min(natural[i], MIN_TEXT))

    def fit(wrap_dotted: bool) -> tuple[list[int], dict[int, int], int]:
        shown = list(range(len(cols)))
        while True:
            need = {i: least(i, wrap_dotted) for i in shown}
            room = width - 1 - 3 * len(shown)
            if sum(need.values()) <= room or len(shown) == 1:
                return shown, need, room
            shown.remove(min(shown, key=lambda i: (cols[i].keep, -i)))

    shown, need, room = fit(wrap_dotted=False)
    # a dotted name wraps only when that keeps a column at least as useful as it
    wrapped = fit(wrap_dotted=True)
    dotted_keep = max((c.keep for c in cols if c.fit == "dotted"), default=None)
    if dotted_keep is not None and any(cols[i].keep >= dotted_keep
                                       for i in set(wrapped[0]) - set(shown)):
        shown, need, room = wrapped
    got = dict(need)
    spare = room - sum(got.values())
    # share what is left among the text columns, the narrowest wants first
    flexible = sorted((i for i in shown if cols[i].fit != "fixed"),
                      key=lambda i: min(natural[i], MAX_CUT))
    for n, i in enumerate(flexible):
        want = min(natural[i], MAX_CUT) - got[i]
        share = spare // (len(flexible) - n)
        add = max(0, min(want, share))
        got[i] += add
        spare -= add
    return shown, [got[i] for i in shown]


def left_out_note(names: Sequence[str]) -> str:
    return (f"Not shown at this width: {', '.join(names)} (a wider terminal, or --format "
            "yaml, shows them).")


def table(cols: Sequence[Col], rows: Sequence[Sequence[str]], width: int, *,
          title: Text | str | None = None, styles: Sequence[str | None] | None = None
          ) -> tuple[Table, list[str]]:
    """A rich table of plain-text `rows` (never read as markup) fitted to `width`, and the
    names of the columns it had no room for."""
    shown, sizes = widths(cols, rows, width)
    t = Table(title=title, title_justify="left",
              width=min(width, sum(sizes) + 3 * len(sizes) + 1))
    for i, size in zip(shown, sizes, strict=True):
        c = cols[i]
        t.add_column(c.name, width=size, justify=c.justify,
                     no_wrap=c.fit not in ("words", "dotted"), overflow="ellipsis")
    size_of = dict(zip(shown, sizes, strict=True))

    def cell(i: int, text: str) -> Text:
        if cols[i].fit == "dotted" and cell_len(text) > size_of[i]:
            return Text(_wrap_dotted(text, size_of[i]))
        return Text(text)

    for k, row in enumerate(rows):
        t.add_row(*(cell(i, row[i]) for i in shown), style=styles[k] if styles else None)
    return t, [c.name for i, c in enumerate(cols) if i not in shown]
