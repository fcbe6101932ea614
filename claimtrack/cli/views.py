"""Rendering for the CLI: rich tables for people, YAML and JSON for programs.

The library computes models; this module only shows them. Data goes to stdout,
progress and summaries of what was done go to stderr.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import BaseModel
from rich.console import Console
from rich.padding import Padding
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from ..extract.rulefiles import rule_languages
from ..ingest.run import IngestReport
from ..models import UNDETERMINED, Claim
from ..store import DocumentSummary
from . import tables
from .tables import Col

if TYPE_CHECKING:  # loaded by the commands that show them: an ingest starts without them
    from ..reconcile import Group, Omitted
    from ..report.build import ClaimRecord, Report
    from ..report.evaluate import EvalReport


def _out() -> Console:
    """stdout, as wide as the terminal (piped: $COLUMNS, else tables.PIPED_WIDTH)."""
    return tables.console()


def _err() -> Console:
    # summaries are sentences: the terminal wraps them, never rich
    return tables.console(stderr=True)


@contextmanager
def progress_bar(total: int, *, enabled: bool) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr; yields `advance(label)`. A no-op when not enabled."""
    if not enabled:
        yield lambda label: None
        return
    # the file's name is text, never markup; it gets what the counts and the bar leave
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeRemainingColumn(), TextColumn("{task.fields[current]}", markup=False,
                                                 style="dim"))
    err = _err()
    room = max(0, min(40, err.width - 2 * len(f"{total}") - 50))
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("Ingesting", total=total, current="")
        yield lambda label: bar.update(task, advance=1,
                                       current=label[-room:] if room else "")


def dump(data: Any, fmt: str) -> str:
    """YAML or JSON text of plain data (models dumped with mode="json")."""
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


# libyaml's emitter when PyYAML was built with it: the same text, many times faster
_YAML_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def dump_model(model: BaseModel, fmt: str) -> Iterator[str]:
    """`dump` of a model, piece by piece, for reports of millions of items: each item of a
    top-level list is written by pydantic (the same text as `dump`, whose `json.dumps` with an
    indent runs in pure Python), and the whole text is never held at once."""
    if fmt != "json":
        yield yaml.dump(model.model_dump(mode="json"), Dumper=_YAML_DUMPER, allow_unicode=True,
                        sort_keys=False, width=100)
        return
    lists = {
        name for name in type(model).model_fields
        if isinstance(value := getattr(model, name), list) and value
        and isinstance(value[0], BaseModel)
    }
    # the other fields as pydantic dumps them (a field excluded when unset is left out)
    plain = model.model_dump(mode="json", exclude=lists)
    opening = "{\n"
    for name in type(model).model_fields:
        if name not in lists and name not in plain:
            continue
        yield opening + f"  {json.dumps(name)}: "
        opening = ",\n"
        if name in lists:
            for k, item in enumerate(getattr(model, name)):
                text = item.model_dump_json(indent=2).replace("\n", "\n    ")
                yield ("[\n    " if k == 0 else ",\n    ") + text
            yield "\n  ]"
        else:
            yield json.dumps(plain[name], ensure_ascii=False, indent=2).replace("\n", "\n  ")
    yield "\n}\n"


def as_data(models: Sequence[BaseModel]) -> list[dict[str, Any]]:
    return [m.model_dump(mode="json") for m in models]


def _count(n: int, noun: str, plural: str | None = None) -> str:
    """'1 claim', '2 claims', '1 independent source' (`plural` for irregular nouns)."""
    return f"{n:,} {noun}" if n == 1 else f"{n:,} {plural or noun + 's'}"


NAMES_SHOWN = 5  # documents named in a summary line (no publication date, no article text)


