#!/usr/bin/env bash
# Lock test on the real window under Xvfb (issue: a file dialog over the
# database's folder dropped SQLite's locks). Opens the window on a database,
# opens File ▸ Open file (Ctrl+O) on the database's own folder, and checks
# that the window still holds the same POSIX locks on the database and its
# -shm (/proc/locks), and that another process ("spanmark stats") opening
# and closing the database does not delete the WAL under the window.
set -euo pipefail
bin=${1:-./spanmark}
export LANG=C.UTF-8
tmp=$(mktemp -d)
. "$(dirname "$0")/xvfb.sh"
XVFB_PID=""
app=""
trap '[ -z "$app" ] || { kill $app 2>/dev/null; wait $app 2>/dev/null; } || true; [ -z "$XVFB_PID" ] || kill $XVFB_PID 2>/dev/null || true; rm -rf "$tmp"' EXIT
start_xvfb "$tmp/xvfb.log" || { echo "locks: Xvfb did not start"; exit 1; }

# A database with no extension beside files of unknown types; Fyne's file
# dialog starts in its last folder, which is set to the database's.
dir=$tmp/work
db=$dir/team-annotations
mkdir -p "$dir" "$tmp/config/fyne/io.github.spanmark"
echo "a build log" >"$dir/build.log"
printf '{"fyne:fileDialogLastFolder":"file://%s"}' "$dir" >"$tmp/config/fyne/io.github.spanmark/preferences.json"

# locks PID FILE: how many POSIX locks PID holds on FILE.
locks() {
	local dev ino
	read -r dev ino < <(stat -c '%D %i' "$2")
	awk -v pid="$1" -v ino="$ino" '$2 == "POSIX" && $5 == pid { split($6, id, ":"); if (id[3] == ino) n++ } END { print n + 0 }' /proc/locks
}

XDG_CONFIG_HOME=$tmp/config "$bin" --db "$db" >"$tmp/app.log" 2>&1 &
app=$!
wid=""
for _ in $(seq 100); do
	wid=$(xdotool search --onlyvisible --name '^spanmark' 2>/dev/null | head -1 || true)
	[ -n "$wid" ] && break
	sleep 0.2
done
[ -n "$wid" ] || { echo "locks: the window did not appear"; cat "$tmp/app.log"; exit 1; }
sleep 1
before="$(locks $app "$db") $(locks $app "$db-shm")"
echo "locks: window $app holds $before locks on the database and its -shm"
# both counts above zero
held() { local a b; read -r a b <<<"$1"; [ "$a" -gt 0 ] && [ "$b" -gt 0 ]; }
held "$before" || { echo "locks: the window should hold locks on both"; exit 1; }

xdotool windowfocus --sync "$wid" key ctrl+o
sleep 2
[ -z "${LOCKS_OUT:-}" ] || import -window root "$LOCKS_OUT"
after="$(locks $app "$db") $(locks $app "$db-shm")"
echo "locks: after File ▸ Open file on the database's folder: $after"
xdotool key Escape
# Losing them is the fault (0); one more is a transaction in flight.
held "$after" || { echo "locks: the dialog dropped the window's locks"; exit 1; }

"$bin" stats --db "$db" >/dev/null
if [ ! -e "$db-wal" ] || ls -l /proc/$app/fd | grep -q '(deleted)'; then
	echo "locks: another process deleted the WAL under the window"; exit 1
fi
echo "locks: ok"
