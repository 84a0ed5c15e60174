"""Times `copydesk.spark.scan` end to end on a JSON Lines corpus of (id, text) rows.

    python bench/spark/run.py CORPUS.jsonl [--master local[2]] [--partitions N]
        [--mode distributed|one_task|auto] [--expect BINARY_OUTPUT.jsonl] [--out OUT.jsonl]
        [--conf KEY=VALUE ...] [--again N]

Prints, as one JSON object: the input's MB, the seconds from the scan call to the records
written (after the session started), MB/s, the CPU seconds of every process of the run
(driver, JVM, Python workers; and split: JVM, Python workers, driver) and MB/s per CPU
second, the stage breakdown
(`SparkScan.stage_seconds`), the peak RSS of the driver (this Python), of the JVM and of the
largest Python worker (VmHWM, read before the session stops), the load average, and whether
the output equals `--expect` byte for byte; with `--again N`, the seconds of N more runs of
the same scan in the same (warm) session, after the figures above were read. `docs_to_jsonl` makes the corpus from a directory
of text files (ids are paths under it, as `copydesk scan` names them):
`python bench/spark/run.py docs_to_jsonl DOCS OUT.jsonl`.
"""

import argparse
import json
import os
import sys
import time


def docs_to_jsonl(docs: str, out: str) -> None:
    names = sorted(
        os.path.relpath(os.path.join(root, n), docs)
        for root, _, files in os.walk(docs) for n in files)
    with open(out, "w", encoding="utf-8") as f:
        for name in names:
            text = open(os.path.join(docs, name), encoding="utf-8-sig", newline="").read()
            f.write(json.dumps({"id": name, "text": text}) + "\n")


def descendants(pid: int):
    children = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                ppid = int(open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(ppid, []).append(int(p))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        for c in children.get(p, []):
            out.append(c)
            todo.append(c)
    return out


def proc_info(pid: int):
    try:
        status = open(f"/proc/{pid}/status").read()
        cmd = open(f"/proc/{pid}/cmdline").read().replace("\0", " ")
        stat = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    hwm = next((int(l.split()[1]) for l in status.splitlines() if l.startswith("VmHWM")), 0)
    tick = os.sysconf("SC_CLK_TCK")
    cpu = (int(stat[11]) + int(stat[12])) / tick  # utime + stime
    return cmd, hwm / 1024, cpu


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--partitions", type=int, default=None)
    ap.add_argument("--mode", default="distributed")
    ap.add_argument("--expect")
    ap.add_argument("--out", default="/tmp/spark-bench-out.jsonl")
    ap.add_argument("--again", type=int, default=0, metavar="N",
                    help="then run the same scan N more times in the session (warm), timed apart")
    ap.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE",
                    help="a Spark setting for the session (e.g. spark.eventLog.enabled=true)")
    args = ap.parse_args()
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    from pyspark.sql import SparkSession
    from copydesk import spark as cds

    builder = (SparkSession.builder.master(args.master).appName("copydesk-bench")
               .config("spark.ui.enabled", "false").config("spark.driver.memory", "4g")
               .config("spark.driver.host", "127.0.0.1"))
    for setting in args.conf:
        key, _, value = setting.partition("=")
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    cpu_before = {p: (proc_info(p) or ("", 0, 0))[2] for p in descendants(os.getpid())}
    self_before = os.times()
    started = time.perf_counter()
    df = spark.read.json(args.corpus, schema="id string, text string")
    if args.partitions:
        df = df.repartition(args.partitions)
    result = cds.scan(spark, df, id_col="id", text_col="text", mode=args.mode)
    result.write_jsonl(args.out)
    seconds = time.perf_counter() - started
    self_after = os.times()
    procs = [(p, proc_info(p)) for p in descendants(os.getpid())]
    procs = [(p, i) for p, i in procs if i]
    jvm_cpu = sum(i[2] - cpu_before.get(p, 0) for p, i in procs
                  if i[0].split(" ")[0].endswith("java"))
    driver_cpu = (self_after.user - self_before.user) + (self_after.system - self_before.system)
    cpu = sum(i[2] - cpu_before.get(p, 0) for p, i in procs) + driver_cpu
    jvm = max((i[1] for _, i in procs if i[0].split(" ")[0].endswith("java")), default=0)
    workers = max((i[1] for _, i in procs if "python" in i[0].split(" ")[0]), default=0)
    import resource
    driver = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    mb = os.path.getsize(args.corpus) / 1e6
    same = None
    if args.expect:
        same = open(args.expect, "rb").read() == open(args.out, "rb").read()
    load = open("/proc/loadavg").read().split()[:3]
    again = []
    for _ in range(args.again):
        # the same scan in the warm session (the JVM's code compiled, the workers up)
        t = time.perf_counter()
        df = spark.read.json(args.corpus, schema="id string, text string")
        if args.partitions:
            df = df.repartition(args.partitions)
        cds.scan(spark, df, id_col="id", text_col="text", mode=args.mode).write_jsonl(
            args.out + ".again")
        again.append(round(time.perf_counter() - t, 2))
        os.remove(args.out + ".again")
    print(json.dumps({
        "mb": round(mb, 1), "master": args.master, "mode": args.mode,
        "partitions": args.partitions, "seconds": round(seconds, 2),
        "mb_per_s": round(mb / seconds, 2), "cpu_seconds": round(cpu, 1),
        "mb_per_cpu_s": round(mb / cpu, 2) if cpu else None,
        "cpu_seconds_jvm_workers_driver": [round(jvm_cpu, 1), round(cpu - jvm_cpu - driver_cpu, 1),
                                           round(driver_cpu, 1)],
        "stages": result.stage_seconds, "peak_rss_mb": {
            "driver_python": round(driver), "jvm": round(jvm), "python_worker": round(workers)},
        "loadavg": load, "identical": same,
        "again_seconds": again,
    }))
    spark.stop()


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "docs_to_jsonl":
        docs_to_jsonl(sys.argv[2], sys.argv[3])
    else:
        main()
