#!/usr/bin/env bash
# Server CPU time per request: a figure that, unlike ops/s, stays comparable on a busy shared machine.
# Starts s3ish (memory backend, -Xmx256m), warms it up, then runs `s3ish bench` for COUNT operations and
# reads the server's user+system CPU time from /proc before and after. Loopback only; stops what it starts.
#   bench/cpu-per-op.sh [COUNT] [bench args...]     (default: 4000 x 4 KiB PUT at 32 connections)
# JFR=/path/file.jfr records a profile of the measured part (settings=profile).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
COUNT=${1:-4000}
shift || true
ARGS=("$@")
[ ${#ARGS[@]} -gt 0 ] || ARGS=(--op put --size 4KiB -c 32)
WORK=$(mktemp -d /tmp/s3ish-cpu.XXXXXX)
PID=""
cleanup() { if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi; rm -rf "$WORK"; }
trap cleanup EXIT
(cd "$ROOT" && mvn -o -q compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >&2)
CP="$ROOT/target/classes:$(cat "$WORK/cp.txt")"
printf 'demo:demo-secret\n' > "$WORK/creds.txt"
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -Xmx256m -XX:MaxDirectMemorySize=1g -cp "$CP" s3ish.cli.Main --protocol http -l "127.0.0.1:$PORT" \
  -a "$WORK/creds.txt" > "$WORK/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 180); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.5; done
BENCH=(java -Xmx512m -cp "$CP" s3ish.cli.Main bench --quiet --endpoint "http://127.0.0.1:$PORT" "${ARGS[@]}")
"${BENCH[@]}" --count "$COUNT" > /dev/null   # warm-up: JIT, pools, connections
ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }
if [ -n "${JFR:-}" ]; then jcmd "$PID" JFR.start name=bench settings=profile filename="$JFR" > /dev/null; fi
before=$(ticks)
"${BENCH[@]}" --count "$COUNT" --json > "$WORK/result.json"
after=$(ticks)
if [ -n "${JFR:-}" ]; then jcmd "$PID" JFR.stop name=bench > /dev/null; fi
hz=$(getconf CLK_TCK)
ops=$(jq '.ops' "$WORK/result.json")
echo "server CPU per op: $(awk -v t=$((after - before)) -v hz="$hz" -v n="$ops" 'BEGIN { printf "%.0f", t / hz / n * 1e6 }') us" \
  "($ops ops: ${ARGS[*]}; $(jq '.opsPerSec' "$WORK/result.json") ops/s; load $(cut -d' ' -f1-3 /proc/loadavg))"
