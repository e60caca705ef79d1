#!/usr/bin/env bash
# Screenshot smoke test: opens the real window under Xvfb on the sample
# article, lets spanmark write its own screenshot, and checks that the PNG is
# a window-sized image with real content (not blank or black).
set -euo pipefail
bin=${1:-./spanmark}
export LANG=C.UTF-8
tmp=$(mktemp -d)
disp=""
for n in $(seq 90 130); do
	if [ ! -e /tmp/.X$n-lock ] && [ ! -e /tmp/.X11-unix/X$n ]; then disp=":$n"; break; fi
done
[ -n "$disp" ] || { echo "smoke: no free X display"; exit 1; }
Xvfb "$disp" -screen 0 1400x900x24 >"$tmp/xvfb.log" 2>&1 &
xvfb=$!
trap 'kill $xvfb 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do [ -e /tmp/.X11-unix/X${disp#:} ] && break; sleep 0.1; done

out=${SMOKE_OUT:-$tmp/shot.png}
DISPLAY=$disp timeout 120 "$bin" --db "$tmp/smoke.db" --open 1.2114013-2760217987 --screenshot "$out"
[ -s "$out" ] || { echo "smoke: no screenshot written"; exit 1; }
read -r w h sd < <(convert "$out" -format '%w %h %[fx:standard_deviation]\n' info:)
echo "smoke: screenshot ${w}x${h}, pixel standard deviation $sd"
if [ "$w" -lt 400 ] || [ "$h" -lt 300 ]; then echo "smoke: screenshot too small"; exit 1; fi
awk -v sd="$sd" 'BEGIN { exit !(sd > 0.02) }' || { echo "smoke: screenshot is blank"; exit 1; }
echo "smoke: ok"
