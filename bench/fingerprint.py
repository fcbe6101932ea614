"""Fingerprint what claimtrack stores and reports for a corpus, to check that a change of code
changes nothing it should not.

    python bench/fingerprint.py FOLDER [FOLDER...] [--save OUT.json] [--db PATH]

Ingests the folders into a fresh database with the installed `claimtrack` command, exports the
full report as JSON, drops the `generated` time stamp, and prints the report's SHA-256 with its
counts. `--save` keeps the normalised report so that two runs can be diffed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

BIN = Path(sys.executable).parent / "claimtrack"


def fingerprint(folders: list[Path], db: Path) -> tuple[str, dict[str, object]]:
    """The SHA-256 of the normalised export and the report itself."""
    base = [str(BIN), "--db", str(db)]
    subprocess.run([*base, "ingest", *map(str, folders)], check=True, capture_output=True)
    out = subprocess.run([*base, "export", "--format", "json"], check=True,
                         capture_output=True, text=True).stdout
    report = json.loads(out)
    report.pop("generated", None)
    text = json.dumps(report, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest(), report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", type=Path, nargs="+")
    ap.add_argument("--save", type=Path, help="write the normalised report here")
    ap.add_argument("--db", type=Path, help="database to use (default: a temporary one)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp) / "fingerprint.db"
        digest, report = fingerprint(args.folders, db)
    counts = {key: len(report.get(key) or []) for key in ("documents", "claims", "groups",
                                                          "conflicts")}
    print(digest, " ".join(f"{k}={v}" for k, v in counts.items()))
    if args.save:
        args.save.write_text(json.dumps(report, sort_keys=True, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
