#!/usr/bin/env python3
"""Where a scan leaves a core idle: per-stage time during which at most one thread wanted CPU.

Runs `BIN scan --json --verbose ARGS...`, samples every thread's /proc schedstat (time run,
time waiting for a CPU) every ~2 ms, and sums, per stage of the `--verbose` laps (`read` is
the reading, `end` what follows the output: the process's teardown), the 50 ms buckets in
which at most one thread ran or waited to run for over half the bucket. Waiting counts as
wanting, so on a loaded machine the figures still say which stages are serial (their
seconds are inflated by the load; compare builds alternated, not across runs).

Usage: python3 bench/scan/serial.py BIN CORPUS [more scan arguments]
"""
import os
import re
import subprocess
import sys
import time

BUCKET = 0.05


def sample(cmd):
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    samples = []
    while p.poll() is None:
        t = time.monotonic() - t0
        try:
            tids = os.listdir(f"/proc/{p.pid}/task")
        except OSError:
            break
        for tid in tids:
            try:
                with open(f"/proc/{p.pid}/task/{tid}/schedstat") as f:
                    run, wait, _ = f.read().split()
                samples.append((t, tid, int(run) + int(wait)))
            except (OSError, ValueError):
                pass
        time.sleep(0.002)
    return samples, p.stderr.read()


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    samples, err = sample([sys.argv[1], "scan", "--json", "--verbose", *sys.argv[2:]])
    laps = []
    for line in err.splitlines():
        m = re.match(r"copydesk: read \d+ documents in ([\d.]+)s", line)
        m = m or re.match(r"copydesk: (?:\w+) ([\d.]+)s", line)
        if m:
            name = "read" if "documents" in line else line.split()[1]
            laps.append((name, float(m.group(1))))
    last, wanted = {}, {}
    for t, tid, ns in samples:
        if tid in last:
            bucket = wanted.setdefault(int(t / BUCKET), {})
            bucket[tid] = bucket.get(tid, 0) + ns - last[tid]
        last[tid] = ns
    bounds, at = [], 0.0
    for name, seconds in laps:
        bounds.append((name, at, at + seconds))
        at += seconds
    totals = {}
    for b, threads in sorted(wanted.items()):
        mid = (b + 0.5) * BUCKET
        name = next((n for n, lo, hi in bounds if lo <= mid < hi), "end")
        busy = sum(ns > 0.5 * BUCKET * 1e9 for ns in threads.values())
        total, alone = totals.get(name, (0.0, 0.0))
        totals[name] = (total + BUCKET, alone + (BUCKET if busy <= 1 else 0.0))
    for name in [n for n, _, _ in bounds] + ["end"]:
        if name in totals:
            total, alone = totals[name]
            print(f"{name:10s} {total:6.2f} s, at most one thread wanting CPU {alone:6.2f} s")


if __name__ == "__main__":
    main()
