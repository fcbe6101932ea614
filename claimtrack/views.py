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

from .ingest import IngestReport
from .store import DocumentSummary

out = Console(soft_wrap=False)
err = Console(stderr=True)


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


def as_data(models: Sequence[BaseModel]) -> list[dict[str, Any]]:
    return [m.model_dump(mode="json") for m in models]


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
    for s in report.skipped:
        err.print(f"  skipped {s.path}: {s.reason}", highlight=False, markup=False)


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
