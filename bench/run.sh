#!/usr/bin/env bash
# Import/export benchmark: generates the corpus (100,000 articles of ~600
# words, 5 spans each, by default), then compares `spanmark import/export`
# with a plain Go insert loop and a Python stdlib sqlite3 script.
#   bench/run.sh [ARTICLES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8
n=${1:-100000}
runs=${2:-3}
out=bench/out
mkdir -p "$out"
go build -tags sqlite_fts5 -o "$out/spanmark" .
go build -o "$out/gencorpus" ./bench/gencorpus
go build -o "$out/plainloop" ./bench/plainloop
corpus="$out/corpus-$n.jsonl"
[ -s "$corpus" ] || "$out/gencorpus" -n "$n" -out "$corpus"
python3 bench/compare.py "$out/spanmark" "$out/plainloop" "$corpus" "$out/work" "$runs"
