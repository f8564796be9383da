#!/usr/bin/env bash
# VoltDB throughput: ksink draining JSON records from the embedded Kafka into the VoltDB protocol
# test server (tests/voltdb_server, 4 partitions) with `INSERT INTO bench SELECT * FROM bench`,
# in bulk mode (@LoadSinglepartitionTable groups, the default) and per row (one BENCH.insert call
# per record, connect.volt.bulk.enabled=false), next to the test server's own limits measured in
# the same run by a raw client pipelining pre-encoded calls on one connection
# (bench/voltdb_raw_client.py): BENCH.insert calls, and @LoadSinglepartitionTable calls of 1,000
# rows.
#
#   bench/voltdb-throughput.sh [--records N] [--runs R] [--modes bulk,per-row] [--raw-rows M]
#                              [--kcql 'UPSERT INTO bench_unique SELECT * FROM bench']
#                              [--sink-property K=V ...]
#
# --kcql replaces the statement: `UPSERT INTO bench ...` measures the UPSERT path, `... INTO
# bench_unique` a table with a unique index besides its key, whose UPSERTs wait for each other
# across VoltDB partitions under THROW (docs/voltdb-sink.md "Order and replays").
#
# N defaults to 1,000,000; the raw client loads M rows (default 100,000, at most N) per mode.
# The test server is Python: the rows/s are its pace, not ksink's (docs/performance.md
# "VoltDB: bulk loads").
# What this measures of ksink is its own cost: its CPU time (user + system, from /proc) from its
# start until the last row is written, divided by the records. That counts the start-up
# (connecting, reading the catalog and the topology, joining the group: a few hundredths of a
# second) but also the fetching that runs ahead of the first call: librdkafka prefetches up to
# 16 MB before the sink has written anything, which a window from the first record on would leave
# out.
#
# Prints per run and mode: ksink's rows/s (from the first row written to the last) next to the
# raw client's rows/s, ksink's CPU seconds and peak memory, and the CPU per million records of its
# task threads, librdkafka's fetch threads and librdkafka's main thread (kernel time and page
# faults apart); as the last lines the median CPU cost per mode, `cpu_s_per_million_<mode>=N.N`
# (target: at most 2.0).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KSINK=${KSINK:-$ROOT/build/ksink}
RECORDS=1000000
RUNS=1
PARTITIONS=16
MODES=bulk,per-row
RAW_ROWS=100000
KCQL="INSERT INTO bench SELECT * FROM bench"
SINK_PROPERTIES=()  # more lines for the connector's properties, e.g. connect.volt.batch.size=4000
while [ $# -gt 0 ]; do
  case $1 in
    --records) RECORDS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --modes) MODES=$2; shift 2 ;;
    --raw-rows) RAW_ROWS=$2; shift 2 ;;
    --kcql) KCQL=$2; shift 2 ;;
    --sink-property) SINK_PROPERTIES+=("$2"); shift 2 ;;
    *) echo "usage: $0 [--records N] [--runs R] [--modes bulk,per-row] [--raw-rows M]" \
         "[--kcql STATEMENT] [--sink-property K=V ...]" >&2; exit 2 ;;
  esac
done
[ "$RAW_ROWS" -le "$RECORDS" ] || RAW_ROWS=$RECORDS
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

# The test server's count of rows written (truncating keeps it) and of failed calls.
stat() { curl -sf "http://127.0.0.1:$CONTROL/stats" | python3 -c "import json,sys; s=json.load(sys.stdin); print($1)"; }

