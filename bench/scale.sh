#!/usr/bin/env bash
# The window at scale (issue 15). Generated databases of 1,000, 10,000 and
# 100,000 articles with 10 spans each (gencorpus -mixed: every status, three
# annotators, claims), made once and reused (bench/out/scale-N-vV.db, V the
# schema version); prints one table:
#  - process start → first frame drawn (--screenshot under Xvfb, softpipe),
#    median of RUNS runs alternating with the 25 samples' database;
#  - what the window does on its goroutine when the person lists, scrolls,
#    filters, opens, steps in review mode and searches (gui BenchmarkScale,
#    Fyne's test driver: all but GL painting), mean of ITER each.
#   bench/scale.sh [RUNS] [ARTICLES...]    (default: 5 runs; 1000 10000 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8
. bench/lib.sh
runs=${1:-5}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)
iters=${ITER:-10}
out=bench/out
mkdir -p "$out"
go build -tags sqlite_fts5 -o "$out/spanmark" .
go build -o "$out/gencorpus" ./bench/gencorpus
go test -c -tags sqlite_fts5 -o "$out/gui.test" ./gui/
v=$(ls store/migrations/*.sql | wc -l)

# The databases: made once per schema version (an older one would be
# upgraded first, which the window asks before doing).
for n in "${sizes[@]}"; do
	db="$out/scale-$n-v$v.db"
	[ -s "$db" ] && continue
	corpus="$out/scale-$n.jsonl"
	[ -s "$corpus" ] || "$out/gencorpus" -n "$n" -spans 10 -mixed -out "$corpus"
	rm -f "$db.new" "$db.new-wal" "$db.new-shm"
	echo "making $db (import, then the search index)…" >&2
	"$out/spanmark" import --db "$db.new" "$corpus" >/dev/null
	"$out/spanmark" search --db "$db.new" police >/dev/null
	mv "$db.new" "$db"
done
bench_xvfb
samples="$out/samples-v$v.db"
if [ ! -s "$samples" ]; then # the window's first run loads the samples
	"$out/spanmark" --db "$samples" --screenshot "$out/scale.png" 2>/dev/null
fi

echo "machine before: $(uptime)" >&2
frame() { # first frame drawn after start, ms
	SPANMARK_TIMING=1 timeout 120 "$out/spanmark" --db "$1" --screenshot "$out/scale.png" 2>&1 |
		sed -nE 's/^timing:.*drawn ([0-9.]+) ms.*/\1/p'
}
declare -A first
for _ in $(seq "$runs"); do
	for db in "$samples" "${sizes[@]}"; do
		[ "$db" = "$samples" ] || db="$out/scale-$db-v$v.db"
		first[$db]+="$(frame "$db") "
	done
done
declare -A ms
for n in "${sizes[@]}"; do
	while read -r name ns; do
		ms[$n,$name]=$(echo "$ns" | awk '{printf "%.1f", $1 / 1e6}')
	done < <(SPANMARK_SCALE_DB="$PWD/$out/scale-$n-v$v.db" "$out/gui.test" -test.run '^$' \
		-test.bench '^BenchmarkScale$' -test.benchtime "${iters}x" 2>/dev/null |
		sed -nE 's|^BenchmarkScale/([a-z_]+)-[0-9]+[[:space:]]+[0-9]+[[:space:]]+([0-9.]+) ns/op.*|\1 \2|p')
done
echo "machine after: $(uptime)" >&2

small=$(median ${first[$samples]})
printf '| step (ms) |'
for n in "${sizes[@]}"; do printf ' %s articles |' "$n"; done
printf ' target |\n|---|'
for _ in "${sizes[@]}"; do printf -- '---:|'; done
printf -- '---|\n'
printf '| start → first frame (25 samples: %.0f ms) |' "$small"
for n in "${sizes[@]}"; do
	f=$(median ${first[$out/scale-$n-v$v.db]})
	printf ' %.0f (%.2f×) |' "$f" "$(echo "$f / $small" | bc -l)"
done
printf ' ≤ 1.5× the samples'"'"' |\n'
for step in list_all:"list every article" list_scroll_to_end:"scroll to the last row" \
	filter_status:"filter: status done" filter_label:"filter: label EVENT (half the articles)" \
	filter_annotator:"filter: annotator cleo (1 in 200)" open_article:"open an article (the middle one)" \
	review_next:"review: next article with a claim to review" review_prev:"review: previous one" \
	review_none_left:"review: none left (status reviewed: all decided)" \
	search:"search box: police (nearly every article)"; do
	key=${step%%:*}
	printf '| %s |' "${step#*:}"
	for n in "${sizes[@]}"; do printf ' %s |' "${ms[$n,$key]:-?}"; done
	case $key in search) printf ' < 50 |\n' ;; list_scroll_to_end) printf ' — |\n' ;; *) printf ' < 100 |\n' ;; esac
done
