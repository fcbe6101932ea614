"""Rendering for the CLI: rich tables for people, YAML and JSON for programs.

The library computes models; this module only shows them. Data goes to stdout,
progress and summaries of what was done go to stderr.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import yaml
from pydantic import BaseModel
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from ..extract.rulefiles import rule_languages
from ..ingest.run import IngestReport
from ..models import UNDETERMINED, Claim
from ..reconcile import LIST_AGREEMENTS_UP_TO, Group, Omitted
from ..report.build import ClaimRecord, Report
from ..report.evaluate import EvalReport
from ..store import DocumentSummary

out = Console(soft_wrap=False)
if not out.is_terminal:
    # piped or captured: wide enough that tables keep one line per row
    out.width = 200
# summaries are sentences: let the terminal wrap them, never rich
err = Console(stderr=True, soft_wrap=True)


@contextmanager
def progress_bar(total: int, *, enabled: bool) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr; yields `advance(label)`. A no-op when not enabled."""
    if not enabled:
        yield lambda label: None
        return
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeRemainingColumn(), TextColumn("[dim]{task.fields[current]}"))
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("Ingesting", total=total, current="")
        yield lambda label: bar.update(task, advance=1, current=label[-40:])


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


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


NAMES_SHOWN = 5  # documents named in a summary line (no publication date, no article text)


def print_ingest_report(report: IngestReport) -> None:
    """The ingest summary, on stderr so that stdout stays clean for data."""
    langs = ", ".join(f"{k} {v}" for k, v in report.languages.items()) or "none"
    err.print(
        f"Read {report.files} files: {report.added} added, {report.replaced} replaced, "
        f"{report.unchanged} unchanged, {len(report.skipped)} skipped."
    )
    err.print(
        f"Stored {report.articles} articles, {report.passages} passages "
        f"({report.junk} page junk), {report.claims} claims. Languages: {langs}."
    )
    unread = {k: v for k, v in report.languages.items()
              if k not in rule_languages() and k != UNDETERMINED}
    if unread:
        err.print(
            f"{sum(unread.values())} passages in {', '.join(sorted(unread))}: no rules for "
            "these languages, stored but not extracted.", highlight=False, markup=False,
        )
    for s in report.skipped:
        err.print(f"  skipped {s.path}: {s.reason}", highlight=False, markup=False)
    for w in dict.fromkeys(report.warnings):
        err.print(f"  warning: {w}", highlight=False, markup=False)
    if report.no_text:
        err.print(
            f"{_count(len(report.no_text), 'page')} with no article text "
            f"({_names(report.no_text)}): stored with "
            f"{'its' if len(report.no_text) == 1 else 'their'} metadata, no claims.",
            highlight=False, markup=False,
        )
    if report.undated:
        err.print(
            f"No publication date found for {_count(len(report.undated), 'document')} "
            f"({_names(report.undated)}): their "
            "relative dates ('on Monday') stay unresolved. Give `published:` or `url:` in "
            "sources.yaml (see README, 'Metadata').",
            highlight=False, markup=False,
        )


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:NAMES_SHOWN])
    more = len(names) - NAMES_SHOWN
    return shown + (f" and {more} more" if more > 0 else "")


def print_documents(documents: list[DocumentSummary], fmt: str) -> None:
    if fmt != "table":
        out.out(dump({"documents": as_data(documents)}, fmt), end="", highlight=False)
        return
    table = Table(title=f"{len(documents)} documents")
    for col in ("document", "article", "outlet", "published", "title", "languages", "passages",
                "claims"):
        table.add_column(col, overflow="fold")
    for d in documents:
        for i, a in enumerate(d.articles or [None]):
            table.add_row(
                d.name if i == 0 else "",
                str(i),
                (a.outlet if a else None) or "-",
                str(a.published) if a and a.published else "-",
                ((a.title or "-")[:60] if a else "-"),
                ", ".join(d.languages) if i == 0 else "",
                str(d.passages) if i == 0 else "",
                str(d.claims) if i == 0 else "",
            )
    out.print(table)


