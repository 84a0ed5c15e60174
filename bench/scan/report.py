#!/usr/bin/env python3
"""Print the scan benchmark table from score.py results and, with --write,
put it into BENCHMARKS-history.md (section "Scan", one block per corpus size that a
rerun replaces).

    python3 bench/scan/report.py bench/work/results-55mb [--write BENCHMARKS-history.md]
"""

import argparse
import datetime
import glob
import json
import os
import platform
import re
import subprocess

ORDER = ["copydesk-t2", "copydesk-t1", "copydesk-nospin-t2", "copydesk-nospin-t1", "datasketch", "rensa"]
LABEL = {"copydesk-t2": "copydesk scan (2 threads)", "copydesk-t1": "copydesk scan (1 thread)",
         "copydesk-nospin-t2": "copydesk scan --no-spin (2 threads)",
         "copydesk-nospin-t1": "copydesk scan --no-spin (1 thread)",
         "datasketch": "datasketch MinHashLSH", "rensa": "rensa RMinHashLSH"}


def pct(x):
    return "—" if x is None else "%.1f%%" % (100 * x)


def num(x, f="%.2f"):
    return "—" if x is None else f % x


def load(resdir):
    res = {}
    for f in glob.glob(os.path.join(resdir, "*.score.json")):
        r = json.load(open(f))
        res[r["name"]] = r
    return res


def table(res):
    names = [n for n in ORDER if n in res] + sorted(n for n in res if n not in ORDER)
    rows = []
    hdr = ("| tool | seconds | MB/s | process wall s | CPU s (user+sys) | peak RSS MB | exact | edited | framed | dup recall | dup precision "
           "| unplanted similar pairs | passage recall |")
    rows.append(hdr)
    rows.append("|" + "---|" * (hdr.count("|") - 1))
    for n in names:
        r = res[n]
        d, p = r["duplicates"], r["passages"]
        k = d["kinds"]
        kc = lambda kind: ("%d/%d" % (k[kind]["found"], k[kind]["planted"])) if kind in k else "—"  # noqa: E731
        prec = "%s (%d FP / %d pairs)" % (pct(d["precision"]), d["false_positives"], d["reported_pairs"])
        if d.get("false_positives_containment_ge_0.9"):
            prec = prec[:-1] + "; %d of the FP are contained >= 90%%)" % d["false_positives_containment_ge_0.9"]
        prec_txt = prec if d["reported_pairs"] else "— (no pairs)"
        passage = "%s (%d/%d)" % (pct(p["recall"]), p["found"], p["planted"]) if p["reported"] else "n/a"
        cpu = (r["user_s"] or 0) + (r["sys_s"] or 0) if r.get("user_s") is not None else None
        rows.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %d | %s |" % (
            LABEL.get(n, n), num(r["seconds"]), num(r["mb_per_s"], "%.1f"), num(r["wall_s"]), num(cpu),
            num(r["peak_rss_mb"], "%.0f"),
            kc("exact"), kc("edited"), kc("framed"), pct(d["recall"]), prec_txt,
            d["unplanted_similar"], passage))
    return "\n".join(rows)


def ratios(res):
    out = []
    peers = [n for n in ("datasketch", "rensa") if n in res and res[n]["seconds"]]
    for c in ("copydesk-t2", "copydesk-t1", "copydesk-nospin-t2", "copydesk-nospin-t1"):
        if c not in res or not res[c]["seconds"]:
            continue
        for p in peers:
            out.append("- %s vs %s: copydesk takes %.3fx the time (%.2fx %s)" % (
                LABEL[c], LABEL[p], res[c]["seconds"] / res[p]["seconds"],
                res[p]["seconds"] / res[c]["seconds"],
                "faster" if res[p]["seconds"] >= res[c]["seconds"] else "as fast, i.e. slower"))
    if "copydesk-t2" in res and peers:
        best = min(peers, key=lambda p: res[p]["seconds"])
        c, b = res["copydesk-t2"], res[best]
        speed = b["seconds"] / c["seconds"] if c["seconds"] else 0
        rec_ok = (c["duplicates"]["recall"] or 0) >= (b["duplicates"]["recall"] or 0)
        cpu = lambda r: (r.get("user_s") or 0) + (r.get("sys_s") or 0)  # noqa: E731
        for cn in ("copydesk-t2", "copydesk-nospin-t2"):
            if cn in res and cpu(res[cn]) and cpu(b):
                out.append("- By CPU time (user+sys of the whole process, less sensitive to the other load "
                           "on the machine): %s %.2f s, %s %.2f s: %s" % (
                               LABEL[cn], cpu(res[cn]), LABEL[best], cpu(b),
                               ("%.2fx less" % (cpu(b) / cpu(res[cn]))) if cpu(res[cn]) <= cpu(b)
                               else ("%.2fx more" % (cpu(res[cn]) / cpu(b)))))
        out.append("- Target (full scan, i.e. the default `copydesk scan`, >= 5x faster than the faster peer, %s, "
                   "with recall at least as high): "
                   "speed %.2fx -> %s; recall %s vs %s -> %s" % (
                       LABEL[best], speed, "met" if speed >= 5 else "NOT met",
                       pct(c["duplicates"]["recall"]), pct(b["duplicates"]["recall"]),
                       "met" if rec_ok else "NOT met"))
        # The peers' `seconds` leave out Python's start, imports and writing the pairs;
        # copydesk's are its whole process. Compare whole processes as well (like with like).
        if c.get("wall_s") and b.get("wall_s"):
            whole = b["wall_s"] / c["wall_s"]
            out.append("- The same, comparing whole processes (%s's process %.2f s, copydesk's %.2f s): "
                       "speed %.2fx -> %s" % (LABEL[best], b["wall_s"], c["wall_s"], whole,
                                              "met" if whole >= 5 else "NOT met"))
    return "\n".join(out)


