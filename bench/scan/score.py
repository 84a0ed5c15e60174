#!/usr/bin/env python3
"""Score one tool's JSON Lines output against a corpus's gold.jsonl.

    python3 bench/scan/score.py --corpus bench/work/corpus-55mb --output out.jsonl \
        --name copydesk --time-file copydesk.time [--stderr-json] > result.json

Duplicates
  A planted pair (a, b) is found when the tool reports a "duplicate" record
  for {a, b} in either order, or puts a and b in one "cluster" record.
  Recall is given per kind (exact / edited / framed) and overall.
  Precision: a reported duplicate pair that is not planted is a false
  positive only if the true Jaccard of the two documents' 5-word shingle sets
  (lower-cased words, bench/scan/shingles.py) is below 0.3; unplanted pairs at
  or above 0.3 are counted separately as "unplanted_similar".  False positives
  whose smaller document has >= 90% of its shingles in the other (true
  containment) are also counted on their own.
Passages
  A planted passage is found when a "passage" record joins the two ids (either
  order) and its byte ranges cover at least 50% of the planted range on both
  sides.  A planted passage whose two ranges are both (>= 50%) occurrences of
  one "boilerplate" record is also found (copydesk reports text shared by
  many documents that way instead of as pairs).  Every passage record is also checked for sane offsets: in bounds, on
  UTF-8 character boundaries, and the two spans' texts sharing at least 30%
  of the smaller span's word bigrams (else it is counted as "suspect": the
  offsets probably do not point at the matching text).
Time and memory
  --time-file is the stderr of `/usr/bin/time -v`: wall clock and maximum
  resident set size are read from it.  With --stderr-json, a JSON summary line
  printed by the tool (peers.py) in that same file gives the tool's own
  measured seconds ("total_s"), which is then used for throughput.
"""

import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from shingles import shingle_set, jaccard  # noqa: E402


def parse_time_file(path):
    out = {}
    if not path or not os.path.exists(path):
        return out
    for line in open(path, errors="replace"):
        s = line.strip()
        if s.startswith("Elapsed (wall clock) time"):
            t = s.rsplit(": ", 1)[1]
            parts = [float(x) for x in t.split(":")]
            sec = 0.0
            for p in parts:
                sec = sec * 60 + p
            out["wall_s"] = sec
        elif s.startswith("Maximum resident set size"):
            out["peak_rss_mb"] = int(s.rsplit(": ", 1)[1]) / 1024.0
        elif s.startswith("User time"):
            out["user_s"] = float(s.rsplit(": ", 1)[1])
        elif s.startswith("System time"):
            out["sys_s"] = float(s.rsplit(": ", 1)[1])
        elif s.startswith("Exit status"):
            out["exit_status"] = int(s.rsplit(": ", 1)[1])
        elif s.startswith("{") and '"total_s"' in s:
            try:
                out["tool_summary"] = json.loads(s)
            except ValueError:
                pass
    return out


