# Shared helpers for the demo and the benchmarks: free ports, background services, cleanup.
# Sourced, not run.

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

KSINK_PIDS=()
cleanup() {
  for pid in "${KSINK_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${KSINK_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  # KEEP_WORKDIR=1 keeps the logs and configurations of a run to look at afterwards.
  if [ -n "${WORKDIR:-}" ]; then
    if [ "${KEEP_WORKDIR:-0}" = 1 ]; then echo "kept $WORKDIR" >&2; else rm -rf "$WORKDIR"; fi
  fi
}

# start_dev_kafka KSINK_BINARY ARGS... : sets BOOTSTRAP, KAFKA_PID, and REGISTRY with --schema-registry
start_dev_kafka() {
  local bin=$1; shift
  local lines=1
  [[ " $* " == *" --schema-registry "* ]] && lines=2
  "$bin" dev-kafka "$@" >"$WORKDIR/dev-kafka.out" 2>"$WORKDIR/dev-kafka.log" &
  KAFKA_PID=$!
  KSINK_PIDS+=($!)
  for _ in $(seq 100); do
    if [ "$(wc -l <"$WORKDIR/dev-kafka.out")" -ge "$lines" ]; then
      BOOTSTRAP=$(sed -n 's/^bootstrap.servers=//p' "$WORKDIR/dev-kafka.out" | head -1)
      REGISTRY=$(sed -n 's/^schema.registry.url=//p' "$WORKDIR/dev-kafka.out" | head -1)
      return 0
    fi
    sleep 0.1
  done
  echo "dev-kafka did not start:" >&2; cat "$WORKDIR/dev-kafka.log" >&2; return 1
}

# start_redis : sets REDIS_PORT and REDIS_PID
start_redis() {
  REDIS_PORT=$(free_port)
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
    --dir "$WORKDIR" >"$WORKDIR/redis.log" 2>&1 &
  REDIS_PID=$!
  KSINK_PIDS+=($!)
  for _ in $(seq 100); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "redis-server did not start" >&2; return 1
}
