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