def print_ingest_report(report: IngestReport, *, verbose: bool = False) -> None:
    """The ingest summary, on stderr so that stdout stays clean for data."""
    err = _err()
    langs = ", ".join(f"{k} {v:,}" for k, v in report.languages.items()) or "none"
    err.print(
        f"Read {_count(report.files, 'file')}: {report.added:,} added, {report.replaced:,} "
        f"replaced, {report.unchanged:,} unchanged, {len(report.skipped):,} skipped.",
        markup=False,
    )
    err.print(
        f"Stored {_count(report.articles, 'article')}, {_count(report.passages, 'passage')} "
        f"({report.junk:,} page junk), {_count(report.claims, 'claim')}. Languages: {langs}.",
        markup=False,
    )
    if report.copies:
        n = len(report.copies)
        err.print(
            f"{_count(n, 'file')} {'has' if n == 1 else 'have'} the same content as "
            f"{'a stored document' if n == 1 else 'stored documents'}: not stored again, "
            "kept as other publications (claimtrack docs)"
            + ("." if verbose else "; --verbose names them."), markup=False)
        if verbose:
            for path, twin in report.copies:
                err.print(f"  same content: {path} = {twin}", markup=False)
    unread = {k: v for k, v in report.languages.items()
              if k not in rule_languages() and k != UNDETERMINED}
    if unread:
        err.print(
            f"{sum(unread.values())} passages in {', '.join(sorted(unread))}: no rules for "
            "these languages, stored but not extracted.", markup=False,
        )
    for s in report.skipped:
        err.print(f"  skipped {s.path}: {s.reason}", markup=False)
    for w in dict.fromkeys(report.warnings):
        err.print(f"  warning: {w}", markup=False)
    if report.no_text:
        err.print(
            f"{_count(len(report.no_text), 'page')} with no article text "
            f"({_names(report.no_text)}): stored with "
            f"{'its' if len(report.no_text) == 1 else 'their'} metadata, no claims.",
            markup=False,
        )
    if report.undated:
        err.print(undated_note(report.undated), markup=False)


def undated_note(names: list[str]) -> str:
    """What a user should know of documents with no publication date, and how to give one."""
    return (f"No publication date found for {_count(len(names), 'document')} "
            f"({_names(names)}): {'its' if len(names) == 1 else 'their'} relative dates "
            "('on Monday') stay unresolved. Give `published:` or `url:` in sources.yaml "
            "(see README, 'Metadata').")


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:NAMES_SHOWN])
    more = len(names) - NAMES_SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


# ---------------------------------------------------------------- CSV

CSV_FORMATS = ("table", "yaml", "json", "csv")


