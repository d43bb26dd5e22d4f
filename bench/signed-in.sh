#!/usr/bin/env bash
# Target 3: a signed-in page in under 5 ms median on loopback under 32
# concurrent clients. wrk (2 threads, 32 connections, 10 s, --latency,
# --timeout 10s so that slow answers count instead of being dropped), RUNS
# interleaved runs of:
#   hello  the ceiling: bench/hello, a plain net/http handler
#   home   sigap serve on a demo SQLite database, GET / signed in as admin.kab
#   login  the same server, GET /login without a session (public rate
#          limit raised, as all of wrk's connections share one address)
# Prints requests/s, p50, p99 and the server's CPU time per request for
# each run, their medians, and the ratios to hello. Also prints sigap's RSS
# before and after signing in, and after the load.
#
#   bench/signed-in.sh          # needs wrk: apt-get install -y wrk
#   RUNS=5 DURATION=20s bench/signed-in.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
CONNS=${CONNS:-32}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

work=$(mktemp -d /tmp/sigap-signedin.XXXXXX)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT

go build -o /tmp/sigap-bench ./cmd/sigap
go build -o "$work/hello" ./bench/hello
timeout 300 /tmp/sigap-bench demo --seed-only --data-dir "$work/data" >/dev/null
machine

hp=$(freeport)
"$work/hello" --addr "127.0.0.1:$hp" 2>"$work/hello.log" &
hpid=$!
pids+=($hpid)
sp=$(freeport)
# Anonymous requests are rate limited per client address (SIGAP_RATE_PUBLIC
# a minute); every wrk connection comes from 127.0.0.1, so the limit is
# raised for the /login figure. Signed-in requests are never limited.
SIGAP_RATE_PUBLIC=100000000 /tmp/sigap-bench serve --data-dir "$work/data" --addr "127.0.0.1:$sp" 2>"$work/sigap.log" &
spid=$!
pids+=($spid)
for _ in $(seq 300); do
	curl -fs -o /dev/null "http://127.0.0.1:$sp/readyz" && curl -fs -o /dev/null "http://127.0.0.1:$hp/" && break
	sleep 0.1
done

rss() { awk '/^VmRSS/ {r = $2} /^VmHWM/ {h = $2} END {printf "RSS %.1f MB, peak %.1f MB", r / 1024, h / 1024}' "/proc/$1/status"; }
echo "sigap ready, before sign-in: $(rss "$spid")"
# Sign in as admin.kab and keep the session cookie.
curl -fs -o /dev/null -c "$work/jar" --max-time 10 \
	--data-urlencode username=admin.kab --data-urlencode password=sigap-demo-2026 "http://127.0.0.1:$sp/login"
cookie="sigap_session=$(awk '$6 == "sigap_session" {print $7}' "$work/jar")"
echo "sigap after one sign-in: $(rss "$spid")"
check() { # check URL [COOKIE]: the page must answer 200, not a redirect to /login
	local code
	code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 ${2:+-H "Cookie: $2"} "$1")
	[ "$code" = 200 ] || { echo "GET $1 answered $code, not 200" >&2; exit 1; }
}
check "http://127.0.0.1:$sp/" "$cookie"
check "http://127.0.0.1:$sp/login"
echo "home page: $(curl -s --max-time 10 -H "Cookie: $cookie" "http://127.0.0.1:$sp/" | wc -c) bytes; load: wrk -t2 -c$CONNS -d$DURATION --timeout 10s --latency"

# wrkrun NAME PID URL [COOKIE]: one wrk run against the server PID; appends
# "rps p50ms p99ms cpu_us_per_request" to $work/r.NAME. The CPU time the
# server used per request is the least noisy figure on a shared machine.
tck=$(getconf CLK_TCK)
wrkrun() {
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
	wrkrun home "$spid" "http://127.0.0.1:$sp/" "$cookie"
	wrkrun login "$spid" "http://127.0.0.1:$sp/login"
done
check "http://127.0.0.1:$sp/" "$cookie" # still signed in at the end
echo
echo "runs (name req/s p50-ms p99-ms server-cpu-us/request):"
cat "$work/runs"

col() { awk -v c="$2" '{print $c}' "$work/r.$1" | median; }
echo
printf '%-8s %9s %9s %9s %11s %11s %11s %11s\n' "median" "req/s" "p50 ms" "p99 ms" "cpu us/req" \
	"req/s ratio" "p50 ratio" "cpu ratio"
for n in hello home login; do
	printf '%-8s %9s %9s %9s %11s %11s %11s %11s\n' "$n" "$(col $n 1)" "$(col $n 2)" "$(col $n 3)" "$(col $n 4)" \
		"$(ratio "$(col $n 1)" "$(col hello 1)")" "$(ratio "$(col $n 2)" "$(col hello 2)")" "$(ratio "$(col $n 4)" "$(col hello 4)")"
done
echo
echo "sigap after the load: $(rss "$spid")"
