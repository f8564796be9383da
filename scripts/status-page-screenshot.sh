#!/usr/bin/env bash
# Makes docs/status-page.png: ksink standalone with three connectors into a local redis-server
# (one writing records as they arrive, one paused, one with a task FAILED on a malformed record),
# and the status page (`GET /ui`, docs/operations.md "Status page") as headless Chromium shows it
# after its own refreshes. Needs Debian's chromium (scripts/install-deps.sh installs it).
#
#   scripts/status-page-screenshot.sh [OUTPUT.png]   (default docs/status-page.png)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KSINK=${KSINK:-$ROOT/build/ksink}
OUT=$(realpath -m "${1:-$ROOT/docs/status-page.png}")
source "$ROOT/scripts/lib.sh"
WORKDIR=$(mktemp -d /tmp/ksink-screenshot-XXXXXX)
trap cleanup EXIT

start_dev_kafka "$KSINK" --topic orders --topic audit --topic users --partitions 4
start_redis
REST_PORT=$(free_port)
cat >"$WORKDIR/worker.properties" <<PROPS
bootstrap.servers=$BOOTSTRAP
listeners=http://127.0.0.1:$REST_PORT
key.converter=org.apache.kafka.connect.storage.StringConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
value.converter.schemas.enable=false
offset.flush.interval.ms=1000
PROPS
for c in orders audit users; do
  cat >"$WORKDIR/$c.properties" <<PROPS
name=$c-to-redis
connector.class=com.datamountaineer.streamreactor.connect.redis.sink.RedisSinkConnector
tasks.max=$([ "$c" = users ] && echo 1 || echo 2)
topics=$c
connect.redis.host=127.0.0.1
connect.redis.port=$REDIS_PORT
connect.redis.kcql=INSERT INTO $c- SELECT * FROM $c PK id
PROPS
done
"$KSINK" standalone "$WORKDIR/worker.properties" "$WORKDIR"/{orders,audit,users}.properties \
  2>"$WORKDIR/ksink.log" &
KSINK_PIDS+=($!)
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$REST_PORT/health" >/dev/null && break; sleep 0.2; done

produce() {  # produce TOPIC FROM COUNT
  seq "$2" $(($2 + $3 - 1)) | awk '{printf "{\"id\":\"%d\",\"amount\":%d.5}\n", $1, $1 % 97}' |
    "$KSINK" produce --bootstrap-server "$BOOTSTRAP" --topic "$1" >/dev/null
}
produce audit 0 400
produce users 0 200
# A value that is not JSON, on partition 1 of users: its task fails on it (one task: with two, the
# failed task's partitions would go to the other, which would fail on the same record).
echo '{"id": oops}' | kcat -P -b "$BOOTSTRAP" -t users -p 1 -X log_level=3
sleep 4
curl -sf -X PUT "http://127.0.0.1:$REST_PORT/connectors/audit-to-redis/pause"
# Orders keep arriving while the page is open, so it shows a rate.
( at=0; while :; do produce orders "$at" 250; at=$((at + 250)); sleep 0.5; done ) &
PRODUCER=$!
KSINK_PIDS+=($PRODUCER)
sleep 6
# Chromium driven over its DevTools pipe (fd 3 in, fd 4 out, NUL-terminated JSON, as
# tests/integration/fixtures/headless_chromium.cpp does): the page is given real time for two of
# its own refreshes, so Written/s is a rate between two refreshes. `--screenshot` alone would
# capture the first paint, before any rate.
python3 - "http://127.0.0.1:$REST_PORT/ui" "$OUT" "$WORKDIR/chromium-profile" <<'PY'
import base64, json, os, subprocess, sys, time
url, out, profile = sys.argv[1:4]
to_r, to_w = os.pipe()
from_r, from_w = os.pipe()
def child():
    os.dup2(to_r, 3)
    os.dup2(from_w, 4)
browser = subprocess.Popen(
    ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
     "--hide-scrollbars", "--remote-debugging-pipe", "--no-first-run",
     # No calls home: this machine's network is closed, and the page needs none.
     "--disable-background-networking", "--disable-component-update", "--disable-sync",
     "--user-data-dir=" + profile, "about:blank"],
    pass_fds=(3, 4), preexec_fn=child,  # kept: the dup2s of child() land on 3 and 4
    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
os.close(to_r); os.close(from_w)
pending, next_id = b"", 0
def call(method, params=None, session=None):
    global pending, next_id
    next_id += 1
    msg = {"id": next_id, "method": method, "params": params or {}}
    if session: msg["sessionId"] = session
    os.write(to_w, json.dumps(msg).encode() + b"\0")
    while True:
        while b"\0" not in pending:
            chunk = os.read(from_r, 1 << 20)
            if not chunk: sys.exit("chromium closed its pipe")
            pending += chunk
        line, pending = pending.split(b"\0", 1)
        reply = json.loads(line)
        if reply.get("id") == next_id:
            if "error" in reply: sys.exit("%s: %s" % (method, reply["error"]))
            return reply["result"]
target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
call("Emulation.setDeviceMetricsOverride",
     {"width": 900, "height": 680, "deviceScaleFactor": 1, "mobile": False}, session)
call("Page.navigate", {"url": url}, session)
time.sleep(5)  # two refreshes of the page (every 2 s)
shot = call("Page.captureScreenshot", {"format": "png"}, session)
with open(out, "wb") as f: f.write(base64.b64decode(shot["data"]))
call("Browser.close")
browser.wait(timeout=10)
PY
kill "$PRODUCER"; wait "$PRODUCER" 2>/dev/null || true  # before the Kafka it writes to goes
echo "wrote $OUT"
