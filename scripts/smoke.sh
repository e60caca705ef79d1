#!/usr/bin/env bash
# Screenshot smoke test: opens the real window under Xvfb on the sample
# article, lets spanmark write its own screenshot, and checks that the PNG is
# a window-sized image with real content (not blank or black).
set -euo pipefail
bin=${1:-./spanmark}
export LANG=C.UTF-8
tmp=$(mktemp -d)
. "$(dirname "$0")/xvfb.sh"
XVFB_PID=""
trap '[ -z "$XVFB_PID" ] || kill $XVFB_PID 2>/dev/null || true; rm -rf "$tmp"' EXIT
start_xvfb "$tmp/xvfb.log" || { echo "smoke: Xvfb did not start"; exit 1; }

out=${SMOKE_OUT:-$tmp/shot.png}
timeout 120 "$bin" --db "$tmp/smoke.db" --open 1.2114013-2760217987 --screenshot "$out"
[ -s "$out" ] || { echo "smoke: no screenshot written"; exit 1; }
read -r w h sd < <(convert "$out" -format '%w %h %[fx:standard_deviation]\n' info:)
echo "smoke: screenshot ${w}x${h}, pixel standard deviation $sd"
if [ "$w" -lt 400 ] || [ "$h" -lt 300 ]; then echo "smoke: screenshot too small"; exit 1; fi
awk -v sd="$sd" 'BEGIN { exit !(sd > 0.02) }' || { echo "smoke: screenshot is blank"; exit 1; }
echo "smoke: ok"
