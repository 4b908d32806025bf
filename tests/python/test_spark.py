"""The Spark job (examples/spark/scan_archive.py) in local[2] on 20,000+ generated
notes: one output row per input id, and results equal to the CLI's."""

import json
import os
import subprocess
import sys
import time

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

pytest.importorskip("pyspark")
import gen_notes  # examples/spark/gen_notes.py (conftest puts it on sys.path)

N = int(os.environ.get("NOTESCAN_SPARK_NOTES", "20000"))
BROKEN = "note-broken"  # a record without text: an error row in both


def run_job(root, src, out, *extra):
    cmd = [sys.executable, str(root / "examples" / "spark" / "scan_archive.py"), str(src), str(out),
           "--master", "local[2]", *extra]
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t
    print(p.stdout)
    assert p.returncode == 0, p.stderr[-4000:]
    return p.stdout, wall


def read_output(out):
    t = ds.dataset(str(out), format="parquet", partitioning="hive").to_table()
    return {r["id"]: r for r in t.to_pylist()}


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    d = tmp_path_factory.mktemp("archive")
    rows = [gen_notes.note(i, 64483) for i in range(N)]
    with open(d / "notes.jsonl", "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
        f.write(json.dumps({"id": BROKEN, "text": None}) + "\n")
    (d / "pq").mkdir()
    small = rows[:500] + [{"id": BROKEN, "text": None}]
    pq.write_table(pa.table({"id": [r["id"] for r in small], "text": [r["text"] for r in small]}),
                   d / "pq" / "part-0.parquet")
    return d


@pytest.fixture(scope="module")
def cli_records(archive, cli):
    t = time.perf_counter()
    p = subprocess.run([str(cli), "scan", str(archive / "notes.jsonl")], capture_output=True, text=True)
    wall = time.perf_counter() - t
    assert p.returncode in (0, 3), p.stderr  # 3: some records errored (the broken one)
    recs = {}
    for line in p.stdout.splitlines():
        r = json.loads(line)
        recs[r["id"]] = r
    print(f"CLI: {len(recs)} records in {wall:.2f} s ({N / wall:,.0f} notes/s)")
    return recs


def expected(rec):
    if "error" in rec:
        return None
    a = rec["audit"]
    return {"score": a["score"], "verdict": a["verdict"], "codes": a["codes"],
            "flags": [f["code"] for f in a["flags"]], "facts": rec["facts"]}


def got(row):
    if row["error"] is not None:
        return None
    return {"score": row["score"], "verdict": row["verdict"], "codes": json.loads(row["codes"]),
            "flags": list(row["flags"]), "facts": json.loads(row["facts"])}


def test_spark_job_equals_cli(root, archive, cli_records, tmp_path):
    out = tmp_path / "results"
    stdout, wall = run_job(root, archive / "notes.jsonl", out)
    rows = read_output(out)
    table = ds.dataset(str(out), format="parquet", partitioning="hive").to_table()
    ids = table.column("id").to_pylist()
    print(f"Spark local[2]: {len(ids)} output rows for {N + 1} input ids "
          f"({len(set(ids))} distinct), job wall {wall:.1f} s incl. JVM start")
    assert len(ids) == N + 1 and len(set(ids)) == N + 1
    assert set(rows) == set(cli_records)
    mismatched = [i for i in rows if got(rows[i]) != expected(cli_records[i])]
    print(f"equality with the CLI: {len(rows) - len(mismatched)}/{len(rows)} rows equal "
          f"(score, verdict, codes, flags, facts)")
    assert not mismatched, mismatched[:5]
    assert rows[BROKEN]["error"] == "text is null" and rows[BROKEN]["verdict"] is None
    verdicts = {v for v in table.column("verdict").to_pylist() if v}
    assert verdicts == {"supported", "at_risk", "unsupported"}  # the generator covers every band
    assert "rows per verdict:" in stdout and "top 10 flags:" in stdout
    assert f"{N + 1} rows written" in stdout


def test_spark_job_reads_parquet(root, archive, cli_records, tmp_path):
    out = tmp_path / "results-pq"
    run_job(root, archive / "pq", out, "--partitions", "3", "--top", "3")
    rows = read_output(out)
    assert len(rows) == 501
    assert (out / "verdict=__HIVE_DEFAULT_PARTITION__").is_dir()
    assert all(got(rows[i]) == expected(cli_records[i]) for i in rows)
