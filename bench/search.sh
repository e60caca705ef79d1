#!/usr/bin/env bash
# Search and suggestion benchmark (issue: search < 50 ms on 100k articles,
# < 1/10 of an export on 20k; suggest with 10,000 patterns < 3x the import
# on 20k, under a minute on 100k). Prints a table of medians; each run
# starts from a new database, so suggest inserts every match, and a second
# suggest finds nothing new.
#   bench/search.sh [ARTICLES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8
n=${1:-20000}
runs=${2:-5}
out=bench/out
mkdir -p "$out"
. bench/lib.sh
bench_search_inputs "$n"
db="$out/search-$n.db"
imp=(); exp=(); idx=(); srch=(); sug=(); again=()
for r in $(seq "$runs"); do
	rm -f "$db" "$db-wal" "$db-shm"
	imp+=("$(secs "$out/spanmark" import --db "$db" "$corpus")")
	exp+=("$(secs "$out/spanmark" export --db "$db" --out "$out/export.jsonl")")
	idx+=("$(secs "$out/spanmark" search --db "$db" police)")   # builds the index first
	srch+=("$(secs "$out/spanmark" search --db "$db" '"Interior Ministry" OR terror*')")
	sug+=("$(secs "$out/spanmark" suggest --db "$db" --patterns "$patterns")")
	again+=("$(secs "$out/spanmark" suggest --db "$db" --patterns "$patterns")") # nothing new
done
m() { median "$@"; }
printf '| %s articles | median of %s |\n|---|---|\n' "$n" "$runs"
printf '| import | %.2f s |\n| export | %.2f s |\n| first search (indexes every article) | %.2f s |\n' "$(m "${imp[@]}")" "$(m "${exp[@]}")" "$(m "${idx[@]}")"
printf '| search, whole process | %.3f s |\n| suggest, 10,000 patterns | %.2f s |\n' "$(m "${srch[@]}")" "$(m "${sug[@]}")"
printf '| suggest again (nothing new) | %.2f s |\n| load average | %s |\n' "$(m "${again[@]}")" "$(cut -d' ' -f1-3 /proc/loadavg)"
