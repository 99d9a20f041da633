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
# The live view's browser tests: Debian's headless chromium, driven through its chromedriver, and
# a font so that screenshots show text.
have chromium || missing+=(chromium)
have chromedriver || missing+=(chromium-driver)
[ -d /usr/share/fonts/truetype/dejavu ] || missing+=(fonts-dejavu-core)

if [ "${#missing[@]}" -gt 0 ]; then
  echo "scripts/test.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  # The packages may start their system services; harmless, the tests start their own
  # servers on free loopback ports with temporary directories.
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# A full disk fails the build halfway with errors about whatever was being written then: say so
# before starting. A run needs about 2 GB (builds, Kafka logs, checkpoints, server data in /tmp).
need_mb=4000
for where in . "${TMPDIR:-/tmp}"; do
  free_mb=$(df -Pm "$where" | awk 'NR == 2 { print $4 }')
  if [ -n "$free_mb" ] && [ "$free_mb" -lt "$need_mb" ]; then
    echo "scripts/test.sh: only ${free_mb} MB free for $(cd "$where" && pwd); the tests need about" \
      "${need_mb} MB there. Free some space and run again." >&2
    exit 1
  fi
done

# -ntp: no download progress. Tests log to each module's target/test.log and their output goes to
# target/*-reports/. The console gets Maven's lines without the routine ones (plugin headers,
# per-class results of passing tests, file copies); the whole log is in target/build.log.
mkdir -p target
set +e
mvn -B -ntp verify "$@" 2>&1 | tee target/build.log | sed -u 's/\x1b\[[0-9;]*m//g' | grep -v -E \
  -e '^\[INFO\] *$' \
  -e '^\[INFO\] --- ' \
  -e '^\[INFO\] Running io\.plantwatch' \
  -e '^\[INFO\] Tests run: [0-9]+, Failures: 0, Errors: 0, Skipped: [0-9]+, Time elapsed: .* -- in ' \
  -e '^\[INFO\] (Nothing to compile|skip non existing|Copying|Including|Recompiling|Compiling|Using auto detected|Building jar|Building zip|Index file|Rule [0-9]|No tests to run|Changes detected|T E S T S|Results:|Reading assembly|Replacing|Dependency-reduced|Attaching|Installing|Spotless|Executing|Writing|Minimizing|Excluding|Skipping|Downloaded|Downloading)' \
  -e '^\[INFO\] -{20,}$'
statuses=("${PIPESTATUS[@]}")
set -e
status=${statuses[0]}
if [ "$status" -ne 0 ]; then
  echo
  echo "scripts/test.sh: the build failed. Logs: target/build.log (Maven), <module>/target/test.log"
  echo "  (every component), the failing test's output in <module>/target/surefire-reports or"
  echo "  failsafe-reports (*-output.txt)."
fi
exit "$status"