def _csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """CSV text (RFC 4180, a header line first), row by row."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else "; ".join(map(str, v)) if isinstance(v, list)
                         else v for v in row])
        if buf.tell() > 1 << 16:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def _claim_fields() -> list[str]:
    from ..report.build import ClaimRecord

    return list(ClaimRecord.model_fields)


def claims_csv(claims: Iterable[Claim]) -> Iterator[str]:
    """One row per claim, the fields of `claims --format yaml`."""
    from ..report.build import ClaimRecord

    return _csv(_claim_fields(), (
        [_csv_value(v) for v in ClaimRecord.of(c).model_dump(mode="json").values()]
        for c in claims))


def _csv_value(v: object) -> object:
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


_GROUP_FIELDS = ["group", "group_kind", "group_subject", "group_location", "status",
                 "estimate_low", "estimate_best", "estimate_high", "independent_sources",
                 "conflicts_with"]


def report_csv(report: Report) -> Iterator[str]:
    """One row per claim of each group: the group's fields, then the claim's (a claim in no
    listed group is left out); `conflicts_with` names the claims it conflicts with."""
    by_id = {c.id: c for c in report.claims}
    against: dict[str, list[str]] = {}
    for k in report.conflicts:
        a, b = k.claims
        against.setdefault(a, []).append(b)
        if b != a:
            against.setdefault(b, []).append(a)

    def rows() -> Iterator[list[object]]:
        for g in report.groups:
            e = g.estimate
            head: list[object] = [g.id, g.kind, g.subject, g.location, g.status,
                                  *(_csv_value(x) for x in ((e.low, e.best, e.high) if e
                                                            else (None, None, None))),
                                  g.independent_sources]
            for cid in g.claims:
                c = by_id.get(cid)
                if c is not None:
                    yield [*head, against.get(cid, []),
                           *(_csv_value(v) for v in c.model_dump(mode="json").values())]

    return _csv(_GROUP_FIELDS + _claim_fields(), rows())


def documents_csv(documents: Sequence[DocumentSummary]) -> Iterator[str]:
    def rows() -> Iterator[list[object]]:
        for d in documents:
            for i, a in enumerate(d.articles):
                yield [d.name, i, a.outlet, a.published, a.title, a.url, d.languages,
                       d.passages, d.claims, None]
            for c in d.copies:  # the same text published again: a row of its own
                yield [d.name, None, c.outlet, c.published, c.title, c.url, None, None, None,
                       c.name]

    return _csv(["document", "article", "outlet", "published", "title", "url", "languages",
                 "passages", "claims", "copy"], rows())


# ---------------------------------------------------------------- tables


def _print_table(out: Console, cols: Sequence[Col], rows: Sequence[Sequence[str]], *,
                 title: Text | str | None = None,
                 styles: Sequence[str | None] | None = None) -> list[str]:
    """A fitted table on `out`; the columns it had no room for named on stderr (and
    returned)."""
    table, gone = tables.table(cols, rows, out.width, title=title, styles=styles)
    out.print(table)
    if gone:
        _err().print(tables.left_out_note(gone), markup=False)
    return gone


def print_documents(documents: list[DocumentSummary], fmt: str) -> None:
    out = _out()
    if fmt == "csv":
        out.file.writelines(documents_csv(documents))
        return
    if fmt != "table":
        out.out(dump({"documents": as_data(documents)}, fmt), end="", highlight=False)
        return
    cols = [Col("document", "fixed", 9), Col("#", "fixed", 2, "right"),
            Col("outlet", "words", 6), Col("published", "fixed", 7), Col("title", "cut", 8),
            Col("languages", "words", 3), Col("passages", "fixed", 4, "right"),
            Col("claims", "fixed", 5, "right")]
    rows = []
    for d in documents:
        for i, a in enumerate(d.articles or [None]):
            rows.append([
                d.name if i == 0 else "", str(i), (a.outlet if a else None) or "-",
                str(a.published) if a and a.published else "-",
                (a.title if a else None) or "-",
                ", ".join(d.languages) if i == 0 else "",
                str(d.passages) if i == 0 else "", str(d.claims) if i == 0 else ""])
        for c in d.copies:  # the same text published again, where its copy was found
            rows.append(["", "=", c.outlet or "-", c.published or "-",
                         f"same text in {c.name}", "", "", ""])
    _print_table(out, cols, rows, title=_count(len(documents), "document"))
    if any(d.copies for d in documents):
        _err().print("= a file with the same text, kept as another publication of the "
                     "document above it (not stored again)", markup=False)
    undated = [d.name for d in documents
               if d.articles and not any(a.published for a in d.articles)]
    if undated:
        _err().print(undated_note(undated), markup=False, highlight=False)


def _fmt_num(x: float | None) -> str:
    """A figure as people read it: integers as integers, with thousands separators."""
    if x is None:
        return ""
    x = float(x)
    if x.is_integer() or abs(x) >= 100:
        return f"{round(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def figure_text(c: Claim | ClaimRecord) -> str:
    """How a figure reads in a table: "~12,000", ">10,000", "1,500-3,000", "<=30,000"."""
    q = c.qualifier.value if c.qualifier else None
    if c.kind == "date":
        return short_period(c.as_of or "")
    if q == "range" or (c.value is None and (c.low is not None or c.high is not None)):
        return f"{_fmt_num(c.low)}-{_fmt_num(c.high)}"
    prefix = {"approx": "~", "more_than": ">", "at_least": ">=", "up_to": "<=", "vague": "~"}
    return prefix.get(q or "", "") + _fmt_num(c.value)


def short_period(as_of: str) -> str:
    """A period as ISO 8601 abbreviates it: the end without what it shares with the start
    ("2025-07-14/2025-10-14" is "2025-07-14/10-14", "2025-01/2025-02" is "2025-01/02")."""
    start, sep, end = as_of.partition("/")
    if not sep or len(start) != len(end):
        return as_of
    parts_a, parts_b = start.split("-"), end.split("-")
    same = 0
    while same < len(parts_a) - 1 and parts_a[same] == parts_b[same]:
        same += 1
    return f"{start}/{'-'.join(parts_b[same:])}"


def _as_of(c: Claim | ClaimRecord) -> str:
    return short_period(c.as_of or "") + ("*" if c.as_of_inferred else "")


def _short_kind(kind: str, topic: str | None) -> str:
    """A kind without the topic the listing is about ("deployed" in a listing of troops)."""
    return kind.split(".", 1)[1] if topic and kind.startswith(topic + ".") else kind


INFERRED_NOTE = "* as of the publication date: the text gives no time"


def print_claims(claims: list[Claim], fmt: str, topic: str | None = None) -> None:
    out = _out()
    if fmt == "csv":
        out.file.writelines(claims_csv(claims))
        return
    if fmt != "table":
        from ..report.build import ClaimRecord

        records = [ClaimRecord.of(c).listed() for c in claims]
        out.out(dump({"claims": records}, fmt), end="", highlight=False)
        return
    cols = [Col("id", "fixed", 9), Col("kind", "dotted", 7), Col("figure", "fixed", 8, "right"),
            Col("subject", "words", 3), Col("source", "words", 6), Col("as of", "fixed", 7),
            Col("modality", "fixed", 2), Col("quote", "cut", 5)]
    rows = [[c.id, _short_kind(c.kind, topic), figure_text(c), c.subject or "",
             c.attributed_to or "", _as_of(c), c.modality.value, c.quote] for c in claims]
    gone = _print_table(out, cols, rows, title=_count(len(claims), "claim"))
    # the note explains a mark of the "as of" column: none when that column is left out
    if "as of" not in gone and any(c.as_of_inferred for c in claims):
        _err().print(INFERRED_NOTE, markup=False)


def print_eval(report: EvalReport, fmt: str, *, show_errors: bool) -> None:
    out = _out()
    if fmt not in ("table", "csv"):
        data = report.model_dump(mode="json")
        if not show_errors:
            for key in ("missed", "spurious", "disagreements", "conflicts_missed",
                        "not_conflicts_flagged"):
                data.pop(key)
        if report.non_claims is None:  # the claims layout scores neither
            for key in ("non_claims", "conflicts", "conflicts_missed", "not_conflicts_flagged"):
                data.pop(key, None)
        out.out(dump(data, fmt), end="", highlight=False)
        return
    rows = [[s.kind, str(s.gold), str(s.predicted), str(s.matched), f"{s.precision:.3f}",
             f"{s.recall:.3f}", f"{s.f1:.3f}"] for s in report.scores]
    # an annotated sample is scored per topic, the claims layout per kind
    header = ["topic" if report.non_claims is not None else "kind", "gold", "predicted",
              "matched", "precision", "recall", "F1"]
    if fmt == "csv":
        out.file.writelines(_csv(header, rows))
        return
    cols = [Col(h, "fixed", 9 - n, "left" if n == 0 else "right") for n, h in enumerate(header)]
    # a line of its own: as a table's title it wrapped at the table's width
    out.print(Text(f"Extraction against {report.gold_file} "
                   f"({_count(report.documents, 'document')})"))
    _print_table(out, cols, rows,
                 styles=["bold" if s.kind == "overall" else None for s in report.scores])
    acc = [[a.field, str(a.correct), str(a.total), f"{a.accuracy:.3f}"] for a in report.accuracy]
    _print_table(out, [Col("field"), Col("correct", justify="right"),
                       Col("total", justify="right"), Col("accuracy", justify="right")],
                 acc, title="On matched claims")
    if report.non_claims is not None:
        n = report.non_claims
        out.print(f"Non-claims taken as claims: {n.taken} of {n.total}", markup=False)
    if report.conflicts is not None:
        k = report.conflicts
        out.print(f"Conflicts: {k.reported} reported; expected found {k.found} of "
                  f"{k.expected}; not-conflicts flagged {k.flagged} of {k.not_conflicts}",
                  markup=False)
    if show_errors:
        for title, missed in (("missed", report.missed), ("spurious", report.spurious)):
            for m in missed:
                out.print(f"{title}: {m.document} {m.kind} {m.figure}: {m.quote}", markup=False)
        for d in report.disagreements:
            out.print(f"wrong {d.field}: {d.claim} (gold {d.gold}): {d.predicted!r}, "
                      f"expected {d.expected!r}", markup=False)
        for title, pairs in (("conflict not found", report.conflicts_missed),
                             ("not a conflict, flagged", report.not_conflicts_flagged)):
            for e in pairs:
                sides = " ~ ".join(f"{d}: {q!r}" for d, q in zip(e.documents, e.quotes,
                                                                  strict=True))
                out.print(f"{title}: {sides}" + (f" ({e.note})" if e.note else ""),
                          markup=False)


def _estimate_text(g: Group) -> str:
    """'~11,000 (9,900-12,100)', '3,000', or 'no estimate'."""
    e = g.estimate
    if e is None or e.best is None and e.low is None and e.high is None:
        return "no estimate"
    if e.best is None:  # an open interval: "more than 2,000" alone
        if e.high is None:
            return f">={_fmt_num(e.low)}"
        if e.low is None:
            return f"<={_fmt_num(e.high)}"
        return f"{_fmt_num(e.low)}-{_fmt_num(e.high)}"
    best = _fmt_num(e.best)
    if e.low == e.high == e.best:
        return best
    return f"{best} ({_fmt_num(e.low) or '?'}-{_fmt_num(e.high) or '?'})"


def _estimate_phrase(g: Group) -> str:
    """'estimate 3,000', or 'no estimate' (never 'estimate no estimate')."""
    text = _estimate_text(g)
    return text if text == "no estimate" else f"estimate {text}"


STATUS_STYLE = {"agree": "green", "conflict": "bold red", "single-source": "yellow"}


def _span(g: Group, by_id: dict[str, ClaimRecord]) -> str:
    """The time a group's claims cover: '2024-10 .. 2025-03-27' (as the claims say it)."""
    times = sorted({c.as_of for cid in g.claims if (c := by_id.get(cid)) and c.as_of})
    if not times:
        return "undated"
    first = times[0].split("/")[0]
    last = times[-1].split("/")[-1]
    return first if first == last else short_period(f"{first}/{last}")


