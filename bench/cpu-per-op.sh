#!/usr/bin/env bash
# Server CPU time per request: a figure that, unlike ops/s, stays comparable when the client shares the cores.
# Starts the server (TARGET=s3ish: memory backend, -Xmx256m; TARGET=s3proxy: S3Proxy 2.6.0 transient, SigV4,
# from the cache bench/compare.sh fills), warms it with WARM seconds of the workload, then runs the workload
# again and reads the server's user+system CPU time from /proc over SECS seconds in the middle of that run
# (client already warm). Loopback only; stops what it starts.
#   [TARGET=s3ish|s3proxy] [SECS=15] [WARM=40] bench/cpu-per-op.sh [bench args...]
#   default workload: 4 KiB PUT at 32 connections over 1,000 keys
# PIN=1 runs the server on CPU 0 and the client on CPU 1 (taskset), so ops/s is bounded by the server's one
# core rather than by the two processes sharing both.
# JFR=/path/file.jfr records a profile (settings=profile) from the start of the warm-up: starting JFR later
# deoptimizes the server and the measured window would be cold.
# LOADGEN=wrk drives the server with wrk (a C client, Debian package, installed if missing) on one presigned
# URL instead of `s3ish bench`: --op get|put, --size and -c only, one key. A request then costs the client a few
# µs instead of 50-70, so with PIN=1 ops/s is the server's own limit. Each request still carries a SigV4
# signature (in its query) that the server verifies; it is the same signature every time.
# TARGET=vertx (bench/BareVertx.java: a Vert.x HTTP server that answers with fixed bytes and does nothing else) and
# TARGET=nginx (the Debian package serving the object as a file, GET only) are ceilings, not object stores: they
# take LOADGEN=wrk, and show what this machine's HTTP stack allows before any S3 work.
# ASPROF=/path/out.txt profiles the measured window only with async-profiler (CPU timer, 1 ms, fetched from Maven
# Central once): collapsed stacks, one per line with its sample count, native and kernel-entry frames included.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
TARGET=${TARGET:-s3ish}
SECS=${SECS:-15}
WARM=${WARM:-40}
ARGS=("$@")
[ ${#ARGS[@]} -gt 0 ] || ARGS=(--op put --size 4KiB -c 32)
WORK=$(mktemp -d /tmp/s3ish-cpu.XXXXXX)
PID=""
CLIENT=""
cleanup() {
  local p
  for p in $CLIENT $PID; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT
if [ "${LOADGEN:=bench}" = wrk ]; then
  command -v wrk > /dev/null || apt-get install -y -qq wrk >&2
  OP=get; BYTES=4096; CONNS=32
  set -- "${ARGS[@]}"
  while [ $# -gt 0 ]; do
    case "$1" in
      --op) OP=$2; shift 2 ;;
      --size) BYTES=$(numfmt --from=iec-i "${2%B}"); shift 2 ;;
      -c|--concurrency) CONNS=$2; shift 2 ;;
      *) echo "cpu-per-op.sh: LOADGEN=wrk takes --op get|put, --size and -c only, not $1" >&2; exit 2 ;;
    esac
  done
  case "$OP" in
    get|put) ;;
    *) echo "cpu-per-op.sh: LOADGEN=wrk runs get or put, not $OP" >&2; exit 2 ;;
  esac
  ARGS=(--op "$OP" --size "$BYTES" -c "$CONNS" --client wrk)
elif [ "$TARGET" = vertx ] || [ "$TARGET" = nginx ]; then
  echo "cpu-per-op.sh: TARGET=$TARGET takes LOADGEN=wrk" >&2; exit 2
fi
if [ "$TARGET" = nginx ] && [ "${OP:-}" = put ]; then echo "cpu-per-op.sh: nginx serves GET only" >&2; exit 2; fi
(cd "$ROOT" && mvn -o -q compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >&2)
CP="$ROOT/target/classes:$(cat "$WORK/cp.txt")"
PORT=$(free_port)
SERVER_CPU=()
CLIENT_CPU=()
if [ -n "${PIN:-}" ]; then SERVER_CPU=(taskset -c 0); CLIENT_CPU=(taskset -c 1); fi
case "$TARGET" in
  s3ish)
    printf 'demo:demo-secret\n' > "$WORK/creds.txt"
    "${SERVER_CPU[@]}" java -Xmx256m -XX:MaxDirectMemorySize=1g -cp "$CP" s3ish.cli.Main --protocol http -l "127.0.0.1:$PORT" \
      -a "$WORK/creds.txt" > "$WORK/server.log" 2>&1 &
    ;;
  s3proxy)
    [ -f "$S3PROXY_JAR" ] || { echo "cpu-per-op.sh: $S3PROXY_JAR missing; bench/compare.sh --targets s3proxy-transient fetches it" >&2; exit 2; }
    s3proxy_properties "$PORT" transient "$WORK/s3proxy" > "$WORK/s3proxy.properties"
    "${SERVER_CPU[@]}" java -Xmx4g -jar "$S3PROXY_JAR" --properties "$WORK/s3proxy.properties" > "$WORK/server.log" 2>&1 &
    ;;
  vertx)
    "${SERVER_CPU[@]}" java -Xmx256m -cp "$CP" "$ROOT/bench/BareVertx.java" "$PORT" "$BYTES" > "$WORK/server.log" 2>&1 &
    ;;
  nginx)
    command -v nginx > /dev/null || [ -x /usr/sbin/nginx ] || apt-get install -y -qq nginx-light >&2 \
      || apt-get install -y -qq nginx >&2
    mkdir -p "$WORK/www/wrk" "$WORK/nginx"
    head -c "$BYTES" /dev/urandom > "$WORK/www/wrk/object"
    chmod 755 "$WORK"   # nobody, as which nginx runs when started as root, reads the files
    nginx_setup "$WORK/nginx" "$PORT" "$WORK/www"
    "${SERVER_CPU[@]}" "${NGINX_RUN[@]}" > "$WORK/server.log" 2>&1 &
    ;;
  *) echo "cpu-per-op.sh: TARGET is s3ish, s3proxy, vertx or nginx" >&2; exit 2 ;;
