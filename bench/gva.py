"""Score extraction on the external SemEval-2018 Task 5 / Gun Violence Archive suite.

    python bench/gva.py [--suite ../shared/external/semeval2018-task5-gva] [--output FILE]

Reads the suite in place (it has no license: nothing of it is copied into the repository),
extracts claims from each document with its `doc_date` as publication date, and reports the
recall of the killed / injured counts that the text states (`text_support.*.status: explicit`):
a hit is a `casualties.killed` (or `casualties.wounded`) claim whose value is the gold count.
Precision: of the claims extracted (dates aside), those that are the article's killed or injured
count (a killed, wounded or killed-or-wounded claim whose value is the archive's count of that
kind); the rest are figures the text gives for something else, or misreadings.
Exits 0 with a note when the suite is absent.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

from claimtrack.config import ClaimsConfig, load_config
from claimtrack.extract.document import Extraction
from claimtrack.load.files import Found, load_file
from claimtrack.load.sidecar import SidecarEntry
from claimtrack.models import Claim, Skipped
from claimtrack.reconcile import reconcile

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
DEFAULT_SUITE = SHARED / "external" / "semeval2018-task5-gva"
FIELDS = {"killed": "casualties.killed", "injured": "casualties.wounded"}


def extract_suite(suite: Path, extraction: Extraction) -> dict[str, list[Claim]]:
    """Claims per doc_id, extracted with each document's doc_date as its publication date."""
    gold = yaml.safe_load((suite / "gold.yaml").read_text(encoding="utf-8"))
    out: dict[str, list[Claim]] = {}
    for d in gold["documents"]:
        path = suite / d["file"]
        meta = SidecarEntry(published=d.get("doc_date"))
        doc = load_file(Found(path, str(path)), path.read_bytes(), meta)
        out[d["doc_id"]] = [] if isinstance(doc, Skipped) else extraction(doc)
    return out


def score(suite: Path, claims: dict[str, list[Claim]]) -> dict[str, Any]:
    gold = yaml.safe_load((suite / "gold.yaml").read_text(encoding="utf-8"))
    result: dict[str, Any] = {}
    misses: list[str] = []
    for field, kind in FIELDS.items():
        hits = total = 0
        for d in gold["documents"]:
            support = d["text_support"][field]
            if support["status"] != "explicit":
                continue
            total += 1
            want = d["gold"][field]
            values = {c.value for c in claims[d["doc_id"]] if c.kind == kind}
            if want in values:
                hits += 1
            else:
                got = sorted(v for v in values if v is not None)
                misses.append(f"{d['doc_id']} {field}={want} got {got}")
        result[field] = {"explicit": total, "found": hits,
                         "recall": round(hits / total, 3) if total else None}
    both = [result[f] for f in FIELDS]
    found = sum(r["found"] for r in both)
    total = sum(r["explicit"] for r in both)
    result["overall"] = {"explicit": total, "found": found, "recall": round(found / total, 3)}
    result["misses"] = misses
    return result


def score_precision(suite: Path, claims: dict[str, list[Claim]]) -> dict[str, Any]:
    """How many claims are the article's killed / injured counts: over all claims (dates
    aside) and over the killed and wounded claims alone."""
    gold = yaml.safe_load((suite / "gold.yaml").read_text(encoding="utf-8"))
    right = {"all": 0, "casualties": 0}
    total = {"all": 0, "casualties": 0}
    parts = 0  # of the others, figures marked as a part of another ("six remained ...")
    others: list[str] = []
    for d in gold["documents"]:
        g = d["gold"]
        counts = {"casualties.killed": g["killed"], "casualties.wounded": g["injured"],
                  "casualties.killed_or_wounded": g["killed"] + g["injured"]}
        for c in claims[d["doc_id"]]:
            if c.kind == "date":
                continue
            hit = c.kind in counts and c.value == counts[c.kind]
            for scope in ("all", "casualties") if c.kind in FIELDS.values() else ("all",):
                total[scope] += 1
                right[scope] += hit
            if not hit:
                parts += c.part_of is not None
                others.append(f"{d['doc_id']} {c.kind} {c.value} {c.quote!r}"
                              + (" (part)" if c.part_of else ""))
    return {scope: {"claims": total[scope], "counts": right[scope],
                    "precision": round(right[scope] / total[scope], 3) if total[scope] else None}
            for scope in total} | {"parts": parts, "others": others}