def print_comparison(report: Report, claims: list[Claim], *, detail: bool = False) -> None:
    """A summary line per group, then each group: its claims, its conflicts with their
    reasons, and its other relations folded ('denied by 2 claims'); `detail` lists every
    relation with its reason."""
    out = _out()
    if not report.groups:
        _err().print(f"No claims for {report.topic!r}.", markup=False)
        return
    by_id = {c.id: c for c in report.claims}
    outlets = {d.name: d.articles for d in report.documents}
    conflicts_of: dict[str, list[Any]] = {}
    for k in report.conflicts:
        conflicts_of.setdefault(k.group, []).append(k)
    unlisted = sum(g.omitted.conflicts for g in report.groups if g.omitted is not None)
    total = len(report.conflicts) + unlisted
    out.print(Text(f"{report.topic or 'all topics'}: {_count(len(report.groups), 'group')}, "
                   f"{_count(len(report.claims), 'claim')}, {_count(total, 'conflict')}",
                   style="bold"))
    summary = [
        [str(n), g.kind, g.subject or "unspecified", g.location or "-", g.status,
         _estimate_text(g), str(g.independent_sources), str(len(conflicts_of.get(g.id, []))),
         _span(g, by_id)]
        for n, g in enumerate(report.groups, 1)]
    for row, g in zip(summary, report.groups, strict=True):
        row[1] = _short_kind(g.kind, report.topic)
    cols = [Col("#", "fixed", 9, "right"), Col("kind", "fixed", 8), Col("subject", "words", 5),
            Col("place", "words", 3), Col("status", "fixed", 8),
            Col("estimate", "words", 7, "right"), Col("sources", "fixed", 4, "right"),
            Col("conflicts", "fixed", 6, "right"), Col("time", "words", 2)]
    left_out: dict[str, None] = {}
    table, gone = tables.table(cols, summary, out.width,
                               styles=[STATUS_STYLE.get(g.status) for g in report.groups])
    out.print(table)
    left_out.update(dict.fromkeys(gone))
    claim_cols = [Col("claim", "fixed", 9), Col("figure", "fixed", 8, "right"),
                  Col("source", "words", 6), Col("outlet", "words", 3), Col("as of", "fixed", 5),
                  Col("modality", "fixed", 2), Col("quote", "cut", 4)]
    conflicted = {cid for k in report.conflicts for cid in k.claims}
    for n, g in enumerate(report.groups, 1):
        title = Text.assemble(
            (f"{n}. {g.kind} · {g.subject or 'unspecified'}"
             f"{' · ' + g.location if g.location else ''}", "bold"), "\n   ",
            (g.status, STATUS_STYLE.get(g.status, "")),
            f" · {_estimate_phrase(g)} · "
            f"{_count(g.independent_sources, 'independent source')}")
        rows, styles = [], []
        for cid in g.claims:
            c = by_id.get(cid)
            if c is None:
                continue
            arts = outlets.get(c.document) or []
            outlet = arts[c.article].outlet if 0 <= c.article < len(arts) else None
            rows.append([c.id, figure_text(c), c.attributed_to or "", outlet or "", _as_of(c),
                         c.modality.value, c.quote])
            styles.append("red" if cid in conflicted else ("dim" if c.translation_of else None))
        table, gone = tables.table(claim_cols, rows, out.width, title=title, styles=styles)
        out.print()
        out.print(table)
        left_out.update(dict.fromkeys(gone))
        for k in conflicts_of.get(g.id, []):
            out.print(_indented(Text.assemble(
                ("conflict", "red"), f" ({k.strength:.2f}) {k.claims[0]} ~ {k.claims[1]}: "
                f"{k.reason}")))
        for line in (_every_relation(g) if detail else _folded_relations(g, by_id)):
            out.print(_indented(Text(line)))
        if g.omitted is not None:
            out.print(Text(f"  not listed: {_omitted_text(g.omitted)} (--limit 0 lists all)",
                           style="dim"))
    if report.omitted_groups:
        out.print(Text(f"{report.omitted_groups:,} smaller groups not listed (--limit 0 lists "
                       "all)", style="dim"))
    if left_out:
        _err().print(tables.left_out_note(list(left_out)), markup=False)
    if "as of" not in left_out and any(c.as_of_inferred for c in report.claims):
        _err().print(INFERRED_NOTE, markup=False)


