# Shared by the bench scripts (source it): medians and a private Xvfb.

# median prints the median of its arguments.
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# start_xvfb starts Xvfb on a free display, exports DISPLAY and stops it
# when the script exits.
start_xvfb() {
	local n disp=""
	for n in $(seq 140 180); do
		if [ ! -e /tmp/.X$n-lock ] && [ ! -e /tmp/.X11-unix/X$n ]; then disp=":$n"; break; fi
	done
	[ -n "$disp" ] || { echo "no free X display in :140-:180" >&2; exit 1; }
	Xvfb "$disp" -screen 0 1400x900x24 >/dev/null 2>&1 &
	XVFB_PID=$!
	trap 'kill $XVFB_PID 2>/dev/null || true' EXIT
	export DISPLAY=$disp
	sleep 1
}
