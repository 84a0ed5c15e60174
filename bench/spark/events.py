"""Where a Spark run's wall time goes, from its event log: per job, its wall seconds, stages,
tasks, and the tasks' summed run, deserialisation and GC seconds; and the gaps between jobs
(driver time: Python, planning, collecting).

    python bench/spark/run.py CORPUS.jsonl --conf spark.eventLog.enabled=true \\
        --conf spark.eventLog.dir=file:///tmp/ev --conf spark.eventLog.compress=false
    python bench/spark/events.py /tmp/ev/eventlog_v2_local-.../events_1_local-...

Prints one line per job and a total; times in seconds from the first job's start.
"""

import json
import sys


def main(path: str) -> None:
    jobs, stage_job, stages = {}, {}, {}
    for line in open(path, encoding="utf-8"):
        e = json.loads(line)
        kind = e["Event"]
        if kind == "SparkListenerJobStart":
            jobs[e["Job ID"]] = {"start": e["Submission Time"], "stages": e["Stage IDs"],
                                 "tasks": 0, "run": 0, "deser": 0, "gc": 0, "cpu": 0}
            for s in e["Stage IDs"]:
                stage_job[s] = e["Job ID"]
        elif kind == "SparkListenerJobEnd":
            jobs[e["Job ID"]]["end"] = e["Completion Time"]
        elif kind == "SparkListenerStageCompleted":
            info = e["Stage Info"]
            stages[info["Stage ID"]] = (info["Stage Name"], info["Number of Tasks"],
                                        info.get("Submission Time"), info.get("Completion Time"))
        elif kind == "SparkListenerTaskEnd":
            job = jobs.get(stage_job.get(e["Stage ID"]))
            m = e.get("Task Metrics") or {}
            if job is not None:
                job["tasks"] += 1
                job["run"] += m.get("Executor Run Time", 0) / 1e3
                job["deser"] += m.get("Executor Deserialize Time", 0) / 1e3
                job["gc"] += m.get("JVM GC Time", 0) / 1e3
                job["cpu"] += m.get("Executor CPU Time", 0) / 1e9
    if not jobs:
        return
    t0 = min(j["start"] for j in jobs.values())
    last_end = t0
    busy = 0.0
    for jid in sorted(jobs):
        j = jobs[jid]
        end = j.get("end", j["start"])
        ran = [stages[s] for s in j["stages"] if s in stages and stages[s][2] is not None]
        names = "; ".join(f"{n.split(' at ')[0]} x{t}" for n, t, _, _ in ran)
        print(f"job {jid:2d} at {(j['start'] - t0) / 1e3:6.2f} s: {(end - j['start']) / 1e3:5.2f} s"
              f" (gap before {(j['start'] - last_end) / 1e3:5.2f} s), {j['tasks']} tasks, run "
              f"{j['run']:.2f} s (JVM CPU {j['cpu']:.2f}), deser {j['deser']:.2f}, gc {j['gc']:.2f}:"
              f" {names}")
        busy += (end - j["start"]) / 1e3
        last_end = max(last_end, end)
    print(f"{len(jobs)} jobs, {busy:.2f} s inside jobs, {(last_end - t0) / 1e3:.2f} s first start"
          " to last end")


if __name__ == "__main__":
    main(sys.argv[1])
