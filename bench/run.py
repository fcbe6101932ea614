"""Measure claimtrack's speed and memory at N and 10N articles, and the reconciler at scale.

    python bench/run.py [--articles N] [--quick] [--jobs J] [--claims 100000,1000000]
                        [--skip-10n] [--out bench/out] [--results bench/results.yaml]

In one run:

* generates (or reuses) a corpus of N articles under `--out` with bench/corpus.py;
* reference: `nlp.pipe` of a bare `spacy.blank("en")` over the same texts, one process;
* `claimtrack ingest --jobs 1` into a fresh database: words/s, articles/s, peak memory (the
  sum of the resident memory of the process and its workers, sampled every 50 ms), and the
  throughput as a ratio of the reference;
* the same ingest again (nothing changed): its time as a fraction of the first;
* the floor: the same files read, split into passages, language-detected and stored, with
  extraction switched off (the library's `ingest` without an extractor, in its own process):
  the ratio to the reference no extraction, however fast, could raise ingest above;
* `claimtrack ingest --jobs J` into another fresh database: speed-up over one job, and a check
  that both databases hold the same documents, passages and claims;
* the same at 10N articles (with J jobs), for growth: throughput and peak memory N -> 10N;
* reconcile of 10^5 and 10^6 claims (the N corpus's claims copied with other figures and other
  documents; each size in its own process): time and peak memory of `reconcile()` in memory,
  and of the reconciliation of a store of that many claims into it, block by block (as
  `claimtrack reconcile` and the first `export` after an ingest do; CPU seconds too), and
  `claimtrack compare troops` (its default listing, `--limit 50`) on a store holding the 10^6
  claims, cold (it reconciles and stores the result, as the first compare after an ingest) and
  warm (it reads the listing from the stored result; best of three);
* ingest on real text (bench/realtext.py, under `realtext`): against the bare tokenizer over
  the same texts, start-up apart, `--jobs 2` against one job, quantulum3 as a peer.

Prints a table and writes the figures to `--results` (YAML). `--quick` is N = 500 and claims
10^4,10^5 for a run of a few minutes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import itertools
import json
import os
import platform
import random
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import realtext  # noqa: E402

BIN = Path(sys.executable).parent / "claimtrack"
MEMORY_LIMIT = 12 * 2**30  # address space of each measured process


# ---------------------------------------------------------------- measuring


def _tree(pid: int) -> list[int]:
    """The process and its descendants."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, stack = [], [pid]
    while stack:
        p = stack.pop()
        out.append(p)
        stack.extend(children.get(p, []))
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def measure(cmd: list[str], *, cwd: Path = ROOT, timeout: float | None = None,
            check: bool = True) -> dict[str, Any]:
    """Run a command: wall time, peak memory of its process tree and of its main process.
    Past `timeout` seconds it is stopped and `timed_out` is set."""
    start = time.perf_counter()
    def limit() -> None:
        # a run that would exhaust the machine fails alone instead of calling the OOM killer
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))

    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, preexec_fn=limit)
    peak = {"tree": 0, "main": 0}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            main = _rss(proc.pid)
            peak["main"] = max(peak["main"], main)
            peak["tree"] = max(peak["tree"], sum(_rss(p) for p in _tree(proc.pid)))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    timed_out = False
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        timed_out = True
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if timed_out:
        return {"seconds": round(seconds, 2), "peak_mib": round(peak["tree"] / 2**20),
                "timed_out": True, "stderr": ""}
    if proc.returncode != 0 and check:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    return {"seconds": round(seconds, 2), "peak_mib": round(peak["tree"] / 2**20),
            "main_peak_mib": round(peak["main"] / 2**20), "stdout": out, "stderr": err,
            "returncode": proc.returncode}


def corpus_dir(out: Path, articles: int) -> tuple[Path, int]:
    """The corpus of `articles` articles (generated unless a complete one is there), and its
    word count (whitespace-separated)."""
    folder = out / f"corpus-{articles}"
    done = folder / ".complete"
    if done.exists():
        return folder, int(done.read_text())
    words = 0
    for path in corpus.generate(folder, articles):
        words += len(path.read_text(encoding="utf-8").split())
    done.write_text(str(words))
    return folder, words


