#!/usr/bin/env bash
# Streaming memory check: scan a ~2 GB JSONL archive with the CLI and report peak RSS.
#   scripts/stream_rss.sh [DIR] [N_NOTES] [THREADS]
# DIR (default /tmp/notescan-stream) must have ~2.2 GB free for the archive
# (output goes to stdout, redirected to /dev/null). Big files are deleted at the end.
# NOTE: do NOT use `-o /dev/null`: the CLI writes `-o FILE` to `.FILE.partial`
# beside it and renames it over FILE at the end, i.e. it would create
# /dev/.null.partial (on /dev's tmpfs: in RAM) and replace the /dev/null device.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/tmp/notescan-stream}
n=${2:-700000}
threads=${3:-}
mkdir -p "$dir"
df -h "$dir"
cargo build --release --bin notescan --example gen_notes
t0=$(date +%s.%N)
target/release/examples/gen_notes -n "$n" --seed 42 -o "$dir/big.jsonl" --stats
t1=$(date +%s.%N)
ls -l "$dir/big.jsonl"
echo "generated in $(echo "$t1 - $t0" | bc) s"
/usr/bin/time -v target/release/notescan scan "$dir/big.jsonl" ${threads:+--threads "$threads"} > /dev/null 2> "$dir/time.txt" || true
grep -E "notescan:|Maximum resident|Elapsed|User time|System time|Percent of CPU|Exit status" "$dir/time.txt"
rm -f "$dir/big.jsonl"
