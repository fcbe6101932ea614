"""Score the HTML loader on the external article-extraction benchmark (181 real pages).

    python bench/extraction.py [--suite ../shared/external/article-extraction-benchmark]

Reads the suite in place (nothing of it is copied into the repository), loads each page with
`load_file` and compares the stored non-junk passage text with the page's `articleBody`:
token precision and recall (words, lower-cased, Chinese characters one by one; multiset
overlap), median and 10th percentile over all pages. A skipped page, or one stored with no
article text, scores 0 for both. Also counts pages skipped and pages whose title and
publication date were found, and
pages whose url is the benchmark's. Exits 0 with a note when the suite is absent.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
from collections import Counter
from pathlib import Path

from claimtrack.load.files import Found, load_file
from claimtrack.load.urls import url_date
from claimtrack.models import Skipped

# the shared folder sits beside the checkout (or beside the folder of its worktrees)
DEFAULT_SUITE = next(
    (p / "shared" / "external" / "article-extraction-benchmark"
     for p in Path(__file__).resolve().parents if (p / "shared" / "external").is_dir()),
    Path("shared") / "external" / "article-extraction-benchmark",
)
_TOKEN = re.compile(r"[\u3400-\u9fff]|[^\W\u3400-\u9fff]+")


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


def precision_recall(got: str, want: str) -> tuple[float, float]:
    g, w = tokens(got), tokens(want)
    overlap = sum((g & w).values())
    return (overlap / sum(g.values()) if g else 0.0,
            overlap / sum(w.values()) if w else 0.0)


def _same_url(got: str | None, want: str | None) -> bool:
    def norm(u: str) -> str:
        return re.sub(r"^https?://(www\.)?|[/?#]+$", "", u.strip())
    return bool(got and want and norm(got) == norm(want))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run(suite: Path) -> dict[str, object]:
    truth = json.loads((suite / "ground-truth.json").read_text(encoding="utf-8"))
    precisions: list[float] = []
    recalls: list[float] = []
    skipped: Counter[str] = Counter()
    titled = dated = empty = same_url = 0
    # pages whose url carries a full date: the stored publication day against it, and
    # htmldate's own answer on the same page, as the peer
    url_dated = ours_right = peer_right = 0
    for page_id, gold in sorted(truth.items()):
        path = suite / "html" / f"{page_id}.html.gz"
        # decompressed here, so that the same script measures loaders without .gz support
        data = gzip.decompress(path.read_bytes())
        doc = load_file(Found(Path(f"{page_id}.html"), f"{page_id}.html"), data)
        if isinstance(doc, Skipped):
            skipped[doc.reason] += 1
            precisions.append(0.0)
            recalls.append(0.0)
            continue
        text = " ".join(p.text for a in doc.articles for p in a.passages if not p.junk)
        empty += not text.strip()
        p, r = precision_recall(text, gold["articleBody"])
        precisions.append(p)
        recalls.append(r)
        first = doc.articles[0].meta
        titled += first.title is not None
        dated += first.published is not None
        same_url += _same_url(first.url, gold.get("url"))
        day = url_date(gold.get("url"))
        if day is not None and len(day) == 10:
            url_dated += 1
            ours_right += (first.published or "")[:10] == day
            peer_right += _htmldate(data) == day
    return {
        "pages": len(truth),
        "precision": {"median": round(statistics.median(precisions), 3),
                      "p10": round(percentile(precisions, 0.1), 3)},
        "recall": {"median": round(statistics.median(recalls), 3),
                   "p10": round(percentile(recalls, 0.1), 3)},
        "skipped": dict(skipped),
        "stored_without_text": empty,
        "with_title": titled,
        "with_date": dated,
        "with_the_page_url": same_url,
        "url_dated_pages": url_dated,
        "date_equals_url_day": {"claimtrack": ours_right, "htmldate": peer_right},
    }


def _htmldate(data: bytes) -> str | None:
    """htmldate's publication date of the page (its original, not its last-modified date)."""
    from htmldate import find_date

    try:
        return find_date(data.decode("utf-8", "replace"), original_date=True,
                         outputformat="%Y-%m-%d")
    except Exception:  # the peer's own failures count as misses
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", type=Path, default=DEFAULT_SUITE)
    args = parser.parse_args()
    if not (args.suite / "ground-truth.json").exists():
        print(f"no benchmark at {args.suite}: nothing to score")
        return 0
    print(json.dumps(run(args.suite), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