def git_state():
    """HEAD, and whether the sources the build uses differ from it."""
    import subprocess
    try:
        head = subprocess.check_output(["git", "rev-parse", "--short", "HEAD"], text=True).strip()
        dirty = subprocess.check_output(["git", "status", "--porcelain", "--", "src", "Cargo.toml", "Cargo.lock"],
                                        text=True).strip()
        return head + (" + uncommitted changes in src/" if dirty else "")
    except Exception:
        return "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", required=True, help="corpus directory (holds docs/ and gold.jsonl)")
    ap.add_argument("--output", required=True, help="the tool's JSON Lines output")
    ap.add_argument("--name", required=True)
    ap.add_argument("--time-file")
    ap.add_argument("--stderr-json", action="store_true")
    ap.add_argument("--max-offset-checks", type=int, default=5000)
    args = ap.parse_args()

    docs = os.path.join(args.corpus, "docs")
    manifest = json.load(open(os.path.join(args.corpus, "manifest.json")))
    gold = [json.loads(l) for l in open(os.path.join(args.corpus, "gold.jsonl"))]
    gdup = {}
    for g in gold:
        if g["type"] == "duplicate":
            gdup[frozenset((g["a"], g["b"]))] = g["kind"]
    gpas = [g for g in gold if g["type"] == "passage"]

    pairs, clusters, passages, boiler, other, bad_lines = set(), [], [], [], {}, 0
    for line in open(args.output, errors="replace"):
        line = line.strip()
        if not line:
            continue
        try:
            r = json.loads(line)
        except ValueError:
            bad_lines += 1
            continue
        t = r.get("type")
        if t == "duplicate":
            pairs.add(frozenset((r["a"], r["b"])))
        elif t == "cluster":
            clusters.append(r["members"])
        elif t == "passage":
            passages.append(r)
        elif t == "boilerplate":
            boiler.append(r.get("occurrences", []))
        else:
            other[t] = other.get(t, 0) + 1
    cluster_of = {}
    for ci, members in enumerate(clusters):
        for m in members:
            cluster_of.setdefault(m, set()).add(ci)

    cache = {}

    def text(i):
        if i not in cache:
            cache[i] = open(os.path.join(docs, i), "rb").read()
        return cache[i]

    sh_cache = {}

    def sh(i):
        if i not in sh_cache:
            sh_cache[i] = shingle_set(text(i).decode("utf-8", errors="replace"))
        return sh_cache[i]

    # ---- duplicate recall
    kinds = {}
    for key, kind in gdup.items():
        a, b = tuple(key)
        by_pair = key in pairs
        by_cluster = bool(cluster_of.get(a, set()) & cluster_of.get(b, set()))
        k = kinds.setdefault(kind, {"planted": 0, "found": 0, "found_by_pair": 0})
        k["planted"] += 1
        k["found"] += by_pair or by_cluster
        k["found_by_pair"] += by_pair
    tot_planted = sum(k["planted"] for k in kinds.values())
    tot_found = sum(k["found"] for k in kinds.values())
    for k in kinds.values():
        k["recall"] = k["found"] / k["planted"] if k["planted"] else None
    # missed planted pairs by their true Jaccard (for the write-up)
    def cont(a, b):
        sa, sb = sh(a), sh(b)
        return len(sa & sb) / max(1, min(len(sa), len(sb)))

    missed = []
    for key, kind in gdup.items():
        a, b = sorted(key)
        if key in pairs or (cluster_of.get(a, set()) & cluster_of.get(b, set())):
            continue
        missed.append({"a": a, "b": b, "kind": kind, "jaccard": round(jaccard(sh(a), sh(b)), 3),
                       "containment": round(cont(a, b), 3)})
    missed.sort(key=lambda m: m["jaccard"])

    # ---- duplicate precision
    fp, fp_contained, unplanted_similar, fp_examples = 0, 0, 0, []
    for key in pairs:
        if key in gdup:
            continue
        a, b = tuple(key)
        j = jaccard(sh(a), sh(b))
        if j < 0.3:
            fp += 1
            c = cont(a, b)
            fp_contained += c >= 0.9
            if len(fp_examples) < 10:
                fp_examples.append({"a": a, "b": b, "jaccard": round(j, 3), "containment": round(c, 3)})
        else:
            unplanted_similar += 1
    n_pairs = len(pairs)
    precision = (n_pairs - fp) / n_pairs if n_pairs else None

    # ---- passages
    by_ids = {}
    for r in passages:
        by_ids.setdefault(frozenset((r["a"]["id"], r["b"]["id"])), []).append(r)

    def cover(planted, rep):
        lo, hi = max(planted["start"], rep["start"]), min(planted["end"], rep["end"])
        return max(0, hi - lo) / max(1, planted["end"] - planted["start"])

    boiler_of = {}
    for bi, occ in enumerate(boiler):
        for o in occ:
            boiler_of.setdefault(o["id"], []).append((bi, o))

    def in_boilerplate(g):
        """Both planted ranges covered >= 50% by occurrences of one boilerplate record."""
        a_hits = {bi for bi, o in boiler_of.get(g["a"]["id"], []) if cover(g["a"], o) >= 0.5}
        b_hits = {bi for bi, o in boiler_of.get(g["b"]["id"], []) if cover(g["b"], o) >= 0.5}
        return bool(a_hits & b_hits)

    p_found, p_boiler, ious, p_missed = 0, 0, [], []
    for g in gpas:
        best = None
        for r in by_ids.get(frozenset((g["a"]["id"], g["b"]["id"])), []):
            if r["a"]["id"] == g["a"]["id"] and r["b"]["id"] == g["b"]["id"]:
                ra, rb = r["a"], r["b"]
            else:
                ra, rb = r["b"], r["a"]
            ca, cb = cover(g["a"], ra), cover(g["b"], rb)
            if ca >= 0.5 and cb >= 0.5:
                ia = max(0, min(g["a"]["end"], ra["end"]) - max(g["a"]["start"], ra["start"])) / \
                    (max(g["a"]["end"], ra["end"]) - min(g["a"]["start"], ra["start"]))
                ib = max(0, min(g["b"]["end"], rb["end"]) - max(g["b"]["start"], rb["start"])) / \
                    (max(g["b"]["end"], rb["end"]) - min(g["b"]["start"], rb["start"]))
                if best is None or ia + ib > best:
                    best = ia + ib
        if best is not None:
            p_found += 1
            ious.append(best / 2)
        elif in_boilerplate(g):
            p_found += 1
            p_boiler += 1
        elif len(p_missed) < 10:
            p_missed.append({"a": g["a"], "b": g["b"], "words": g.get("words"),
                             "reported_between_ids": len(by_ids.get(frozenset((g["a"]["id"], g["b"]["id"])), []))})

    # ---- offset sanity on passage records
    checked, out_of_bounds, not_char_boundary, suspect, suspect_examples = 0, 0, 0, 0, []
    step = max(1, len(passages) // args.max_offset_checks) if passages else 1
    for r in passages[::step]:
        checked += 1
        spans, ok = [], True
        for side in (r["a"], r["b"]):
            data = text(side["id"])
            s, e = side["start"], side["end"]
            if not (0 <= s < e <= len(data)):
                out_of_bounds += 1
                ok = False
                break
            if (s < len(data) and (data[s] & 0xC0) == 0x80) or (e < len(data) and (data[e] & 0xC0) == 0x80):
                not_char_boundary += 1
            spans.append(data[s:e].decode("utf-8", errors="replace"))
        if not ok:
            continue
        sa, sb = shingle_set(spans[0], 2), shingle_set(spans[1], 2)
        sim = len(sa & sb) / max(1, min(len(sa), len(sb)))
        if sim < 0.3:
            suspect += 1
            if len(suspect_examples) < 5:
                suspect_examples.append({"record": r, "span_shingle_overlap": round(sim, 3),
                                         "a_text": spans[0][:160], "b_text": spans[1][:160]})

    # ---- time / memory
    tm = parse_time_file(args.time_file)
    secs = tm.get("wall_s")
    if args.stderr_json and "tool_summary" in tm:
        secs = tm["tool_summary"]["total_s"]
    mb = manifest["bytes"] / 1e6
    res = {
        "commit": git_state(),
        "name": args.name,
        "corpus": os.path.abspath(args.corpus), "corpus_mb": round(mb, 3), "documents": manifest["documents"],
        "seconds": secs, "wall_s": tm.get("wall_s"), "user_s": tm.get("user_s"), "sys_s": tm.get("sys_s"),
        "mb_per_s": (mb / secs) if secs else None, "peak_rss_mb": tm.get("peak_rss_mb"),
        "exit_status": tm.get("exit_status"),
        "duplicates": {"kinds": kinds, "planted": tot_planted, "found": tot_found,
                       "recall": tot_found / tot_planted if tot_planted else None,
                       "reported_pairs": n_pairs, "clusters": len(clusters),
                       "false_positives": fp, "false_positives_containment_ge_0.9": fp_contained,
                       "unplanted_similar": unplanted_similar,
                       "precision": precision, "fp_examples": fp_examples,
                       "missed": missed},
        "passages": {"planted": len(gpas), "found": p_found, "found_as_boilerplate": p_boiler,
                     "recall": p_found / len(gpas) if gpas else None,
                     "mean_iou_found": sum(ious) / len(ious) if ious else None,
                     "reported": len(passages), "offset_checks": checked,
                     "out_of_bounds": out_of_bounds, "not_char_boundary": not_char_boundary,
                     "suspect_spans": suspect, "suspect_examples": suspect_examples,
                     "missed_examples": p_missed},
        "other_records": other, "unparsable_lines": bad_lines,
    }
    if "tool_summary" in tm:
        res["tool_summary"] = tm["tool_summary"]
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
