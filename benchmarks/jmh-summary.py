#!/usr/bin/env python3
"""The JMH results of one or more runs (-rf json) as the Markdown table BENCHMARKS.md shows: per
benchmark (and parameter), min / median / max over every measured iteration of every fork, and the
bytes allocated per operation (-prof gc). Columns are the runs, in the order given.

    benchmarks/jmh-summary.py "Java 17=jmh17.json" "Java 25=jmh25.json"
"""
import json
import statistics
import sys


def rows(path):
    with open(path) as f:
        results = json.load(f)
    out = {}
    for r in results:
        name = r["benchmark"].rsplit(".", 2)
        name = name[-2].replace("Benchmark", "") + "." + name[-1]
        params = r.get("params") or {}
        if params:
            name += " (" + ", ".join(f"{k}={v}" for k, v in params.items()) + ")"
        if r.get("threads", 1) != 2:
            name += f", {r['threads']} thread" + ("s" if r["threads"] > 1 else "")
        values = [v for fork in r["primaryMetric"]["rawData"] for v in fork]
        alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        out[name] = (min(values), statistics.median(values), max(values), r["primaryMetric"]["scoreUnit"], alloc)
    return out


def cell(entry):
    if entry is None:
        return "—"
    low, mid, high, unit, alloc = entry
    text = f"{low:,.0f} / **{mid:,.0f}** / {high:,.0f} {unit}"
    return text + (f", {alloc:,.0f} B" if alloc is not None else "")


def main(args):
    runs = [(label, rows(path)) for label, path in (a.split("=", 1) for a in args)]
    names = []
    for _, r in runs:
        names += [n for n in r if n not in names]
    print("| benchmark | " + " | ".join(f"{label}: min / **median** / max, B/op" for label, _ in runs) + " |")
    print("|---|" + "---|" * len(runs))
    for n in names:
        print(f"| `{n}` | " + " | ".join(cell(r.get(n)) for _, r in runs) + " |")


if __name__ == "__main__":
    main(sys.argv[1:])