def _indented(text: Text) -> Padding:
    """A line under a group's table, its wrapped lines indented as its first."""
    return Padding(text, (0, 0, 0, 2), expand=False)


# relations a listing folds, and how; conflicts are listed one by one, agreements counted
_SHOWN = ("denial", "update", "different_scope", "different_time", "different_modality")


def _every_relation(g: Group) -> Iterator[str]:
    for r in g.relations:
        if r.type in _SHOWN:
            yield f"{r.type} {r.claims[0]} ~ {r.claims[1]}: {r.reason}"


def _folded_relations(g: Group, by_id: dict[str, ClaimRecord]) -> Iterator[str]:
    """A line per kind of relation: who denies, what updates what, how many pairs were not
    compared and why (scope notes only about claims of this group)."""
    mine = set(g.claims)
    denying: dict[str, None] = {}
    later: dict[str, dict[str, None]] = {}
    apart: dict[str, int] = {}
    for r in g.relations:
        a, b = r.claims
        if r.type == "denial":
            for cid in (a, b):
                c = by_id.get(cid)
                if c is not None and c.modality.value == "denied":
                    denying[cid] = None
        elif r.type == "update":
            # the reason says which is later; the claims' order is (earlier, later)
            later.setdefault(a, {})[b] = None
        elif r.type in ("different_scope", "different_time", "different_modality"):
            if r.type == "different_scope" and not (a in mine and b in mine):
                continue
            apart[r.type] = apart.get(r.type, 0) + 1
    if denying:
        ids = list(denying)
        who = sorted({by_id[c].attributed_to or "" for c in ids} - {""})
        yield (f"denied by {_count(len(ids), 'claim')} ({', '.join(ids)}"
               f"{'; ' + ', '.join(who) if who else ''}): a denied figure is neither "
               "support nor contradiction")
    for earlier, newer in later.items():
        yield (f"updated: {earlier} ({figure_text(by_id[earlier]) if earlier in by_id else '?'})"
               f" by {', '.join(newer)}")
    words = {"different_scope": "of different scopes", "different_time": "with no time in common",
             "different_modality": "of different modalities"}
    if apart:
        parts = ", ".join(f"{_count(n, 'pair')} {words[t]}" for t, n in apart.items())
        yield f"not compared: {parts} (--detail lists them)"


