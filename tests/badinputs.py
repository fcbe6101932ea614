"""Build a corpus of awkward input files at test time (nothing binary or large is committed).

`build(folder)` writes the files and returns the cases: for each file, what ingest must do
with it (store it, with text it must contain, or skip it with a reason).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ARTICLE = (
    "North Korea has sent about 12,000 troops to the Kursk region of Russia, South Korea's "
    "intelligence agency said on Monday.\n\n"
    "The soldiers were deployed in several waves over the autumn, officials told lawmakers "
    "in Seoul, and some have been seen near the front line.\n"
)
LATIN1 = (
    "Le président a visité le café près de la rivière à Genève. Les élèves étaient très "
    "contents de leur journée, a déclaré le maire.\n"
)
CHINESE = (
    "朝鲜方面首次证实已派遣军队支持俄罗斯对乌克兰的军事行动。"
    "据朝鲜中央通讯社援引执政党劳动党消息称,此次军事部署由最高领导人金正恩亲自下令。\n"
)
# one sentence-less line: a page that lost its line breaks
HUGE_UNIT = "North Korea has sent troops to the Kursk region and officials said so again "


@dataclass(frozen=True)
class Case:
    name: str  # file name inside the corpus folder
    stored: bool
    reason: str | None = None  # part of the skip reason the user sees
    contains: str | None = None  # text the stored document must contain


def huge_line(size: int) -> bytes:
    """About `size` bytes of text on one line, no sentence ends."""
    return (HUGE_UNIT * (size // len(HUGE_UNIT) + 1)).encode()[:size].rstrip() + b"\n"


def build(folder: Path, *, huge_bytes: int = 5_000_000) -> list[Case]:
    """Write the bad-input corpus into `folder` (created) and return what each file should do."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def write(name: str, data: bytes, case: Case) -> None:
        (folder / name).write_bytes(data)
        cases.append(case)

    write("empty.txt", b"", Case("empty.txt", False, "empty file"))
    write("blank.txt", b"  \n\n\t \n", Case("blank.txt", False, "empty file"))
    write("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
          Case("binary.txt", False, "binary"))
    # cut off in the middle of a two-byte character: the whole part is kept
    truncated = (ARTICLE.rstrip() + " Zelenskyy said: café").encode()[:-1]
    write("truncated_utf8.txt", truncated,
          Case("truncated_utf8.txt", True, contains="Zelenskyy said: caf"))
    write("latin1.txt", LATIN1.encode("latin-1"),
          Case("latin1.txt", True, contains="Le président a visité le café près de la rivière"))
    write("gb18030.txt", CHINESE.encode("gb18030"),
          Case("gb18030.txt", True, contains="朝鲜方面首次证实已派遣军队"))
    write("utf16.txt", ARTICLE.encode("utf-16"),
          Case("utf16.txt", True, contains="12,000 troops"))
    write("huge_line.txt", huge_line(huge_bytes),
          Case("huge_line.txt", True, contains=HUGE_UNIT.strip()))
    write("report.pdf", b"%PDF-1.4\n" + ARTICLE.encode(),
          Case("report.pdf", False, "not a supported format (.pdf)"))
    write("notes", ARTICLE.encode(), Case("notes", False, "not a supported format"))
    write("junk_only.txt", b"DOWNLOAD THE APP\n\nspot_img\n\nAll rights reserved.\n",
          Case("junk_only.txt", False, "only page junk"))
    write("scripts_only.html",
          b"<html><head><script>var a = 1;</script></head>"
          b"<body><script>document.write('hi')</script></body></html>",
          Case("scripts_only.html", False, "no article text found in the HTML"))
    for odd in ("with space.txt", "ünïcödé 文章.txt", "quote's \"double\".txt", "-dash.md"):
        write(odd, ARTICLE.replace("Monday", f"Monday ({odd})").encode(),
              Case(odd, True, contains=f"({odd})"))
    (folder / "broken.txt").symlink_to(folder / "does-not-exist.txt")
    cases.append(Case("broken.txt", False, "broken symlink"))
    # a folder symlinked to its parent: reported once, not followed round and round
    sub = folder / "sub"
    sub.mkdir()
    (sub / "inner.txt").write_bytes(ARTICLE.replace("Monday", "Tuesday").encode())
    cases.append(Case("sub/inner.txt", True, contains="Tuesday"))
    (sub / "loop").symlink_to("..", target_is_directory=True)
    cases.append(Case("sub/loop", False, "symlink loop"))
    (folder / "empty-folder").mkdir()
    return cases
