"""Ingest speed on real text: against the bare tokenizer, start-up apart, and quantulum3 as a peer.

    python bench/realtext.py [--repeats 3] [--realworld DIR] [--results FILE]

Reads the real texts beside the checkout at run time (never copied into the repository):

* `text`: the GVA suite's documents (`../shared/external/semeval2018-task5-gva/docs/*.txt`) and
  the rebuilt real articles (`.realworld/*.txt` of this checkout, else of `../main`; optional);
* `pages`: the 181 saved web pages of `../shared/external/article-extraction-benchmark`
  (`html/*.html.gz`: the ingest also reduces each page to its article text).

Each repeat, back to back in one run, measures the CPU time (user + system, of the command and
its workers, from `getrusage(RUSAGE_CHILDREN)`; wall time moves too much on a shared machine)
of:

* start-up: `claimtrack ingest --jobs 1` of one short file into a fresh database (Python,
  imports, the pipelines): the ingest's cost beyond start-up is its CPU time less this;
* `claimtrack ingest --jobs 1` of each set into a fresh database;
* the bare tokenizer, `nlp.pipe` of a fresh `spacy.blank("en")` (its cache cold), over the
  texts that ingest stored, in this process: ingest's cost beyond start-up is given as a ratio
  of it (the same words, the same run);
* warm: the library's ingest of each set twice in one process (`python bench/realtext.py
  _warm`), the second timed: the cost per word once every pipeline, rule and model is loaded
  (what start-up and the first use of each rule leave to a large corpus), and the same with
  extraction switched off (the floor: reading, splitting, language, storing);
* `claimtrack ingest --jobs 2` of each set, against `--jobs 1` by wall time (two workers can
  only show in wall time), and a check that both databases store the same;
* quantulum3 (`pip install 'claimtrack[bench]'`; skipped with a note when absent) parsing each
  sentence of `text` that ingest stored as English and not page junk, its own start-up (the
  first parse loads its units) left out, against ingest's cost beyond start-up on the same
  words.

Words are whitespace-separated words of the stored texts. Prints each figure as the median of
the repeats with its range, and writes them under `realtext` in `--results` (YAML, default
bench/results.yaml, its other figures kept); bench/run.py runs the same.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent / "claimtrack"


def _shared() -> Path:
    """The shared folder beside the checkout (or beside the folder of its worktrees)."""
    for p in HERE.parents:
        if (p / "shared" / "external").is_dir():
            return p / "shared"
    return ROOT.parent / "shared"


def _realworld(given: Path | None) -> Path | None:
    candidates = [given] if given else [ROOT / ".realworld", ROOT.parent / "main" / ".realworld"]
    for folder in candidates:
        if folder.is_dir() and any(folder.glob("*.txt")):
            return folder
    return None


def sets(realworld: Path | None) -> tuple[dict[str, list[Path]], list[str]]:
    """The files of each set, and notes on what is missing."""
    shared = _shared()
    gva = sorted((shared / "external" / "semeval2018-task5-gva" / "docs").glob("*.txt"))
    pages = sorted((shared / "external" / "article-extraction-benchmark" / "html")
                   .glob("*.html.gz"))
    notes = []
    rw = _realworld(realworld)
    text = gva + (sorted(rw.glob("*.txt")) if rw else [])
    if not rw:
        notes.append("no rebuilt real articles (.realworld/*.txt): text is the GVA suite alone")
    if not gva:
        notes.append(f"GVA suite absent under {shared}")
    if not pages:
        notes.append(f"article-extraction benchmark absent under {shared}")
    return {k: v for k, v in (("text", text), ("pages", pages)) if v}, notes


# ---------------------------------------------------------------- measuring


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def ingest(files: list[Path], db: Path, jobs: int) -> dict[str, float]:
    """`claimtrack ingest` of `files` into a fresh `db`: CPU and wall seconds."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    cpu, wall = _children_cpu(), time.perf_counter()
    subprocess.run([str(BIN), "--db", str(db), "ingest", "--no-progress", "--jobs", str(jobs),
                    *map(str, files)], check=True, capture_output=True, cwd=ROOT)
    return {"cpu": _children_cpu() - cpu, "wall": time.perf_counter() - wall}