def reference(folder: Path) -> dict[str, Any]:
    """Bare tokenizer: `nlp.pipe` of `spacy.blank("en")` over every text of the corpus."""
    import spacy

    nlp = spacy.blank("en")

    def texts() -> Any:
        for path in sorted(folder.rglob("*.txt")):
            yield path.read_text(encoding="utf-8")

    start = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts(), batch_size=256))
    return {"seconds": round(time.perf_counter() - start, 2), "tokens": tokens}


def ingest(folder: Path, db: Path, jobs: int) -> dict[str, Any]:
    return measure([str(BIN), "--db", str(db), "ingest", "--no-progress", "--jobs", str(jobs),
                    str(folder)])


def fresh(db: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return db


def fingerprint(db: Path) -> str:
    """A digest of what a database stores (not when): documents, passages, claims."""
    h = hashlib.sha256()
    conn = sqlite3.connect(db)
    queries = [
        "SELECT path, sha256, text, extractor FROM documents ORDER BY path",
        "SELECT d.path, a.idx, a.title, a.outlet, a.published FROM articles a "
        "JOIN documents d ON d.id = a.document_id ORDER BY d.path, a.idx",
        "SELECT d.path, p.idx, p.start, p.end, p.language, p.junk, p.translation_of "
        "FROM passages p JOIN documents d ON d.id = p.document_id ORDER BY d.path, p.idx",
        "SELECT c.id, c.data FROM claims c ORDER BY c.id",
    ]
    for q in queries:
        for row in conn.execute(q):
            h.update(repr(row).encode())
    conn.close()
    return h.hexdigest()


def floor(folder: Path, db: Path) -> None:
    """What `claimtrack ingest` does but extract: walk, read, decode, split, detect language,
    store documents and passages (run as a command, start-up included, like the ingest)."""
    from claimtrack.ingest.run import ingest as run_ingest
    from claimtrack.ingest.run import walk
    from claimtrack.store import Store

    with Store.open(db) as store:
        run_ingest(walk([folder]), store, extract=None, extractor_id="none")


# ---------------------------------------------------------------- reconcile at scale


def scaled_claims(db: Path, count: int) -> list[Any]:
    """`count` claims: the stored ones, copied into other documents with other figures."""
    return list(iter_scaled(db, count))


def iter_scaled(db: Path, count: int) -> Iterator[Any]:
    """The claims of `scaled_claims`, one at a time (each document's together)."""
    from claimtrack.store import Store

    with Store.open(db, create=False) as store:
        base = store.claims()
    rng = random.Random(0)
    made = 0
    k = 0
    while made < count:
        for c in base:
            if made >= count:
                break
            f = rng.uniform(0.7, 1.4) if k else 1.0
            made += 1
            yield c.model_copy(update={
                "id": f"{c.id}~{k}",
                "document": f"{k:05d}-{c.document}" if k else c.document,
                "value": None if c.value is None else round(c.value * f),
                "low": None if c.low is None else round(c.low * f),
                "high": None if c.high is None else round(c.high * f),
                "translation_of": None if c.translation_of is None
                else f"{c.translation_of}~{k}",
            })
        k += 1


def reconcile_one(db: Path, count: int) -> dict[str, Any]:
    """(Run in its own process.) Reconcile `count` claims: seconds and peak memory."""
    import resource

    from claimtrack.config import load_config
    from claimtrack.reconcile import reconcile

    config = load_config().config
    claims = scaled_claims(db, count)
    before = _rss(os.getpid())
    start = time.perf_counter()
    rec = reconcile(claims, config)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return {"claims": count, "seconds": round(seconds, 2), "groups": len(rec.groups),
            "conflicts": len(rec.conflicts), "claims_mib": round(before / 2**20),
            "peak_mib": round(peak / 2**20)}


def reconcile_stored(db: Path, engine: str = "local") -> dict[str, Any]:
    """(Run in its own process.) Reconcile every claim of a store into it, block by block, as
    the first `export` after an ingest does: seconds, CPU seconds and peak memory."""
    import resource

    from claimtrack.config import load_config
    from claimtrack.report.build import config_digest, reconcile_stale
    from claimtrack.store import Store

    config = load_config().config
    with Store.open(db, create=False) as store:
        with store.transaction() as c:
            c.execute("DELETE FROM reconciliations")  # as after an ingest
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        claims = store.conn.execute("SELECT count(*) FROM claims").fetchone()[0]
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu = usage.ru_utime + usage.ru_stime
        start = time.perf_counter()
        reconcile_stale(store, config, None, "*", config_digest(config), engine=engine)
        seconds = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_SELF)
        groups, conflicts = store.conn.execute(
            "SELECT count(*), sum(conflicts) FROM reconciled_groups").fetchone()
    peak = usage.ru_maxrss * 1024
    return {"claims": claims, "seconds": round(seconds, 2),
            "cpu_seconds": round(usage.ru_utime + usage.ru_stime - cpu, 2),
            "groups": groups, "conflicts": conflicts, "peak_mib": round(peak / 2**20)}


