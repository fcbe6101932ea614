"""Sidecar metadata: a `sources.yaml` (or `sources.csv`, `sources.jsonl`) next to the articles,
written by the user, wins over guesses.

    000_article.txt:
      outlet: Caliber.Az
      published: 2025-03-27
    listing_page.txt:
      articles:              # one entry per article, in page order
        - {outlet: CNA, published: 2025-07-24}
        - {outlet: Japan Times, published: 2025-07-14}

The same as CSV (a header row, a `file` column, empty cells not given; no `articles`):

    file,outlet,published
    000_article.txt,Caliber.Az,2025-03-27

or as JSON Lines (one object per line, `articles` allowed):

    {"file": "listing_page.txt", "articles": [{"outlet": "CNA", "published": "2025-07-24"}]}

A folder may have several: for a file named in more than one, the entry of the first in
SIDECAR_NAMES order is used whole (yaml over yml over csv over jsonl); entries are not merged
field by field. A bad entry is left out with a warning naming file, line and field; the rest
of the sidecar is used. An unreadable sidecar or a YAML syntax error stops the ingest.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ConfigError
from ..models import ArticleMeta
from ..yamlio import entry_warning, load_entries

SIDECAR_NAMES = ("sources.yaml", "sources.yml", "sources.csv", "sources.jsonl")

# what a csv column or a jsonl key may name
_FIELDS = frozenset(ArticleMeta.model_fields)


class SidecarEntry(ArticleMeta):
    articles: list[ArticleMeta] | None = None

    def for_article(self, index: int) -> ArticleMeta:
        """The metadata for the index-th article of the file: its own entry over the file's."""
        base = self.model_dump(exclude={"articles"}, exclude_none=True)
        if self.articles and index < len(self.articles):
            base.update(self.articles[index].model_dump(exclude_none=True))
        return ArticleMeta(**base)


@dataclasses.dataclass
class FolderSidecar:
    """A folder's sidecar entries keyed by file name, and the warnings met reading them."""

    entries: dict[str, SidecarEntry] = dataclasses.field(default_factory=dict)
    warnings: list[str] = dataclasses.field(default_factory=list)


def load_sidecar(folder: Path) -> FolderSidecar:
    """The sidecars of a folder combined; empty when the folder has none (ConfigError for one
    that cannot be read at all)."""
    combined = FolderSidecar()
    for name in SIDECAR_NAMES:
        path = folder / name
        if not path.is_file():
            continue
        if path.suffix in (".yaml", ".yml"):
            entries, warnings = load_entries(SidecarEntry, path)
        elif path.suffix == ".csv":
            entries, warnings = _load_rows(path, _csv_rows(path), allowed=_FIELDS)
        else:
            entries, warnings = _load_rows(path, _jsonl_rows(path),
                                           allowed=_FIELDS | {"articles"})
        combined.warnings.extend(warnings)
        for file, entry in entries.items():
            combined.entries.setdefault(file, entry)
    return combined


def is_sidecar(path: Path) -> bool:
    return path.name in SIDECAR_NAMES


# a row of a csv or jsonl sidecar: its line, and its fields or the reason it cannot be used
_Row = tuple[int, dict[str, Any] | str]


def _load_rows(
    path: Path, rows: Iterator[_Row], *, allowed: frozenset[str]
) -> tuple[dict[str, SidecarEntry], list[str]]:
    source = str(path)
    entries: dict[str, SidecarEntry] = {}
    lines: dict[str, int] = {}
    warnings: list[str] = []
    unknown: dict[str, None] = {}  # ordered set: warned once for the whole file
    for line, row in rows:
        if isinstance(row, str):
            warnings.append(f"{source}:{line}: {row}; entry ignored")
            continue
        file = row.pop("file", None)
        if not isinstance(file, str) or not file.strip():
            warnings.append(f"{source}:{line}: file: should name the article file; entry ignored")
            continue
        file = file.strip()
        for key in row:
            if key not in allowed:
                unknown.setdefault(key)
        fields = {k: v for k, v in row.items() if k in allowed}
        try:
            entry = SidecarEntry.model_validate(fields)
        except ValidationError as exc:
            warnings.append(entry_warning(exc, source, prefix=(file,), line=line,
                                          model=SidecarEntry))
            continue
        if file in entries:
            warnings.append(f"{source}:{line}: {file}: given again (first at line "
                            f"{lines[file]}, which is used); entry ignored")
            continue
        entries[file], lines[file] = entry, line
    if unknown:
        names = ", ".join(unknown)
        what = "column" if path.suffix == ".csv" else "key"
        plural = "s" if len(unknown) > 1 else ""
        warnings.append(f"{source}: unknown {what}{plural} ignored: {names} "
                        f"(known: file, {', '.join(sorted(allowed))})")
    return entries, warnings


def _read(path: Path) -> str:
    try:
        # utf-8-sig: spreadsheets often save CSV with a byte-order mark
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read ({exc.__class__.__name__})") from None


def _csv_rows(path: Path) -> Iterator[_Row]:
    reader = csv.reader(io.StringIO(_read(path), newline=""))
    try:
        header = next(reader, None)
        if header is None:
            return
        columns = [c.strip() for c in header]
        if "file" not in columns:
            raise ConfigError(f"{path}:1: the header row has no `file` column (it names each "
                              "row's article file)")
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(columns):
                yield line, f"{len(cells)} cells for {len(columns)} columns"
                continue
            # an empty cell is a field not given
            yield line, {c: v.strip() for c, v in zip(columns, cells, strict=False) if v.strip()}
    except csv.Error as exc:
        raise ConfigError(f"{path}:{reader.line_num}: not valid CSV ({exc})") from None


def _jsonl_rows(path: Path) -> Iterator[_Row]:
    for number, text in enumerate(_read(path).splitlines(), start=1):
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            yield number, f"not valid JSON ({exc.msg})"
            continue
        if not isinstance(data, dict):
            yield number, "should be a JSON object with a `file` key"
            continue
        yield number, data
