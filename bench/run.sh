#!/usr/bin/env bash
# Import/export benchmark: generates the corpora (N articles of ~600 words,
# 5 spans each) and compares `spanmark import/export`, as whole processes,
# with the lean Python stdlib script (the yardstick), alternating runs, then
# the plain Go insert loop and the Prodigy-style Python script, then both
# exports again with a CPU-bound process running.
#   bench/run.sh [RUNS] [ARTICLES...]     default: 5 runs; 1000 20000 100000
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8
runs=${1:-5}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 20000 100000)
out=bench/out
mkdir -p "$out"
go build -tags sqlite_fts5 -o "$out/spanmark" .
go build -o "$out/gencorpus" ./bench/gencorpus
go build -o "$out/plainloop" ./bench/plainloop
corpora=()
for n in "${sizes[@]}"; do
	corpus="$out/corpus-$n.jsonl"
	[ -s "$corpus" ] || "$out/gencorpus" -n "$n" -out "$corpus"
	corpora+=("$corpus")
done
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 bench/compare.py "$out/spanmark" "$out/plainloop" "$out/work" "$runs" "${corpora[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
