#!/usr/bin/env python3
"""How copydesk scan grows with corpus size, against MinHash LSH peers.

    python3 bench/scan/growth.py run --sizes 10 30 100 170 --repeat 3
    python3 bench/scan/growth.py report [--write BENCHMARKS-history.md] [--svg bench/growth.svg]
    python3 bench/scan/growth.py rounds RUNS.jsonl...   # per-round ratios, both clocks

`run` runs, in rounds (every tool once per size per round, so that the other
load on the shared machine falls on all tools alike), under /usr/bin/time -v:

  copydesk        target/release/copydesk scan DOCS --json --verbose
                  (the default scan: duplicates, clusters, passages, boilerplate,
                  spun-copy pairing; all cores)
  copydesk-nopairs  the same with --no-spun-pairs
  datasketch, rensa bench/scan/peers.py (MinHash LSH, 5-word shingles,
                  128 permutations, threshold 0.5; single-threaded)

on bench/work/growth/corpus-<N>mb (made by make_corpus.py with the full source
pool, so every size has the same mix).  Every run is appended to
results/runs.jsonl (wall, CPU, peak RSS, the CPU pressure of the machine);
the fastest run of each tool and size is kept and scored with score.py.

A tool's "seconds" is copydesk's process wall clock, but a peer's own clock
around its work (reading, shingling, sketching, LSH), without the interpreter's
start, the imports and writing its pairs: a comparison that favours the peers.
The report gives the ratio both ways: "time vs faster peer" on these seconds,
"whole process" on the process wall clock of every tool (the same kept runs).

`report` prints one table (size x tool: seconds, MB/s, CPU, peak RSS, recall,
precision, passage recall, ratio to the faster peer), writes it into
BENCHMARKS-history.md between the growth markers, and draws the chart with matplotlib
(throughput and peak memory against corpus size).
"""

import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
from score import parse_time_file  # noqa: E402

WORK = os.path.join(ROOT, "bench", "work", "growth")
VENV_PY = os.path.join(ROOT, "bench", "work", "venv", "bin", "python")
COPYDESK = os.path.join(ROOT, "target", "release", "copydesk")
TOOLS = ["copydesk", "copydesk-nopairs", "datasketch", "rensa"]
LABEL = {"copydesk": "copydesk scan", "copydesk-nopairs": "copydesk scan --no-spun-pairs",
         "datasketch": "datasketch MinHashLSH", "rensa": "rensa RMinHashLSH"}
PEERS = ("datasketch", "rensa")


def corpus_dir(size):
    return os.path.join(WORK, "corpus-%smb" % size)


def res_dir(size):
    return os.path.join(WORK, "results", "%smb" % size)


def command(tool, docs, out):
    if tool == "copydesk":
        return [COPYDESK, "scan", docs, "--json", "--verbose"]
    if tool == "copydesk-nopairs":
        return [COPYDESK, "scan", docs, "--json", "--verbose", "--no-spun-pairs"]
    return [VENV_PY, os.path.join(HERE, "peers.py"), tool, docs, "--out", out]


def cpu_pressure():
    """The machine's CPU pressure (PSI 'some' avg10, %): how much other work competed."""
    try:
        for line in open("/proc/pressure/cpu"):
            if line.startswith("some"):
                return float(line.split()[1].split("=")[1])
    except OSError:
        pass
    return None


def seconds(tm):
    """The tool's time: peers' own clock (work only), copydesk's process wall clock."""
    if "tool_summary" in tm:
        return tm["tool_summary"]["total_s"]
    return tm.get("wall_s")


