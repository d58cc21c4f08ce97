# Shared by the bench scripts (source it): a scratch store and a gilbench
# server on 127.0.0.1, port 0, stopped by its PID. The caller sets GILBENCH.
SERVER_PID=""

setup_store() {  # arg: scratch-directory prefix; sets WORK and DB, cleans up at exit
  WORK=$(mktemp -d "/tmp/$1.XXXXXX")
  DB=$WORK/kv.db
  trap 'stop_server; rm -rf "$WORK"' EXIT
  "$GILBENCH" db init --db "$DB" >/dev/null
}

start_server() {  # args: serve options; sets SERVER_PID and PORT
  # Emptied here, not by the background job's redirection, which may run
  # after the first grep and leave the previous server's port to be read.
  : >"$WORK/serve.out"
  "$GILBENCH" serve --port 0 --db "$DB" "$@" >"$WORK/serve.out" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 200); do
    PORT=$(grep -o '127.0.0.1:[0-9]*' "$WORK/serve.out" | head -1 | cut -d: -f2 || true)
    [ -n "$PORT" ] && return 0
    sleep 0.1
  done
  echo "server did not start: $(cat "$WORK/serve.out")" >&2
  exit 1
}

stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
  fi
}

proc_cpu_s() {  # arg: pid; its user + system CPU seconds so far (threads included)
  /usr/bin/python3 -c 'import os,sys; f=open(f"/proc/{sys.argv[1]}/stat").read().rsplit(")",1)[1].split(); print((int(f[11])+int(f[12]))/os.sysconf("SC_CLK_TCK"))' "$1"
}