def build_store(db: Path, source: Path, count: int) -> dict[str, Any]:
    """(Run in its own process.) A store holding `count` claims: each stored document of
    `source` copied with its claims until there are enough, written with `Store.save`."""
    from claimtrack.store import Store

    # the claims of a document come together: written as they are made, so that a store of
    # 10^7 claims is built in the memory of one document's
    by_doc = ((name, list(cs)) for name, cs in
              itertools.groupby(iter_scaled(source, count), key=lambda c: c.document))
    start = time.perf_counter()
    originals: dict[str, Any] = {}
    documents = 0
    with Store.open(source, create=False) as src, Store.open(fresh(db)) as out:
        for name, cs in by_doc:
            documents += 1
            original = name.split("-", 1)[1] if name[:5].isdigit() and name[5:6] == "-" else name
            if original not in originals:
                originals[original] = src.load_document(original)
            doc = originals[original]
            copy = doc.model_copy(update={
                "name": name, "path": f"{doc.path}#{name}",
                "sha256": hashlib.sha256(f"{doc.sha256}{name}".encode()).hexdigest(),
            })
            out.save(copy, cs, extractor="bench")
    return {"claims": count, "documents": documents,
            "seconds": round(time.perf_counter() - start, 1)}


def claims_store(out: Path, source: Path, count: int) -> Path:
    """A store of `count` claims made from `source` (built once, reused by later runs)."""
    db = out / f"claims-{count}.db"
    marker = Path(f"{db}.complete")
    if not marker.exists():
        print(f"store of {count} claims ...", file=sys.stderr)
        built = measure([sys.executable, __file__, "_store", str(db), str(source), str(count)])
        marker.write_text(built["stdout"])
    return db


