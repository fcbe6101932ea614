"""Files and folders to `Document`s: find the files, read, decode, extract HTML, split.

`iter_files` walks the paths lazily (folders recursively, symlink loops and unreadable
folders reported, not followed); `load_file` turns one file into a `Document`, or a
`Skipped` with the reason.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..errors import InputError
from ..models import ArticleMeta, Document, Skipped
from .articles import build_articles
from .decode import Undecodable, decode
from .sidecar import SidecarEntry, is_sidecar, load_sidecar
from .urls import fill_from_url

FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html",
           ".htm": "html", ".xhtml": "html"}
MAX_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Found:
    """A file to read, or a reason it cannot be (`skip`)."""

    path: Path
    display: str  # the path as the user would write it
    skip: str | None = None


def iter_files(paths: list[Path]) -> Iterator[Found]:
    """Every file under the given paths, in a stable order. Missing paths raise InputError."""
    for p in paths:
        if not p.exists() and not p.is_symlink():
            raise InputError(f"{p}: no such file or folder")
    for p in paths:
        if p.is_dir():
            yield from _walk(p)
        else:
            yield _classify(p)


def path_text(path: Path | str) -> str:
    """A path as storable text. File names are bytes: those that are not UTF-8 come to Python
    as lone surrogates, which SQLite, JSON and YAML refuse; they become `\\xNN` escapes here."""
    s = str(path)
    try:
        return s.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return s.encode("utf-8", "backslashreplace").decode("utf-8")


def _display(path: Path) -> str:
    """A path as the user reads it in the one-line-per-file report: escapes for control
    characters (a newline in a file name) and for bytes that are not UTF-8."""
    return "".join(
        c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii")
        for c in path_text(path)
    )


def _walk(root: Path) -> Iterator[Found]:
    seen: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            st = folder.stat()
        except OSError as exc:
            yield Found(folder, _display(folder), f"cannot open folder ({exc.strerror})")
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:
            yield Found(folder, _display(folder), "symlink loop (folder already visited)")
            continue
        seen.add(key)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield Found(folder, _display(folder), f"cannot list folder ({exc.strerror})")
            continue
        subfolders = []
        for e in entries:
            path = Path(e.path)
            try:
                is_dir = e.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not e.name.startswith("."):
                    subfolders.append(path)
            elif not e.name.startswith(".") and not is_sidecar(path):
                # a folder's sidecar is read with its files, not ingested
                yield _classify(path)
        stack.extend(reversed(subfolders))


def _classify(path: Path) -> Found:
    display = _display(path)
    if is_sidecar(path):
        return Found(path, display, "metadata sidecar (used for the other files)")
    if path.suffix.lower() not in FORMATS:
        return Found(path, display, f"not a supported format ({path.suffix or 'no extension'})")
    if path.is_symlink() and not path.exists():
        return Found(path, display, "broken symlink")
    return Found(path, display)


def read_bytes(found: Found, max_bytes: int = MAX_BYTES) -> bytes | Skipped:
    """The file's bytes, or a Skipped saying why they cannot be read."""
    too_big = Skipped(path=found.display, reason=f"larger than {max_bytes // 2**20} MiB")
    try:
        st = found.path.stat()
        if not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
            # reading a named pipe or a device would wait for ever or never end
            return Skipped(path=found.display, reason="not a regular file (pipe, socket or device)")
        if st.st_size > max_bytes:
            return too_big
        with found.path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
        return too_big if len(data) > max_bytes else data  # it grew while we read it
    except FileNotFoundError:
        return Skipped(path=found.display, reason="file disappeared before it could be read")
    except IsADirectoryError:
        return Skipped(path=found.display, reason="is a folder")
    except OSError as exc:
        return Skipped(path=found.display, reason=f"cannot read ({exc.strerror or exc})")


def html_to_text(html: str) -> tuple[str, ArticleMeta]:
    """Main article text and metadata of an HTML page (trafilatura), or empty text."""
    import trafilatura  # imported late: it is slow to import and only HTML needs it

    result = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False,
        favor_precision=True,
    )
    if result is None:
        return "", ArticleMeta()
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    meta = ArticleMeta(
        title=data.get("title") or None,
        outlet=data.get("sitename") or None,
        byline=data.get("author") or None,
        url=data.get("url") or None,
    )
    date = data.get("date")
    if date:
        with contextlib.suppress(ValidationError):  # a date trafilatura made up of nothing
            meta = ArticleMeta.model_validate({**meta.model_dump(), "published": date})
    return data.get("text") or "", meta


def load_file(
    found: Found, data: bytes, sidecar: SidecarEntry | None = None, *, name: str | None = None
) -> Document | Skipped:
    """Decode and structure one file's bytes into a Document (offsets into `Document.text`)."""
    fmt = FORMATS.get(found.path.suffix.lower(), "txt")
    try:
        decoded = decode(data)
    except Undecodable as exc:
        return Skipped(path=found.display, reason=str(exc))
    text = decoded.text
    html_meta = ArticleMeta()
    if fmt == "html":
        try:
            text, html_meta = html_to_text(text)
        except Exception as exc:  # trafilatura/lxml raise many types on broken markup
            reason = f"cannot parse HTML ({exc.__class__.__name__})"
            return Skipped(path=found.display, reason=reason)
        if not text.strip():
            return Skipped(path=found.display, reason="no article text found in the HTML")
    articles = build_articles(text, sidecar.for_article if sidecar is not None else None)
    if fmt == "html" and articles:
        first = articles[0]
        merged = html_meta.model_copy(update=first.meta.model_dump(exclude_none=True))
        articles[0] = first.model_copy(update={"meta": merged})
    articles = [a.model_copy(update={"meta": fill_from_url(a.meta)}) for a in articles]
    if not any(not p.junk for a in articles for p in a.passages):
        return Skipped(path=found.display, reason="no article text (only page junk)")
    return Document(
        path=path_text(found.path.resolve()),
        name=name or path_text(found.path.name),
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        encoding=decoded.encoding,
        format=fmt,
        text=text,
        articles=articles,
    )


class SidecarCache:
    """Sidecar files per folder, read once each; `warnings` collects what reading them found
    (bad entries left out, unknown columns), each once."""

    def __init__(self) -> None:
        self._cache: dict[Path, dict[str, SidecarEntry]] = {}
        self.warnings: list[str] = []

    def entry(self, path: Path) -> SidecarEntry | None:
        folder = path.parent
        if folder not in self._cache:
            sidecar = load_sidecar(folder)
            self._cache[folder] = sidecar.entries
            self.warnings.extend(sidecar.warnings)
        return self._cache[folder].get(path.name)
