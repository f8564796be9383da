#!/usr/bin/env bash
# Redis throughput: ksink draining 1,000,000 JSON records from the embedded Kafka into Redis in
# cache mode, against the hardware limit measured in the same run: redis-benchmark's pipelined
# SET (-P 64) with the same key count, key size and value size.
#
#   bench/redis-throughput.sh [--records N] [--runs R] [--tasks T] [--avro] [--transforms]
#                             [--worker-property K=V ...] [--property K=V ...]
#
# --avro: the records are Avro (Confluent wire format, produced with `ksink produce` through the
# embedded Schema Registry) and ksink reads them with the AvroConverter; what lands in Redis is
# the same JSON. --tasks: the connector's tasks.max (default: one per core, as a Connect user
# sizes a connector for throughput). --transforms: the records are Debezium change events (JSON,
# schemaless) and the connector unwraps them with a chain of Single Message Transforms
# (ExtractNewRecordState, ReplaceField renaming a field, InsertField adding a static one): compare
# its CPU time with a run without it for the transforms' cost per record.
# --worker-property and --property add a line to the worker's and the connector's properties
# (e.g. a `consumer.` setting, or `connect.redis.batch.size=2000`).
#
# Prints both rates per run, ksink's peak memory and CPU time, and as the last line the median
# ratio `ratio=0.NN` (ksink records/s divided by redis-benchmark SETs/s).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KSINK=${KSINK:-$ROOT/build/ksink}
RECORDS=1000000
RUNS=1
PARTITIONS=16
TASKS=$(nproc)
AVRO=0
TRANSFORMS=0
WORKER_EXTRA=""
CONNECTOR_EXTRA=""
while [ $# -gt 0 ]; do
  case $1 in
    --records) RECORDS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --tasks) TASKS=$2; shift 2 ;;
    --avro) AVRO=1; shift ;;
    --transforms) TRANSFORMS=1; shift ;;
    --worker-property) WORKER_EXTRA+="$2"$'\n'; shift 2 ;;
    --property) CONNECTOR_EXTRA+="$2"$'\n'; shift 2 ;;
    *) echo "usage: $0 [--records N] [--runs R] [--tasks T] [--avro] [--transforms] [--worker-property K=V ...] [--property K=V ...]" >&2; exit 2 ;;
  esac
done
source "$ROOT/scripts/lib.sh"
WORKDIR=$(mktemp -d /tmp/ksink-bench-XXXXXX)
trap cleanup EXIT
[ -x "$KSINK" ] || { echo "build ksink first (make)" >&2; exit 1; }

# Records of about 100 bytes with distinct keys shaped like redis-benchmark's
# ("key:000000000042"); the value stored in Redis is the record itself.
# With --transforms each record is the `after` of a Debezium change event, and
# expected.jsonl holds what the transforms make of it (the value Redis must hold).
python3 - "$RECORDS" "$TRANSFORMS" "$WORKDIR/expected.jsonl" >"$WORKDIR/records.jsonl" <<'PY'
import sys
n, transforms, expected_path = int(sys.argv[1]), sys.argv[2] == "1", sys.argv[3]
pad = "x" * 44
out = sys.stdout
expected = open(expected_path, "w")
for i in range(n):
    row = '"id":"key:%012d","seq":%d,"price":%d.25,"pad":"%s"' % (i, i, i % 1000, pad)
    if not transforms:
        out.write('{%s}\n' % row)
        expected.write('{%s}\n' % row)
        continue
    out.write('{"before":null,"after":{%s},"source":{"version":"2.5.0.Final","connector":"mysql",'
              '"name":"bench","ts_ms":1700000000000,"db":"shop","table":"items"},"op":"c",'
              '"ts_ms":1700000000001}\n' % row)
    expected.write('{%s,"origin":"bench"}\n' % row.replace('"price"', '"cost"'))
PY
VALUE_SIZE=$(head -1 "$WORKDIR/expected.jsonl" | tr -d '\n' | wc -c)
echo "records=$RECORDS value_size=${VALUE_SIZE}B partitions=$PARTITIONS tasks=$TASKS format=$([ $AVRO = 1 ] && echo avro || echo json) transforms=$([ $TRANSFORMS = 1 ] && echo unwrap,rename,origin || echo none)"
if [ "$AVRO" = 1 ] && [ "$TRANSFORMS" = 1 ]; then
  echo "--avro and --transforms do not combine" >&2; exit 2
fi
TRANSFORM_SETTINGS=""
if [ "$TRANSFORMS" = 1 ]; then
  TRANSFORM_SETTINGS="transforms=unwrap,rename,origin
transforms.unwrap.type=io.debezium.transforms.ExtractNewRecordState
transforms.rename.type=org.apache.kafka.connect.transforms.ReplaceField\$Value
transforms.rename.renames=price:cost
transforms.origin.type=org.apache.kafka.connect.transforms.InsertField\$Value
transforms.origin.static.field=origin
transforms.origin.static.value=bench"
fi

# lz4 and large batches: the embedded Kafka keeps only 5 MiB per partition. Records without a
# key: librdkafka's sticky partitioner would put seconds' worth on one partition, overflowing it;
# sticky.partitioning.linger.ms=0 spreads them evenly.
PRODUCER_SETTINGS=(compression.type=lz4 linger.ms=100 sticky.partitioning.linger.ms=0
  batch.num.messages=10000 queue.buffering.max.messages=1000000)