def run(args):
    runs_path = os.path.join(WORK, "results", "runs.jsonl")
    os.makedirs(os.path.dirname(runs_path), exist_ok=True)
    if not args.keep_best and os.path.exists(runs_path):
        os.remove(runs_path)
    best = {}
    for size in args.sizes:
        os.makedirs(res_dir(size), exist_ok=True)
        bp = os.path.join(res_dir(size), "best.json")
        best[size] = json.load(open(bp)) if os.path.exists(bp) and args.keep_best else {}
    tools = [t for t in TOOLS if t in args.tools]
    for rnd in range(1, args.repeat + 1):
        for size in args.sizes:
            docs = os.path.join(corpus_dir(size), "docs")
            subprocess.run("find %s -name '*.txt' -print0 | xargs -0 cat > /dev/null" % docs, shell=True, check=True)
            for tool in tools:
                rd = res_dir(size)
                out, tf = os.path.join(rd, tool + ".run.jsonl"), os.path.join(rd, tool + ".run.time")
                psi0 = cpu_pressure()
                started = datetime.datetime.now(datetime.timezone.utc).strftime("%H:%M:%S")
                with open(out, "wb") as o, open(tf, "wb") as e:
                    rc = subprocess.run(["/usr/bin/time", "-v"] + command(tool, docs, os.path.join(rd, tool + ".pairs.jsonl")),
                                        stdout=o, stderr=e).returncode
                tm = parse_time_file(tf)
                rec = {"size": size, "tool": tool, "round": rnd, "start_utc": started, "exit": rc,
                       "seconds": seconds(tm), "wall_s": tm.get("wall_s"), "user_s": tm.get("user_s"),
                       "sys_s": tm.get("sys_s"), "peak_rss_mb": tm.get("peak_rss_mb"),
                       "psi_before": psi0, "psi_after": cpu_pressure()}
                with open(runs_path, "a") as fh:
                    fh.write(json.dumps(rec) + "\n")
                print("round %d %6s MB %-17s %7.2f s  %6.0f MB  (psi %s)" % (
                    rnd, size, tool, rec["seconds"] or -1, rec["peak_rss_mb"] or -1, rec["psi_after"]), file=sys.stderr, flush=True)
                if rc != 0:
                    print(open(tf, errors="replace").read()[-3000:], file=sys.stderr)
                    continue
                b = best[size].get(tool)
                if b is None or rec["seconds"] < b["seconds"]:
                    best[size][tool] = rec
                    src = os.path.join(rd, tool + ".pairs.jsonl") if tool in PEERS else out
                    shutil.copy(src, os.path.join(rd, tool + ".jsonl"))
                    shutil.copy(tf, os.path.join(rd, tool + ".time"))
                json.dump(best[size], open(os.path.join(rd, "best.json"), "w"), indent=1)
    for size in args.sizes:
        for tool in tools:
            rd = res_dir(size)
            if tool not in best[size]:
                continue
            with open(os.path.join(rd, tool + ".score.json"), "w") as fh:
                subprocess.run([sys.executable, os.path.join(HERE, "score.py"), "--corpus", corpus_dir(size),
                                "--output", os.path.join(rd, tool + ".jsonl"), "--name", tool,
                                "--time-file", os.path.join(rd, tool + ".time")]
                               + (["--stderr-json"] if tool in PEERS else []), stdout=fh, check=True)
    build = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "src", "Cargo.toml", "Cargo.lock"], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()
    with open(os.path.join(WORK, "results", "build.txt"), "w") as fh:
        fh.write(build + (" + uncommitted changes in src/" if dirty else "") + "\n")


# ------------------------------------------------------------------ report

def load_results():
    rows = []
    base = os.path.join(WORK, "results")
    for d in sorted(os.listdir(base)):
        if not d.endswith("mb") or not os.path.isdir(os.path.join(base, d)):
            continue
        for tool in TOOLS:
            f = os.path.join(base, d, tool + ".score.json")
            if not os.path.exists(f):
                continue
            r = json.load(open(f))
            r["tool"] = tool
            r["size_tag"] = d
            r["stages"] = copydesk_stages(os.path.join(base, d, tool + ".time"))
            rows.append(r)
    rows.sort(key=lambda r: (r["corpus_mb"], TOOLS.index(r["tool"])))
    return rows


def copydesk_stages(time_file):
    st = []
    if os.path.exists(time_file):
        for line in open(time_file, errors="replace"):
            m = re.match(r"copydesk: (?:read \d+ documents in|(\w[\w ]*?)) ([0-9.]+)s$", line.strip())
            if m:
                st.append((m.group(1) or "read", float(m.group(2))))
    return st


def pct(x):
    return "—" if x is None else "%.1f%%" % (100 * x)


def disturbed_runs():
    """Runs during which other work competed hard for the CPU (PSI some avg10 >= 50%)."""
    p = os.path.join(WORK, "results", "runs.jsonl")
    if not os.path.exists(p):
        return [], []
    runs = [json.loads(l) for l in open(p)]
    return runs, [r for r in runs if (r.get("psi_after") or 0) >= 50]


