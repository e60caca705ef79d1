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