def compare_latency(db: Path, topic: str = "troops", timeout: float | None = None
                    ) -> dict[str, Any]:
    """`claimtrack compare TOPIC` on a store, as a user runs it (the default `--limit`): wall
    time of the command cold (the first compare after an ingest: it reconciles and stores the
    result) and warm (it reads the listing from the stored result), and of the library call,
    warm, inside one process (without interpreter start-up); also what the listing holds."""
    conn = sqlite3.connect(db)
    with conn:  # as after an ingest: no stored reconciliation is current
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if "reconciliations" in tables:
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("DELETE FROM reconciliations")
    conn.close()
    cmd = [str(BIN), "--db", str(db), "compare", topic, "--format", "json", "--output",
           os.devnull]
    cold = measure(cmd, timeout=timeout, check=False)
    if "stdout" not in cold or cold["returncode"] != 0:
        return {"cli_seconds": None, "failed": cold.get("returncode", "timeout"),
                "peak_mib": cold["peak_mib"], "library_seconds": None, "claims": None,
                "groups": None}
    warm = [measure(cmd, timeout=timeout, check=False) for _ in range(3)]
    best = min(warm, key=lambda w: w["seconds"])
    code = (
        "import time,json;from claimtrack.store import Store;from claimtrack.config import "
        "load_config;from claimtrack.report.build import build_report;"
        "from claimtrack.cli.main import COMPARE_LIMIT;c=load_config();"
        f"k=c.config.kinds_for({topic!r});s=Store.open({str(db)!r},create=False);"
        "t=time.perf_counter();r,cl=build_report(s,c.config,k,limit=COMPARE_LIMIT);"
        "print(json.dumps([time.perf_counter()-t,len(cl),len(r.groups),r.omitted_groups,"
        "len(r.conflicts),s.conn.execute('SELECT count(*),sum(conflicts) FROM "
        "reconciled_groups').fetchone()]))"
    )
    lib = measure([sys.executable, "-c", code])
    seconds, claims, groups, omitted, conflicts, (all_groups, all_conflicts) = \
        json.loads(lib["stdout"])
    return {"cli_seconds": cold["seconds"], "cold_peak_mib": cold["peak_mib"],
            "warm_cli_seconds": best["seconds"], "warm_peak_mib": best["peak_mib"],
            "library_seconds": round(seconds, 2), "claims": claims, "groups": groups,
            "conflicts": conflicts, "omitted_groups": omitted,
            "stored_groups": all_groups, "stored_conflicts": all_conflicts,
            "peak_mib": lib["peak_mib"]}


# ---------------------------------------------------------------- the run


def run_ingests(out: Path, articles: int, jobs: int, *, one_job: bool) -> dict[str, Any]:
    folder, words = corpus_dir(out, articles)
    print(f"corpus of {articles} articles, {words} words: {folder}", file=sys.stderr)
    res: dict[str, Any] = {"articles": articles, "words": words}
    ref = reference(folder)
    res["reference"] = {**ref, "words_per_s": round(words / ref["seconds"])}
    runs = [1, jobs] if one_job and jobs != 1 else [jobs]
    dbs = {}
    for j in runs:
        db = dbs[j] = fresh(out / f"bench-{articles}-j{j}.db")
        print(f"ingest --jobs {j} ...", file=sys.stderr)
        r = ingest(folder, db, j)
        res[f"ingest_jobs{j}"] = {
            "seconds": r["seconds"], "words_per_s": round(words / r["seconds"]),
            "articles_per_s": round(articles / r["seconds"], 1),
            "ratio_to_reference": round(ref["seconds"] / r["seconds"], 3),
            "peak_mib": r["peak_mib"], "main_peak_mib": r["main_peak_mib"],
            "summary": r["stderr"].strip().splitlines()[-1],
        }
    # at N and at 10N (where start-up weighs less)
    print("floor: ingest without extraction ...", file=sys.stderr)
    r = measure([sys.executable, __file__, "_floor", str(folder),
                 str(fresh(out / f"bench-{articles}-floor.db"))])
    res["floor"] = {"seconds": r["seconds"], "words_per_s": round(words / r["seconds"]),
                    "ratio_to_reference": round(ref["seconds"] / r["seconds"], 3)}
    first = runs[0]
    print("re-ingest (unchanged) ...", file=sys.stderr)
    again = ingest(folder, dbs[first], first)
    res["reingest"] = {"seconds": again["seconds"],
                       "fraction_of_first": round(again["seconds"]
                                                  / res[f"ingest_jobs{first}"]["seconds"], 3)}
    if len(runs) == 2:
        res["speedup"] = round(res["ingest_jobs1"]["seconds"]
                               / res[f"ingest_jobs{jobs}"]["seconds"], 2)
        res["same_result"] = fingerprint(dbs[1]) == fingerprint(dbs[jobs])
    res["db"] = str(dbs[first])
    return res