def table(rows):
    out = ["| corpus MB | docs | tool | seconds | MB/s | CPU s | peak RSS MB | RSS / corpus | time vs faster peer "
           "| whole process vs faster peer | dup recall | dup precision | passage recall |",
           "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    by_size = {}
    for r in rows:
        by_size.setdefault(r["corpus_mb"], []).append(r)
    for mb, rs in sorted(by_size.items()):
        peers = [r for r in rs if r["tool"] in PEERS and r["seconds"]]
        fast = min(peers, key=lambda r: r["seconds"]) if peers else None
        # The same runs timed alike: process wall clock for every tool (a peer's `seconds` is
        # its own clock, without the interpreter's start, the imports and writing its pairs)
        walled = [r for r in peers if r.get("wall_s")]
        fast_wall = min(walled, key=lambda r: r["wall_s"]) if walled else None
        for r in rs:
            d, p = r["duplicates"], r["passages"]
            cpu = (r.get("user_s") or 0) + (r.get("sys_s") or 0)
            ratio, ratio_wall = "—", "—"
            if fast is not None and r["tool"] not in PEERS:
                ratio = "%.2fx (%.1fx faster than %s)" % (r["seconds"] / fast["seconds"], fast["seconds"] / r["seconds"],
                                                          fast["tool"])
            if fast_wall is not None and r["tool"] not in PEERS and r.get("wall_s"):
                ratio_wall = "%.1fx (%s %.2f s)" % (fast_wall["wall_s"] / r["wall_s"], fast_wall["tool"],
                                                    fast_wall["wall_s"])
            out.append("| %.1f | %d | %s | %.2f | %.1f | %.2f | %.0f | %.1fx | %s | %s | %s | %s | %s |" % (
                mb, r["documents"], LABEL[r["tool"]], r["seconds"], r["mb_per_s"], cpu, r["peak_rss_mb"],
                r["peak_rss_mb"] / mb, ratio, ratio_wall, pct(d["recall"]),
                "%s (%d FP%s / %d)" % (pct(d["precision"]), d["false_positives"],
                                       (", %d contained" % d["false_positives_containment_ge_0.9"])
                                       if d["false_positives_containment_ge_0.9"] else "", d["reported_pairs"]),
                "%s" % pct(p["recall"]) if p["reported"] else "n/a"))
    return "\n".join(out)


def growth_lines(rows):
    """Smallest to largest corpus: how throughput and memory change, per tool."""
    out = []
    for tool in TOOLS:
        rs = sorted((r for r in rows if r["tool"] == tool), key=lambda r: r["corpus_mb"])
        if len(rs) < 2:
            continue
        a, b = rs[0], rs[-1]
        size_x = b["corpus_mb"] / a["corpus_mb"]
        out.append("- %s: corpus x%.1f (%.0f -> %.0f MB): time x%.1f, throughput %.1f -> %.1f MB/s, "
                   "peak RSS x%.2f (%.0f -> %.0f MB, %.1f -> %.1f MB per corpus MB)" % (
                       LABEL[tool], size_x, a["corpus_mb"], b["corpus_mb"], b["seconds"] / a["seconds"],
                       a["mb_per_s"], b["mb_per_s"], b["peak_rss_mb"] / a["peak_rss_mb"], a["peak_rss_mb"],
                       b["peak_rss_mb"], a["peak_rss_mb"] / a["corpus_mb"], b["peak_rss_mb"] / b["corpus_mb"]))
    return "\n".join(out)


def stage_lines(rows):
    out = []
    for r in rows:
        if r["tool"] == "copydesk" and r["stages"]:
            tot = sum(s for _, s in r["stages"])
            out.append("- %.0f MB: " % r["corpus_mb"] + ", ".join(
                "%s %.2f s" % (n, s) for n, s in r["stages"] if s >= 0.005) + " (sum %.2f s)" % tot)
    return "\n".join(out)


def chart(rows, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    plt.rcParams["svg.fonttype"] = "none"  # text stays text: a small, searchable SVG
    style = {"copydesk": ("#1b6ca8", "o", "-"), "copydesk-nopairs": ("#1b6ca8", "s", "--"),
             "datasketch": ("#c0392b", "^", "-"), "rensa": ("#e67e22", "D", "-")}
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.3))
    sizes = sorted({r["corpus_mb"] for r in rows})
    for tool in TOOLS:
        rs = sorted((r for r in rows if r["tool"] == tool), key=lambda r: r["corpus_mb"])
        if not rs:
            continue
        c, m, ls = style[tool]
        x = [r["corpus_mb"] for r in rs]
        ax1.plot(x, [r["mb_per_s"] for r in rs], color=c, marker=m, ls=ls, label=LABEL[tool])
        ax2.plot(x, [r["peak_rss_mb"] for r in rs], color=c, marker=m, ls=ls, label=LABEL[tool])
    for ax in (ax1, ax2):
        ax.set_xscale("log")
        ax.set_xticks(sizes)
        ax.set_xticklabels(["%.0f" % s for s in sizes])
        ax.minorticks_off()
        ax.set_xlabel("corpus size (MB)")
        ax.grid(True, which="major", color="#dddddd")
    ax1.set_ylabel("throughput (MB/s, higher is better)")
    ax1.set_ylim(bottom=0)
    ax1.set_title("Scan throughput")
    ax2.set_yscale("log")
    ax2.set_ylabel("peak RSS (MB, log scale)")
    ax2.set_title("Peak memory (dotted: 4x and 16x the corpus size)")
    lo, hi = sizes[0], sizes[-1]
    for k in (4, 16):
        ax2.plot([lo, hi], [k * lo, k * hi], color="#888888", ls=":", lw=1)
    ax1.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)


