#!/usr/bin/env bash
# VoltDB throughput: ksink draining JSON records from the embedded Kafka into the VoltDB protocol
# test server (tests/voltdb_server) with `INSERT INTO bench SELECT * FROM bench`, one
# BENCH.insert call per record.
#
#   bench/voltdb-throughput.sh [--records N] [--runs R]
#
# N defaults to 1,000,000. The test server is Python and answers 10,000-15,000 calls/s, so the
# records/s printed are the server's speed (measured from the first record written to the last),
# not ksink's; what this measures is ksink's own cost: its CPU time (user + system, from /proc)
# from its start until the last record is written, divided by the records. That counts the start-up
# (connecting, reading the catalog, joining the group: a few hundredths of a second) but also the
# fetching that runs ahead of the first call: librdkafka prefetches up to 16 MB before the sink
# has written anything, which a window from the first record on would leave out. A run of
# 1,000,000 records takes over a minute; --records 300000 is quicker and reads about the same.
#
# Prints per run: records/s, ksink's CPU seconds and peak memory, and the CPU per million records
# of its task threads, librdkafka's fetch threads and librdkafka's main thread (kernel time and
# page faults apart); as the last line the median CPU cost `cpu_s_per_million=N.N` (target: at
# most 2.0).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KSINK=${KSINK:-$ROOT/build/ksink}
RECORDS=1000000
RUNS=1
PARTITIONS=16
while [ $# -gt 0 ]; do
  case $1 in
    --records) RECORDS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    *) echo "usage: $0 [--records N] [--runs R]" >&2; exit 2 ;;
  esac
done
source "$ROOT/scripts/lib.sh"
WORKDIR=$(mktemp -d /tmp/ksink-bench-XXXXXX)
trap cleanup EXIT
[ -x "$KSINK" ] || { echo "build ksink first (make)" >&2; exit 1; }

# Records of about 100 bytes shaped like the seed's User, with a unique id and a timestamp.
python3 - "$RECORDS" >"$WORKDIR/records.jsonl" <<'PY'
import sys
n = int(sys.argv[1])
out = sys.stdout
for i in range(n):
    out.write('{"id":%d,"name":"user-%09d","age":%d,"salary":%d.5,"ts":%d}\n'
              % (i, i, 20 + i % 50, 1000 + i % 5000, 1700000000000 + i))
PY
VALUE_SIZE=$(head -1 "$WORKDIR/records.jsonl" | tr -d '\n' | wc -c)
echo "records=$RECORDS value_size=${VALUE_SIZE}B partitions=$PARTITIONS"

start_dev_kafka "$KSINK" --topic bench --partitions "$PARTITIONS"
# lz4 and large batches: the embedded Kafka keeps only 5 MiB per partition. The records are
# spread evenly over the partitions (kcat's own partitioner fills some more than others).
split -n "r/$PARTITIONS" -d -a 3 "$WORKDIR/records.jsonl" "$WORKDIR/part-"
for p in $(seq 0 $((PARTITIONS - 1))); do
  kcat -P -b "$BOOTSTRAP" -t bench -p "$p" -z lz4 -X log_level=3 -X linger.ms=100 \
    -X batch.num.messages=10000 -X queue.buffering.max.messages=1000000 \
    -l "$WORKDIR/part-$(printf %03d "$p")"
done
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