def score_dates(suite: Path) -> dict[str, Any]:
    """Publication dates the loader finds on its own: from the text alone, and with the
    document's source url as its only metadata; each against the crawler's doc_date (a date
    more than a day off counts as wrong)."""
    gold = yaml.safe_load((suite / "gold.yaml").read_text(encoding="utf-8"))
    result: dict[str, Any] = {}
    for mode in ("text", "url"):
        found = wrong = 0
        wrongs: list[str] = []
        for d in gold["documents"]:
            path = suite / d["file"]
            meta = SidecarEntry(url=d.get("source_url")) if mode == "url" else None
            doc = load_file(Found(path, str(path)), path.read_bytes(), meta)
            if isinstance(doc, Skipped) or not doc.articles:
                continue
            day = doc.articles[0].meta.anchor
            if day is None:
                continue
            found += 1
            want = dt.date.fromisoformat(str(d["doc_date"])) if d.get("doc_date") else None
            if want is not None and abs((day - want).days) > 1:
                wrong += 1
                wrongs.append(f"{d['doc_id']}: {day} vs doc_date {want}")
        result[mode] = {"documents": len(gold["documents"]), "dated": found, "wrong": wrong,
                        "wrongs": wrongs}
    return result


def score_groups(
    suite: Path, claims: dict[str, list[Claim]], config: ClaimsConfig
) -> dict[str, Any]:
    """Reconcile all casualty claims of the suite together, then check, per incident, that no
    group mixes incidents and that the group estimates equal the archive's counts."""
    gold = yaml.safe_load((suite / "gold.yaml").read_text(encoding="utf-8"))
    incident_of = {d["doc_id"]: d["incident_id"] for d in gold["documents"]}
    name_to_doc = {Path(d["file"]).name: d["doc_id"] for d in gold["documents"]}
    pool = [c for cs in claims.values() for c in cs if c.kind in FIELDS.values()]
    rec = reconcile(pool, config)
    by_id = {c.id: c for c in pool}
    mixed = 0
    per_incident: dict[tuple[str, str], list[tuple[int, float | None]]] = defaultdict(list)
    for g in rec.groups:
        incidents = {incident_of[name_to_doc[by_id[i].document]] for i in g.claims}
        if len(incidents) > 1:
            mixed += 1
        best = g.estimate.best if g.estimate else None
        for inc in incidents:
            per_incident[(inc, g.kind)].append((len(g.claims), best))
    right = total = 0
    wrong: list[str] = []
    for inc in gold["incidents"]:
        for field, kind in FIELDS.items():
            total += 1
            want = inc["gold"][field]
            groups = per_incident.get((str(inc["incident_id"]), kind), [])
            got = max(groups, key=lambda g: g[0])[1] if groups else 0
            if got == want:
                right += 1
            else:
                wrong.append(f"incident {inc['incident_id']} {field}: {got} vs {want}")
    return {"groups": len(rec.groups), "mixed_groups": mixed, "counts": total,
            "estimate_equals_gold": right, "accuracy": round(right / total, 3), "wrong": wrong}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--suite", type=Path, default=DEFAULT_SUITE)
    parser.add_argument("--output", type=Path)
    parser.add_argument("--misses", action="store_true", help="list the counts not found")
    args = parser.parse_args(argv)
    if not (args.suite / "gold.yaml").is_file():
        print(f"suite not found at {args.suite}; nothing to score", file=sys.stderr)
        return 0
    loaded = load_config()
    extraction = Extraction(loaded)
    claims = extract_suite(args.suite, extraction)
    result = score(args.suite, claims)
    result["reconciliation"] = score_groups(args.suite, claims, loaded.config)
    result["precision"] = score_precision(args.suite, claims)
    for field in (*FIELDS, "overall"):
        r = result[field]
        print(f"{field:8} recall {r['recall']:.3f} ({r['found']}/{r['explicit']} explicit counts)")
    for scope, label in (("all", "all claims"), ("casualties", "killed and wounded claims")):
        r = result["precision"][scope]
        print(f"precision {r['precision']:.3f} of {label} are the article's killed/injured "
              f"counts ({r['counts']}/{r['claims']})")
    print(f"          of the others, {result['precision']['parts']} are marked as a part of "
          "another figure")
    r = result["reconciliation"]
    print(f"groups   {r['groups']}, mixing incidents: {r['mixed_groups']}; estimate equals the "
          f"archive's count for {r['estimate_equals_gold']}/{r['counts']} incident counts "
          f"({r['accuracy']:.3f})")
    result["dates"] = score_dates(args.suite)
    for mode, label in (("text", "text alone"), ("url", "with its url")):
        r = result["dates"][mode]
        print(f"dates    {label}: {r['dated']}/{r['documents']} documents dated, "
              f"{r['wrong']} more than a day from doc_date")
        for w in r["wrongs"]:
            print("  wrong date", w)
    r = result["reconciliation"]
    if args.misses:
        for m in result["misses"]:
            print("  missed", m)
        for m in result["precision"]["others"]:
            print("  other", m)
        for m in r["wrong"]:
            print("  wrong estimate", m)
    if args.output:
        args.output.write_text(yaml.safe_dump(result, sort_keys=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
