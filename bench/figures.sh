#!/usr/bin/env bash
# The public figures page (/angka/{slug}), served from its cache: at least
# 5,000 requests a second on loopback. wrk (2 threads, 32 connections, 10 s,
# --latency, --timeout 10s), RUNS interleaved runs of:
#   hello    the ceiling: bench/hello, a plain net/http handler
#   figures  sigap serve on a demo SQLite database, GET /angka/kab-serang
#            without a session (Indonesian)
#   english  the same with the language cookie set to English
# The public rate limit is raised, as all of wrk's connections share one
# address; the limit has tests of its own. Before the runs the script
# checks that the page answers 200 with a public Cache-Control; wrk must
# see no non-2xx answer. Prints requests/s, p50, p99 and the server's CPU
# time per request for each run, their medians, and the ratios to hello.
#
#   bench/figures.sh          # needs wrk: apt-get install -y wrk
#   RUNS=5 DURATION=20s bench/figures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-32}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

work=$(mktemp -d /tmp/sigap-figures.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/sigap" ./cmd/sigap
go build -o "$work/hello" ./bench/hello
timeout 300 "$work/sigap" demo --seed-only --data-dir "$work/data" >/dev/null
machine

hp=$(freeport)
"$work/hello" --addr "127.0.0.1:$hp" 2>"$work/hello.log" &
hpid=$!
pids+=($hpid)
sp=$(freeport)
SIGAP_RATE_PUBLIC=1000000000 "$work/sigap" serve --data-dir "$work/data" --addr "127.0.0.1:$sp" 2>"$work/sigap.log" &
spid=$!
pids+=($spid)
for _ in $(seq 300); do
	curl -fs -o /dev/null "http://127.0.0.1:$sp/readyz" && curl -fs -o /dev/null "http://127.0.0.1:$hp/" && break
	sleep 0.1
done

page="http://127.0.0.1:$sp/angka/kab-serang"
cc=$(curl -fs -D - -o "$work/page.html" --max-time 10 "$page" | tr -d '\r' | sed -n 's/^Cache-Control: //Ip')
[ "$cc" = "public, max-age=300" ] || { echo "GET $page: Cache-Control '$cc'" >&2; exit 1; }
grep -q 'id="figures-total"' "$work/page.html" || { echo "GET $page: not the figures page" >&2; exit 1; }
curl -fs -o /dev/null --max-time 10 -H "Cookie: sigap_lang=en" "$page"
echo "figures page: $(wc -c <"$work/page.html") bytes; load: wrk -t2 -c$CONNS -d$DURATION --timeout 10s --latency"

tck=$(getconf CLK_TCK)
wrkrun() { # NAME PID URL [COOKIE]: appends "rps p50ms p99ms cpu_us_per_request" to $work/r.NAME
	local out c0 c1
	c0=$(cputicks "$2")
	out=$(timeout 120 wrk -t2 -c"$CONNS" -d"$DURATION" --timeout 10s --latency ${4:+-H "Cookie: $4"} "$3")
	c1=$(cputicks "$2")
	if grep -q 'Non-2xx' <<<"$out"; then echo "$1: non-2xx answers:" >&2; echo "$out" >&2; exit 1; fi
	if grep -q 'Socket errors' <<<"$out"; then echo "$1: $(grep 'Socket errors' <<<"$out")" >&2; fi
	awk -v name="$1" -v cpu=$((c1 - c0)) -v tck="$tck" '
		function ms(v) {
			if (v ~ /us$/) return v / 1000
			if (v ~ /ms$/) return v + 0
			if (v ~ /s$/) return v * 1000
			return v
		}
		/^ +50%/ { p50 = ms($2) }
		/^ +99%/ { p99 = ms($2) }
		/ requests in / { n = $1 }
		/^Requests\/sec/ { rps = $2 }
		END { printf "%s %.0f %.3f %.3f %.0f\n", name, rps, p50, p99, cpu * 1e6 / tck / n }' <<<"$out" |
		tee -a "$work/runs" | cut -d' ' -f2- >>"$work/r.$1"
}

for r in $(seq "$RUNS"); do
	wrkrun hello "$hpid" "http://127.0.0.1:$hp/"
	wrkrun figures "$spid" "$page"
	wrkrun english "$spid" "$page" "sigap_lang=en"
done
echo
echo "runs (name req/s p50-ms p99-ms server-cpu-us/request):"
cat "$work/runs"

col() { awk -v c="$2" '{print $c}' "$work/r.$1" | median; }
echo
printf '%-8s %9s %9s %9s %11s %11s %11s %11s\n' "median" "req/s" "p50 ms" "p99 ms" "cpu us/req" \
	"req/s ratio" "p50 ratio" "cpu ratio"
for n in hello figures english; do
	printf '%-8s %9s %9s %9s %11s %11s %11s %11s\n' "$n" "$(col $n 1)" "$(col $n 2)" "$(col $n 3)" "$(col $n 4)" \
		"$(ratio "$(col $n 1)" "$(col hello 1)")" "$(ratio "$(col $n 2)" "$(col hello 2)")" "$(ratio "$(col $n 4)" "$(col hello 4)")"
done
f=$(col figures 1)
echo
echo "target >= 5000 req/s: $(awk -v f="$f" 'BEGIN {print (f >= 5000) ? "met" : "MISSED"}') ($f req/s median)"
