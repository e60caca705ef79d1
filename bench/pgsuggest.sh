#!/usr/bin/env bash
# suggest on PostgreSQL against SQLite: the same 20,000 generated articles
# and 10,000 gazetteer patterns as bench/search.sh, alternating the two
# engines, each run on a new database (so suggest inserts every match),
# then a second suggest that finds nothing new. Starts a throwaway
# PostgreSQL cluster (as the postgres user when run as root; default
# durability settings) and stops it at the end. Prints medians.
#   bench/pgsuggest.sh [ARTICLES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8
n=${1:-20000}
runs=${2:-3}
out=bench/out
mkdir -p "$out"
. bench/lib.sh
bench_search_inputs "$n"

bench_pg

db="$out/pgsuggest-$n.db"
url=$(pg_url bench)
limp=(); lsug=(); lagain=(); pimp=(); psug=(); pagain=()
for r in $(seq "$runs"); do
	rm -f "$db" "$db-wal" "$db-shm"
	limp+=("$(secs "$out/spanmark" import --db "$db" "$corpus")")
	lsug+=("$(secs "$out/spanmark" suggest --db "$db" --patterns "$patterns")")
	lagain+=("$(secs "$out/spanmark" suggest --db "$db" --patterns "$patterns")")
	psql "DROP DATABASE IF EXISTS bench"
	psql "CREATE DATABASE bench"
	pimp+=("$(secs "$out/spanmark" import --db "$url" "$corpus")")
	psug+=("$(secs "$out/spanmark" suggest --db "$url" --patterns "$patterns")")
	pagain+=("$(secs "$out/spanmark" suggest --db "$url" --patterns "$patterns")")
done
# both engines hold the same suggestions
"$out/spanmark" export --db "$db" --include-suggested --out "$out/pgsuggest-lite.jsonl"
"$out/spanmark" export --db "$url" --include-suggested --out "$out/pgsuggest-pg.jsonl"
same=no
sed -E 's/"(created|updated)": *"[^"]*"//g' "$out/pgsuggest-lite.jsonl" >"$out/pgsuggest-lite.cmp"
sed -E 's/"(created|updated)": *"[^"]*"//g' "$out/pgsuggest-pg.jsonl" >"$out/pgsuggest-pg.cmp"
cmp -s "$out/pgsuggest-lite.cmp" "$out/pgsuggest-pg.cmp" && same=yes
m() { median "$@"; }
printf '| %s articles, median of %s | SQLite | PostgreSQL | PG / SQLite |\n|---|---:|---:|---:|\n' "$n" "$runs"
row() { printf '| %s | %.2f s | %.2f s | %.2f |\n' "$1" "$2" "$3" "$(echo "$3 / $2" | bc -l)"; }
row import "$(m "${limp[@]}")" "$(m "${pimp[@]}")"
row "suggest, 10,000 patterns" "$(m "${lsug[@]}")" "$(m "${psug[@]}")"
row "suggest again (nothing new)" "$(m "${lagain[@]}")" "$(m "${pagain[@]}")"
printf '| same suggestions (export --include-suggested, times aside) | %s | | |\n| load average | %s | | |\n' "$same" "$(cut -d' ' -f1-3 /proc/loadavg)"
