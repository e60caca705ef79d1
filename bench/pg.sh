#!/usr/bin/env bash
# PostgreSQL against SQLite (issue 18: import and export on PostgreSQL at
# least 50 % of the SQLite rate on the same 20,000 articles). Starts a
# throwaway PostgreSQL cluster with the server's default durability
# (bench_pg in lib.sh), then alternates, RUNS
# times: import into a new SQLite file, import into a new PostgreSQL
# database, export of each. Whole processes (`spanmark import`, `spanmark
# export`), wall time and CPU time (the command's user + system time, and
# on PostgreSQL the server's meanwhile); prints the medians, min–max and
# the ratios.
#   bench/pg.sh [RUNS] [ARTICLES]        default: 5 runs of 20000
# SPANMARK=path/to/binary compares another build (default: this tree's).
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8
runs=${1:-5}
n=${2:-20000}
out=bench/out
mkdir -p "$out"
bin=${SPANMARK:-}
if [ -z "$bin" ]; then
	go build -tags sqlite_fts5 -o "$out/spanmark" .
	bin=$out/spanmark
fi
go build -o "$out/gencorpus" ./bench/gencorpus
corpus="$out/corpus-$n.jsonl"
[ -s "$corpus" ] || "$out/gencorpus" -n "$n" -out "$corpus"

. bench/lib.sh
bench_pg

# srvcpu: CPU seconds of the cluster's processes so far (the postmaster's
# reaped children included: every backend of a finished import).
srvcpu() {
	local pm t=0 p
	pm=$(head -1 "$pgdir/data/postmaster.pid")
	for p in $pm $(pgrep -P "$pm"); do
		t=$((t + $(awk '{print $14+$15+$16+$17}' "/proc/$p/stat" 2>/dev/null || echo 0)))
	done
	echo "scale=2; $t/100" | bc
}
# run CMD...: prints "wall cpu", cpu = the command's user+system time plus
# what the server spent meanwhile.
run() {
	local s e c0 c1
	c0=$(srvcpu)
	s=$(date +%s.%N)
	/usr/bin/time -f "%U %S" -o "$pgdir/time" "$@" >/dev/null 2>"$pgdir/stderr" || { cat "$pgdir/stderr" >&2; exit 1; }
	e=$(date +%s.%N)
	sleep 0.2 # the backend's exit is reaped
	c1=$(srvcpu)
	echo "$(echo "$e - $s" | bc) $(awk -v d="$(echo "$c1 - $c0" | bc)" '{print $1 + $2 + d}' "$pgdir/time")"
}
db="$out/pgbench-$n.db"
li=(); pi=(); le=(); pe=(); lic=(); pic=(); lec=(); pec=()
load0=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq "$runs"); do
	rm -f "$db" "$db-wal" "$db-shm"
	psql "DROP DATABASE IF EXISTS bench"
	psql "CREATE DATABASE bench"
	read -r w c < <(run "$bin" import --db "$db" "$corpus"); li+=("$w"); lic+=("$c")
	read -r w c < <(run "$bin" import --db "$(pg_url bench)" "$corpus"); pi+=("$w"); pic+=("$c")
	read -r w c < <(run "$bin" export --db "$db" --out "$out/pgbench-lite.jsonl"); le+=("$w"); lec+=("$c")
	read -r w c < <(run "$bin" export --db "$(pg_url bench)" --out "$out/pgbench-pg.jsonl"); pe+=("$w"); pec+=("$c")
done
cmp -s "$out/pgbench-lite.jsonl" "$out/pgbench-pg.jsonl" || echo "the two exports differ" >&2
range() { printf '%s\n' "$@" | sort -n | awk 'NR==1{a=$1} {b=$1} END {printf "%.3f–%.3f", a, b}'; }
row() { # name sqlite... -- pg...
	local name=$1; shift
	local l=() p=()
	while [ "$1" != -- ]; do l+=("$1"); shift; done
	shift
	p=("$@")
	local ml mp
	ml=$(median "${l[@]}")
	mp=$(median "${p[@]}")
	printf '| %s | %.3f (%s) | %.3f (%s) | %.0f %% |\n' "$name" "$ml" "$(range "${l[@]}")" "$mp" "$(range "${p[@]}")" "$(echo "100 * $ml / $mp" | bc -l)"
}
printf '| %s articles, median of %s (min–max) | SQLite s | PostgreSQL s | PostgreSQL rate / SQLite rate |\n|---|---:|---:|---:|\n' "$n" "$runs"
row import "${li[@]}" -- "${pi[@]}"
row export "${le[@]}" -- "${pe[@]}"
row "import, CPU (client + server)" "${lic[@]}" -- "${pic[@]}"
row "export, CPU (client + server)" "${lec[@]}" -- "${pec[@]}"
echo "load average before: $load0, after: $(cut -d' ' -f1-3 /proc/loadavg)"