declare -A costs
for run in $(seq "$RUNS"); do
  for mode in ${MODES//,/ }; do
    python3 "$ROOT/tests/voltdb_server/voltdb_test_server.py" --partitions 4 \
      --schema "$ROOT/tests/voltdb_server/bench_schema.sql" >"$WORKDIR/volt-$run-$mode.out" 2>&1 &
    vpid=$!
    KSINK_PIDS+=($vpid)
    for _ in $(seq 100); do
      CONTROL=$(sed -n 's/^control=//p' "$WORKDIR/volt-$run-$mode.out")
      [ -n "$CONTROL" ] && break
      sleep 0.1
    done
    VOLT_PORT=$(sed -n 's/^port=//p' "$WORKDIR/volt-$run-$mode.out")
    [ -n "$VOLT_PORT" ] || { echo "the VoltDB test server did not start" >&2; exit 1; }
    # The server's own limit for this mode, on the fresh server, before ksink runs.
    raw_mode=$([ "$mode" = bulk ] && echo bulk || echo per-row)
    raw=$(python3 "$ROOT/bench/voltdb_raw_client.py" --port "$VOLT_PORT" --control "$CONTROL" \
      --rows "$RAW_ROWS" --mode "$raw_mode" | sed -n 's/^rows_per_s=//p')
    base=$(stat 's["rows_written"]')
    cat >"$WORKDIR/worker.properties" <<PROPS
bootstrap.servers=$BOOTSTRAP
value.converter=org.apache.kafka.connect.json.JsonConverter
value.converter.schemas.enable=false
PROPS
    cat >"$WORKDIR/sink.properties" <<PROPS
name=bench-$run-$mode
connector.class=voltdb
topics=bench
connect.volt.servers=127.0.0.1:$VOLT_PORT
connect.volt.kcql=$KCQL
connect.volt.bulk.enabled=$([ "$mode" = bulk ] && echo true || echo false)
PROPS
    for kv in "${SINK_PROPERTIES[@]}"; do echo "$kv" >>"$WORKDIR/sink.properties"; done
    "$KSINK" standalone "$WORKDIR/worker.properties" "$WORKDIR/sink.properties" \
      2>"$WORKDIR/ksink-$run-$mode.log" &
    pid=$!
    KSINK_PIDS+=($pid)
    target=$((base + RECORDS))
    cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$pid/stat"; }
    # Per thread: id, name, user and kernel ticks, minor page faults (the task threads are named
    # <connector>-<id>, librdkafka's rdk:...).
    threads() {
      for t in /proc/"$pid"/task/*; do
        echo "$(basename "$t") $(tr ' ' '_' <"$t/comm") $(awk '{print $14, $15, $10}' "$t/stat")"
      done 2>/dev/null
    }
    # Time from the first row written to the last: the group join before it is not throughput.
    until [ "$(stat 's["rows_written"]')" -gt "$base" ]; do sleep 0.05; done
    t0=$(date +%s.%N); n0=$(stat 's["rows_written"]')
    last_truncate=$SECONDS
    while :; do
      n=$(stat 's["rows_written"]')
      [ "$n" -ge "$target" ] && break
      # Keep the server's memory flat: the rows themselves are not checked here.
      if [ $((SECONDS - last_truncate)) -ge 10 ]; then
        curl -sf -XPOST "http://127.0.0.1:$CONTROL/truncate" >/dev/null; last_truncate=$SECONDS
      fi
      sleep 0.2
    done
    t1=$(date +%s.%N); cpu_s=$(cpu); threads >"$WORKDIR/threads1"
    peak=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status")
    kill -TERM "$pid"; wait "$pid" || true
    errors=$(stat 'sum(v for k, v in s["status_counts"].items() if k != "1")')
    calls=$(stat 's["calls"]')
    rate=$(python3 -c "print(round(($target - $n0) / ($t1 - $t0)))")
    cost=$(python3 -c "print('%.1f' % ($cpu_s * 1000000 / $RECORDS))")
    costs[$mode]="${costs[$mode]:-} $cost"
    echo "run $run $mode: ksink $rate rows/s, raw client $raw rows/s (the test server's limit," \
         "$([ "$mode" = bulk ] && echo "@LoadSinglepartitionTable of 1000 rows" || echo "BENCH.insert calls"))"
    echo "  ksink_cpu=${cpu_s}s for $RECORDS records (${cost}s per million)" \
         "ksink_peak_rss=$((peak / 1024))MB server_calls=$calls failed_calls=$errors"
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
done
for mode in ${MODES//,/ }; do
  median=$(printf '%s\n' ${costs[$mode]} | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "cpu_s_per_million_${mode//-/_}=$median"
done
