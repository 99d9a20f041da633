#!/usr/bin/env bash
# The test command: installs what the tests need on a fresh Debian machine, then runs every
# unit test (Surefire) and every integration test against real servers (Failsafe).
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/usr/bin/$1" ]; }
have java || missing+=(openjdk-17-jdk-headless)
have mvn || missing+=(maven)
have mosquitto || missing+=(mosquitto)
have mosquitto_passwd || missing+=(mosquitto)
have victoria-metrics || missing+=(victoria-metrics)
have influxd || missing+=(influxdb)
have docker-compose || missing+=(docker-compose)

if [ "${#missing[@]}" -gt 0 ]; then
  echo "scripts/test.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  # The packages may start their system services; harmless, the tests start their own
  # servers on free loopback ports with temporary directories.
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# -ntp: no download progress. Tests log to each module's target/test.log and their output goes to
# target/*-reports/, so the console shows Maven's summary and, on a failure, the failure.
status=0
mvn -B -ntp verify "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo
  echo "scripts/test.sh: the build failed. Logs: <module>/target/test.log (every component), the"
  echo "  failing test's output in <module>/target/surefire-reports or failsafe-reports (*-output.txt)."
fi
exit "$status"
