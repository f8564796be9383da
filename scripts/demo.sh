#!/usr/bin/env bash
# The quick start on one machine: embedded Kafka, a local redis-server, the seed's sample
# records, ksink standalone with the seed's connector file, and what landed in Redis.
set -euo pipefail
KSINK=${1:-build/ksink}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/lib.sh"
WORKDIR=$(mktemp -d /tmp/ksink-demo-XXXXXX)
trap cleanup EXIT

start_dev_kafka "$KSINK" --topic redis-topic
start_redis
echo "== embedded Kafka at $BOOTSTRAP, redis-server at 127.0.0.1:$REDIS_PORT"

# The seed's User records; the schema travels with each record (JsonConverter with
# schemas.enable=true), so salary is a double, as in the seed's Avro schema.
schema='{"type":"struct","name":"User","fields":[{"field":"firstName","type":"string"},{"field":"lastName","type":"string"},{"field":"age","type":"int32"},{"field":"salary","type":"float64"}]}'
{
  echo "{\"schema\":$schema,\"payload\":{\"firstName\": \"John\", \"lastName\": \"Smith\", \"age\":30, \"salary\": 4830}}"
  echo "{\"schema\":$schema,\"payload\":{\"firstName\": \"Jane\", \"lastName\": \"Doe\", \"age\":41, \"salary\": 5120.5}}"
} | kcat -P -b "$BOOTSTRAP" -t redis-topic -X log_level=3
echo "== produced 2 User records to redis-topic with kcat"

sed -e "s/^bootstrap.servers=.*/bootstrap.servers=$BOOTSTRAP/" \
    -e "s/^value.converter.schemas.enable=.*/value.converter.schemas.enable=true/" \
    "$ROOT/config/worker.properties" >"$WORKDIR/worker.properties"
sed -e "s/^connect.redis.port=.*/connect.redis.port=$REDIS_PORT/" \
    "$ROOT/config/redis-sink.properties" >"$WORKDIR/redis-sink.properties"
echo "== connector file (config/redis-sink.properties with this Redis's port):"
grep -v '^#' "$WORKDIR/redis-sink.properties" | sed 's/^/   /'

"$KSINK" standalone "$WORKDIR/worker.properties" "$WORKDIR/redis-sink.properties" \
  2>"$WORKDIR/ksink.log" &
KSINK_PID=$!
KSINK_PIDS+=($KSINK_PID)
for _ in $(seq 300); do
  [ "$(redis-cli -p "$REDIS_PORT" dbsize)" -ge 2 ] && break
  sleep 0.1
done
echo "== ksink log:"
sed 's/^/   /' "$WORKDIR/ksink.log"
echo "== in Redis:"
echo "127.0.0.1:$REDIS_PORT> keys *"
redis-cli -p "$REDIS_PORT" keys '*'
for key in $(redis-cli -p "$REDIS_PORT" --raw keys '*' | sort); do
  echo "127.0.0.1:$REDIS_PORT> get \"$key\""
  redis-cli -p "$REDIS_PORT" get "$key"
done
kill -TERM "$KSINK_PID"
wait "$KSINK_PID" && echo "== ksink stopped cleanly (exit 0)"
[ "$(redis-cli -p "$REDIS_PORT" dbsize)" -ge 2 ]
