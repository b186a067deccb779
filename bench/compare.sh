#!/usr/bin/env bash
# Side-by-side benchmark: s3ish (memory, and file when that backend exists) vs S3Proxy (transient, filesystem;
# SigV4) vs nginx (static GET, the HTTP ceiling), all on loopback, same `s3ish bench` client for every cell.
# Prints a markdown table with ratios on stdout; progress on stderr; each cell's JSON stays in the results dir.
#
#   bench/compare.sh [--quick] [--secs N] [--cell-warmup N] [--server-warmup N] [--conns "1 8 32"]
#                    [--targets LIST] [--workloads LIST] [--results DIR]
#
# targets:   s3ish-memory s3ish-file s3proxy-transient s3proxy-filesystem nginx
# workloads: put-4k get-4k put-1m get-1m put-64m get-64m list-10k mix-4k
# Every cell is bounded (--secs after a --cell-warmup of 10 s: each cell's client is a fresh JVM, and with 3 s it
# was still compiling, which cut the 4 KiB cells by up to 40 %); each S3 server first gets a 60 s unreported
# warm-up (--server-warmup): a JVM server's JIT needs about a minute of load to reach its steady state.
# Every process started here is stopped on exit.
# Environment: S3ISH_STORAGE_BACKEND / S3ISH_STORAGE_ROOT are honoured for the s3ish-file target's settings;
# S3ISH_BENCH_CACHE (default ~/.cache/s3ish-bench) keeps the S3Proxy jar.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
SECS=4
WARMUP=10
SERVER_WARMUP=60
CONNS="1 8 32"
TARGETS="s3ish-memory s3ish-file s3proxy-transient s3proxy-filesystem nginx"
WORKLOADS="put-4k get-4k put-1m get-1m put-64m get-64m list-10k mix-4k"
RESULTS="$ROOT/target/bench-results/$(date -u +%Y%m%dT%H%M%SZ)"
S3ISH_HEAP="-Xmx256m -XX:MaxDirectMemorySize=3g"
S3PROXY_HEAP="-Xmx4g"
CLIENT_HEAP="-Xmx512m"

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) SECS=2; WARMUP=3; SERVER_WARMUP=8; CONNS="1 32"; WORKLOADS="put-4k get-4k get-1m mix-4k"; shift ;;
    --secs) SECS="$2"; shift 2 ;;
    --server-warmup) SERVER_WARMUP="$2"; shift 2 ;;
    --cell-warmup) WARMUP="$2"; shift 2 ;;
    --conns) CONNS="$2"; shift 2 ;;
    --targets) TARGETS="${2//,/ }"; shift 2 ;;
    --workloads) WORKLOADS="${2//,/ }"; shift 2 ;;
    --results) RESULTS="$2"; shift 2 ;;
    -h|--help) sed -n '2,/^[^#]/p' "$0" | grep '^#'; exit 0 ;;
    *) echo "compare.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done

WORK=$(mktemp -d /tmp/s3ish-compare.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$RESULTS"
PIDS=()

log() { echo "[compare $(date -u +%H:%M:%S)] $*" >&2; }

stop_all() {
  local pid
  for pid in "${PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  PIDS=()
}
cleanup() { stop_all; rm -rf "$WORK"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- what runs -----------------------------------------------------------------------------------------------
log "building s3ish (mvn -o -q compile) and resolving the classpath"
(cd "$ROOT" && mvn -o -q compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >&2)
CP="$ROOT/target/classes:$(cat "$WORK/cp.txt")"
CLIENT=(java $CLIENT_HEAP -cp "$CP" s3ish.cli.Main bench --quiet --json)
BENCH=("${CLIENT[@]}" --warmup "$WARMUP" --duration "$SECS")

if [[ " $TARGETS " == *" s3proxy-"* ]] && [ ! -f "$S3PROXY_JAR" ]; then
  log "fetching org.gaul:s3proxy:$S3PROXY_VERSION (jar-with-dependencies) from Maven Central"
  mkdir -p "$(dirname "$S3PROXY_JAR")"
  mvn -B -q dependency:copy -Dartifact="org.gaul:s3proxy:$S3PROXY_VERSION:jar:jar-with-dependencies" \
    -DoutputDirectory="$(dirname "$S3PROXY_JAR")" >&2
fi
if [[ " $TARGETS " == *" nginx "* ]] && ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  log "installing nginx (Debian package)"
  apt-get install -y -qq nginx-light >&2 || apt-get install -y -qq nginx >&2
fi

printf 'demo:demo-secret\n' > "$WORK/creds.txt"

# workload -> bench arguments; the key space is per size so that a GET finds what the PUT cells wrote
workload_args() {
  case "$1" in
    put-4k) echo "--op put --size 4KiB --keys 1000 --prefix w4k/" ;;
    get-4k) echo "--op get --size 4KiB --keys 1000 --prefix w4k/" ;;
    put-1m) echo "--op put --size 1MiB --keys 64 --prefix w1m/" ;;
    get-1m) echo "--op get --size 1MiB --keys 64 --prefix w1m/" ;;
    put-64m) echo "--op put --size 64MiB --keys 4 --prefix w64m/" ;;
    get-64m) echo "--op get --size 64MiB --keys 4 --prefix w64m/" ;;
    list-10k) echo "--op list --size 0 --keys 10000 --prefix list/ --list-max-keys 1000" ;;
    mix-4k) echo "--op mixed --mix get=70,put=30 --size 4KiB --keys 1000 --prefix w4k/" ;;
    *) echo "compare.sh: unknown workload $1" >&2; exit 2 ;;
  esac
}
# what the table shows for a workload: MiB/s for large bodies, ops/s otherwise
metric() { case "$1" in *-1m|*-64m) echo mibPerSec ;; *) echo opsPerSec ;; esac; }

