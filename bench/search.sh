#!/usr/bin/env bash
# Search and suggestion benchmark (issue: search < 50 ms on 100k articles,
# < 1/10 of an export on 20k; suggest with 10,000 patterns < 3x the import
# on 20k, under a minute on 100k). Prints a table of medians.
#   bench/search.sh [ARTICLES] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8
n=${1:-20000}
runs=${2:-5}
out=bench/out
mkdir -p "$out"
go build -tags sqlite_fts5 -o "$out/spanmark" .
go build -o "$out/gencorpus" ./bench/gencorpus
corpus="$out/corpus-$n.jsonl"
[ -s "$corpus" ] || "$out/gencorpus" -n "$n" -out "$corpus"
db="$out/search-$n.db"
patterns="$out/patterns-10000.txt"
# 10,000 gazetteer phrases, as a real gazetteer is: the corpus' 14 names
# (tagged already where the generator put them, so mostly nothing new) and
# 9,986 other names of one to three words, which the matcher must look up.
python3 - "$patterns" <<'PY'
import random, sys
random.seed(7)
names = [("PERSON", "Mohammed Dahlan"), ("PERSON", "Angela Merkel"), ("ORG", "Gulf News"),
         ("ORG", "Middle East News Agency"), ("ORG", "United Nations"), ("GPE", "Cairo"),
         ("LOC", "Gaza Strip"), ("GPE", "Zürich"), ("GPE", "東京"), ("EVENT", "the Hajj"),
         ("PERSON", "José Ramos-Horta"), ("PERSON", "Abdel Fattah Al Sissi"), ("NUMBER", "16"),
         ("DATE", "Thursday, October 26, 2017")]
syl = ["ka", "lo", "mi", "ra", "to", "be", "su", "na", "vi", "do", "ye", "zu"]
def word():
    return "".join(random.choice(syl) for _ in range(random.randint(2, 4))).capitalize()
labels = ["PERSON", "ORG", "GPE", "EVENT"]
with open(sys.argv[1], "w", encoding="utf-8") as out:
    for label, phrase in names:
        out.write(f"{label}\t{phrase}\n")
    for i in range(10000 - len(names)):
        out.write(f"{labels[i % 4]}\t{' '.join(word() for _ in range(random.randint(1, 3)))}\n")
PY
secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null; e=$(date +%s.%N); echo "$e - $s" | bc; }
. bench/lib.sh
imp=(); exp=(); idx=(); srch=(); sug=()
for r in $(seq "$runs"); do
	rm -f "$db" "$db-wal" "$db-shm"
	imp+=("$(secs "$out/spanmark" import --db "$db" "$corpus")")
	exp+=("$(secs "$out/spanmark" export --db "$db" --out "$out/export.jsonl")")
	idx+=("$(secs "$out/spanmark" search --db "$db" police)")   # builds the index first
	srch+=("$(secs "$out/spanmark" search --db "$db" '"Interior Ministry" OR terror*')")
	sug+=("$(secs "$out/spanmark" suggest --db "$db" --patterns "$patterns")")
done
m() { median "$@"; }
printf '| %s articles | median of %s |\n|---|---|\n' "$n" "$runs"
printf '| import | %.2f s |\n| export | %.2f s |\n| first search (indexes every article) | %.2f s |\n' "$(m "${imp[@]}")" "$(m "${exp[@]}")" "$(m "${idx[@]}")"
printf '| search, whole process | %.3f s |\n| suggest, 10,000 patterns | %.2f s |\n' "$(m "${srch[@]}")" "$(m "${sug[@]}")"