def stored_texts(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [t for (t,) in conn.execute("SELECT text FROM documents ORDER BY path")]
    finally:
        conn.close()


def stored_sentences(db: Path) -> list[str]:
    """What ingest extracts from: the passages read as English, page junk left out."""
    conn = sqlite3.connect(db)
    try:
        return [t for (t,) in conn.execute(
            "SELECT text FROM passages WHERE language = 'en' AND junk = 0 "
            "ORDER BY document_id, idx")]
    finally:
        conn.close()


def digest(db: Path) -> str:
    """What a database stores (not when): documents, passages, claims."""
    h = hashlib.sha256()
    conn = sqlite3.connect(db)
    for q in ("SELECT path, sha256, text, extractor FROM documents ORDER BY path",
              "SELECT d.path, p.idx, p.start, p.end, p.language, p.junk, p.translation_of "
              "FROM passages p JOIN documents d ON d.id = p.document_id ORDER BY d.path, p.idx",
              "SELECT c.id, c.data FROM claims c ORDER BY c.id"):
        for row in conn.execute(q):
            h.update(repr(row).encode())
    conn.close()
    return h.hexdigest()


def warm_cpu(files: list[Path], work: Path) -> tuple[float, float]:
    """CPU seconds of the library's ingest of `files` in a process that ingested them once,
    with extraction and without."""
    out = subprocess.run([sys.executable, __file__, "_warm", str(work), *map(str, files)],
                         check=True, capture_output=True, text=True, cwd=ROOT).stdout
    full, floor = out.split()[-2:]
    return float(full), float(floor)


def _warm(work: Path, files: list[Path]) -> tuple[float, float]:
    from claimtrack.config import load_config
    from claimtrack.extract.document import Extraction
    from claimtrack.ingest.run import ingest as run_ingest
    from claimtrack.ingest.run import walk
    from claimtrack.store import Store

    extraction = Extraction(load_config())
    seconds = []
    for k, extract in enumerate([extraction, extraction, None]):
        db = work / f"warm-{k}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        with Store.open(db) as store:
            start = time.process_time()
            run_ingest(walk(files), store, extract=extract,
                       extractor_id=extraction.id if extract else "none")
            seconds.append(time.process_time() - start)
    return seconds[1], seconds[2]


def tokenizer_cpu(texts: list[str]) -> float:
    """CPU seconds of a fresh bare tokenizer (its cache cold) over `texts`."""
    import spacy

    nlp = spacy.blank("en")
    start = time.process_time()
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    return time.process_time() - start


def quantulum_cpu(sentences: list[str]) -> float | None:
    """CPU seconds of quantulum3 parsing each sentence (its start-up apart), None if absent."""
    try:
        import warnings

        with warnings.catch_warnings():  # it warns that it runs without its classifier
            warnings.simplefilter("ignore")
            from quantulum3 import parser
            parser.parse("About 1,200 people were counted on 3 May.")  # loads its units
            start = time.process_time()
            for s in sentences:
                parser.parse(s)
            return time.process_time() - start
    except ImportError:
        return None


def spread(values: list[float], digits: int = 3) -> dict[str, Any]:
    def r(x: float) -> float:
        return round(x, digits) if digits else round(x)

    return {"median": r(statistics.median(values)), "min": r(min(values)), "max": r(max(values))}


# ---------------------------------------------------------------- the run


def measure(files: dict[str, list[Path]], repeats: int, work: Path,
            peer: bool = True) -> dict[str, Any]:
    """Every figure of the module docstring, `repeats` times back to back."""
    first = min((f for fs in files.values() for f in fs if f.suffix == ".txt"),
                key=lambda f: f.stat().st_size, default=next(iter(files.values()))[0])
    raw: dict[str, list[float]] = {"startup_cpu": [], "startup_wall": []}
    words: dict[str, int] = {}
    same: dict[str, bool] = {}
    peer_note = None
    for rep in range(repeats):
        print(f"repeat {rep + 1}/{repeats} ...", file=sys.stderr)
        one = ingest([first], work / "one.db", 1)
        raw["startup_cpu"].append(one["cpu"])
        raw["startup_wall"].append(one["wall"])
        for name, fs in files.items():
            j1 = ingest(fs, work / f"{name}-j1.db", 1)
            j2 = ingest(fs, work / f"{name}-j2.db", 2)
            texts = stored_texts(work / f"{name}-j1.db")
            words[name] = sum(len(t.split()) for t in texts)
            ref = tokenizer_cpu(texts)
            beyond = max(j1["cpu"] - one["cpu"], 1e-6)
            warm, floor = warm_cpu(fs, work)
            for key, value in (("ingest_cpu", j1["cpu"]), ("beyond_startup_cpu", beyond),
                               ("tokenizer_cpu", ref), ("ratio_to_tokenizer", ref / beyond),
                               ("warm_cpu", warm), ("warm_ratio_to_tokenizer", ref / warm),
                               ("floor_ratio_to_tokenizer", ref / floor),
                               ("jobs2_speedup", j1["wall"] / j2["wall"]),
                               ("jobs1_wall", j1["wall"]), ("jobs2_wall", j2["wall"])):
                raw.setdefault(f"{name}.{key}", []).append(value)
            same[name] = same.get(name, True) and (digest(work / f"{name}-j1.db")
                                                   == digest(work / f"{name}-j2.db"))
            if name == "text" and peer:
                sentences = stored_sentences(work / f"{name}-j1.db")
                q = quantulum_cpu(sentences)
                if q is None:
                    peer_note = "quantulum3 absent (pip install 'claimtrack[bench]'): skipped"
                    peer = False
                    continue
                sentence_words = sum(len(s.split()) for s in sentences)
                # ingest's rate beyond start-up over all the words it read, against
                # quantulum3's rate over the sentences it parsed
                rate = words[name] / beyond
                raw.setdefault("quantulum3.cpu", []).append(q)
                raw.setdefault("quantulum3.words", []).append(sentence_words)
                raw.setdefault("quantulum3.ingest_over_peer", []).append(
                    rate / (sentence_words / q))
    out: dict[str, Any] = {
        "startup": {"file": first.name, "cpu_s": spread(raw["startup_cpu"], 2),
                    "wall_s": spread(raw["startup_wall"], 2)}}
    for name, fs in files.items():
        def s(key: str, digits: int = 3, name: str = name) -> dict[str, Any]:
            return spread(raw[f"{name}.{key}"], digits)
        beyond = raw[f"{name}.beyond_startup_cpu"]
        ref = raw[f"{name}.tokenizer_cpu"]
        out[name] = {
            "files": len(fs), "words": words[name],
            "tokenizer_words_per_cpu_s": spread([words[name] / x for x in ref], 0),
            "ingest_cpu_s": s("ingest_cpu", 2),
            "ingest_beyond_startup_words_per_cpu_s": spread([words[name] / x for x in beyond], 0),
            "ratio_to_tokenizer": s("ratio_to_tokenizer"),
            "warm_words_per_cpu_s": spread([words[name] / x for x in raw[f"{name}.warm_cpu"]], 0),
            "warm_ratio_to_tokenizer": s("warm_ratio_to_tokenizer"),
            "floor_ratio_to_tokenizer": s("floor_ratio_to_tokenizer"),
            "jobs1_wall_s": s("jobs1_wall", 2), "jobs2_wall_s": s("jobs2_wall", 2),
            "jobs2_over_jobs1": s("jobs2_speedup", 2),
            "jobs2_same_result": same[name],
        }
    if "quantulum3.cpu" in raw:
        q = raw["quantulum3.cpu"]
        out["quantulum3"] = {
            "sentences_words": raw["quantulum3.words"][0],
            "words_per_cpu_s": spread([raw["quantulum3.words"][0] / x for x in q], 0),
            "ingest_over_quantulum3": spread(raw["quantulum3.ingest_over_peer"], 2),
        }
    elif peer_note:
        out["quantulum3"] = {"skipped": peer_note}
    return out


def print_table(r: dict[str, Any]) -> None:
    def m(x: dict[str, Any], unit: str = "") -> str:
        return f"{x['median']:,}{unit} ({x['min']:,}-{x['max']:,})"

    rows = [("start-up", "one-file ingest", f"{m(r['startup']['cpu_s'], ' s')} CPU, "
             f"{m(r['startup']['wall_s'], ' s')} wall")]
    for name in ("text", "pages"):
        if name not in r:
            continue
        x = r[name]
        label = f"{name}: {x['files']} files, {x['words']:,} words"
        rows += [
            (label, "bare tokenizer", f"{m(x['tokenizer_words_per_cpu_s'])} words/CPU s"),
            (label, "ingest --jobs 1 beyond start-up",
             f"{m(x['ingest_beyond_startup_words_per_cpu_s'])} words/CPU s, "
             f"{m(x['ratio_to_tokenizer'])} of the tokenizer"),
            (label, "ingest warm (library, second pass)",
             f"{m(x['warm_words_per_cpu_s'])} words/CPU s, "
             f"{m(x['warm_ratio_to_tokenizer'])} of the tokenizer"),
            (label, "floor: warm, extraction off", f"{m(x['floor_ratio_to_tokenizer'])} of the "
             "tokenizer"),
            (label, "ingest --jobs 2 over --jobs 1",
             f"x{m(x['jobs2_over_jobs1'])} by wall time, same result: {x['jobs2_same_result']}"),
        ]
    q = r.get("quantulum3")
    if q and "skipped" in q:
        rows.append(("quantulum3", "peer", q["skipped"]))
    elif q:
        rows.append(("quantulum3", f"same sentences ({q['sentences_words']:,} words)",
                     f"{m(q['words_per_cpu_s'])} words/CPU s; ingest beyond start-up "
                     f"x{m(q['ingest_over_quantulum3'])}"))
    for note in r.get("notes", []):
        rows.append(("note", "", note))
    w = [max(len(row[i]) for row in rows) for i in range(2)]
    for a, b, v in rows:
        print(f"{a:<{w[0]}}  {b:<{w[1]}}  {v}")


def run(repeats: int = 3, realworld: Path | None = None, peer: bool = True) -> dict[str, Any]:
    """The figures of one run (for bench/run.py)."""
    files, notes = sets(realworld)
    if not files:
        return {"skipped": "; ".join(notes)}
    with tempfile.TemporaryDirectory(prefix="claimtrack-realtext-") as tmp:
        res = measure(files, repeats, Path(tmp), peer=peer)
    res["repeats"] = repeats
    res["notes"] = notes
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--realworld", type=Path, help="folder of the rebuilt real articles")
    ap.add_argument("--no-peer", action="store_true", help="leave quantulum3 out")
    ap.add_argument("--results", type=Path, default=HERE / "results.yaml")
    args = ap.parse_args(argv)
    res = {"taken": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
           "command": "python bench/realtext.py " + " ".join(sys.argv[1:] if argv is None
                                                             else argv),
           "cpus": os.cpu_count(),
           **run(args.repeats, args.realworld, peer=not args.no_peer)}
    if "skipped" in res:
        print(res["skipped"], file=sys.stderr)
        return 1
    print_table(res)
    old = yaml.safe_load(args.results.read_text()) if args.results.exists() else None
    old = old if isinstance(old, dict) else {}
    old["realtext"] = res
    args.results.write_text(yaml.safe_dump(old, sort_keys=False, allow_unicode=True))
    print(f"Wrote {args.results}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "_warm":
        print(*_warm(Path(sys.argv[2]), [Path(f) for f in sys.argv[3:]]))
    else:
        raise SystemExit(main())