# --- targets -------------------------------------------------------------------------------------------------
start_s3ish() {
  local backend=$1 port
  port=$(free_port)
  local data="$WORK/s3ish-$backend"
  mkdir -p "$data"
  S3ISH_STORAGE_BACKEND=$backend S3ISH_STORAGE_ROOT="${S3ISH_STORAGE_ROOT:-$data}" \
    java $S3ISH_HEAP -cp "$CP" s3ish.cli.Main --protocol http -l "127.0.0.1:$port" -a "$WORK/creds.txt" \
    > "$RESULTS/server-s3ish-$backend.log" 2>&1 &
  PIDS+=($!)
  await_http "$port" $! || return 1
  ENDPOINT="http://127.0.0.1:$port"
}

start_s3proxy() {
  local provider=$1 port
  port=$(free_port)
  mkdir -p "$WORK/s3proxy-$provider"
  s3proxy_properties "$port" "$provider" "$WORK/s3proxy-$provider" > "$WORK/s3proxy-$provider.properties"
  java $S3PROXY_HEAP -jar "$S3PROXY_JAR" --properties "$WORK/s3proxy-$provider.properties" \
    > "$RESULTS/server-s3proxy-$provider.log" 2>&1 &
  PIDS+=($!)
  await_http "$port" $! || return 1
  ENDPOINT="http://127.0.0.1:$port"
}

# nginx serves the same keys as files under www/<bucket>/<key>, as an unprivileged foreground process
start_nginx() {
  local port www="$WORK/www" dir="$WORK/nginx"
  port=$(free_port)
  mkdir -p "$dir" "$www/s3ish-bench"
  python3 - "$www/s3ish-bench" <<'EOF'
import os, sys
root = sys.argv[1]
for prefix, size, keys in (("w4k", 4096, 1000), ("w1m", 1 << 20, 64), ("w64m", 64 << 20, 4)):
    os.makedirs(os.path.join(root, prefix), exist_ok=True)
    block = os.urandom(min(size, 1 << 20))
    for i in range(keys):
        with open(os.path.join(root, prefix, "%08d" % i), "wb") as f:
            for _ in range(size // len(block)):
                f.write(block)
EOF
  nginx_setup "$dir" "$port" "$www"
  "${NGINX_RUN[@]}" > "$RESULTS/server-nginx.log" 2>&1 &
  PIDS+=($!)
  await_http "$port" $! || return 1
  ENDPOINT="http://127.0.0.1:$port"
}

start_target() {
  case "$1" in
    s3ish-memory) start_s3ish memory ;;
    s3ish-file) start_s3ish file ;;
    s3proxy-transient) start_s3proxy transient ;;
    s3proxy-filesystem) start_s3proxy filesystem ;;
    nginx) start_nginx ;;
  esac
}

