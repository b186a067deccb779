# Helpers shared by bench/compare.sh and bench/cpu-per-op.sh; sourced, not run. Loopback only.

BENCH_CACHE="${S3ISH_BENCH_CACHE:-$HOME/.cache/s3ish-bench}"
# the servers started here must not see it: s3ish refuses S3ISH_ variables that are not its settings
unset S3ISH_BENCH_CACHE
S3PROXY_VERSION=2.6.0
S3PROXY_JAR="$BENCH_CACHE/s3proxy-$S3PROXY_VERSION-jar-with-dependencies.jar"
ASYNC_PROFILER_VERSION=4.2
ASYNC_PROFILER_DIR="$BENCH_CACHE/async-profiler-$ASYNC_PROFILER_VERSION"

# async-profiler's agent library (Linux x64), fetched once from Maven Central; prints its path
async_profiler_lib() {
  local lib="$ASYNC_PROFILER_DIR/linux-x64/libasyncProfiler.so"
  if [ ! -f "$lib" ]; then
    mvn -B -q dependency:copy -Dartifact="tools.profiler:async-profiler:$ASYNC_PROFILER_VERSION:jar:linux-x64" \
      -DoutputDirectory="$ASYNC_PROFILER_DIR" >&2
    (cd "$ASYNC_PROFILER_DIR" && unzip -q -o "async-profiler-$ASYNC_PROFILER_VERSION-linux-x64.jar" 'linux-x64/*')
  fi
  echo "$lib"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# waits until something answers HTTP on the port (any status) while the process lives, at most 90 s
await_http() {
  local port=$1 pid=$2 i
  for i in $(seq 1 180); do
    if ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$port/"; then return 0; fi
    sleep 0.5
  done
  return 1
}

# S3Proxy's properties: SigV4 with the demo credentials, a jclouds provider (transient or filesystem)
s3proxy_properties() {
  local port=$1 provider=$2 basedir=$3
  cat <<PROPERTIES
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v4
s3proxy.identity=demo
s3proxy.credential=demo-secret
jclouds.provider=$provider
jclouds.identity=unused
jclouds.credential=unused
jclouds.filesystem.basedir=$basedir
PROPERTIES
}

# nginx as the benchmarks run it: serves ROOT on 127.0.0.1:PORT in the foreground, no access log, connections kept
# alive for a whole run. Writes DIR/nginx.conf and sets NGINX_RUN to the command; started as root, it runs as
# nobody (DIR is handed to nobody; ROOT must be readable by it).
nginx_setup() {
  local dir=$1 port=$2 root=$3
  cat > "$dir/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $dir/body; proxy_temp_path $dir/proxy; fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
  server { listen 127.0.0.1:$port; root $root; default_type application/octet-stream; }
}
EOF
  NGINX_RUN=("$(command -v nginx || echo /usr/sbin/nginx)" -p "$dir" -e "$dir/error.log" -c "$dir/nginx.conf")
  if [ "$(id -u)" = 0 ]; then
    chown -R nobody "$dir"
    NGINX_RUN=(setpriv --reuid=nobody --regid=nogroup --clear-groups "${NGINX_RUN[@]}")
  fi
}
