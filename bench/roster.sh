#!/usr/bin/env bash
# The roster targets: 100,000 employees imported in under 10 s on SQLite
# and on PostgreSQL with memory under 200 MB; search by NIP under 5 ms and
# by name prefix under 50 ms; the authority lookup of an employee page
# under 1 ms; with NATIONAL=1, 4.3 million employees across 542
# governments imported on PostgreSQL in under 5 minutes.
#   1. Go benchmarks (internal/store/employees_bench_test.go), each beside
#      its ceiling: BenchmarkImportEmployees, one fresh database per
#      import, -benchtime 1x -count COUNT (medians of COUNT imports);
#      BenchmarkEmployeeSearch and BenchmarkAuthorityLookup, -count 3.
#   2. The command: bench/gen-roster writes 100,000 people over Kabupaten
#      Serang's demo offices. Per engine, RUNS times, on a database seeded
#      by `sigap demo --seed-only` whose demo rosters (3,000 people per
#      tenant) are then deleted, so that the import is a first import as in
#      the Go benchmark: `sigap tenant list` (the ceiling of memory: the
#      same binary opening the same database), `sigap import employees`
#      (first import), the same again (re-import, every row unchanged), and
#      the first import again with GOMEMLIMIT=$MEMLIMIT on a fresh database.
#      Each under /usr/bin/time: wall, CPU of the process, peak RSS.
#   3. NATIONAL=1: BenchmarkNationalRoster (about 13 minutes, bounded to 20).
#
#   bench/roster.sh
#   NATIONAL=1 bench/roster.sh
#   SIGAP_TEST_POSTGRES=postgres://... RUNS=5 COUNT=7 bench/roster.sh
#   GOBENCH=0 bench/roster.sh   # the command only, without the Go benchmarks
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
RUNS=${RUNS:-3}
COUNT=${COUNT:-5}
MEMLIMIT=${MEMLIMIT:-100MiB}
PG=${SIGAP_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}
export SIGAP_TEST_POSTGRES=$PG
machine
echo

work=$(mktemp -d /tmp/sigap-roster.XXXXXX)
schemas=()
(while :; do cut -d' ' -f1 /proc/loadavg; sleep 10; done) >"$work/load" &
loadpid=$!
: >"$work/go"
cleanup() {
	kill "$loadpid" 2>/dev/null || true
	for s in "${schemas[@]}"; do psql -q "$PG" -c "DROP SCHEMA IF EXISTS $s CASCADE" >/dev/null 2>&1 || true; done
	rm -rf "$work"
}
trap cleanup EXIT

# metrics reads `go test -bench` output and prints "name metric value",
# one a line, for every metric of every benchmark line.
metrics() {
	awk '/^Benchmark/ { n = $1; sub(/-[0-9]+$/, "", n); for (i = 3; i < NF; i += 2) print n, $(i + 1), $i }'
}
# med NAME METRIC: median of that metric over the runs.
med() { awk -v n="$1" -v m="$2" '$1 == n && $2 == m {print $3}' "$work/go" | median; }
row() { printf '%-58s %10s %10s %10s\n' "$@"; }

if [ "${GOBENCH:-1}" = 1 ]; then
echo "== Go benchmarks"
timeout 1800 go test -run '^$' -bench BenchmarkImportEmployees -benchtime 1x -count "$COUNT" -timeout 30m ./internal/store/ |
	tee /dev/stderr | metrics >>"$work/go"
timeout 1200 go test -run '^$' -bench 'BenchmarkEmployeeSearch|BenchmarkAuthorityLookup' -count 3 -timeout 20m ./internal/store/ |
	tee /dev/stderr | metrics >>"$work/go"
echo
row "BenchmarkImportEmployees, s per import" min median max
for name in $(awk '$2 == "s/import" {print $1}' "$work/go" | sort -u); do
	row "${name#BenchmarkImportEmployees/}" $(awk -v n="$name" '$1 == n && $2 == "s/import" {print $3}' "$work/go" | stats)
done
row "Go heap added at peak, MB (median)" "" "" ""
for name in $(awk '$2 == "heap-MB" {print $1}' "$work/go" | sort -u); do
	row "  ${name#BenchmarkImportEmployees/}" "" "$(med "$name" heap-MB)" ""
done
for e in sqlite postgres; do
	c=$(med "BenchmarkImportEmployees/$e/ceiling" s/import)
	[ -n "$c" ] || continue
	i=$(med "BenchmarkImportEmployees/$e/import" s/import)
	r=$(med "BenchmarkImportEmployees/$e/reimport" s/import)
	echo "$e: import $i s (read $(med "BenchmarkImportEmployees/$e/import" read-s), plan $(med "BenchmarkImportEmployees/$e/import" plan-s)," \
		"write $(med "BenchmarkImportEmployees/$e/import" write-s), end $(med "BenchmarkImportEmployees/$e/import" end-s))," \
		"ceiling $c s: import/ceiling = $(ratio "$i" "$c"), reimport/ceiling = $(ratio "$r" "$c")"