# --- the runs ------------------------------------------------------------------------------------------------
# connections from the most to the fewest, so the (unmeasured) fill of a read workload runs at full concurrency
CONNS_DESC=$(tr ' ' '\n' <<< "$CONNS" | sort -rn | tr '\n' ' ')
log "uptime before: $(uptime)"
for target in $TARGETS; do
  log "starting $target"
  if ! start_target "$target"; then
    log "$target did not start (see $RESULTS/server-$target.log); its cells are n/a"
    stop_all
    continue
  fi
  if [ "$target" != nginx ]; then
    # JIT and pools of a fresh server: without this the first workload measures a cold JVM
    # 3/4 of it small objects at 32 connections, the rest 1 MiB ones: the paths the workloads take
    log "$target warm-up (${SERVER_WARMUP} s of 4 KiB and 1 MiB get/put, not reported)"
    "${CLIENT[@]}" --endpoint "$ENDPOINT" --warmup 0 --duration $(( SERVER_WARMUP * 3 / 4 )) -c 32 --op mixed \
      --mix get=50,put=50 --size 4KiB --keys 1000 --prefix warm/ > /dev/null 2>&1 || log "  warm-up failed"
    "${CLIENT[@]}" --endpoint "$ENDPOINT" --warmup 0 --duration $(( SERVER_WARMUP / 4 )) -c 8 --op mixed \
      --mix get=50,put=50 --size 1MiB --keys 16 --prefix warm/ > /dev/null 2>&1 || log "  warm-up failed"
  fi
  for workload in $WORKLOADS; do
    if [ "$target" = nginx ] && [[ "$workload" != get-* ]]; then continue; fi
    read -r -a args <<< "$(workload_args "$workload")"
    extra=()
    if [ "$target" = nginx ]; then extra=(--no-create-bucket --no-prepare); fi
    out="$RESULTS/$target.$workload.json"
    log "$target $workload c=$CONNS_DESC"
    # one client JVM per workload: all connection levels run in it, warm, the key space filled once
    if ! timeout $(( (SECS + WARMUP + 30) * $(wc -w <<< "$CONNS") + 300 )) "${BENCH[@]}" --endpoint "$ENDPOINT" \
        -c "$(tr ' ' ',' <<< "$CONNS_DESC" | sed 's/,*$//')" "${args[@]}" "${extra[@]}" > "$out" 2> "$out.err"; then
      log "  failed: $(tail -1 "$out.err")"
    fi
    # one file per level for the table; a single level prints an object, several an array
    for conns in $CONNS; do
      jq --argjson c "$conns" 'if type == "array" then .[] else . end | select(.concurrency == $c)' "$out" \
        > "$RESULTS/$target.$workload.c$conns.json" 2>/dev/null || true
    done
  done
  stop_all
done
log "uptime after: $(uptime)"

# --- the table -----------------------------------------------------------------------------------------------
# prints the metric of a cell, "err" when it had errors or failed, "-" when it was not run
cell() {
  local f="$RESULTS/$1.$2.c$3.json"
  if [ ! -s "$f" ]; then
    if [ -f "$f" ]; then echo err; else echo -; fi
    return
  fi
  jq -r --arg m "$(metric "$2")" 'if .errors > 0 then "err" else (.[$m] | floor | tostring) end' "$f" 2>/dev/null || echo err
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a+0 > 0 && b+0 > 0) printf "%.2f", a / b; else print "-" }'; }

echo
echo "Loopback, ${SECS} s per cell after a ${WARMUP} s warm-up; s3ish $S3ISH_HEAP, S3Proxy $S3PROXY_VERSION $S3PROXY_HEAP;"
echo "load before/after: see stderr. Values: ops/s (4 KiB, list, mix) or MiB/s (1 MiB, 64 MiB)."
echo
echo "| workload | conns | s3ish memory | s3ish file | S3Proxy transient | S3Proxy filesystem | nginx | memory / transient | file / filesystem | memory / nginx |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for workload in $WORKLOADS; do
  for conns in $CONNS; do
    m=$(cell s3ish-memory "$workload" "$conns"); f=$(cell s3ish-file "$workload" "$conns")
    t=$(cell s3proxy-transient "$workload" "$conns"); fs=$(cell s3proxy-filesystem "$workload" "$conns")
    n=$(cell nginx "$workload" "$conns")
    unit=$( [ "$(metric "$workload")" = mibPerSec ] && echo "MiB/s" || echo "ops/s")
    echo "| $workload ($unit) | $conns | $m | $f | $t | $fs | $n | $(ratio "$m" "$t") | $(ratio "$f" "$fs") | $(ratio "$m" "$n") |"
  done
done
echo
echo "Per-cell JSON (latency percentiles, errors): $RESULTS"