if [ "$AVRO" = 1 ]; then
  start_dev_kafka "$KSINK" --topic bench --partitions "$PARTITIONS" --schema-registry
  cat >"$WORKDIR/record.avsc" <<'AVSC'
{"type": "record", "name": "BenchRecord", "fields": [
  {"name": "id", "type": "string"}, {"name": "seq", "type": "long"},
  {"name": "price", "type": "double"}, {"name": "pad", "type": "string"}]}
AVSC
  "$KSINK" produce --bootstrap-server "$BOOTSTRAP" --topic bench \
    --value-schema "@$WORKDIR/record.avsc" --schema-registry "$REGISTRY" \
    $(printf -- '--producer-property %s ' "${PRODUCER_SETTINGS[@]}") <"$WORKDIR/records.jsonl"
  CONVERTER="value.converter=io.confluent.connect.avro.AvroConverter
value.converter.schema.registry.url=$REGISTRY"
else
  start_dev_kafka "$KSINK" --topic bench --partitions "$PARTITIONS"
  kcat -P -b "$BOOTSTRAP" -t bench -X log_level=3 \
    $(printf -- '-X %s ' "${PRODUCER_SETTINGS[@]}") -l "$WORKDIR/records.jsonl"
  CONVERTER="value.converter=org.apache.kafka.connect.json.JsonConverter
value.converter.schemas.enable=false"
fi
held=0
for p in $(seq 0 $((PARTITIONS - 1))); do
  lo=$(kcat -Q -b "$BOOTSTRAP" -t "bench:$p:-2" -X log_level=3 | awk '{print $NF}')
  hi=$(kcat -Q -b "$BOOTSTRAP" -t "bench:$p:-1" -X log_level=3 | awk '{print $NF}')
  held=$((held + hi - lo))
done
if [ "$held" -ne "$RECORDS" ]; then
  echo "the topic holds $held records, not $RECORDS (retention dropped some)" >&2; exit 1
fi
echo "topic bench holds all $held records"

ratios=()
attempt=0
# A run during which the consumer group rebalanced measures the embedded Kafka's group
# coordinator, not ksink: librdkafka's mock cluster sometimes keeps a ghost member of tasks that
# joined at the same moment until its session times out (45 s). Such a run is reported and
# repeated, at most twice per run asked for.
while [ "${#ratios[@]}" -lt "$RUNS" ]; do
  attempt=$((attempt + 1))
  if [ "$attempt" -gt $((3 * RUNS)) ]; then
    echo "too many runs disturbed by group rebalances; giving up" >&2; exit 1
  fi
  run=$attempt
  start_redis
  cat >"$WORKDIR/worker.properties" <<PROPS
bootstrap.servers=$BOOTSTRAP
$CONVERTER
$WORKER_EXTRA
PROPS
  cat >"$WORKDIR/sink.properties" <<PROPS
name=bench-$run
connector.class=redis
tasks.max=$TASKS
topics=bench
connect.redis.host=127.0.0.1
connect.redis.port=$REDIS_PORT
connect.redis.kcql=SELECT * FROM bench PK id
$TRANSFORM_SETTINGS
$CONNECTOR_EXTRA
PROPS
  "$KSINK" standalone "$WORKDIR/worker.properties" "$WORKDIR/sink.properties" \
    2>"$WORKDIR/ksink-$run.log" &
  pid=$!
  KSINK_PIDS+=($pid)
  # Time from the first record in Redis to the last: the group join before it is not throughput.
  watch=$(python3 "$ROOT/bench/redis_watch.py" "$REDIS_PORT" "$RECORDS" \
    ksink="$pid" redis-server="$REDIS_PID" dev-kafka="$KAFKA_PID")
  read -r seconds n0 <<<"$(head -1 <<<"$watch")"
  peak=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  cpu_s=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$pid/stat")
  revoked=$(grep -c "Partitions revoked" "$WORKDIR/ksink-$run.log" || true)
  kill -TERM "$pid"; wait "$pid" || true
  # Where each task's wall time went (docs/performance.md "Where the wall time goes").
  grep -o 'task-[0-9]*\] Task stopped; wall time .*' "$WORKDIR/ksink-$run.log" |
    sed -e 's/\] Task stopped; wall time /: /' -e "s/^/run $run: /" || true
  if [ "$revoked" -gt 0 ]; then
    echo "run $run: the consumer group rebalanced while records were written; repeating"
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    continue
  fi
  # What landed is the record itself, whichever format it travelled in.
  sample=$(redis-cli -p "$REDIS_PORT" get key:000000000007)
  if [ "$sample" != "$(sed -n 8p "$WORKDIR/expected.jsonl")" ]; then
    echo "unexpected value in Redis for key:000000000007: $sample" >&2; exit 1
  fi
  ksink_rate=$(python3 -c "print(round(($RECORDS - $n0) / $seconds))")

  redis-cli -p "$REDIS_PORT" flushall >/dev/null
  bench_rate=$(redis-benchmark -p "$REDIS_PORT" -P 64 -t set -n "$RECORDS" -r "$RECORDS" \
    -d "$VALUE_SIZE" --csv 2>/dev/null | awk -F'","' '/"SET"/ {print $2}' | tr -d '"')
  redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  ratio=$(python3 -c "print('%.2f' % ($ksink_rate / float($bench_rate)))")
  ratios+=("$ratio")
  echo "run $run: $(tail -1 <<<"$watch") while ksink wrote (of one core; the machine's of all)"
  echo "run $run: ksink=${ksink_rate} records/s redis-benchmark=${bench_rate} SET/s ratio=$ratio ksink_peak_rss=$((peak / 1024))MB ksink_cpu=${cpu_s}s"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "ratio=$median"
