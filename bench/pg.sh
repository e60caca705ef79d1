#!/usr/bin/env bash
# PostgreSQL against SQLite (issue 18: import and export on PostgreSQL at
# least 50 % of the SQLite rate on the same 20,000 articles). Starts a
# throwaway PostgreSQL cluster with the server's default durability (fsync,
# synchronous_commit and full_page_writes on, as a real server runs; the
# test clusters of internal/pgtest turn them off), then alternates, RUNS
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

pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
[ -x "$pgbin/initdb" ] || { echo "no PostgreSQL server: make deps-test" >&2; exit 1; }
dir=$(mktemp -d /tmp/spanmark-pgbench-XXXXXX)
as=()
if [ "$(id -u)" = 0 ]; then # the server refuses root
	chown postgres "$dir"
	as=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${as[@]}" "$pgbin/initdb" -D "$dir/data" -U spanmark --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
"${as[@]}" "$pgbin/pg_ctl" start -w -D "$dir/data" -l "$dir/server.log" \
	-o "-p $port -k $dir -c listen_addresses=127.0.0.1" >/dev/null
trap '"${as[@]}" "$pgbin/pg_ctl" stop -m immediate -w -D "$dir/data" >/dev/null; rm -rf "$dir"' EXIT
psql() { "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U spanmark -d postgres -c "$1"; }
url() { echo "postgres://spanmark@127.0.0.1:$port/$1?sslmode=disable"; }

# srvcpu: CPU seconds of the cluster's processes so far (the postmaster's
# reaped children included: every backend of a finished import).
srvcpu() {
	local pm t=0 p
	pm=$(head -1 "$dir/data/postmaster.pid")
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
	/usr/bin/time -f "%U %S" -o "$dir/time" "$@" >/dev/null 2>"$dir/stderr" || { cat "$dir/stderr" >&2; exit 1; }
	e=$(date +%s.%N)
	sleep 0.2 # the backend's exit is reaped
	c1=$(srvcpu)
	echo "$(echo "$e - $s" | bc) $(awk -v d="$(echo "$c1 - $c0" | bc)" '{print $1 + $2 + d}' "$dir/time")"
}
. bench/lib.sh
db="$out/pgbench-$n.db"
li=(); pi=(); le=(); pe=(); lic=(); pic=(); lec=(); pec=()
load0=$(cut -d' ' -f1-3 /proc/loadavg)
for r in $(seq "$runs"); do
	rm -f "$db" "$db-wal" "$db-shm"
	psql "DROP DATABASE IF EXISTS bench" 2>/dev/null
	psql "CREATE DATABASE bench"
	read -r w c < <(run "$bin" import --db "$db" "$corpus"); li+=("$w"); lic+=("$c")
	read -r w c < <(run "$bin" import --db "$(url bench)" "$corpus"); pi+=("$w"); pic+=("$c")
	read -r w c < <(run "$bin" export --db "$db" --out "$out/pgbench-lite.jsonl"); le+=("$w"); lec+=("$c")
	read -r w c < <(run "$bin" export --db "$(url bench)" --out "$out/pgbench-pg.jsonl"); pe+=("$w"); pec+=("$c")
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
