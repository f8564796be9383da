#!/usr/bin/env bash
# Checks config/systemd/ksink.service with `systemd-analyze verify` (docs/operations.md
# "Running under systemd"): the unit as shipped, with ExecStart pointed at the ksink just built
# and the repository's example properties (verify insists the command exists). Any line it
# prints fails the test: it reports unknown keys and bad values as warnings and still exits 0.
set -euo pipefail
src="$1"
ksink="$2"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
sed -e "s|^ExecStart=/usr/local/bin/ksink standalone /etc/ksink/worker.properties /etc/ksink/redis-sink.properties\$|ExecStart=$ksink standalone $src/config/worker.properties $src/config/redis-sink.properties|" \
  "$src/config/systemd/ksink.service" > "$dir/ksink.service"
grep -q "^ExecStart=$ksink " "$dir/ksink.service" || { echo "ExecStart not found in the unit"; exit 1; }
out=$(cd "$dir" && systemd-analyze verify --man=no ./ksink.service 2>&1) || { echo "$out"; exit 1; }
if [ -n "$out" ]; then echo "$out"; exit 1; fi
echo "ksink.service verified"