def _fmt_num(x: float | None) -> str:
    if x is None:
        return ""
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,}"


def figure_text(c: Claim) -> str:
    """How a figure reads in a table: "~12,000", ">10,000", "1,500-3,000", "<=30,000"."""
    q = c.qualifier.value if c.qualifier else None
    if c.kind == "date":
        return c.as_of or ""
    if q == "range" or (c.value is None and (c.low is not None or c.high is not None)):
        return f"{_fmt_num(c.low)}-{_fmt_num(c.high)}"
    prefix = {"approx": "~", "more_than": ">", "at_least": ">=", "up_to": "<=", "vague": "~"}
    return prefix.get(q or "", "") + _fmt_num(c.value)


def print_claims(claims: list[Claim], fmt: str) -> None:
    if fmt != "table":
        records = [ClaimRecord.of(c).listed() for c in claims]
        out.out(dump({"claims": records}, fmt), end="", highlight=False)
        return
    table = Table(title=f"{len(claims)} claims")
    for col in ("id", "kind", "figure", "subject", "source", "as of", "modality", "quote"):
        table.add_column(col, overflow="fold")
    for c in claims:
        table.add_row(c.id, c.kind, figure_text(c), c.subject or "", c.attributed_to or "",
                      (c.as_of or "") + ("*" if c.as_of_inferred else ""), c.modality.value,
                      c.quote)
    out.print(table)
    if any(c.as_of_inferred for c in claims):
        err.print("* as of the publication date: the text gives no time")


def print_eval(report: EvalReport, fmt: str, *, show_errors: bool) -> None:
    if fmt != "table":
        data = report.model_dump(mode="json")
        if not show_errors:
            for key in ("missed", "spurious", "disagreements"):
                data.pop(key)
        out.out(dump(data, fmt), end="", highlight=False)
        return
    table = Table(title=f"Extraction against {report.gold_file} ({report.documents} documents)")
    for col in ("kind", "gold", "predicted", "matched", "precision", "recall", "F1"):
        table.add_column(col, justify="right" if col != "kind" else "left")
    for s in report.scores:
        style = "bold" if s.kind == "overall" else None
        table.add_row(s.kind, str(s.gold), str(s.predicted), str(s.matched),
                      f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}", style=style)
    out.print(table)
    acc = Table(title="On matched claims")
    for col in ("field", "correct", "total", "accuracy"):
        acc.add_column(col)
    for a in report.accuracy:
        acc.add_row(a.field, str(a.correct), str(a.total), f"{a.accuracy:.3f}")
    out.print(acc)
    if show_errors:
        for title, rows in (("missed", report.missed), ("spurious", report.spurious)):
            for m in rows:
                out.print(f"{title}: {m.document} {m.kind} {m.figure}: {m.quote}",
                          highlight=False, markup=False)
        for d in report.disagreements:
            out.print(f"wrong {d.field}: {d.claim} (gold {d.gold}): {d.predicted!r}, "
                      f"expected {d.expected!r}", highlight=False, markup=False)


def _estimate_text(g: Group) -> str:
    e = g.estimate
    if e is None:
        return "no estimate"
    low, best, high = (_fmt_num(x) or "-" for x in (e.low, e.best, e.high))
    return f"low {low} / best {best} / high {high}"


STATUS_STYLE = {"agree": "green", "conflict": "bold red", "single-source": "yellow"}