done
echo
row "search and lookup, ms per operation" min median max
for name in $(awk '$1 ~ /^Benchmark(EmployeeSearch|AuthorityLookup)\// && $2 == "ns/op" {print $1}' "$work/go" | sort -u); do
	row "$name" $(awk -v n="$name" '$1 == n && $2 == "ns/op" {print $3 / 1e6}' "$work/go" | stats)
done
for e in sqlite postgres; do
	c=$(med "BenchmarkEmployeeSearch/$e/ceiling-by-id" ns/op)
	[ -n "$c" ] || continue
	for q in nip-exact nip-prefix8 name-prefix name-contains ceiling-by-nip; do
		echo "$e: $q / by-id = $(ratio "$(med "BenchmarkEmployeeSearch/$e/$q" ns/op)" "$c")"
	done
	echo "$e: chain+authorities / one Employee read = $(ratio "$(med "BenchmarkAuthorityLookup/$e/chain+authorities" ns/op)" \
		"$(med "BenchmarkAuthorityLookup/$e/ceiling-employee" ns/op)")"
done

fi

echo
echo "== The command: sigap import employees, 100,000 rows"
go build -o "$work/sigap" ./cmd/sigap
go run ./bench/gen-roster -n 100000 -o "$work/pegawai.csv"
# timed LABEL ARGS...: runs the command under /usr/bin/time and appends
# "wall cpu maxrss_mb" to $work/LABEL.
timed() {
	local label=$1
	shift
	/usr/bin/time -o "$work/time" -f '%e %U %S %M' timeout 300 "$@" >"$work/out" 2>&1 || {
		cat "$work/out"
		return 1
	}
	awk '{printf "%s %.2f %.1f\n", $1, $2 + $3, $4 / 1024}' "$work/time" >>"$work/$label"
	tail -1 "$work/out" | sed "s/^/  $label: /"
}
# fresh ENGINE NAME: a database seeded by the demo without its rosters
# (an SQLite data directory or a PostgreSQL schema called NAME); prints
# the flags that select it.
fresh() {
	local e=$1 name=$2
	if [ "$e" = sqlite ]; then
		timeout 300 "$work/sigap" demo --seed-only --data-dir "$work/$name" >/dev/null
		sqlite3 "$work/$name/sigap.db" 'PRAGMA foreign_keys = ON; DELETE FROM report_messages; DELETE FROM reports; DELETE FROM employee_positions; DELETE FROM employee_imports; DELETE FROM employees;'
		echo "--data-dir $work/$name"
	else
		psql -q "$PG" -c "CREATE SCHEMA $name"
		local sep='?'
		[[ $PG == *\?* ]] && sep='&'
		local url="$PG${sep}search_path=$name"
		timeout 300 "$work/sigap" demo --seed-only --database-url "$url" >/dev/null
		psql -q "$PG" -c "SET search_path = $name; TRUNCATE employee_positions, employee_imports, employees CASCADE"
		echo "--database-url $url"
	fi
}
for r in $(seq "$RUNS"); do
	for e in sqlite postgres; do
		name="bench_roster_$$_${e}_$r"
		schemas+=("$name" "${name}_limit") # (dropped at exit; harmless for SQLite)
		flags=$(fresh "$e" "$name")
		timed "$e.list" "$work/sigap" tenant list $flags
		timed "$e.import" "$work/sigap" import employees --tenant kab-serang $flags "$work/pegawai.csv"
		timed "$e.reimport" "$work/sigap" import employees --tenant kab-serang $flags "$work/pegawai.csv"
		flags=$(fresh "$e" "${name}_limit")
		timed "$e.import-memlimit" env GOMEMLIMIT="$MEMLIMIT" "$work/sigap" import employees --tenant kab-serang $flags "$work/pegawai.csv"
	done
done
echo
row "sigap, median of $RUNS" "wall s" "CPU s" "peak RSS MB"
for e in sqlite postgres; do
	for what in list import reimport import-memlimit; do
		f="$work/$e.$what"
		label="$e, $what"
		[ "$what" = list ] && label="$e, tenant list (ceiling of memory)"
		[ "$what" = import-memlimit ] && label="$e, import with GOMEMLIMIT=$MEMLIMIT"
		row "$label" "$(awk '{print $1}' "$f" | median)" "$(awk '{print $2}' "$f" | median)" "$(awk '{print $3}' "$f" | median)"
	done
	i=$(awk '{print $1}' "$work/$e.import" | median)
	echo "$e: command wall / Go ceiling (plain insert) = $(ratio "$i" "$(med "BenchmarkImportEmployees/$e/ceiling" s/import)");" \
		"peak RSS import / tenant list = $(ratio "$(awk '{print $3}' "$work/$e.import" | median)" "$(awk '{print $3}' "$work/$e.list" | median)")"
done

if [ "${NATIONAL:-}" = 1 ]; then
	echo
	echo "== National: 4.3 million employees, 542 governments, PostgreSQL"
	SIGAP_BENCH_NATIONAL=1 timeout 1260 go test -run '^$' -bench BenchmarkNationalRoster -benchtime 1x -timeout 20m ./internal/store/
fi

echo
echo "load average (1 min) during the runs: $(stats <"$work/load" | awk '{print "min " $1 ", median " $2 ", max " $3}')"