# The test server's count of procedure answers (the two catalog reads included).
calls() { curl -sf "http://127.0.0.1:$CONTROL/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["calls"])'; }

costs=()
for run in $(seq "$RUNS"); do
  python3 "$ROOT/tests/voltdb_server/voltdb_test_server.py" \
    --schema "$ROOT/tests/voltdb_server/bench_schema.sql" >"$WORKDIR/volt-$run.out" 2>&1 &
  vpid=$!
  KSINK_PIDS+=($vpid)
  for _ in $(seq 100); do
    CONTROL=$(sed -n 's/^control=//p' "$WORKDIR/volt-$run.out")
    [ -n "$CONTROL" ] && break
    sleep 0.1
  done
  VOLT_PORT=$(sed -n 's/^port=//p' "$WORKDIR/volt-$run.out")
  [ -n "$VOLT_PORT" ] || { echo "the VoltDB test server did not start" >&2; exit 1; }
  cat >"$WORKDIR/worker.properties" <<PROPS
bootstrap.servers=$BOOTSTRAP
value.converter=org.apache.kafka.connect.json.JsonConverter
value.converter.schemas.enable=false
PROPS
  cat >"$WORKDIR/sink.properties" <<PROPS
name=bench-$run
connector.class=voltdb
topics=bench
connect.volt.servers=127.0.0.1:$VOLT_PORT
connect.volt.kcql=INSERT INTO bench SELECT * FROM bench
PROPS
  "$KSINK" standalone "$WORKDIR/worker.properties" "$WORKDIR/sink.properties" \
    2>"$WORKDIR/ksink-$run.log" &
  pid=$!
  KSINK_PIDS+=($pid)
  target=$((RECORDS + 2))
  # Time from the first record written to the last: the group join before it is not throughput.
  cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$pid/stat"; }
  # Per thread: id, name, user and kernel ticks, minor page faults (the task threads are named
  # <connector>-<id>, librdkafka's rdk:...).
  threads() {
    for t in /proc/"$pid"/task/*; do
      echo "$(basename "$t") $(tr ' ' '_' <"$t/comm") $(awk '{print $14, $15, $10}' "$t/stat")"
    done 2>/dev/null
  }
  until [ "$(calls)" -gt 2 ]; do sleep 0.05; done
  t0=$(date +%s.%N); n0=$(calls)
  last_truncate=$SECONDS
  while :; do
    n=$(calls)
    [ "$n" -ge "$target" ] && break
    # Keep the server's memory flat: the rows themselves are not checked here.
    if [ $((SECONDS - last_truncate)) -ge 10 ]; then
      curl -sf -XPOST "http://127.0.0.1:$CONTROL/truncate" >/dev/null; last_truncate=$SECONDS
    fi
    sleep 0.2
  done
  t1=$(date +%s.%N); cpu1=$(cpu); threads >"$WORKDIR/threads1"
  peak=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
  cpu_s=$cpu1
  kill -TERM "$pid"; wait "$pid" || true
  errors=$(curl -sf "http://127.0.0.1:$CONTROL/stats" | python3 -c \
    'import json,sys; s=json.load(sys.stdin)["status_counts"]; print(sum(v for k,v in s.items() if k!="1"))')
  rate=$(python3 -c "print(round(($target - $n0) / ($t1 - $t0)))")
  cost=$(python3 -c "print('%.1f' % ($cpu_s * 1000000 / $RECORDS))")
  costs+=("$cost")
  echo "run $run: $rate records/s (the test server's pace) ksink_cpu=${cpu_s}s for $RECORDS records" \
       "(${cost}s per million) ksink_peak_rss=$((peak / 1024))MB failed_calls=$errors"
  # Where the same CPU went, per million records: the tasks (and ksink's other threads),
  # librdkafka's fetch threads, librdkafka's main thread.
  awk -v hz="$(getconf CLK_TCK)" -v n="$RECORDS" '
    { g = $2 ~ /^rdk:broker/ ? "fetch" : $2 ~ /^rdk:/ ? "rdk_main" : "ksink"
      U[g] += $3; K[g] += $4; F[g] += $5 }
    END { for (g in U) printf "  %s: %.2fs per million (kernel %.2fs), %d page faults per million\n",
            g, (U[g] + K[g]) / hz * 1e6 / n, K[g] / hz * 1e6 / n, F[g] * 1e6 / n }' \
    "$WORKDIR/threads1" | sort
  kill "$vpid"; wait "$vpid" || true
  [ "$errors" -eq 0 ] || { echo "the server answered $errors calls with an error" >&2; exit 1; }
done
median=$(printf '%s\n' "${costs[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
echo "cpu_s_per_million=$median"