def print_comparison(report: Report, claims: list[Claim]) -> None:
    """One table per group: the estimate, each claim, and the conflicts with their reasons."""
    by_id = {c.id: c for c in claims}
    outlets = {d.name: d.articles for d in report.documents}
    conflicted = {cid for c in report.conflicts for cid in c.claims}
    if not report.groups:
        err.print(f"No claims for {report.topic!r}.")
        return
    for g in report.groups:
        style = STATUS_STYLE.get(g.status, "")
        title = (f"{g.kind} · {g.subject or 'unspecified'}"
                 f"{' · ' + g.location if g.location else ''}  [{style}]{g.status}[/]  "
                 f"{_estimate_text(g)}  ({g.independent_sources} independent sources)")
        table = Table(title=title, title_justify="left", show_lines=False)
        for col in ("claim", "figure", "hedge", "source", "outlet", "as of", "modality",
                    "quote"):
            table.add_column(col, overflow="fold")
        for cid in g.claims:
            c = by_id.get(cid)
            if c is None:
                continue
            arts = outlets.get(c.document) or []
            outlet = arts[c.article].outlet if c.article < len(arts) else None
            row_style = "red" if cid in conflicted else ("dim" if c.translation_of else None)
            table.add_row(
                c.id, figure_text(c), c.qualifier.value if c.qualifier else "",
                c.attributed_to or "(outlet)", outlet or c.document,
                (c.as_of or "") + ("*" if c.as_of_inferred else ""), c.modality.value, c.quote,
                style=row_style,
            )
        out.print(table)
        for r in g.relations:
            if r.type in ("conflict", "denial", "update", "different_scope"):
                colour = "red" if r.type == "conflict" else "cyan"
                out.print(f"  [{colour}]{r.type}[/] {r.claims[0]} ~ {r.claims[1]}: {r.reason}",
                          highlight=False)
        if g.omitted is not None:
            out.print(f"  [dim]not listed: {_omitted_text(g.omitted)} (--limit 0 lists all)[/]",
                      highlight=False)
    if report.omitted_groups:
        out.print(f"[dim]{report.omitted_groups:,} smaller groups not listed (--limit 0 lists "
                  "all)[/]", highlight=False)
    if report.conflicts:
        unlisted = sum(g.omitted.conflicts for g in report.groups if g.omitted is not None)
        listed = f" ({len(report.conflicts)} listed)" if unlisted else ""
        out.print(f"[bold red]{len(report.conflicts) + unlisted} conflicts{listed}[/]")
        for k in report.conflicts:
            out.print(f"  [red]{k.type}[/] {k.claims[0]} ~ {k.claims[1]}: {k.reason}",
                      highlight=False)
    err.print("* as of the publication date: the text gives no time")


def _omitted_text(o: Omitted) -> str:
    parts = [(o.claims, "claim"), (o.relations, "relation"), (o.conflicts, "conflict")]
    return ", ".join(f"{n:,} more {word}{'s' if n != 1 else ''}" for n, word in parts if n)


def print_claim(claim: Claim, passage: tuple[int, str] | None, report: Report) -> None:
    """The claim in its passage, its fields, its group and relations."""
    from rich.text import Text

    if passage is not None:
        start, text = passage
        t = Text(text)
        a, b = claim.start - start, claim.end - start
        if 0 <= a < b <= len(text):
            t.stylize("bold reverse", a, b)
        out.print(t)
        out.print()
    fields = Table(show_header=False, box=None)
    fields.add_column(style="bold")
    fields.add_column()
    for k, v in ClaimRecord.of(claim).listed().items():
        fields.add_row(k, "" if v is None else str(v))
    out.print(fields)
    for g in report.groups:
        if claim.id in g.claims:
            size = len(g.claims) + (g.omitted.claims if g.omitted is not None else 0)
            out.print(f"\n[bold]group[/] {g.id}: {g.status}, {_estimate_text(g)}, "
                      f"{g.independent_sources} independent sources, {size} claims",
                      highlight=False)
            for r in g.relations:
                if claim.id in r.claims:
                    other = r.claims[1] if r.claims[0] == claim.id else r.claims[0]
                    out.print(f"  {r.type} with {other}: {r.reason}", highlight=False)
            if size > LIST_AGREEMENTS_UP_TO and g.agreements:
                out.print(f"  ({g.agreements:,} agreeing pairs in this large group are counted, "
                          "not listed)", highlight=False)
    for c in report.conflicts:
        if claim.id in c.claims:
            out.print(f"[red]conflict ({c.type})[/]: {c.reason}", highlight=False)
