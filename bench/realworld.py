"""Score claimtrack on the real-article development set in ../shared/realworld/.

    python bench/realworld.py [--texts .realworld] [--no-sidecar] [--out DIR]

The texts are rebuilt into a git-ignored folder (see ../shared/realworld/README.md); this script
reads them there, writes a `sources.yaml` from the manifest's outlets and dates into a temporary
copy (unless --no-sidecar), ingests, and runs the shared `score.py` for claims and conflicts.
Nothing of the texts is written into the repository.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared" / "realworld"
BIN = Path(sys.executable).parent / "claimtrack"


def _url_dated(url: str) -> bool:
    """Whether a url carries a full date, as the manifest's evidence says."""
    return bool(re.search(r"(?:19|20)\d\d[/-]?(?:\d\d|[a-z]{3})[/-]?\d\d(?:/|$)"
                          r"|/\d\d-[A-Za-z]{3}-(?:19|20)\d\d/", url))


def check_dates(manifest: dict[str, Any], docs: dict[str, Any], *, url_only: bool) -> None:
    """The stored publication date of each article whose date a reader can find: in its text
    (manifest: 'visible'), or with --url-only in its url. Right means the same day (or month,
    when the manifest knows only the month)."""
    stored = {d["name"]: (d["articles"][0]["published"] if d["articles"] else None)
              for d in docs["documents"]}
    right = wrong = missed = 0
    for art in manifest["articles"]:
        evidence = str(art.get("date_evidence", ""))
        want = str(art.get("publication_date") or "")
        findable = "visible" in evidence and "not visible" not in evidence
        if url_only:
            findable = findable or "URL path" in evidence and _url_dated(art["url"])
        got = stored.get(art["file"])
        if not findable or not want:
            if got:
                print(f"  {art['file']}: {got} (no findable date in the manifest: {want or '-'})")
            continue
        if got is None:
            missed += 1
            print(f"  {art['file']}: missed {want}")
        elif got[: len(want)] == want:
            right += 1
        else:
            wrong += 1
            print(f"  {art['file']}: WRONG {got}, manifest says {want}")
    total = right + wrong + missed
    print(f"dates: {right}/{total} right, {wrong} wrong, {missed} missed")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--texts", type=Path, default=ROOT / ".realworld")
    ap.add_argument("--no-sidecar", action="store_true", help="ingest the texts alone")
    ap.add_argument("--url-only", action="store_true", help="sidecar gives only each url")
    ap.add_argument("--min-date-length", type=int, default=4,
                    help="leave out manifest dates shorter than this (10: full dates only)")
    ap.add_argument("--out", type=Path, help="keep the database and outputs here")
    args = ap.parse_args(argv)
    if not (args.texts / "gold.yaml").exists():
        print(f"{args.texts}: no rebuilt texts; see {SHARED / 'README.md'}", file=sys.stderr)
        return 2
    manifest = yaml.safe_load((SHARED / "manifest.yaml").read_text())
    out = args.out or Path(tempfile.mkdtemp(prefix="claimtrack-rw-"))
    out.mkdir(parents=True, exist_ok=True)
    corpus = out / "corpus"
    shutil.rmtree(corpus, ignore_errors=True)
    corpus.mkdir()
    for art in manifest["articles"]:
        shutil.copy(args.texts / art["file"], corpus / art["file"])
    if not args.no_sidecar:
        side = {}
        for art in manifest["articles"]:
            if args.url_only:
                side[art["file"]] = {"url": art["url"]}
            else:
                entry = {"outlet": art["outlet"].split(",")[0].strip(), "url": art["url"]}
                published = str(art.get("publication_date") or "")
                if len(published) >= args.min_date_length:
                    entry["published"] = published
                side[art["file"]] = entry
        (corpus / "sources.yaml").write_text(yaml.safe_dump(side, allow_unicode=True))
    db = out / "rw.db"
    db.unlink(missing_ok=True)
    base = [str(BIN), "--db", str(db)]
    subprocess.run([*base, "ingest", str(corpus)], check=True)
    claims = out / "claims.yaml"
    report = out / "report.yaml"
    subprocess.run([*base, "claims", "--format", "yaml"], check=True,
                   stdout=claims.open("w"))
    subprocess.run([*base, "export", "--format", "yaml", "--output", str(report)], check=True)
    docs = json.loads(subprocess.run([*base, "docs", "--format", "json"], check=True,
                                     capture_output=True, text=True).stdout)
    print("== publication dates")
    check_dates(manifest, docs, url_only=args.url_only)
    gold = args.texts / "gold.yaml"
    for mode, pred in (("claims", claims), ("conflicts", report)):
        print(f"== {mode}")
        subprocess.run([sys.executable, str(SHARED / "score.py"), mode, str(gold), str(pred)],
                       check=False)
    print(f"outputs in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
