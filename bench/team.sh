#!/usr/bin/env bash
# Team-server concurrency (issue 18): PROCS processes, each with its own
# connection and annotator, tag 1,000 spans each at once through
# session.Tag on 4 articles they share, on a throwaway PostgreSQL cluster
# (internal/pgtest; run as root, the server runs as postgres). Prints the
# medians of RUNS alternating runs: wall time, tags a second, and the p50,
# p99 and max time of one tag (the window's tag: insert, undo step,
# reload of the article). Fails if a span is missing or a process failed.
#   bench/team.sh [RUNS] [PROCS,...]
set -euo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8
runs=${1:-3}
procs=${2:-1,8}
out=bench/out
mkdir -p "$out"
go build -tags sqlite_fts5 -o "$out/teamtag" ./bench/teamtag
echo "load before: $(uptime | sed 's/.*load average: //')"
"$out/teamtag" -runs "$runs" -procs "$procs" -tags 1000 -articles 4
echo "load after: $(uptime | sed 's/.*load average: //')"
