#!/usr/bin/env bash
# Redis Cluster throughput: ksink draining JSON records from the embedded Kafka into a 3-master
# Redis Cluster in cache mode, against the limit measured in the same run:
# `redis-benchmark --cluster -P 64 -t set` with the same key count and value size.
#
#   bench/redis-cluster-throughput.sh [--records N] [--tasks T] [--kcql K] [--property K=V]...
#
# --kcql replaces the statement (its keys must be the records' `id`, one per record, for the
# count of written records); --property adds a connector setting, e.g.
# `--kcql 'INSERT INTO z: SELECT * FROM bench PK id STOREAS SortedSet(score=seq)'
#  --property connect.redis.error.policy=NOOP` against the default THROW, to see what THROW's
# type check costs (docs/redis-sink.md "Errors").
#
# Prints both rates and, last, `ratio=0.NN` (ksink records/s divided by redis-benchmark SETs/s).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KSINK=${KSINK:-$ROOT/build/ksink}
RECORDS=500000
PARTITIONS=16
TASKS=$(nproc)
KCQL='SELECT * FROM bench PK id'
PROPERTIES=()
while [ $# -gt 0 ]; do
  case $1 in
    --records) RECORDS=$2; shift 2 ;;
    --tasks) TASKS=$2; shift 2 ;;
    --kcql) KCQL=$2; shift 2 ;;
    --property) PROPERTIES+=("$2"); shift 2 ;;
    *) echo "usage: $0 [--records N] [--tasks T] [--kcql K] [--property K=V]..." >&2; exit 2 ;;
  esac
done
source "$ROOT/scripts/lib.sh"
WORKDIR=$(mktemp -d /tmp/ksink-bench-XXXXXX)
trap cleanup EXIT
[ -x "$KSINK" ] || { echo "build ksink first (make)" >&2; exit 1; }

# Three masters, no replicas: replication would load ksink's run and redis-benchmark's alike.
PORTS=()
REDIS_PIDS=()
for i in 1 2 3; do
  # Redis refuses a cluster port above 55535 (its bus port is 10000 higher).
  port=$(free_port); while [ "$port" -gt 55535 ]; do port=$(free_port); done
  mkdir -p "$WORKDIR/node-$port"
  redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no \
    --cluster-enabled yes --cluster-config-file nodes.conf --dir "$WORKDIR/node-$port" \
    >"$WORKDIR/node-$port/redis.log" 2>&1 &
  KSINK_PIDS+=($!)
  REDIS_PIDS+=($!)
  PORTS+=("$port")
done
for port in "${PORTS[@]}"; do
  for _ in $(seq 100); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
done
redis-cli --cluster create $(printf '127.0.0.1:%s ' "${PORTS[@]}") --cluster-yes >"$WORKDIR/create.log"
for _ in $(seq 200); do
  ok=0
  for port in "${PORTS[@]}"; do
    redis-cli -p "$port" cluster info | grep -q cluster_state:ok && ok=$((ok + 1))
  done
  [ "$ok" -eq 3 ] && break
  sleep 0.1
done
SEEDS=$(printf '127.0.0.1:%s,' "${PORTS[@]}"); SEEDS=${SEEDS%,}
flushall() { for port in "${PORTS[@]}"; do redis-cli -p "$port" flushall >/dev/null; done; }

# Records of about 100 bytes with distinct keys shaped like redis-benchmark's.
python3 - "$RECORDS" >"$WORKDIR/records.jsonl" <<'PY'
import sys
for i in range(int(sys.argv[1])):
    sys.stdout.write('{"id":"key:%012d","seq":%d,"price":%d.25,"pad":"%s"}\n' % (i, i, i % 1000, "x" * 44))
PY
VALUE_SIZE=$(head -1 "$WORKDIR/records.jsonl" | tr -d '\n' | wc -c)
echo "records=$RECORDS value_size=${VALUE_SIZE}B partitions=$PARTITIONS tasks=$TASKS masters=3"
start_dev_kafka "$KSINK" --topic bench --partitions "$PARTITIONS"
kcat -P -b "$BOOTSTRAP" -t bench -X log_level=3 -X compression.type=lz4 -X linger.ms=100 \
  -X sticky.partitioning.linger.ms=0 -X batch.num.messages=10000 \
  -X queue.buffering.max.messages=1000000 -l "$WORKDIR/records.jsonl"

cat >"$WORKDIR/worker.properties" <<PROPS
bootstrap.servers=$BOOTSTRAP
value.converter=org.apache.kafka.connect.json.JsonConverter
value.converter.schemas.enable=false
PROPS
cat >"$WORKDIR/sink.properties" <<PROPS
name=bench-cluster
connector.class=redis
tasks.max=$TASKS
topics=bench
connect.redis.host=$SEEDS
connect.redis.kcql=$KCQL
PROPS
for p in "${PROPERTIES[@]}"; do echo "$p" >>"$WORKDIR/sink.properties"; done
"$KSINK" standalone "$WORKDIR/worker.properties" "$WORKDIR/sink.properties" 2>"$WORKDIR/ksink.log" &
pid=$!
KSINK_PIDS+=($pid)
# CPU of ksink, each master and the embedded Kafka while ksink writes: which resource a run waits on.
watch=$(python3 "$ROOT/bench/redis_watch.py" "$(IFS=,; echo "${PORTS[*]}")" "$RECORDS" \
  ksink="$pid" master-1="${REDIS_PIDS[0]}" master-2="${REDIS_PIDS[1]}" master-3="${REDIS_PIDS[2]}" \
  dev-kafka="$KAFKA_PID")
read -r seconds n0 <<<"$(head -1 <<<"$watch")"
sed -n 2p <<<"$watch"
cpu_s=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$pid/stat")
kill -TERM "$pid"; wait "$pid" || true
# Each task's wall-time breakdown (docs/performance.md "Where the wall time goes").
grep -o 'task-[0-9]*\] Task stopped; wall time .*' "$WORKDIR/ksink.log" |
  sed -e 's/\] Task stopped; wall time /: /' || true
sample=$(redis-cli -c -p "${PORTS[0]}" get key:000000000007)
if [ "$KCQL" = 'SELECT * FROM bench PK id' ] && [ "$sample" != "$(sed -n 8p "$WORKDIR/records.jsonl")" ]; then
  echo "unexpected value in Redis for key:000000000007: $sample" >&2; exit 1
fi
ksink_rate=$(python3 -c "print(round(($RECORDS - $n0) / $seconds))")

flushall
bench_rate=$(redis-benchmark --cluster -h 127.0.0.1 -p "${PORTS[0]}" -P 64 -t set -n "$RECORDS" \
  -r "$RECORDS" -d "$VALUE_SIZE" --csv 2>/dev/null | awk -F'","' '/"SET"/ {print $2}' | tr -d '"')
echo "ksink=${ksink_rate} records/s ksink_cpu=${cpu_s}s redis-benchmark=${bench_rate} SET/s"
echo "ratio=$(python3 -c "print('%.2f' % ($ksink_rate / float($bench_rate)))")"