def stages(res, resdir):
    """Stage times: copydesk's --verbose clock (fastest of the runs) and the peers' own split."""
    out = []
    for v in ("copydesk-t1", "copydesk-nospin-t1"):
        f = os.path.join(resdir, v + ".time")
        if not os.path.exists(f):
            continue
        st = []
        for line in open(f):
            m = re.match(r"copydesk: (?:read \d+ documents in|(\w[\w ]*?)) ([0-9.]+)s$", line.strip())
            if m:
                st.append((m.group(1) or "read", float(m.group(2))))
        tot = sum(s for _, s in st)
        if st:
            out.append("- %s, its stage clock (`--verbose`, wall seconds): " % LABEL[v] + ", ".join(
                "%s %.2f s (%.0f%%)" % (n, s, 100 * s / tot) for n, s in st))
    for n in ("rensa", "datasketch"):
        t = res.get(n, {}).get("tool_summary")
        if t:
            parts = [("read files", t["read_s"]), ("shingle (Python)", t["shingle_s"]),
                     ("sketch", t["sketch_s"]), ("LSH index + queries", t["lsh_s"])]
            out.append("- %s stages: " % n + ", ".join(
                "%s %.2f s (%.0f%%)" % (k, v, 100 * v / t["total_s"]) for k, v in parts))
    return "\n".join(out)


def git_rev(res, resdir):
    f = os.path.join(resdir, "copydesk-build.txt")
    if os.path.exists(f):
        return open(f).read().strip()
    revs = sorted({r.get("commit", "?") for n, r in res.items() if n.startswith("copydesk")})
    return ", ".join(revs) or "?"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("resdir")
    ap.add_argument("--write", metavar="BENCHMARKS.md")
    ap.add_argument("--command", default="bash bench/scan/run.sh")
    args = ap.parse_args()
    res = load(args.resdir)
    if not res:
        raise SystemExit("no *.score.json in " + args.resdir)
    any_r = next(iter(res.values()))
    size = "%.1f MB" % any_r["corpus_mb"]
    meta = json.load(open(os.path.join(any_r["corpus"], "manifest.json")))
    cpu = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    machine_load = ""
    try:
        la = open("/proc/loadavg").read().split()[:3]
        machine_load = "load average %s" % " / ".join(la)
        for line in open("/proc/pressure/cpu"):
            if line.startswith("some"):
                f = dict(kv.split("=") for kv in line.split()[1:])
                machine_load += ", CPU pressure (PSI some) avg60 %s%% / avg300 %s%%" % (f["avg60"], f["avg300"])
    except OSError:
        pass
    mt = max(os.path.getmtime(f) for f in glob.glob(os.path.join(args.resdir, "*.score.json")))
    when = datetime.datetime.fromtimestamp(mt, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    tbl, rat, stg = table(res), ratios(res), stages(res, args.resdir)
    print(tbl)
    print(rat)
    print(stg)
    if not args.write:
        return
    tag = "%dmb" % round(any_r["corpus_mb"])
    block = "\n".join([
        "<!-- scan:%s:begin (generated by bench/scan/report.py; a rerun replaces this block) -->" % tag,
        "### Corpus %s (%d documents; planted: %s)" % (
            size, meta["documents"], ", ".join("%s %d" % kv for kv in meta["planted"].items())),
        "",
        "Measured %s, copydesk built from `%s`, on a shared 2-core machine (%s, %d cores visible, Linux %s); "
        "other builds were running (when the table was written: %s), so times can vary by tens of percent "
        "between runs." % (
            when, git_rev(res, args.resdir), cpu or platform.machine(), os.cpu_count() or 0, platform.release(),
            machine_load or "load unknown"),
        "Command: `%s`" % args.command,
        "",
        tbl,
        "",
        rat,
        "",
        "Where the time goes:",
        "",
        stg,
        "",
        "<!-- scan:%s:end -->" % tag,
    ])
    path = args.write
    text = open(path).read() if os.path.exists(path) else ""
    pat = re.compile(r"<!-- scan:%s:begin.*?<!-- scan:%s:end -->" % (tag, tag), re.S)
    if pat.search(text):
        text = pat.sub(lambda m: block, text)
    elif "<!-- scan:results -->" in text:
        ends = list(re.finditer(r"<!-- scan:\w+:end -->", text))
        if ends:  # after the last block
            at = ends[-1].end()
            text = text[:at] + "\n\n" + block + text[at:]
        else:
            text = text.replace("<!-- scan:results -->", "<!-- scan:results -->\n\n" + block, 1)
    else:
        raise SystemExit("%s has no '<!-- scan:results -->' marker" % path)
    open(path, "w").write(text)
    print("wrote", path)


if __name__ == "__main__":
    main()
