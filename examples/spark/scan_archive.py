#!/usr/bin/env python3
"""Scan an archive of notes with PySpark and the notescan Python package.

    python examples/spark/scan_archive.py INPUT OUTPUT [--master local[2]]
        [--format parquet|json] [--id-column id] [--text-column text]
        [--policy NAME|FILE] [--lexicons DIR] [--partitions N]
        [--threads-per-task N] [--top 10]

INPUT is a Parquet file/directory or a JSON Lines file/directory of
{"id", "text"} records (format from the extension unless --format). Each
executor Python process builds one notescan.Scanner (notescan.shared_scanner)
and scans Arrow batches with mapInArrow. OUTPUT is Parquet partitioned by
verdict, one row per input row:

    id, score, codes (JSON), flags (list of rule codes), facts (JSON), error, verdict

A row whose text is missing keeps its id, has a null verdict
(verdict=__HIVE_DEFAULT_PARTITION__) and an `error`. The job then prints the
rows per verdict, the top flags and the throughput.
"""

import argparse
import os
import sys
import time

RESULT_SCHEMA = (
    "id string, score int, verdict string, codes string, "
    "flags array<string>, facts string, error string"
)


def scan_partition(batches, policy=None, lexicons=None, threads=1, id_column="id", text_column="text"):
    """mapInArrow function: pyarrow.RecordBatch in, pyarrow.RecordBatch out."""
    import notescan

    scanner = notescan.shared_scanner(lexicons, policy)  # one per executor process
    for batch in batches:
        yield scanner.scan_arrow(batch, text_column=text_column, id_column=id_column, threads=threads)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--master", help="Spark master (default: from spark-submit / SPARK_MASTER, else local[*])")
    ap.add_argument("--format", choices=["parquet", "json"])
    ap.add_argument("--id-column", default="id")
    ap.add_argument("--text-column", default="text")
    ap.add_argument("--policy")
    ap.add_argument("--lexicons")
    ap.add_argument(
        "--partitions",
        type=int,
        help="repartition the notes into N partitions first (default: only when the input has fewer splits than cores)",
    )
    ap.add_argument(
        "--threads-per-task",
        type=int,
        default=None,
        help="rayon threads per task (default: spark.task.cpus, i.e. 1: Spark's executor cores give the parallelism)",
    )
    ap.add_argument("--top", type=int, default=10, help="how many flags to list")
    a = ap.parse_args(argv)

    # Local mode: the Python workers run this interpreter (with notescan installed).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession, functions as F

    builder = SparkSession.builder.appName("notescan-scan-archive").config("spark.ui.showConsoleProgress", "false")
    if a.master:
        builder = builder.master(a.master)
    elif not os.environ.get("SPARK_MASTER") and "PYSPARK_SUBMIT_ARGS" not in os.environ:
        builder = builder.master("local[*]")
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")

    fmt = a.format or ("json" if a.input.rstrip("/").endswith((".jsonl", ".json", ".ndjson")) else "parquet")
    if fmt == "json":
        schema = f"`{a.id_column}` string, `{a.text_column}` string"
        notes = spark.read.schema(schema).json(a.input)
    else:
        notes = spark.read.parquet(a.input)
    notes = notes.select(
        F.col(a.id_column).cast("string").alias("id"), F.col(a.text_column).cast("string").alias("text")
    )
    if a.partitions:
        notes = notes.repartition(a.partitions)
    else:
        # Fewer input splits than cores (one small file) would leave cores idle.
        cores = spark.sparkContext.defaultParallelism
        if notes.rdd.getNumPartitions() < cores:
            notes = notes.repartition(2 * cores)

    threads = a.threads_per_task or int(spark.conf.get("spark.task.cpus", "1"))
    policy, lexicons = a.policy, a.lexicons

    def scan(batches):
        return scan_partition(batches, policy=policy, lexicons=lexicons, threads=threads)

    started = time.perf_counter()
    results = notes.mapInArrow(scan, RESULT_SCHEMA)
    results.write.mode("overwrite").partitionBy("verdict").parquet(a.output)
    elapsed = time.perf_counter() - started

    out = spark.read.parquet(a.output)
    total = out.count()
    print(f"notescan-spark: {total} rows written to {a.output} in {elapsed:.2f} s "
          f"({total / elapsed:,.0f} notes/s, scan + write)")
    print("rows per verdict:")
    for row in out.groupBy("verdict").count().orderBy(F.desc("count")).collect():
        print(f"  {str(row['verdict']):<12} {row['count']:>8}")
    print(f"top {a.top} flags:")
    flags = out.select(F.explode("flags").alias("flag")).groupBy("flag").count()
    for row in flags.orderBy(F.desc("count"), "flag").limit(a.top).collect():
        print(f"  {row['flag']:<8} {row['count']:>8}")
    errors = out.where(F.col("error").isNotNull()).count()
    print(f"rows with an error: {errors}")
    spark.stop()


if __name__ == "__main__":
    main()
