#!/usr/bin/env bash
# The soak: mixed traffic against one `sigap serve` for MINUTES minutes on
# the two cores, one table row a minute, so that a creeping error rate, a
# growing p99 or a growing memory shows as a trend rather than hiding in
# one average. Each minute, at the same time:
#   submit   bench/reportload, open loop at SUBMIT_RATE/s: anonymous reports
#            of 2 KB to /lapor/kab-serang
#   lookup   bench/reportload, open loop at LOOKUP_RATE/s: receipt look-ups
#            of reports sent earlier
#   home     wrk, 2 connections: the signed-in home page of admin.kab
#   figures  wrk, 2 connections: the public figures page /angka/kab-serang
# then the server's resident memory, Go heap in use and goroutines (from
# /metrics). At the end every receipt shown is counted in the database.
#
#   bench/soak.sh                             # SQLite, 10 minutes
#   ENGINE=postgres bench/soak.sh             # PostgreSQL (SIGAP_TEST_POSTGRES or the local test database)
#   MINUTES=3 SUBMIT_RATE=300 bench/soak.sh
#
# Needs wrk (apt-get install -y wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
. bench/lib.sh
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
ENGINE=${ENGINE:-sqlite}
MINUTES=${MINUTES:-10}
SUBMIT_RATE=${SUBMIT_RATE:-200}
LOOKUP_RATE=${LOOKUP_RATE:-200}
PG=${SIGAP_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}

work=$(mktemp -d /tmp/sigap-soak.XXXXXX)
pids=()
schema=""
cleanup() {
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	[ -n "$schema" ] && psql -q "$PG" -c "DROP SCHEMA IF EXISTS $schema CASCADE" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/sigap" ./cmd/sigap
go build -o "$work/load" ./bench/reportload
machine
echo "engine:  $ENGINE; $MINUTES minutes; submit $SUBMIT_RATE/s, look-ups $LOOKUP_RATE/s, home and figures pages 2 connections each"
echo

flags="--data-dir $work/data"
if [ "$ENGINE" = postgres ]; then
	schema="bench_soak_$$"
	psql -q "$PG" -c "CREATE SCHEMA $schema"
	sep='?'
	[[ $PG == *\?* ]] && sep='&'
	flags="$flags --database-url $PG${sep}search_path=$schema"
fi
timeout 300 "$work/sigap" demo --seed-only $flags >/dev/null
sp=$(freeport)
base="http://127.0.0.1:$sp"
SIGAP_RATE_PUBLIC=1000000000 SIGAP_RATE_RECEIPT=1000000000 "$work/sigap" serve $flags --addr "127.0.0.1:$sp" 2>"$work/sigap.log" &
spid=$!
pids+=($spid)
for _ in $(seq 300); do curl -fs -o /dev/null "$base/readyz" && break; sleep 0.1; done

curl -fs -o /dev/null -c "$work/jar" --max-time 10 \
	--data-urlencode username=admin.kab --data-urlencode password=sigap-demo-2026 "$base/login"
cookie="sigap_session=$(awk '$6 == "sigap_session" {print $7}' "$work/jar")"
for u in "$base/" "$base/angka/kab-serang"; do
	code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -H "Cookie: $cookie" "$u")
	[ "$code" = 200 ] || { echo "GET $u answered $code, not 200" >&2; exit 1; }
done
# Receipts to look up from the first minute on.
"$work/load" -url "$base" -rate "$SUBMIT_RATE" -d 5s -out "$work/receipts" >/dev/null

field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }
wrkfig() { # wrk output → "rps p99ms errors"
	awk '/Requests\/sec/ {r = $2} /^ +99%/ {p = $2} /Non-2xx/ {e += $NF} /Socket errors/ {e += 1}
		END {u = p; sub(/[a-z]+$/, "", u); if (p ~ /us$/) u /= 1000; else if (p ~ /[0-9]s$/) u *= 1000; printf "%.0f %.1f %d\n", r, u, e}'
}
metric() { curl -s --max-time 5 "$base/metrics" | awk -v m="$1" '$1 == m {printf "%.0f", $2}'; }
rss() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$spid/status"; }

printf "%-6s | %-30s | %-30s | %-18s | %-18s | %s\n" minute "submit ok/s p99 failed" "look-up ok/s p99 failed" "home rps p99 err" "figures rps p99 err" "RSS MB, heap MB, goroutines"
: >"$work/all"
for m in $(seq "$MINUTES"); do
	"$work/load" -url "$base" -rate "$SUBMIT_RATE" -d 60s -out "$work/r.$m" >"$work/s.$m" &
	a=$!
	"$work/load" -url "$base" -mode status -receipts "$work/receipts" -rate "$LOOKUP_RATE" -d 60s >"$work/l.$m" &
	b=$!
	wrk -t1 -c2 -d60s --timeout 10s --latency -H "Cookie: $cookie" "$base/" >"$work/h.$m" 2>&1 &
	c=$!
	wrk -t1 -c2 -d60s --timeout 10s --latency "$base/angka/kab-serang" >"$work/f.$m" 2>&1 &
	d=$!
	wait "$a" "$b" "$c" "$d"
	cat "$work/r.$m" >>"$work/receipts"
	s=$(head -1 "$work/s.$m")
	l=$(head -1 "$work/l.$m")
	heap=$(metric go_memstats_heap_inuse_bytes)
	printf "%-6s | %6s %7s ms %6s        | %6s %7s ms %6s        | %-18s | %-18s | %s, %s, %s\n" "$m" \
		"$(field "$s" ok_per_s)" "$(field "$s" p99_ms)" "$(field "$s" failed)" \
		"$(field "$l" ok_per_s)" "$(field "$l" p99_ms)" "$(field "$l" failed)" \
		"$(wrkfig <"$work/h.$m")" "$(wrkfig <"$work/f.$m")" \
		"$(rss)" "$(awk -v h="$heap" 'BEGIN {printf "%.0f", h / 1048576}')" "$(metric go_goroutines)"
	echo "$s" >>"$work/all"
	echo "$l" >>"$work/all"
done

failed=$(sed -n 's/.* failed=\([0-9]*\).*/\1/p' "$work/all" | awk '{t += $1} END {print t + 0}')
busy=$(sed -n 's/.* busy429=\([0-9]*\).*/\1/p' "$work/all" | awk '{t += $1} END {print t + 0}')
shown=$(wc -l <"$work/receipts")
if [ "$ENGINE" = postgres ]; then
	stored=$(psql -At "$PG" -c "SELECT COUNT(*) FROM $schema.reports")
else
	kill -TERM "$spid"; wait "$spid" 2>/dev/null || true
	stored=$(sqlite3 "$work/data/sigap.db" "SELECT COUNT(*) FROM reports")
fi
errors=$(grep -c '"level":"ERROR"\|level=ERROR' "$work/sigap.log" || true)
# The log holds no report content (sigap never logs it): show what went wrong.
grep '"level":"ERROR"\|level=ERROR' "$work/sigap.log" | head -5 | sed 's/^/  /' || true
echo
echo "report and look-up requests failed: $failed; refused 429: $busy; server errors logged: $errors"
echo "receipts shown: $shown; reports stored: $stored$([ "$stored" -ge "$shown" ] && echo " (none lost)" || echo " (LOST $((shown - stored)))")"
