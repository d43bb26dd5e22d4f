# Shared helpers for the bench/*.sh scripts. Source it; do not run it.

# stats reads numbers, one a line, and prints "min median max".
stats() {
	sort -g | awk '{a[NR]=$1} END {
		if (NR == 0) { print "- - -"; exit }
		m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2
		printf "%.6g %.6g %.6g\n", a[1], m, a[NR] }'
}

# median reads numbers, one a line, and prints their median.
median() { stats | awk '{print $2}'; }

# ratio prints a/b to three significant digits.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.3g\n", a / b }'; }

# cputicks PID prints the user+system CPU time of a process in clock ticks.
cputicks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# freeport prints a loopback TCP port that nothing listens on.
freeport() {
	local p
	while :; do
		p=$((20000 + RANDOM % 20000))
		if ! (exec 3<>/dev/tcp/127.0.0.1/$p) 2>/dev/null; then
			echo "$p"
			return
		fi
	done
}

# machine prints what the figures were measured on.
machine() {
	echo "date:    $(date -u +%Y-%m-%dT%H:%MZ)"
	echo "cpus:    $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
	echo "go:      $(go version)"
	echo "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, before the run)"
}