def _omitted_text(o: Omitted) -> str:
    parts = [(o.claims, "claim"), (o.relations, "relation"), (o.conflicts, "conflict")]
    return ", ".join(f"{n:,} more {word}{'s' if n != 1 else ''}" for n, word in parts if n)


def print_claim(claim: Claim, passage: tuple[int, str] | None, report: Report) -> None:
    """The claim in its passage, its fields, its group and relations."""
    out = _out()
    if passage is not None:
        start, text = passage
        t = Text(text)
        a, b = claim.start - start, claim.end - start
        if 0 <= a < b <= len(text):
            t.stylize("bold reverse", a, b)
        out.print(t)
        out.print()
    fields = Table(show_header=False, box=None)
    fields.add_column(style="bold", no_wrap=True)
    fields.add_column(overflow="fold")
    from ..reconcile import LIST_AGREEMENTS_UP_TO
    from ..report.build import ClaimRecord

    for k, v in ClaimRecord.of(claim).listed().items():
        # figures as people read them (12,000, not 12000.0); the rest as stored
        shown = _fmt_num(v) if isinstance(v, float) else "" if v is None else str(v)
        fields.add_row(Text(k), Text(shown))
    out.print(fields)
    for g in report.groups:
        if claim.id in g.claims:
            size = len(g.claims) + (g.omitted.claims if g.omitted is not None else 0)
            out.print(Text.assemble(
                ("\ngroup", "bold"),
                f" {g.id}: {g.status}, {_estimate_text(g)}, "
                f"{_count(g.independent_sources, 'independent source')}, "
                f"{_count(size, 'claim')}"))
            for r in g.relations:
                if claim.id in r.claims:
                    other = r.claims[1] if r.claims[0] == claim.id else r.claims[0]
                    out.print(Text(f"  {r.type} with {other}: {r.reason}"))
            if size > LIST_AGREEMENTS_UP_TO and g.agreements:
                out.print(Text(f"  ({g.agreements:,} agreeing pairs in this large group are "
                               "counted, not listed)"))
    for c in report.conflicts:
        if claim.id in c.claims:
            out.print(Text.assemble(("conflict", "red"), f" ({c.type}): {c.reason}"))
