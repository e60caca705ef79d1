# Shared by the bench scripts (source it): medians and a private Xvfb.

# median prints the median of its arguments.
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# bench_xvfb: a private Xvfb (scripts/xvfb.sh), stopped when
# the script exits.
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/xvfb.sh"
bench_xvfb() {
	local log
	log=$(mktemp)
	start_xvfb "$log" || exit 1
	trap 'kill $XVFB_PID 2>/dev/null || true; rm -f '"$log $log.display" EXIT
}

# secs prints how many seconds the command took (its output dropped).
secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }

# bench_search_inputs N: builds spanmark and gencorpus into $out and
# writes the corpus of N generated articles ($corpus) and the 10,000
# gazetteer patterns ($patterns) of search.sh and pgsuggest.sh.
bench_search_inputs() {
	go build -tags sqlite_fts5 -o "$out/spanmark" .
	go build -o "$out/gencorpus" ./bench/gencorpus
	corpus="$out/corpus-$1.jsonl"
	[ -s "$corpus" ] || "$out/gencorpus" -n "$1" -out "$corpus"
	patterns="$out/patterns-10000.txt"
	python3 bench/patterns.py "$patterns"
}

# bench_pg: a throwaway PostgreSQL cluster with the server's default
# durability (fsync, synchronous_commit and full_page_writes on, as a real
# server runs; internal/pgtest's test clusters turn them off), as the
# postgres user when run as root (the server refuses root), stopped and
# removed when the script exits. Sets pgbin, pgdir and port; psql SQL runs
# a statement in database postgres; pg_url NAME is a database's URL.
bench_pg() {
	pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
	[ -x "$pgbin/initdb" ] || { echo "no PostgreSQL server: make deps-test" >&2; exit 1; }
	pgdir=$(mktemp -d /tmp/spanmark-pgbench-XXXXXX)
	pg_as=()
	if [ "$(id -u)" = 0 ]; then chown postgres "$pgdir"; pg_as=(runuser -u postgres --); fi
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	"${pg_as[@]}" "$pgbin/initdb" -D "$pgdir/data" -U spanmark --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
	"${pg_as[@]}" "$pgbin/pg_ctl" start -w -D "$pgdir/data" -l "$pgdir/log" -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1" >/dev/null
	trap '"${pg_as[@]}" "$pgbin/pg_ctl" stop -m fast -D "$pgdir/data" >/dev/null; rm -rf "$pgdir"' EXIT
}
psql() { "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U spanmark -d postgres -c "$1" >/dev/null; }
pg_url() { echo "postgres://spanmark@127.0.0.1:$port/$1?sslmode=disable"; }
