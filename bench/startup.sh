#!/usr/bin/env bash
# Target 1: `sigap serve` on an existing SQLite database answers /readyz in
# under 300 ms, and sits idle in under 60 MB. The ceiling is the hello
# server of bench/hello, started and polled the same way, runs interleaved.
# Last, the RSS of an idle sigap after one sign-in, sampled SIGNIN_SAMPLES
# seconds after it (Go forces a GC after 2 idle minutes).
#
#   bench/startup.sh            # 10 rounds, about 3 minutes
#   ROUNDS=20 SIGNIN_SAMPLES="5" bench/startup.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
ROUNDS=${ROUNDS:-10}
IDLE=${IDLE:-5s}
SIGNIN_SAMPLES=${SIGNIN_SAMPLES:-5 150}
work=$(mktemp -d /tmp/sigap-startup.XXXXXX)
spid=
cleanup() {
	if [ -n "$spid" ]; then kill -TERM "$spid" 2>/dev/null || true; wait "$spid" 2>/dev/null || true; fi
	rm -rf "$work"
}
trap cleanup EXIT

go build -o /tmp/sigap-bench ./cmd/sigap
go build -o "$work/hello" ./bench/hello
go build -o "$work/startup" ./bench/startup
timeout 300 /tmp/sigap-bench demo --seed-only --data-dir "$work/data" >/dev/null
machine

sp=$(freeport)
hp=$(freeport)
sigap=(/tmp/sigap-bench serve --data-dir "$work/data" --addr "127.0.0.1:$sp")
hello=("$work/hello" --addr "127.0.0.1:$hp")
: >"$work/sigap.ms"
: >"$work/hello.ms"
for i in $(seq "$ROUNDS"); do
	timeout 120 "$work/startup" -n 1 -url "http://127.0.0.1:$sp/readyz" -- "${sigap[@]}" |
		awk '/^run/ {print $3}' >>"$work/sigap.ms"
	timeout 120 "$work/startup" -n 1 -url "http://127.0.0.1:$hp/readyz" -- "${hello[@]}" |
		awk '/^run/ {print $3}' >>"$work/hello.ms"
done
echo "sigap ready ms: $(tr '\n' ' ' <"$work/sigap.ms")"
echo "hello ready ms: $(tr '\n' ' ' <"$work/hello.ms")"
read -r smin smed smax < <(stats <"$work/sigap.ms")
read -r hmin hmed hmax < <(stats <"$work/hello.ms")

read -r srss speak < <(timeout 120 "$work/startup" -n 1 -idle "$IDLE" -url "http://127.0.0.1:$sp/readyz" -- "${sigap[@]}" | awk '/^idle_rss_kb/ {print $2, $4}')
read -r hrss hpeak < <(timeout 120 "$work/startup" -n 1 -idle "$IDLE" -url "http://127.0.0.1:$hp/readyz" -- "${hello[@]}" | awk '/^idle_rss_kb/ {print $2, $4}')

echo
printf '%-28s %10s %10s %10s\n' "time to first 200 /readyz" min median max
printf '%-28s %10s %10s %10s\n' "sigap serve (ms)" "$smin" "$smed" "$smax"
printf '%-28s %10s %10s %10s\n' "hello ceiling (ms)" "$hmin" "$hmed" "$hmax"
printf '%-28s %10s\n' "ratio sigap/hello (median)" "$(ratio "$smed" "$hmed")"
echo
mb() { awk -v k="$1" 'BEGIN{printf "%.1f", k/1024}'; }
printf '%-28s %10s %10s\n' "idle $IDLE after ready" "RSS MB" "peak MB"
printf '%-28s %10s %10s\n' "sigap serve" "$(mb "$srss")" "$(mb "$speak")"
printf '%-28s %10s %10s\n' "hello ceiling" "$(mb "$hrss")" "$(mb "$hpeak")"
printf '%-28s %10s %10s\n' "ratio sigap/hello" "$(ratio "$srss" "$hrss")" "$(ratio "$speak" "$hpeak")"

# Idle after one sign-in (argon2id holds 64 MiB while it checks a password).
/tmp/sigap-bench serve --data-dir "$work/data" --addr "127.0.0.1:$sp" 2>"$work/sigap.log" &
spid=$!
for _ in $(seq 300); do curl -fs -o /dev/null "http://127.0.0.1:$sp/readyz" && break; sleep 0.1; done
rssmb() { awk '/^VmRSS/ {printf "%.1f", $2 / 1024}' "/proc/$spid/status"; }
echo
echo "sigap idle, before sign-in: RSS $(rssmb) MB"
curl -fs -o /dev/null --max-time 10 --data-urlencode username=admin.kab \
	--data-urlencode password=sigap-demo-2026 "http://127.0.0.1:$sp/login"
t0=$(date +%s)
for at in $SIGNIN_SAMPLES; do
	wait_s=$((t0 + at - $(date +%s)))
	[ "$wait_s" -gt 0 ] && sleep "$wait_s"
	echo "sigap idle, ${at} s after one sign-in: RSS $(rssmb) MB"
done