esac
PID=$!
await_http "$PORT" "$PID" || { echo "cpu-per-op.sh: $TARGET did not start; its log:" >&2; cat "$WORK/server.log" >&2; exit 1; }
if [ -n "${JFR:-}" ]; then jcmd "$PID" JFR.start name=bench settings=profile filename="$JFR" > /dev/null; fi
if [ "$LOADGEN" = wrk ]; then
  presign() {
    java -cp "$CP" s3ish.cli.Main presign --endpoint "http://127.0.0.1:$PORT" --access-key demo \
      --secret-key demo-secret --expires 7200 --method "$1" "$2"
  }
  head -c "$BYTES" /dev/urandom > "$WORK/body"
  URL="http://127.0.0.1:$PORT/wrk/object"
  case "$TARGET" in
    s3ish|s3proxy)
      curl -sf -X PUT "$(presign PUT s3://wrk)" > /dev/null
      curl -sf -X PUT --data-binary @"$WORK/body" "$(presign PUT s3://wrk/object)" > /dev/null
      URL=$(presign "${OP^^}" s3://wrk/object) ;;
  esac
  if [ "$OP" = put ]; then
    printf 'wrk.method = "PUT"\nlocal f = io.open("%s", "rb")\nwrk.body = f:read("*a")\nf:close()\n' \
      "$WORK/body" > "$WORK/wrk.lua"
  else
    printf '' > "$WORK/wrk.lua"
  fi
  WRK=("${CLIENT_CPU[@]}" wrk -t "$([ -n "${PIN:-}" ] && echo 1 || echo 2)" -c "$CONNS" -s "$WORK/wrk.lua")
  "${WRK[@]}" -d "${WARM}s" "$URL" > /dev/null
  "${WRK[@]}" -d "$((SECS + 4))s" "$URL" > "$WORK/wrk.txt" &
  CLIENT=$!
  sleep 2
else
  BENCH=("${CLIENT_CPU[@]}" java -Xmx512m -cp "$CP" s3ish.cli.Main bench --quiet --endpoint "http://127.0.0.1:$PORT" --keys 1000 "${ARGS[@]}")
  "${BENCH[@]}" --duration "$WARM" > /dev/null
  "${BENCH[@]}" --warmup 5 --duration $((SECS + 4)) --json > "$WORK/result.json" &
  CLIENT=$!
  sleep 7   # client JVM start and its 5 s warm-up
fi
# the server's CPU time, with its children's (nginx's workers)
ticks() { cat "/proc/$PID/stat" $(pgrep -P "$PID" | sed 's|.*|/proc/&/stat|') | awk '{ t += $14 + $15 } END { print t }'; }
if [ -n "${ASPROF:-}" ]; then
  LIB=$(async_profiler_lib)
  "${CLIENT_CPU[@]}" java "$ROOT/bench/Attach.java" "$PID" "$LIB" start,event=itimer,interval=1ms
fi
before=$(ticks)
sleep "$SECS"
after=$(ticks)
if [ -n "${ASPROF:-}" ]; then
  "${CLIENT_CPU[@]}" java "$ROOT/bench/Attach.java" "$PID" "$LIB" "stop,file=$ASPROF,collapsed"
fi
wait "$CLIENT"
CLIENT=""
if [ -n "${JFR:-}" ]; then jcmd "$PID" JFR.stop name=bench > /dev/null; fi
hz=$(getconf CLK_TCK)
if [ "$LOADGEN" = wrk ]; then
  # wrk counts non-2xx answers apart; any of them is an error here
  rate=$(awk '/^Requests\/sec:/ { print $2 }' "$WORK/wrk.txt")
  errors=$(awk '/Non-2xx|Socket errors/ { n++ } END { print n + 0 }' "$WORK/wrk.txt")
  [ "$errors" = 0 ] || cat "$WORK/wrk.txt" >&2
  printf '{"opsPerSec": %s, "errors": %s}\n' "$rate" "$errors" > "$WORK/result.json"
fi
rate=$(jq '.opsPerSec' "$WORK/result.json")
echo "$TARGET server CPU per op: $(awk -v t=$((after - before)) -v hz="$hz" -v r="$rate" -v s="$SECS" \
  'BEGIN { printf "%.0f", t / hz / (r * s) * 1e6 }') us ($(printf '%.0f' "$rate") ops/s, $(jq '.errors' "$WORK/result.json") errors;" \
  "${ARGS[*]}; load $(cut -d' ' -f1-3 /proc/loadavg))"
