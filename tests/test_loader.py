"""Finding and reading files: folders, formats, HTML, encodings, and files that cannot be read."""

from __future__ import annotations

import gzip
import hashlib
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.errors import InputError
from claimtrack.load import files
from claimtrack.load.files import Found, iter_files, load_file, read_bytes
from claimtrack.models import Document, Skipped

from .badinputs import ARTICLE
from .conftest import is_root
from .pages import PAGE, SCRIPTS_ONLY


def load(path: Path) -> Document | Skipped:
    found = Found(path, path.name)
    data = read_bytes(found)
    if isinstance(data, Skipped):
        return data
    return load_file(found, data)


def test_html_article_text_is_kept_and_nav_and_scripts_are_not(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    doc = load(path)
    assert isinstance(doc, Document)
    assert doc.format == "html"
    assert "about 12,000 troops to the Kursk region" in " ".join(doc.text.split())
    for furniture in ("SCRIPTSECRET", "track()", "NAVWORLD", "NAVSPORT", "<p>", "<script"):
        assert furniture not in doc.text
    assert doc.articles[0].meta.title == "Troops arrive in Kursk"
    for p in doc.articles[0].passages:
        assert doc.text[p.start : p.end] == p.text


@pytest.mark.parametrize(
    ("html", "reason"),
    [
        (SCRIPTS_ONLY, "no article text found in the HTML"),
        ("<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text"),
        ("<<<>>>", "no article text"),
    ],
)
def test_html_without_an_article_is_skipped_with_a_reason(
    tmp_path: Path, html: str, reason: str
) -> None:
    path = tmp_path / "page.htm"
    path.write_text(html, encoding="utf-8")
    result = load(path)
    assert isinstance(result, Skipped)
    assert reason in result.reason


@pytest.mark.parametrize("name", ["page.html.gz", "PAGE.HTM.GZ"])
def test_gzipped_page_reads_like_html(tmp_path: Path, name: str) -> None:
    data = gzip.compress(PAGE.encode("utf-8"))
    path = tmp_path / name
    path.write_bytes(data)
    (found,) = iter_files([path])
    assert found.skip is None
    doc = load(path)
    assert isinstance(doc, Document) and doc.format == "html"
    assert "12,000 troops to the Kursk region" in doc.text
    # the file as stored on disk is what the store recognises next time
    assert (doc.sha256, doc.size) == (hashlib.sha256(data).hexdigest(), len(data))


def test_other_gzipped_files_are_not_read(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt.gz"
    path.write_bytes(gzip.compress(b"text"))
    (found,) = iter_files([path])
    assert found.skip == "not a supported format (.gz)"


def test_gzip_bomb_is_skipped_without_inflating_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_BYTES", 2**20)
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(gzip.compress(b"\0" * (8 * 2**20)))  # 8 MiB of zeros in 8 KiB
    reads: list[int] = []
    real_read = gzip.GzipFile.read

    def counted(self: gzip.GzipFile, size: int = -1) -> bytes:
        reads.append(size)
        return real_read(self, size)

    monkeypatch.setattr(gzip.GzipFile, "read", counted)
    result = load(path)
    assert result == Skipped(path="bomb.html.gz", reason="larger than 1 MiB once decompressed")
    assert reads and all(0 <= n <= 2**20 + 1 for n in reads)  # never "read all"


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"\x1f\x8bnot really gzip at all", id="bad-header"),
        pytest.param(gzip.compress(PAGE.encode())[:-30], id="truncated"),
        pytest.param(gzip.compress(PAGE.encode())[:-8] + b"\0" * 8, id="bad-checksum"),
        pytest.param(b"<html>plain, not gzipped</html>", id="not-gzip"),
    ],
)
def test_corrupt_gzip_is_skipped_with_a_one_line_reason(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(data)
    result = load(path)
    assert isinstance(result, Skipped)
    assert result.reason.startswith("corrupt gzip file (") and "\n" not in result.reason


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or folder"):
        list(iter_files([tmp_path / "nope"]))


def test_walk_is_sorted_recursive_and_skips_hidden_and_sidecar(tmp_path: Path) -> None:
    for rel in ("b.txt", "a.md", "sub/c.html", ".hidden.txt", ".git/x.txt", "sources.yaml",
                "sources.csv", "sub/sources.jsonl", "sub/sources.yml"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(ARTICLE, encoding="utf-8")
    found = list(iter_files([tmp_path]))
    assert [f.path.relative_to(tmp_path).as_posix() for f in found] == [
        "a.md", "b.txt", "sub/c.html",
    ]
    assert all(f.skip is None for f in found)


@pytest.mark.parametrize("name", ["sources.yaml", "sources.yml", "sources.csv", "sources.jsonl"])
def test_sidecar_given_by_name_is_skipped_with_reason(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("{}\n", encoding="utf-8")
    (found,) = iter_files([tmp_path / name])
    assert found.skip is not None and "sidecar" in found.skip


def test_symlink_loop_is_reported_once_and_walk_ends(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "sub" / "up").symlink_to("..", target_is_directory=True)
    (root / "self").symlink_to(".", target_is_directory=True)
    found = list(iter_files([root]))
    files = [f for f in found if f.skip is None]
    loops = [f for f in found if f.skip and "symlink loop" in f.skip]
    assert [f.path.name for f in files] == ["a.txt"]
    assert sorted(f.path.name for f in loops) == ["self", "up"]


def test_unreadable_file_is_skipped_with_reason(tmp_path: Path, deny_reading) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    deny_reading("locked.txt")
    result = read_bytes(Found(path, "locked.txt"))
    assert result == Skipped(path="locked.txt", reason="cannot read (Permission denied)")


@pytest.mark.skipif(is_root(), reason="root reads files whatever their mode")
def test_chmod_000_file_is_skipped_with_reason(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    path.chmod(0)
    try:
        result = read_bytes(Found(path, "locked.txt"))
    finally:
        path.chmod(0o644)
    assert isinstance(result, Skipped) and "Permission denied" in result.reason


@pytest.mark.skipif(is_root(), reason="root lists folders whatever their mode")
def test_unlistable_folder_is_reported(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "a.txt").write_text(ARTICLE, encoding="utf-8")
    locked.chmod(0)
    try:
        found = list(iter_files([tmp_path]))
    finally:
        locked.chmod(0o755)
    assert [f.skip for f in found if f.path == locked][0] is not None


def test_file_over_the_size_limit_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a " * 1000)
    result = read_bytes(Found(path, "big.txt"), max_bytes=100)
    assert isinstance(result, Skipped) and "larger than" in result.reason


def test_document_records_encoding_size_and_hash(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    data = "Le président a visité le café près de la rivière, a déclaré le maire.\n".encode(
        "latin-1"
    )
    path.write_bytes(data)
    doc = load(path)
    assert isinstance(doc, Document)
    assert "président" in doc.text and "près" in doc.text
    assert doc.size == len(data)
    assert doc.path == str(path.resolve())
    assert len(doc.sha256) == 64


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    data=st.one_of(
        st.binary(max_size=600),
        st.text(max_size=400).map(lambda t: t.encode("utf-8")),
        st.text(max_size=200).map(lambda t: t.encode("utf-16")),
        st.text(alphabet=st.characters(max_codepoint=0xFF), max_size=300).map(
            lambda t: t.encode("latin-1")
        ),
    ),
    suffix=st.sampled_from([".txt", ".md", ".html"]),
)
def test_any_bytes_load_or_skip_and_offsets_slice_back(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    found = Found(tmp_path / f"any{suffix}", f"any{suffix}")
    result = load_file(found, data)
    if isinstance(result, Skipped):
        assert result.reason
        return
    assert result.size == len(data)
    kept = 0
    for a in result.articles:
        for p in a.passages:
            assert result.text[p.start : p.end] == p.text
            kept += not p.junk
    assert kept > 0


def test_walk_does_not_follow_a_loop_through_the_root(tmp_path: Path) -> None:
    root = tmp_path / "r"
    root.mkdir()
    (root / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.symlink(tmp_path, root / "outside", target_is_directory=True)
    found = list(iter_files([root]))
    # the parent is walked once through the link; the root met again there is a loop
    assert [f.path.name for f in found if f.skip is None] == ["a.txt"]
    assert [f.display for f in found if f.skip and "symlink loop" in f.skip] == [
        str(root / "outside" / "r")
    ]
