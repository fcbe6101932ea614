"""Generate a benchmark corpus by recombining and perturbing the seed passages.

    python bench/corpus.py OUT_DIR [--articles N] [--seeds seeds/] [--seed 0]

Each article is a new mix of the seeds' sentences (read with claimtrack's own loader, page junk
left out), with its figures, sources, places, months, weekdays and years changed so that the
claims vary from article to article. About one article in eight is bilingual (each English line
followed by its Chinese translation, as in the seeds) and one in twenty is Chinese only. Files are
written as they are made, 500 to a folder, each folder with a `sources.yaml` giving outlet and
publication date: nothing is held in memory but the sentence pool. Article i depends only on
(seed, i), so a corpus of 10N articles starts with the corpus of N.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from claimtrack.load.files import SidecarCache, iter_files, load_file, read_bytes
from claimtrack.models import Document

ROOT = Path(__file__).resolve().parent.parent
PER_FOLDER = 500
WORDS_PER_ARTICLE = 500

OUTLETS = ["Yonhap", "Reuters", "AP", "AFP", "Kyiv Independent", "Korea Herald", "NK News",
           "The Guardian", "CNA", "Japan Times", "Daily8", "Caliber.Az", "BBC", "Al Jazeera"]
# names swapped for each other so that attribution, subjects and places vary
SWAPS = [
    ["South Korea's spy agency", "South Korea's Joint Chiefs of Staff", "the NIS",
     "Ukraine's military intelligence", "the Pentagon", "the South Korean military",
     "Seoul's spy agency", "Ukrainian officials"],
    ["Kursk", "Kharkiv", "Donetsk", "Zaporizhzhia", "Belgorod", "Kherson"],
    ["Zelensky", "Kim Jong Un", "Putin", "Yoon Suk Yeol", "Lee Jae-myung"],
    ["North Korean troops", "North Korean soldiers", "Russian troops", "Ukrainian soldiers",
     "DPRK troops", "Russian forces"],
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ZH_WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]

_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+)(?!\d|[.,]\d)")
_YEAR = re.compile(r"^(19|20)\d\d$")


@dataclass(frozen=True)
class Line:
    text: str
    language: str
    translation: str | None = None  # its Chinese line, for bilingual articles


def sentence_pool(seeds: Path) -> tuple[list[Line], list[Line]]:
    """The seeds' non-junk passages: English ones (with their translation when the seed has
    one) and Chinese ones."""
    english: list[Line] = []
    chinese: list[Line] = []
    sidecars = SidecarCache()
    for found in iter_files([seeds]):
        if found.skip is not None:
            continue
        data = read_bytes(found)
        if not isinstance(data, bytes):
            continue
        doc = load_file(found, data, sidecars.entry(found.path))
        if not isinstance(doc, Document):
            continue
        for article in doc.articles:
            texts = {p.index: p for p in article.passages if not p.junk}
            translated = {p.translation_of: p.text for p in texts.values()
                          if p.translation_of is not None}
            for p in texts.values():
                if p.translation_of is not None:
                    continue
                if p.language == "zh":
                    chinese.append(Line(p.text, "zh"))
                elif len(p.text.split()) >= 4:
                    english.append(Line(p.text, "en", translated.get(p.index)))
    if not english:
        raise SystemExit(f"{seeds}: no English passages to recombine")
    return english, chinese


def _number(rng: random.Random, m: re.Match[str]) -> str:
    raw = m[1]
    digits = raw.replace(",", "")
    value = int(digits)
    if _YEAR.match(digits):
        return str(value + rng.choice([-1, 0, 0, 1]))
    if value < 32:  # days of the month and small counts stay plausible
        return str(rng.randint(1, 28))
    new = value * rng.uniform(0.5, 2.0)
    # keep the figure as round as the original: 12,000 stays a multiple of 1,000
    step = 10 ** (len(digits) - len(digits.rstrip("0"))) if digits.endswith("0") else 1
    new = max(step, round(new / step) * step)
    return f"{new:,}" if "," in raw else str(new)


def perturb(text: str, rng: random.Random) -> str:
    """The sentence with other figures, names, months, weekdays and years."""
    text = _NUMBER.sub(lambda m: _number(rng, m), text)
    for names in SWAPS:
        for name in names:
            if name in text:
                text = text.replace(name, rng.choice(names))
                break
    for names in (MONTHS, WEEKDAYS, ZH_WEEKDAYS):
        for name in names:
            if name in text:
                text = text.replace(name, rng.choice(names))
                break
    return text


def article(i: int, english: list[Line], chinese: list[Line], seed: int = 0
            ) -> tuple[str, dict[str, str]]:
    """Article i: its text and its sources.yaml entry (outlet, published)."""
    rng = random.Random(f"{seed}:{i}")
    published = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(700))
    meta = {"outlet": rng.choice(OUTLETS), "published": published.isoformat()}
    mode = rng.random()
    lines: list[str] = []
    if mode < 0.05 and chinese:
        for _ in range(rng.randint(8, 16)):
            lines.append(perturb(rng.choice(chinese).text, rng))
        return "\n".join(lines) + "\n", meta
    bilingual = [e for e in english if e.translation]
    words = 0
    title = perturb(rng.choice(english).text, rng).rstrip(".")
    paragraphs: list[str] = [title]
    if mode < 0.175 and bilingual:
        # one line per sentence, each followed by its translation (like the bilingual seed)
        while words < WORDS_PER_ARTICLE:
            e = rng.choice(bilingual)
            lines.append(perturb(e.text, rng))
            lines.append(perturb(e.translation or "", rng))
            words += len(e.text.split())
        return "\n".join([title, *lines]) + "\n", meta
    while words < WORDS_PER_ARTICLE:
        sentences = [perturb(rng.choice(english).text, rng) for _ in range(rng.randint(1, 4))]
        words += sum(len(s.split()) for s in sentences)
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs) + "\n", meta


def generate(out: Path, articles: int, seeds: Path = ROOT / "seeds", seed: int = 0
             ) -> Iterator[Path]:
    """Write `articles` files under `out` (500 per folder, each with a sources.yaml) and
    yield their paths as they are written."""
    english, chinese = sentence_pool(seeds)
    out.mkdir(parents=True, exist_ok=True)
    sidecar = None
    for i in range(articles):
        folder = out / f"{i // PER_FOLDER:04d}"
        if i % PER_FOLDER == 0:
            if sidecar is not None:
                sidecar.close()
            folder.mkdir(exist_ok=True)
            sidecar = (folder / "sources.yaml").open("w", encoding="utf-8")
        text, meta = article(i, english, chinese, seed)
        path = folder / f"{i:07d}.txt"
        path.write_text(text, encoding="utf-8")
        assert sidecar is not None
        sidecar.write(f"{path.name}: {{outlet: {meta['outlet']}, "
                      f"published: {meta['published']}}}\n")
        yield path
    if sidecar is not None:
        sidecar.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--articles", type=int, default=20_000)
    ap.add_argument("--seeds", type=Path, default=ROOT / "seeds")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    n = 0
    words = 0
    for path in generate(args.out, args.articles, args.seeds, args.seed):
        n += 1
        words += len(path.read_text(encoding="utf-8").split())
    print(f"Wrote {n} articles, {words} words, to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
