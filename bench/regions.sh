#!/usr/bin/env bash
# Target 2: the national regions import (91,599 rows) in under 5 s, on
# SQLite and on PostgreSQL.
#   1. Go benchmarks, one fresh database per iteration: store.ImportRegions
#      beside its ceiling (the same rows, same batches, plain table) and
#      the parse of the embedded table.
#   2. The command itself: `sigap import regions` on a freshly migrated
#      SQLite file and PostgreSQL schema, RUNS times each: wall time and
#      the CPU time of the process, which a busy machine inflates less (the
#      migration is not timed).
#
#   bench/regions.sh
#   SIGAP_TEST_POSTGRES=postgres://... bench/regions.sh   # another server
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
RUNS=${RUNS:-3}
PG=${SIGAP_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}
machine
echo

SIGAP_TEST_POSTGRES=$PG timeout 1200 go test -run '^$' -bench BenchmarkImportRegions -benchtime 3x -count 3 ./internal/store/ |
	tee /dev/stderr | awk '/^Benchmark/ { n = $1; sub(/-[0-9]+$/, "", n); print n, $3 / 1e9 }' >/tmp/sigap-regions.$$
echo
printf '%-40s %8s %8s %8s\n' "Go benchmark, s per import" min median max
for name in $(cut -d' ' -f1 /tmp/sigap-regions.$$ | sort -u); do
	printf '%-40s %8s %8s %8s\n' "${name#BenchmarkImportRegions/}" $(awk -v n="$name" '$1 == n {print $2}' /tmp/sigap-regions.$$ | stats)
done
for e in sqlite postgres; do
	i=$(awk -v n="BenchmarkImportRegions/$e/import" '$1 == n {print $2}' /tmp/sigap-regions.$$ | median)
	c=$(awk -v n="BenchmarkImportRegions/$e/ceiling" '$1 == n {print $2}' /tmp/sigap-regions.$$ | median)
	echo "$e: import/ceiling = $(ratio "$i" "$c")"
done
rm -f /tmp/sigap-regions.$$
echo
timeout 300 go test -run '^$' -bench BenchmarkParseRegions -count 3 ./internal/refdata/ | grep '^Benchmark'

echo
go build -o /tmp/sigap-bench ./cmd/sigap
work=$(mktemp -d /tmp/sigap-regions.XXXXXX)
schemas=()
cleanup() {
	for s in "${schemas[@]}"; do psql -q "$PG" -c "DROP SCHEMA $s CASCADE" >/dev/null 2>&1 || true; done
	rm -rf "$work"
}
trap cleanup EXIT
# run ENGINE ARGS...: one timed import; appends wall and CPU seconds (user +
# system of the sigap process; PostgreSQL's own work is not in it).
run() {
	local e=$1
	shift
	/usr/bin/time -o "$work/time" -f '%e %U %S' timeout 300 /tmp/sigap-bench import regions "$@" | sed "s/^/$e, run $r: /"
	awk '{print $1}' "$work/time" >>"$work/$e.wall"
	awk '{print $2 + $3}' "$work/time" >>"$work/$e.cpu"
}
for r in $(seq "$RUNS"); do
	dir="$work/sqlite$r"
	timeout 120 /tmp/sigap-bench migrate --data-dir "$dir" >/dev/null
	run sqlite --data-dir "$dir"

	s="bench_regions_$$_$r"
	schemas+=("$s")
	psql -q "$PG" -c "CREATE SCHEMA $s"
	sep='?'
	[[ $PG == *\?* ]] && sep='&'
	url="$PG${sep}search_path=$s"
	timeout 120 /tmp/sigap-bench migrate --database-url "$url" >/dev/null
	run postgres --database-url "$url"
done
echo "(the command's own figure is parse + import; the wall time adds start, open and exit)"
printf '%-40s %8s %8s %8s\n' "sigap import regions, s" min median max
for e in sqlite postgres; do
	printf '%-40s %8s %8s %8s\n' "$e, wall" $(stats <"$work/$e.wall")
	printf '%-40s %8s %8s %8s\n' "$e, CPU of the sigap process" $(stats <"$work/$e.cpu")
done
