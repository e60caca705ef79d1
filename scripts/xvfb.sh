# Shared by the scripts that run the real window (source it).

# start_xvfb LOG starts Xvfb on a display it finds free itself (-displayfd:
# it takes the first display no other server holds, abstract sockets
# included, and writes its number once it accepts connections), waits for
# that (up to 20 s), and exports DISPLAY and XVFB_PID; Xvfb's output goes
# to LOG.
start_xvfb() {
	local log=$1 num="$1.display"
	: >"$num"
	Xvfb -displayfd 3 -screen 0 1400x900x24 -nolisten tcp 3>"$num" >"$log" 2>&1 &
	XVFB_PID=$!
	for _ in $(seq 200); do
		if [ -s "$num" ] && grep -q '^[0-9][0-9]*$' "$num"; then
			export DISPLAY=":$(cat "$num")"
			return 0
		fi
		kill -0 "$XVFB_PID" 2>/dev/null || break
		sleep 0.1
	done
	echo "Xvfb did not start: $(tail -3 "$log" | tr '\n' ' ')" >&2
	return 1
}
