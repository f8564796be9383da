#!/usr/bin/env bash
# Installs the Debian packages ksink needs to build, test and run its demo, when missing.
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config
  librdkafka-dev libhiredis-dev libsimdjson-dev libavro-dev libcurl4-openssl-dev libssl-dev
  libcpp-httplib-dev libspdlog-dev libfmt-dev libcli11-dev libjemalloc-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  redis-server redis-tools kcat python3 procps time openssl systemd
  chromium fonts-dejavu-core
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
