"""Files and folders to `Document`s: find the files, read, decompress, decode, dispatch, split.

`iter_files` walks the paths lazily (folders recursively, symlink loops and unreadable
folders reported, not followed); `load_file` turns one file into a `Document`, or a
`Skipped` with the reason.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import stat
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..models import Article, ArticleMeta, Document, Skipped
from .articles import build_articles
from .decode import Undecodable, decode
from .html import Entry, read_html
from .sidecar import SidecarEntry, is_sidecar, load_sidecar
from .urls import fill_from_url

FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html",
           ".htm": "html", ".xhtml": "html"}
# saved web pages, gzipped as crawlers and archives keep them
GZIPPED = {".html.gz": "html", ".htm.gz": "html"}
MAX_BYTES = 64 * 1024 * 1024  # of a file as read, and of a gzipped file once decompressed


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
    if file_format(path) is None:
        return Found(path, display, f"not a supported format ({path.suffix or 'no extension'})")
    if path.is_symlink() and not path.exists():
        return Found(path, display, "broken symlink")
    return Found(path, display)


def file_format(path: Path) -> tuple[str, bool] | None:
    """The format a file is read as ("txt", "md", "html") and whether it is gzipped, or None
    for a file the loader does not read."""
    name = path.name.lower()
    for suffix, fmt in GZIPPED.items():
        if name.endswith(suffix):
            return fmt, True
    plain = FORMATS.get(path.suffix.lower())
    return (plain, False) if plain else None


def _size(n: int) -> str:
    return f"{n // 2**20} MiB" if n >= 2**20 else f"{n} bytes"


def read_bytes(found: Found, max_bytes: int = MAX_BYTES) -> bytes | Skipped:
    """The file's bytes, or a Skipped saying why they cannot be read."""
    too_big = Skipped(path=found.display, reason=f"larger than {_size(max_bytes)}")
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


def gunzip(data: bytes, max_bytes: int) -> bytes | str:
    """The decompressed bytes, or why they cannot be had. Decompression stops past
    `max_bytes`: a small file that inflates without end (a gzip bomb) is never held whole."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
        return f"corrupt gzip file ({detail})"
    if len(out) > max_bytes:
        return f"larger than {_size(max_bytes)} once decompressed"
    return out


def load_file(
    found: Found, data: bytes, sidecar: SidecarEntry | None = None, *, name: str | None = None
) -> Document | Skipped:
    """Decode and structure one file's bytes (gzipped for `.html.gz`) into a Document
    (offsets into `Document.text`).

    An HTML page's own metadata wins over what its text suggests, and the sidecar's over
    both. A page with no article text is stored with its metadata and an article with no
    passages (or only junk), unless it has no metadata either."""
    fmt, gzipped = file_format(found.path) or ("txt", False)
    raw = data
    if gzipped:
        inflated = gunzip(data, MAX_BYTES)
        if isinstance(inflated, str):
            return Skipped(path=found.display, reason=inflated)
        data = inflated
    try:
        decoded = decode(data)
    except Undecodable as exc:
        return Skipped(path=found.display, reason=str(exc))
    text = decoded.text
    page_meta = ArticleMeta()
    entries: tuple[Entry, ...] = ()
    if fmt == "html":
        try:
            page = read_html(text)
        except Exception as exc:  # trafilatura/lxml raise many types on broken markup
            reason = f"cannot parse HTML ({exc.__class__.__name__})"
            return Skipped(path=found.display, reason=reason)
        text, page_meta, entries = page.text, page.meta, page.entries
        if not text.strip() and page_meta == ArticleMeta():
            reason = "no article text found in the HTML, nor metadata to keep"
            return Skipped(path=found.display, reason=reason)
    if entries:
        text, articles = _live_blog(entries, page_meta, sidecar)
    else:
        articles = [
            _with_meta(a, page_meta if a.index == 0 else None, sidecar)
            for a in build_articles(text)
        ]
    if not any(not p.junk for a in articles for p in a.passages) and (
            fmt != "html" or page_meta == ArticleMeta()):
        # a page's metadata is worth storing on its own; a page with none, or a text file of
        # junk, is not
        reason = "no article text (only page junk)"
        return Skipped(path=found.display,
                       reason=reason if fmt != "html" else f"{reason}, nor metadata to keep")
    return Document(
        path=path_text(found.path.resolve()),
        name=name or path_text(found.path.name),
        sha256=hashlib.sha256(raw).hexdigest(),
        size=len(raw),
        encoding=decoded.encoding,
        format=fmt,
        text=text,
        articles=articles,
    )


def _live_blog(
    entries: tuple[Entry, ...], page: ArticleMeta, sidecar: SidecarEntry | None
) -> tuple[str, list[Article]]:
    """A live blog's text, its entries one after another, and an article per entry with the
    entry's own time and heading over the page's (whose url and outlet it shares)."""
    parts: list[str] = []
    articles: list[Article] = []
    offset = passages = 0
    for entry in entries:
        meta = page.model_copy(update=entry.meta.model_dump(exclude_none=True))
        for piece in build_articles(entry.text):
            article = _shifted(piece, offset, len(articles), passages)
            passages += len(article.passages)
            articles.append(_with_meta(article, meta, sidecar))
        parts.append(entry.text)
        offset += len(entry.text) + 2
    return "\n\n".join(parts), articles


def _shifted(article: Article, offset: int, index: int, first: int) -> Article:
    """The article as the `index`-th of a text in which its own text starts at `offset`, its
    passages numbered from `first`."""
    passages = [
        p.model_copy(update={
            "start": p.start + offset, "end": p.end + offset, "index": p.index + first,
            "translation_of": None if p.translation_of is None else p.translation_of + first,
        })
        for p in article.passages
    ]
    return article.model_copy(update={"index": index, "start": article.start + offset,
                                      "end": article.end + offset, "passages": passages})


def _with_meta(article: Article, page: ArticleMeta | None, sidecar: SidecarEntry | None) -> Article:
    """The article's metadata: what its text suggests, overridden by what the page declares,
    overridden by the user's sidecar; gaps filled from its url."""
    meta = article.meta
    for better in (page, sidecar.for_article(article.index) if sidecar is not None else None):
        if better is not None:
            meta = meta.model_copy(update=better.model_dump(exclude_none=True))
    return article.model_copy(update={"meta": fill_from_url(meta)})


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
