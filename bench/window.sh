#!/usr/bin/env bash
# Window benchmark: time from process start to the first drawn frame when
# spanmark opens a 50,000-word article with 2,000 spans, under Xvfb with
# Mesa's software GL (llvmpipe, and softpipe which screenshots use).
#   bench/window.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8
runs=${1:-5}
out=bench/out
mkdir -p "$out"
go build -tags sqlite_fts5 -o "$out/spanmark" .
go build -o "$out/gencorpus" ./bench/gencorpus
db="$out/long-article.db"
rm -f "$db" "$db-wal" "$db-shm"
"$out/gencorpus" -n 1 -words 50000 -spans 2000 -out "$out/long-article.jsonl"
"$out/spanmark" import --db "$db" "$out/long-article.jsonl" >/dev/null

. bench/lib.sh
bench_xvfb

echo "| GL driver | window built (ms, median of $runs) | first frame drawn (ms, median of $runs) |"
echo "|---|---:|---:|"
for driver in llvmpipe softpipe; do
	built=() frame=()
	for _ in $(seq "$runs"); do
		line=$(GALLIUM_DRIVER=$driver SPANMARK_TIMING=1 timeout 120 \
			"$out/spanmark" --db "$db" --open bench-000000 --screenshot "$out/long-article.png" 2>&1 | grep '^timing:')
		built+=("$(echo "$line" | sed -E 's/.*built ([0-9.]+) ms.*/\1/')")
		frame+=("$(echo "$line" | sed -E 's/.*drawn ([0-9.]+) ms.*/\1/')")
	done
	echo "| $driver | $(median "${built[@]}") | $(median "${frame[@]}") |"
done