def machine() -> dict[str, Any]:
    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import spacy

    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem),
            "python": platform.python_version(), "spacy": spacy.__version__,
            "os": f"{platform.system()} {platform.release()}"}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=None, help="N [default: 5000; quick: 500]")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--claims", default=None, help="claim counts for reconcile [1e5,1e6]")
    ap.add_argument("--skip-10n", action="store_true", help="measure N only")
    ap.add_argument("--skip-realtext", action="store_true",
                    help="leave out ingest on real text (bench/realtext.py)")
    ap.add_argument("--timeout", type=float, default=900,
                    help="seconds a reconcile run may take before it is stopped")
    ap.add_argument("--out", type=Path, default=HERE / "out")
    ap.add_argument("--results", type=Path, default=HERE / "results.yaml")
    args = ap.parse_args(argv)
    n = args.articles or (500 if args.quick else 5000)
    counts = [int(float(x)) for x in (args.claims or ("1e4,1e5" if args.quick else "1e5,1e6"))
              .split(",")]
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.time()

    results: dict[str, Any] = {
        "taken": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "machine": machine(),
        "command": "python bench/run.py " + " ".join(sys.argv[1:] if argv is None else argv),
    }
    results["n"] = run_ingests(args.out, n, args.jobs, one_job=True)
    if not args.skip_10n:
        results["10n"] = run_ingests(args.out, 10 * n, args.jobs, one_job=False)
        a, b = results["n"][f"ingest_jobs{args.jobs}"], results["10n"][f"ingest_jobs{args.jobs}"]
        results["growth"] = {
            "jobs": args.jobs,
            "throughput_10n_over_n": round(b["words_per_s"] / a["words_per_s"], 2),
            "peak_memory_10n_over_n": round(b["peak_mib"] / a["peak_mib"], 2),
        }
    source = Path(results["n"]["db"])
    rec = []
    for count in counts:
        print(f"reconcile {count} claims ...", file=sys.stderr)
        r = measure([sys.executable, __file__, "_reconcile", str(source), str(count)],
                    timeout=args.timeout, check=False)
        if r.get("returncode") == 0:
            rec.append(json.loads(r["stdout"]))
        else:
            failure = ("timed out" if r.get("timed_out") else
                       (r["stderr"].strip().splitlines() or ["?"])[-1][:120])
            rec.append({"claims": count, "seconds": r["seconds"], "groups": None,
                        "conflicts": None, "claims_mib": None, "peak_mib": r["peak_mib"],
                        "failed": failure})
    results["reconcile"] = rec
    if len(rec) == 2 and not any("failed" in x for x in rec):
        results["reconcile_growth_time"] = round(rec[1]["seconds"] / max(rec[0]["seconds"], 1e-3),
                                                 1)
    stored = []
    for count in counts:
        store_db = claims_store(args.out, source, count)
        print(f"reconcile a store of {count} claims block by block ...", file=sys.stderr)
        r = measure([sys.executable, __file__, "_reconcile_stored", str(store_db)],
                    timeout=args.timeout, check=False)
        stored.append(json.loads(r["stdout"]) if r.get("returncode") == 0 else
                      {"claims": count, "seconds": r["seconds"], "peak_mib": r["peak_mib"],
                       "failed": "timed out" if r.get("timed_out") else
                       (r["stderr"].strip().splitlines() or ["?"])[-1][:120]})
    results["reconcile_stored"] = stored
    big = claims_store(args.out, source, counts[-1])
    marker = Path(f"{big}.complete")
    results["compare"] = {"store": json.loads(marker.read_text()),
                          **compare_latency(big, timeout=args.timeout)}
    if not args.skip_realtext:
        print("ingest on real text ...", file=sys.stderr)
        results["realtext"] = realtext.run(repeats=1 if args.quick else 3)
    elif args.results.exists():  # the figures of the last run that measured them stay
        last = yaml.safe_load(args.results.read_text()) or {}
        if "realtext" in last:
            results["realtext"] = last["realtext"]
    results["total_minutes"] = round((time.time() - started) / 60, 1)

    print_table(results, args.jobs)
    if "realtext" in results and "skipped" not in results["realtext"]:
        realtext.print_table(results["realtext"])
    args.results.write_text(yaml.safe_dump(results, sort_keys=False, allow_unicode=True))
    print(f"Wrote {args.results}", file=sys.stderr)
    return 0


