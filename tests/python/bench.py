#!/usr/bin/env python3
"""Throughput of the CLI, scan_many, scan_arrow and the Spark job (local[2]) on
the same generated notes. Prints a Markdown table.

    python tests/python/bench.py [N] [--repeat R]     (N default 20000)

The CLI reads the JSONL and writes its lines to /dev/null; scan_many and
scan_arrow get the notes in memory (a list of str / a pyarrow Table);
the Spark job reads the JSONL and writes Parquet partitioned by verdict.
Best of R runs (default 2) for each; Spark once (it is reported both with and
without its JVM/session start).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples" / "spark"))

import pyarrow as pa  # noqa: E402

import gen_notes  # noqa: E402
import notescan  # noqa: E402


def best(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int, nargs="?", default=20000)
    ap.add_argument("--repeat", type=int, default=2)
    a = ap.parse_args()
    cli = os.environ.get("NOTESCAN_BIN", str(ROOT / "target" / "release" / "notescan"))
    rows = [gen_notes.note(i, 64483) for i in range(a.n)]
    mb = sum(len(r["text"].encode()) for r in rows) / 1e6
    cores = os.cpu_count()
    with tempfile.TemporaryDirectory() as d:
        d = Path(d)
        src = d / "notes.jsonl"
        src.write_text("".join(json.dumps(r) + "\n" for r in rows))
        texts = [r["text"] for r in rows]
        ids = [r["id"] for r in rows]
        table = pa.table({"id": ids, "text": texts})
        s = notescan.Scanner()

        def run_cli():
            subprocess.run([cli, "scan", str(src)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)

        res = []
        res.append(("CLI `notescan scan notes.jsonl` (all cores)", best(run_cli, a.repeat)))
        res.append(("`scan_many(texts, ids)` (all cores) → list[dict]", best(lambda: s.scan_many(texts, ids=ids), a.repeat)))
        res.append(("`scan_many(..., threads=1)`", best(lambda: s.scan_many(texts, ids=ids, threads=1), a.repeat)))
        res.append(("`scan_arrow(table)` (all cores) → RecordBatch", best(lambda: s.scan_arrow(table), a.repeat)))
        res.append(("`scan_arrow(table, threads=1)`", best(lambda: s.scan_arrow(table, threads=1), a.repeat)))

        t = time.perf_counter()
        p = subprocess.run(
            [sys.executable, str(ROOT / "examples" / "spark" / "scan_archive.py"), str(src), str(d / "out"),
             "--master", "local[2]"],
            capture_output=True, text=True, env=dict(os.environ, PYSPARK_PYTHON=sys.executable), check=True)
        wall = time.perf_counter() - t
        m = re.search(r"in ([0-9.]+) s \(", p.stdout)
        res.append(("Spark job local[2], scan + Parquet write (session already up)", float(m.group(1))))
        res.append(("Spark job local[2], whole run incl. JVM/session start, counts", wall))

    load = os.getloadavg()[0]
    print(f"{a.n} generated notes, {mb:.1f} MB, {cores} cores, load average {load:.1f} at the end\n")
    print("| how | seconds | notes/s |")
    print("| --- | ---: | ---: |")
    for name, secs in res:
        print(f"| {name} | {secs:.2f} | {a.n / secs:,.0f} |")


if __name__ == "__main__":
    main()