def report(args):
    rows = load_results()
    if not rows:
        raise SystemExit("growth.py: no results under %s" % os.path.join(WORK, "results"))
    runs, busy = disturbed_runs()
    build = open(os.path.join(WORK, "results", "build.txt")).read().strip()
    cpu = ""
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    first = min((r["start_utc"] for r in runs), default="?")
    last = max((r["start_utc"] for r in runs), default="?")
    psis = [r["psi_after"] for r in runs if r.get("psi_after") is not None]
    tbl, gl, sl = table(rows), growth_lines(rows), stage_lines(rows)
    print(tbl + "\n\n" + gl + "\n\n" + sl)
    if args.svg:
        chart(rows, args.svg)
        print("wrote", args.svg)
    if not args.write:
        return
    day = datetime.date.today().isoformat()
    block = "\n".join([
        "<!-- growth:begin (generated by bench/scan/growth.py report; a rerun replaces this block) -->",
        "Measured %s between %s and %s UTC (runs.jsonl), copydesk built from `%s`, on a shared 2-core machine "
        "(%s, %d cores, %.0f GB RAM, Linux %s). CPU pressure from other work (PSI some, avg10) during the runs: "
        "median %.0f%%, max %.0f%%; %d of %d runs had >= 50%%." % (
            day, first, last, build, cpu, os.cpu_count() or 0,
            os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, platform.release(),
            sorted(psis)[len(psis) // 2] if psis else -1, max(psis) if psis else -1, len(busy), len(runs)),
        "Command: `%s`" % args.command,
        "",
        tbl,
        "",
        "Growth from the smallest to the largest corpus:",
        "",
        gl,
        "",
        "copydesk's stage clock (`--verbose`, wall seconds, the kept run):",
        "",
        sl,
        "<!-- growth:end -->",
    ])
    text = open(args.write).read()
    pat = re.compile(r"<!-- growth:begin.*?<!-- growth:end -->", re.S)
    if not pat.search(text):
        raise SystemExit("%s has no growth markers" % args.write)
    open(args.write, "w").write(pat.sub(lambda m: block, text))
    print("wrote", args.write)


def rounds(args):
    """Per-round ratios of the faster peer's time to copydesk's, from runs.jsonl files: the
    rounds run every tool within a minute or two, so a round's ratio sees the host much as it
    was for both; the spread of these ratios shows how far one run's ratio can be trusted."""
    import statistics
    runs = [json.loads(line) for path in args.runs for line in open(path)]
    for size in sorted({str(r["size"]) for r in runs}, key=float):
        for clock, key in (("peer's own clock", "seconds"), ("whole process", "wall_s")):
            ratios = []
            for path in args.runs:
                by_round = {}
                for line in open(path):
                    r = json.loads(line)
                    if str(r["size"]) == size and r.get(key) and r["exit"] == 0:
                        by_round.setdefault(r["round"], {})[r["tool"]] = r[key]
                for tools in by_round.values():
                    peers = [tools[t] for t in PEERS if t in tools]
                    if "copydesk" in tools and peers:
                        ratios.append(min(peers) / tools["copydesk"])
            if ratios:
                ratios.sort()
                print("%s MB, %s: %d rounds, ratio median %.2fx, range %.2f-%.2fx, %d of %d at 5x or more" % (
                    size, clock, len(ratios), statistics.median(ratios), ratios[0], ratios[-1],
                    sum(x >= 5 for x in ratios), len(ratios)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--sizes", nargs="+", default=["10", "30", "100", "170"])
    r.add_argument("--repeat", type=int, default=3)
    r.add_argument("--tools", nargs="+", default=TOOLS, choices=TOOLS)
    r.add_argument("--keep-best", action="store_true", help="compete with the kept runs of an earlier invocation")
    p = sub.add_parser("report")
    p.add_argument("--write", metavar="BENCHMARKS.md")
    p.add_argument("--svg")
    p.add_argument("--command", default="bash bench/growth.sh")
    q = sub.add_parser("rounds", help="per-round ratios to the faster peer, from runs.jsonl files")
    q.add_argument("runs", nargs="+", metavar="runs.jsonl")
    args = ap.parse_args()
    {"run": run, "report": report, "rounds": rounds}[args.cmd](args)


if __name__ == "__main__":
    main()
