#!/usr/bin/env bash
# The HTTP-ceiling anchor: nginx answering `return 200` with a small JSON body
# on 127.0.0.1. Usage:
#   bench/nginx.sh start PORT WORKERS   # prints the master PID
#   bench/nginx.sh stop                 # stops the instance started here
set -euo pipefail
DIR=${NGINX_ANCHOR_DIR:-/tmp/gilbench-nginx}
case "${1:-}" in
  start)
    port=${2:?port}; workers=${3:-1}
    mkdir -p "$DIR/logs"
    cat > "$DIR/nginx.conf" <<CONF
worker_processes $workers;
pid $DIR/nginx.pid;
error_log $DIR/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$port reuseport;
    location / {
      default_type application/json;
      return 200 '{"mode":"noop","model":"nginx","engine":"native","pid":0,"queue_us":0,"service_us":0}';
    }
  }
}
CONF
    /usr/sbin/nginx -p "$DIR" -c "$DIR/nginx.conf" -e "$DIR/logs/error.log"
    for _ in $(seq 50); do [ -s "$DIR/nginx.pid" ] && break; sleep 0.05; done
    cat "$DIR/nginx.pid"
    ;;
  stop)
    if [ -s "$DIR/nginx.pid" ]; then
      pid=$(cat "$DIR/nginx.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
      rm -f "$DIR/nginx.pid"
    fi
    ;;
  *) echo "usage: $0 start PORT WORKERS | stop" >&2; exit 2 ;;
esac