def print_table(r: dict[str, Any], jobs: int) -> None:
    rows: list[tuple[str, str, str]] = []
    for key in ("n", "10n"):
        if key not in r:
            continue
        x = r[key]
        label = f"{x['articles']} articles, {x['words'] / 1e6:.1f}M words"
        rows.append((label, "reference (blank en nlp.pipe)",
                     f"{x['reference']['words_per_s']:,} words/s"))
        for j in (1, jobs):
            i = x.get(f"ingest_jobs{j}")
            if i is None:
                continue
            rows.append((label, f"ingest --jobs {j}",
                         f"{i['words_per_s']:,} words/s, {i['articles_per_s']} art/s, "
                         f"{i['ratio_to_reference']} of ref, peak {i['peak_mib']} MiB "
                         f"(main {i['main_peak_mib']})"))
        rows.append((label, "re-ingest unchanged",
                     f"{x['reingest']['seconds']} s = {x['reingest']['fraction_of_first']} of "
                     "first"))
        if "floor" in x:
            rows.append((label, "floor (ingest, no extraction)",
                         f"{x['floor']['words_per_s']:,} words/s, "
                         f"{x['floor']['ratio_to_reference']} of ref"))
        if "speedup" in x:
            rows.append((label, f"--jobs {jobs} speed-up", f"{x['speedup']}x, same result: "
                         f"{x['same_result']}"))
    if "growth" in r:
        g = r["growth"]
        rows.append(("N -> 10N", f"--jobs {g['jobs']}",
                     f"throughput x{g['throughput_10n_over_n']}, peak memory "
                     f"x{g['peak_memory_10n_over_n']}"))
    for x in r["reconcile"]:
        rows.append((f"{x['claims']:,} claims", "reconcile",
                     f"{x['seconds']} s, peak {x['peak_mib']} MiB (claims alone "
                     f"{x['claims_mib']} MiB)"
                     + (f" FAILED: {x['failed']}" if "failed" in x else "")))
    for x in r.get("reconcile_stored", ()):
        rows.append((f"{x['claims']:,} claims", "reconcile into the store, block by block",
                     f"failed ({x['failed']}), peak {x['peak_mib']} MiB" if "failed" in x else
                     f"{x['seconds']} s ({x['cpu_seconds']} s CPU), peak {x['peak_mib']} MiB; "
                     f"{x['groups']:,} groups, {x['conflicts']:,} conflicts"))
    c = r["compare"]
    rows.append((f"{c['store']['claims']:,} claims", "compare troops",
                 f"failed ({c['failed']}), peak {c['peak_mib']} MiB" if "failed" in c else
                 f"{c['cli_seconds']} s command cold (peak {c['cold_peak_mib']} MiB), "
                 f"{c['warm_cli_seconds']} s warm (peak {c['warm_peak_mib']} MiB), "
                 f"{c['library_seconds']} s in library warm; lists {c['groups']:,} of "
                 f"{c['stored_groups']:,} groups, {c['claims']:,} claims, {c['conflicts']:,} "
                 f"of {c['stored_conflicts']:,} conflicts"))
    w = [max(len(row[i]) for row in rows) for i in range(2)]
    for a, b, v in rows:
        print(f"{a:<{w[0]}}  {b:<{w[1]}}  {v}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_reconcile":
        print(json.dumps(reconcile_one(Path(sys.argv[2]), int(sys.argv[3]))))
    elif len(sys.argv) > 1 and sys.argv[1] == "_floor":
        floor(Path(sys.argv[2]), Path(sys.argv[3]))
    elif len(sys.argv) > 1 and sys.argv[1] == "_reconcile_stored":
        print(json.dumps(reconcile_stored(Path(sys.argv[2]), *sys.argv[3:4])))
    elif len(sys.argv) > 1 and sys.argv[1] == "_store":
        print(json.dumps(build_store(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))))
    else:
        sys.exit(main())
