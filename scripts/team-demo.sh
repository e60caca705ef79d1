#!/usr/bin/env bash
# make team-demo: a throwaway PostgreSQL server with the bundled sample
# articles and two windows on it, one as ana and one as ben: tag a word in
# one and it shows in the other within a second. Closing both windows (or
# Ctrl+C) stops the server and removes it.
#
#   scripts/team-demo.sh [BIN]                 the two windows, on $DISPLAY
#   scripts/team-demo.sh --look DIR [BIN]      under Xvfb: tags a word in ana's
#       window with xdotool, screenshots both windows into DIR and says how
#       long ben's window took to show it (needs xvfb, xdotool, imagemagick)
#
# The server runs as the user postgres when this runs as root (PostgreSQL
# refuses root), like the tests' (internal/pgtest).
set -euo pipefail
export LANG=C.UTF-8
look=""
if [ "${1:-}" = "--look" ]; then
	look=$(realpath -m "$2")
	shift 2
fi
bin=$(realpath "${1:-./spanmark}")
if [ -z "$look" ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
	echo "team-demo: no display to open the windows on (TEAM_DEMO_LOOK=DIR runs them under Xvfb)" >&2
	exit 1
fi
samples=$(realpath "$(dirname "$0")/../assets/samples")

pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$pgbin/initdb" ] || { echo "team-demo: no PostgreSQL server (initdb): make deps-test installs it" >&2; exit 1; }
as=()
if [ "$(id -u)" = 0 ]; then
	id postgres >/dev/null 2>&1 || { echo "team-demo: running as root and there is no user postgres to run the server as" >&2; exit 1; }
	as=(runuser -u postgres --)
fi

tmp=$(mktemp -d /tmp/spanmark-team-demo-XXXXXX)
chmod 755 "$tmp"
[ ${#as[@]} = 0 ] || chown postgres "$tmp"
pids=()
XVFB_PID=""
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	"${as[@]}" "$pgbin/pg_ctl" stop -m fast -D "$tmp/data" >/dev/null 2>&1 || true
	[ -z "$XVFB_PID" ] || kill "$XVFB_PID" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# the server, on a free port
"${as[@]}" "$pgbin/initdb" -D "$tmp/data" -U spanmark --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$tmp/initdb.log" 2>&1 ||
	{ cat "$tmp/initdb.log" >&2; exit 1; }
for _ in $(seq 20); do
	port=$((20000 + RANDOM % 20000))
	(echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
	if "${as[@]}" "$pgbin/pg_ctl" start -w -t 60 -D "$tmp/data" -l "$tmp/server.log" \
		-o "-p $port -k $tmp -c listen_addresses=127.0.0.1" >/dev/null 2>&1; then
		break
	fi
	port=""
done
[ -n "${port:-}" ] || { echo "team-demo: the server did not start:" >&2; tail -5 "$tmp/server.log" >&2; exit 1; }
psql() { "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U spanmark "$@"; }
psql -d postgres -c "CREATE DATABASE team"
admin="postgres://spanmark@127.0.0.1:$port/team?sslmode=disable"

# the samples, loaded by the admin (this also makes the schema)
"$bin" import --db "$admin" "$samples"/*.txt

# ---- the team: ana and ben, annotators ----------------------------------
# (the server trusts local connections: no passwords; a real server has
# them, typed at `team add` or read from --password-file)
"$bin" team init --db "$admin"
"$bin" team add --db "$admin" ana --role annotator --no-password
"$bin" team add --db "$admin" ben --role annotator --no-password
# -------------------------------------------------------------------------

url() { echo "postgres://$1@127.0.0.1:$port/team?sslmode=disable"; }
article=1.2114013-2760217987 # the Gulf News sample; both windows open it
echo "team-demo: server on port $port; ana: $(url ana)"
echo "team-demo:                        ben: $(url ben)"

if [ -z "$look" ]; then
	SPANMARK_LIVE_LOG=1 "$bin" --db "$(url ana)" --open "$article" --size 900x700 2> >(sed 's/^/ana: /' >&2) &
	pids+=($!)
	SPANMARK_LIVE_LOG=1 "$bin" --db "$(url ben)" --open "$article" --size 900x700 2> >(sed 's/^/ben: /' >&2) &
	pids+=($!)
	echo "team-demo: tag a word in one window: it shows in the other. Close both windows to stop the server."
	wait "${pids[@]}" || true
	exit 0
fi

# --look: under Xvfb, drive ana's window and look at both
. "$(dirname "$0")/xvfb.sh"
mkdir -p "$look"
start_xvfb "$tmp/xvfb.log"
export GALLIUM_DRIVER=${GALLIUM_DRIVER:-softpipe} # what X shows; llvmpipe draws faster (Fyne's own capture is black with it: notes/fyne-headless.md)
seen=""
for who in ana ben; do
	SPANMARK_LIVE_LOG=1 timeout 300 "$bin" --db "$(url $who)" --open "$article" --size 690x860 2>"$look/$who.log" &
	pids+=($!)
	wid=""
	for _ in $(seq 300); do # its window: the one of that title not seen before
		wid=$(xdotool search --name "spanmark — $article" 2>/dev/null | grep -vxF -e "${seen:-none}" | head -1 || true)
		[ -n "$wid" ] && break
		sleep 0.1
	done
	[ -n "$wid" ] || { echo "team-demo: $who's window did not open" >&2; cat "$look/$who.log" >&2; exit 1; }
	seen="$wid"
	eval "${who}_win=$wid"
done
xdotool windowmove --sync "$ana_win" 0 0
xdotool windowmove --sync "$ben_win" 705 0
sleep 3 # both drawn
shot() { import -window root -crop "690x860+$2+0" +repage "$look/$1"; }
shot ana-before.png 0
shot ben-before.png 705
# ana points at a word of the text (the pane right of the list) and presses
# 1, PERSON's key: with nothing selected a key tags the word under the pointer
word_x=${TEAM_DEMO_WORD_X:-300} word_y=${TEAM_DEMO_WORD_Y:-150}
xdotool windowfocus --sync "$ana_win"
xdotool mousemove --window "$ana_win" "$((word_x - 5))" "$word_y" mousemove --window "$ana_win" "$word_x" "$word_y"
sleep 0.5
key=$(date +%s%3N)
xdotool key 1
# ben's window, screenshot after screenshot for 2 s: the first that differs
# from before the key shows ana's tag (each takes 0.1-0.3 s under softpipe)
changed=""
for i in $(seq 0 19); do
	at=$(date +%s%3N)
	f=$(printf 'ben-%02d.png' "$i")
	shot "$f" 705
	if [ -z "$changed" ] && [ "$(compare -metric AE "$look/ben-before.png" "$look/$f" null: 2>&1 || true)" != 0 ]; then
		changed="$f, taken $((at - key))-$(($(date +%s%3N) - key)) ms after the key"
	fi
	sleep 0.05
done
shot ana-after.png 0
shot ben-after.png 705
redrawn=$(sed -n 's/^live: .* redrawn at \([0-9]*\) ms.*/\1/p' "$look/ben.log" | head -1)
if [ -n "$redrawn" ]; then
	echo "team-demo: ana's key at $key ms, ben's window took it in at $redrawn ms: $((redrawn - key)) ms"
else
	echo "team-demo: ben's window logged no redraw (see $look/ben.log)"
fi
echo "team-demo: first screenshot of ben's window that differs: ${changed:-none}"
convert "$look/ana-after.png" "$look/ben-after.png" +append "$look/both.png"
echo "team-demo: both windows after the key: $look/both.png"
