#!/usr/bin/env bash
# The quick start on one machine: embedded Kafka with its Schema Registry, a local redis-server,
# the seed's sample records in Avro, ksink standalone with the seed's connector file, and what
# landed in Redis.
set -euo pipefail
KSINK=${1:-build/ksink}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
source "$ROOT/scripts/lib.sh"
WORKDIR=$(mktemp -d /tmp/ksink-demo-XXXXXX)
trap cleanup EXIT

start_dev_kafka "$KSINK" --topic redis-topic --schema-registry
[ -n "$REGISTRY" ] || { echo "dev-kafka printed no schema.registry.url" >&2; exit 1; }
start_redis
echo "== embedded Kafka at $BOOTSTRAP, Schema Registry at $REGISTRY, redis-server at 127.0.0.1:$REDIS_PORT"

# The seed's User records, produced as its quick start does with kafka-avro-console-producer:
# the schema is registered in the Schema Registry and each value is Avro, so salary is a double.
schema='{"type":"record","name":"User","fields":[{"name":"firstName","type":"string"},{"name":"lastName","type":"string"},{"name":"age","type":"int"},{"name":"salary","type":"double"}]}'
{
  echo '{"firstName": "John", "lastName": "Smith", "age":30, "salary": 4830}'
  echo '{"firstName": "Jane", "lastName": "Doe", "age":41, "salary": 5120.5}'
} | "$KSINK" produce --bootstrap-server "$BOOTSTRAP" --topic redis-topic \
      --value-schema "$schema" --schema-registry "$REGISTRY"
echo "== produced 2 User records to redis-topic with ksink produce (Avro, schema subject redis-topic-value)"

# The worker reads values with the AvroConverter and this Schema Registry.
sed -e "s/^bootstrap.servers=.*/bootstrap.servers=$BOOTSTRAP/" \
    -e "s|^value.converter=.*|value.converter=io.confluent.connect.avro.AvroConverter|" \
    -e "s|^value.converter.schemas.enable=.*|value.converter.schema.registry.url=$REGISTRY|" \
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
# docs/redis-sink.md, the seed's example: the seed's record as the seed's KCQL stores it.
[ "$(redis-cli -p "$REDIS_PORT" --raw get John.Smith)" = \
  '{"firstName":"John","lastName":"Smith","age":30,"income":4830.0}' ]
