#!/usr/bin/env bash
# The report targets: at least 3,000 reports a second on SQLite at full
# durability (2,500 on PostgreSQL) with p99 under 100 ms at 64 concurrent
# clients; receipt look-ups with p99 under 20 ms; a surge of twice the
# rate for 30 s queued or refused with 429 and Retry-After, and no report
# lost whose receipt was shown.
#
# Per engine, RUNS interleaved runs of DURATION with bench/reportload, 64
# clients on loopback (the load generator shares the two cores):
#   ceiling  bench/reportceiling: parse the form, AES-GCM the text, HMAC a
#            receipt, one writer inserting the row and a hash-chained audit
#            row in groups of up to 64 per commit (synchronous=FULL)
#   sigap    sigap serve on a database seeded by `sigap demo --seed-only`:
#            POST /lapor/kab-serang, an anonymous report of 2 KB text
# then receipt look-ups (POST /lapor/kab-serang/status with receipts the
# runs were given): open loop at LOOKUP_RATE a second, and closed loop at
# 64 clients; then the surge: open loop at twice the median sigap rate for
# 30 s, after which every receipt shown is looked up in the database.
# The public and receipt rate limits are raised by configuration; the
# limits have tests of their own.
#
#   bench/reports.sh
#   RUNS=5 DURATION=20s bench/reports.sh
#   ENGINES=postgres bench/reports.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# The open-loop surge keeps thousands of connections open at once.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
. bench/lib.sh
RUNS=${RUNS:-3}
DURATION=${DURATION:-10s}
LOOKUP_RATE=${LOOKUP_RATE:-1000}
SURGE=${SURGE:-30s}
PG=${SIGAP_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}

work=$(mktemp -d /tmp/sigap-reports.XXXXXX)
pids=()
schemas=()
cleanup() {
	for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	for s in "${schemas[@]}"; do psql -q "$PG" -c "DROP SCHEMA IF EXISTS $s CASCADE" >/dev/null 2>&1 || true; done
	psql -q "$PG" -At -c "SELECT nspname FROM pg_namespace WHERE nspname LIKE 'ceiling_%'" 2>/dev/null |
		while read -r s; do psql -q "$PG" -c "DROP SCHEMA $s CASCADE" >/dev/null 2>&1 || true; done
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/sigap" ./cmd/sigap
go build -o "$work/ceiling" ./bench/reportceiling
go build -o "$work/load" ./bench/reportload
machine
echo
(while :; do cut -d' ' -f1 /proc/loadavg; sleep 5; done) >"$work/loadavg" &
pids+=($!)

waitready() { for _ in $(seq 300); do curl -fs -o /dev/null "http://127.0.0.1:$1/readyz" && return; sleep 0.1; done; echo "port $1 not ready" >&2; exit 1; }
sep='?'
[[ $PG == *\?* ]] && sep='&'

for e in ${ENGINES:-sqlite postgres}; do
	echo "== $e"
	if [ "$e" = sqlite ]; then
		flags="--data-dir $work/data-sqlite"
		cflags="--sqlite $work/ceiling.db"
	else
		schema="bench_reports_$$"
		schemas+=("$schema")
		psql -q "$PG" -c "CREATE SCHEMA $schema"
		flags="--data-dir $work/data-pg --database-url $PG${sep}search_path=$schema"
		cflags="--postgres $PG"
	fi
	timeout 300 "$work/sigap" demo --seed-only $flags >/dev/null
	cp=$(freeport)
	"$work/ceiling" --addr "127.0.0.1:$cp" $cflags 2>"$work/ceiling.log" &
	cpid=$!
	pids+=($cpid)
	sp=$(freeport)
	SIGAP_RATE_PUBLIC=1000000000 SIGAP_RATE_RECEIPT=1000000000 "$work/sigap" serve $flags --addr "127.0.0.1:$sp" 2>"$work/sigap-$e.log" &
	spid=$!
	pids+=($spid)
	waitready "$cp"
	waitready "$sp"
	: >"$work/receipts"
	for r in $(seq "$RUNS"); do
		"$work/load" -url "http://127.0.0.1:$cp" -path /report -c 64 -d "$DURATION" | tee -a "$work/$e.ceiling" | sed "s/^/  ceiling run $r: /"
		"$work/load" -url "http://127.0.0.1:$sp" -c 64 -d "$DURATION" -out "$work/r" | tee -a "$work/$e.sigap" | sed "s/^/  sigap   run $r: /"
		cat "$work/r" >>"$work/receipts"
	done
	field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" "$1"; }
	c=$(field "$work/$e.ceiling" ok_per_s | median)
	s=$(field "$work/$e.sigap" ok_per_s | median)
	echo "  median: ceiling $c/s (p99 $(field "$work/$e.ceiling" p99_ms | median) ms), sigap $s/s (p50 $(field "$work/$e.sigap" p50_ms | median) ms," \
		"p99 $(field "$work/$e.sigap" p99_ms | median) ms); sigap/ceiling = $(ratio "$s" "$c")"
	echo "  receipt look-ups:"
	"$work/load" -url "http://127.0.0.1:$sp" -mode status -receipts "$work/receipts" -rate "$LOOKUP_RATE" -d "$DURATION" | sed "s/^/    open loop $LOOKUP_RATE\/s: /"
	"$work/load" -url "http://127.0.0.1:$sp" -mode status -receipts "$work/receipts" -c 64 -d "$DURATION" | sed "s/^/    closed loop, 64 clients: /"
	surge=$(awk -v s="$s" 'BEGIN {printf "%d", 2 * s}')
	echo "  surge at $surge/s (twice the median) for $SURGE:"
	"$work/load" -url "http://127.0.0.1:$sp" -rate "$surge" -d "$SURGE" -out "$work/surge" | sed "s/^/    /"
	# Every receipt shown names a stored report: count what the database holds.
	if [ "$e" = sqlite ]; then
		kill -TERM "$spid"; wait "$spid" 2>/dev/null || true
		stored=$(sqlite3 "$work/data-sqlite/sigap.db" "SELECT COUNT(*) FROM reports")
	else
		stored=$(psql -At "$PG" -c "SELECT COUNT(*) FROM $schema.reports")
		kill -TERM "$spid"; wait "$spid" 2>/dev/null || true
	fi
	kill -TERM "$cpid"; wait "$cpid" 2>/dev/null || true
	shown=$(( $(wc -l <"$work/receipts") + $(wc -l <"$work/surge") ))
	echo "  receipts shown: $shown; reports stored: $stored$([ "$stored" -ge "$shown" ] && echo " (none lost)" || echo " (LOST $((shown - stored)))")"
	echo
done
echo "load average (1 min) during the runs: $(stats <"$work/loadavg" | awk '{print "min " $1 ", median " $2 ", max " $3}')"
